import { Hono } from 'hono';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../ledger/schema/database.js';
import { Refusal } from '../../ledger/core/errors.js';
import type { AppEnv, Auth, Deps } from '../app-env.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { errorAnswer } from '../error-answer.js';
import { ERROR_STATUS } from '../error-status.js';
import { documentRoute } from '../openapi.js';
import { syncAnswerSchema } from '../schemas/sync.js';
import { fields, readJson } from '../validate.js';
import { refundBody, saleBody, saleRoutes } from './sales.js';
import { shareSaleStatements } from '../../ledger/selling/post-sale.js';
import { closeBody, movementBody, openBody, shiftRoutes } from './shifts.js';

/** Most items one sync request may carry. */
export const MAX_SYNC_ITEMS = 500;
/** A 500-item outbox of 3-line sales is about 250 KB; room for vouchers and long lines. */
export const MAX_SYNC_BODY_BYTES = 1024 * 1024;
/**
 * Items committed together. Each item runs in its own savepoint, so a refused item
 * rolls back alone; the chunk's COMMIT is one disk flush for all of them, and no item
 * is answered before it. Small enough that a concurrent copy of the batch, which waits
 * on the chunk's rows, waits briefly.
 */
export const SYNC_CHUNK_ITEMS = 50;

const syncItem = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('shift_open'),
    /** POST /api/shifts's body; the id is required here (an outbox item is idempotent). */
    shift: openBody.extend({ id: fields.id }),
  }),
  z.strictObject({ kind: z.literal('sale'), sale: saleBody }),
  z.strictObject({ kind: z.literal('refund'), saleId: fields.id, refund: refundBody }),
  z.strictObject({
    kind: z.literal('cash_movement'),
    shiftId: fields.id,
    movement: movementBody,
  }),
  z.strictObject({ kind: z.literal('shift_close'), shiftId: fields.id, close: closeBody }),
]);
type SyncItem = z.infer<typeof syncItem>;

export const syncBody = z.strictObject({
  items: z.array(syncItem).min(1).max(MAX_SYNC_ITEMS),
});

interface ItemRequest {
  kind: SyncItem['kind'];
  /** The item's own id (the shift's id for a close). */
  id: string;
  /** Ids of earlier items this one needs: its shift, its sale. */
  needs: string[];
  /** What this item creates, that later items may need (none for a close). */
  creates: string | null;
  path: string;
  body: unknown;
}

function itemRequest(item: SyncItem): ItemRequest {
  return { kind: item.kind, ...itemTarget(item) };
}

function itemTarget(item: SyncItem): Omit<ItemRequest, 'kind'> {
  switch (item.kind) {
    case 'shift_open':
      return {
        id: item.shift.id,
        needs: [],
        creates: item.shift.id,
        path: '/shifts',
        body: item.shift,
      };
    case 'sale':
      return {
        id: item.sale.id,
        needs: [item.sale.shiftId],
        creates: item.sale.id,
        path: '/sales',
        body: item.sale,
      };
    case 'refund':
      return {
        id: item.refund.id,
        needs: [item.saleId, ...(item.refund.shiftId ? [item.refund.shiftId] : [])],
        creates: item.refund.id,
        path: `/sales/${item.saleId}/refunds`,
        body: item.refund,
      };
    case 'cash_movement':
      return {
        id: item.movement.id,
        needs: [item.shiftId],
        creates: item.movement.id,
        path: `/shifts/${item.shiftId}/cash-movements`,
        body: item.movement,
      };
    case 'shift_close':
      return {
        id: item.shiftId,
        needs: [item.shiftId],
        creates: null,
        path: `/shifts/${item.shiftId}/close`,
        body: item.close,
      };
  }
}

interface ItemBindings {
  deps: Deps;
  auth: Auth;
}

/**
 * The single endpoints themselves, run in-process for each item: the same validation,
 * roles, approvals, use cases and answers — nothing of theirs is repeated here. The
 * caller was authenticated (and its CSRF token checked) once, for the sync request.
 */
const itemApp = new Hono<AppEnv>()
  .use(async (c, next) => {
    const env = c.env as ItemBindings;
    c.set('deps', env.deps);
    c.set('auth', env.auth);
    await next();
  })
  .route('/shifts', shiftRoutes)
  .route('/sales', saleRoutes);
itemApp.onError((error, c) => errorAnswer(error, c, (c.env as ItemBindings).deps));

interface ItemAnswer {
  status: number;
  body: unknown;
}

async function runItem(request: ItemRequest, bindings: ItemBindings): Promise<ItemAnswer> {
  const response = await itemApp.fetch(
    new Request(`http://sync.internal${request.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
    }),
    bindings,
  );
  return { status: response.status, body: await response.json() };
}

function dependencyFailed(request: ItemRequest, failedId: string, index: number): ItemAnswer {
  const refusal = new Refusal(
    'dependency_failed',
    `This item needs ${failedId} (item ${index}), which failed in this batch; nothing was recorded.`,
    { dependsOn: failedId, index },
  );
  return {
    status: ERROR_STATUS[refusal.code],
    body: { error: { code: refusal.code, message: refusal.message, details: refusal.details } },
  };
}

/**
 * Runs a chunk of items in one transaction, each in its own savepoint: a refused item is
 * rolled back to its savepoint and answered with its refusal; the others commit together.
 * Consecutive sales run at once instead, sharing their reads and writes
 * (`shareSaleStatements`): each sale's write is its own subtransaction, so a refused sale
 * leaves nothing and needs no savepoint.
 * Returns undefined when the COMMIT itself failed — a deferred check (the balance
 * trigger, a month close racing the chunk), the connection, a statement that failed
 * outside a savepoint — or when a sale run with others was answered 5xx: nothing of the
 * chunk was written, and the caller runs its items again one by one, each answered on
 * its own.
 */
async function runChunkTogether(
  requests: readonly ItemRequest[],
  deps: Deps,
  auth: Auth,
  failed: Map<string, number>,
  offset: number,
): Promise<ItemAnswer[] | undefined> {
  const localFailed = new Map(failed);
  try {
    return await deps.db.transaction().execute(async (trx: Transaction<Database>) => {
      const bindings: ItemBindings = { deps: { ...deps, db: trx }, auth };
      const answers: ItemAnswer[] = [];
      const answered = (position: number, answer: ItemAnswer) => {
        const request = requests[position]!;
        if (answer.status >= 400 && request.creates)
          localFailed.set(request.creates, offset + position);
        answers.push(answer);
      };
      const blockedBy = (request: ItemRequest) => {
        const failedNeed = request.needs.find((id) => localFailed.has(id));
        return failedNeed === undefined
          ? undefined
          : dependencyFailed(request, failedNeed, localFailed.get(failedNeed)!);
      };
      for (let position = 0; position < requests.length;) {
        let end = position;
        while (end < requests.length && requests[end]!.kind === 'sale') end += 1;
        if (end - position > 1) {
          const sales = requests.slice(position, end);
          // Sales need only their shift, which came before them: none needs another.
          const blocked = sales.map(blockedBy);
          shareSaleStatements(trx);
          const ran = await Promise.all(
            sales.map(
              async (request, index) => blocked[index] ?? (await runItem(request, bindings)),
            ),
          );
          // A sale answered 5xx may have written before it failed: the chunk runs again
          // item by item. (A statement that failed leaves the transaction aborted, and
          // kysely's COMMIT then throws AbortedTransactionError: the same.)
          if (ran.some((answer) => answer.status >= 500)) throw new SalesFailedTogether();
          ran.forEach((answer, index) => answered(position + index, answer));
          position = end;
          continue;
        }
        const request = requests[position]!;
        const blocked = blockedBy(request);
        if (blocked) {
          answered(position, blocked);
          position += 1;
          continue;
        }
        // Not released: the next item's savepoint nests in it, one round trip fewer, and
        // ROLLBACK TO goes back to the latest of that name. (Chunks stay below the 64
        // subtransactions PostgreSQL caches per transaction.)
        await sql`SAVEPOINT sync_item`.execute(trx);
        const answer = await runItem(request, bindings);
        if (answer.status >= 400) await sql`ROLLBACK TO SAVEPOINT sync_item`.execute(trx);
        answered(position, answer);
        position += 1;
      }
      return answers;
    });
  } catch {
    return undefined;
  }
}

/** A sale run with others answered 5xx: its chunk is run again item by item. */
class SalesFailedTogether extends Error {}

/**
 * An item carrying a manager's PIN runs on its own, as its endpoint runs it. Each PIN tried
 * takes one of the cashier's attempt slots and a wrong one is audited, both written before
 * the item is refused; inside a chunk, the refused item's ROLLBACK TO SAVEPOINT would undo
 * them, and a batch could guess PINs without end.
 */
function carriesPin(request: ItemRequest): boolean {
  const body = request.body as { approverPin?: unknown } | null;
  return typeof body?.approverPin === 'string';
}

/** The same items one by one, each in its own transaction as its endpoint runs it. */
async function runChunkAlone(
  requests: readonly ItemRequest[],
  deps: Deps,
  auth: Auth,
  failed: Map<string, number>,
  offset: number,
): Promise<ItemAnswer[]> {
  const answers: ItemAnswer[] = [];
  for (const [position, request] of requests.entries()) {
    const failedNeed = request.needs.find((id) => failed.has(id));
    const answer =
      failedNeed !== undefined
        ? dependencyFailed(request, failedNeed, failed.get(failedNeed)!)
        : await runItem(request, { deps, auth });
    if (answer.status >= 400 && request.creates) failed.set(request.creates, offset + position);
    answers.push(answer);
  }
  return answers;
}

export const syncRoutes = new Hono<AppEnv>().use(requireRole('cashier')).post('/', async (c) => {
  const deps = c.var.deps;
  const auth = currentAuth(c);
  const body = await readJson(c, syncBody);
  const requests = body.items.map(itemRequest);
  // Ids of items that failed, with their index: what a later item needing one is told.
  const failed = new Map<string, number>();
  const answers: ItemAnswer[] = [];
  for (let offset = 0; offset < requests.length;) {
    if (carriesPin(requests[offset]!)) {
      answers.push(...(await runChunkAlone([requests[offset]!], deps, auth, failed, offset)));
      offset += 1;
      continue;
    }
    let end = offset + 1;
    while (end < requests.length && end - offset < SYNC_CHUNK_ITEMS && !carriesPin(requests[end]!))
      end += 1;
    const chunk = requests.slice(offset, end);
    const together = await runChunkTogether(chunk, deps, auth, failed, offset);
    const chunkAnswers = together ?? (await runChunkAlone(chunk, deps, auth, failed, offset));
    if (together) {
      for (const [position, answer] of together.entries()) {
        const creates = chunk[position]!.creates;
        if (answer.status >= 400 && creates) failed.set(creates, offset + position);
      }
    }
    answers.push(...chunkAnswers);
    offset = end;
  }
  const results = body.items.map((item, index) => ({
    kind: item.kind,
    id: requests[index]!.id,
    status: answers[index]!.status,
    body: answers[index]!.body,
  }));
  return c.json({
    results,
    created: answers.filter((answer) => answer.status === 201).length,
    replayed: answers.filter((answer) => answer.status === 200).length,
    failed: answers.filter((answer) => answer.status >= 400).length,
  });
});

documentRoute({
  method: 'post',
  path: '/api/sync',
  response: { 200: syncAnswerSchema },
  summary:
    "The tablet's outbox in one request: up to 500 queued items — shift_open, sale, refund, cash_movement, shift_close — in causal order. " +
    'Each item is run by its own endpoint (POST /api/shifts, /api/sales, /api/sales/{id}/refunds, /api/shifts/{id}/cash-movements, ' +
    '/api/shifts/{id}/close) with the same body, roles, approvals and idempotency on its id, and answered on its own in results[]: ' +
    'status and body are what that endpoint answers (201 recorded, 200 the same item again, or its error). An item that needs one that failed ' +
    'earlier in the batch (a sale of a shift whose open failed, a refund of a failed sale) is dependency_failed (424, details.dependsOn, ' +
    'details.index) and nothing of it is written; other items are not held up. Every item answered is committed. ' +
    "An item carrying a manager's approverPin is run and committed on its own, so every PIN tried counts against the cashier's five attempts and a wrong one is audited, as on its endpoint. " +
    'A malformed batch (shape, more than 500 items) is refused whole with 400 and nothing is written.',
  tag: 'sales',
  roles: ['cashier'],
  body: syncBody,
  responses: {
    200: '{"results":[{"kind","id","status","body"}],"created","replayed","failed"}',
  },
  // The request's own refusals are the common ones; each item's are in its results[] entry.
  errors: [],
});

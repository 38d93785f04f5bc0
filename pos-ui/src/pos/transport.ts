import { CSRF_HEADER, type ApiPaths, type Schemas } from '../shared/api/client.js';
import type { OutboxItem, OutboxKind } from './offline/offline-db.js';
import type { Answer, BatchAnswer, Transport } from './offline/sync-engine.js';

/** POST /api/sync's body and one of its items, as the server documents them. */
export type SyncRequest =
  ApiPaths['/api/sync']['post']['requestBody']['content']['application/json'];
export type SyncItem = SyncRequest['items'][number];

/** The writes that record a cashier: each names the one who made it (decision 0028). */
const ATTRIBUTED: ReadonlySet<OutboxKind> = new Set([
  'shift-open',
  'sale',
  'refund',
  'cash-movement',
]);

/**
 * The body an outbox item is sent with: as built, plus `cashierId` — the cashier logged in
 * when the item was made — so that the server records it under them, not under whoever is
 * logged in on the tablet when the outbox drains (a cashier change while offline).
 */
export function bodyToSend(item: OutboxItem): unknown {
  const body = item.request.body;
  if (!item.actorId || !ATTRIBUTED.has(item.kind)) return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  if ('cashierId' in body) return body;
  return { ...(body as Record<string, unknown>), cashierId: item.actorId };
}

const ID = '([^/?#]+)';
const REFUND_PATH = new RegExp(`^/api/sales/${ID}/refunds$`);
const MOVEMENT_PATH = new RegExp(`^/api/shifts/${ID}/cash-movements$`);
const CLOSE_PATH = new RegExp(`^/api/shifts/${ID}/close$`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pathId(pattern: RegExp, path: string): string | undefined {
  const match = pattern.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * The POST /api/sync item that does what the outbox item's own request does — the same
 * body (with its `cashierId`, `bodyToSend`), the ids its path names moved into the item —
 * or undefined when the request is not one of the five the batch runs (it is then sent
 * on its own, as it was queued). The server validates the body exactly as the single
 * endpoint does.
 *
 * @example syncItemOf(saleItem) // { kind: 'sale', sale: { id, shiftId, …, cashierId } }
 */
export function syncItemOf(item: OutboxItem): SyncItem | undefined {
  const { method, path } = item.request;
  const body = bodyToSend(item);
  if (method !== 'POST' || !isRecord(body)) return undefined;
  switch (item.kind) {
    case 'shift-open':
      // The batch needs the shift's id in the body (an outbox item is idempotent on it).
      if (path !== '/api/shifts' || body.id !== item.id) return undefined;
      return {
        kind: 'shift_open',
        shift: body as Extract<SyncItem, { kind: 'shift_open' }>['shift'],
      };
    case 'sale':
      if (path !== '/api/sales') return undefined;
      return { kind: 'sale', sale: body as Extract<SyncItem, { kind: 'sale' }>['sale'] };
    case 'refund': {
      const saleId = pathId(REFUND_PATH, path);
      if (saleId === undefined) return undefined;
      return {
        kind: 'refund',
        saleId,
        refund: body as Extract<SyncItem, { kind: 'refund' }>['refund'],
      };
    }
    case 'cash-movement': {
      const shiftId = pathId(MOVEMENT_PATH, path);
      if (shiftId === undefined) return undefined;
      return {
        kind: 'cash_movement',
        shiftId,
        movement: body as Extract<SyncItem, { kind: 'cash_movement' }>['movement'],
      };
    }
    case 'shift-close': {
      const shiftId = pathId(CLOSE_PATH, path);
      if (shiftId === undefined) return undefined;
      return {
        kind: 'shift_close',
        shiftId,
        close: body,
      };
    }
  }
}

/** The id POST /api/sync names an item's result by: the thing's own, a close's shift. */
function resultId(item: OutboxItem): string {
  return item.answerId ?? item.id;
}

/**
 * Each item's own answer out of a POST /api/sync answer, in the order sent: result `i`
 * belongs to item `i` only when it names that item's id (else null: not accounted for).
 * Null for all when the answer is not a 200 with `results`.
 *
 * @example batchAnswers(items, 200, { results: [{ kind: 'sale', id, status: 201, body }] })
 */
export function batchAnswers(
  items: readonly OutboxItem[],
  status: number,
  json: unknown,
): (Answer | null)[] | null {
  if (status !== 200 || !isRecord(json) || !Array.isArray(json.results)) return null;
  const results = json.results as unknown[];
  return items.map((item, index) => {
    const result = results[index] as Partial<Schemas['SyncResult']> | undefined;
    if (!isRecord(result) || result.id !== resultId(item) || typeof result.status !== 'number')
      return null;
    return { status: result.status, json: result.body ?? null };
  });
}

async function request(
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  csrfToken: () => string | undefined,
): Promise<Answer> {
  const token = csrfToken();
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      ...(token ? { [CSRF_HEADER]: token } : {}),
    },
    body: JSON.stringify(body),
  });
  // A proxy's error page is not JSON: the status alone then decides.
  const json: unknown = await response.json().catch(() => null);
  return { status: response.status, json };
}

/**
 * Sends an outbox item under the tablet's cookie session, with the session's CSRF token
 * and the item's own cashier (`bodyToSend`). A rejected fetch (no answer) rejects; any
 * answer resolves. `sendBatch` sends several in one POST /api/sync (`syncItemOf`), each
 * item with its own cashier, and hands back each item's own answer (`batchAnswers`).
 */
export function createFetchTransport(csrfToken: () => string | undefined): Transport {
  return {
    send: (item: OutboxItem) =>
      request(item.request.method, item.request.path, bodyToSend(item), csrfToken),
    canBatch: (item) => syncItemOf(item) !== undefined,
    async sendBatch(items: readonly OutboxItem[]): Promise<BatchAnswer> {
      const body: SyncRequest = {
        items: items.map((item) => {
          const syncItem = syncItemOf(item);
          if (!syncItem) throw new Error(`outbox item ${item.id} cannot be sent in a batch`);
          return syncItem;
        }),
      };
      const { status, json } = await request('POST', '/api/sync', body, csrfToken);
      return { status, json, answers: batchAnswers(items, status, json) };
    },
  };
}

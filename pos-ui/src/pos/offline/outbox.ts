import {
  STRICT,
  type NeedsAttentionItem,
  type OutboxItem,
  type OutboxKind,
  type OutboxRequest,
  type PosDb,
} from './offline-db.js';
import { milliToQuantity, quantityToMilli } from './quantity-milli.js';
import { formatReceiptNumber } from './receipt-numbers.js';

export interface NewOutboxItem {
  id: string;
  /** The id the answer names, when not `id` (a close: its shift's id). */
  answerId?: string;
  kind: OutboxKind;
  shiftId: string;
  dependsOn?: string[];
  actorId?: string | null;
  request: OutboxRequest;
  /** Epoch ms; default now. */
  createdAt?: number;
}

function newItem(item: NewOutboxItem, now: number): Omit<OutboxItem, 'seq'> {
  return {
    id: item.id,
    ...(item.answerId === undefined || item.answerId === item.id
      ? {}
      : { answerId: item.answerId }),
    kind: item.kind,
    shiftId: item.shiftId,
    dependsOn: item.dependsOn ?? [],
    actorId: item.actorId ?? null,
    request: item.request,
    createdAt: item.createdAt ?? now,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
  };
}

/**
 * Queues one write. Durable (strict) before it resolves: only then may the UI say "paid"
 * or "opened". Queuing the same id twice is refused (the first one is what counts).
 *
 * @example await enqueue(db, { id: shiftId, kind: 'shift-open', shiftId, request: { method: 'POST', path: '/api/shifts', body } })
 */
export async function enqueue(
  db: PosDb,
  item: NewOutboxItem,
  now = Date.now(),
): Promise<OutboxItem> {
  const tx = db.transaction('outbox', 'readwrite', STRICT);
  const value = newItem(item, now);
  const [seq] = await Promise.all([tx.store.add(value as OutboxItem), tx.done]);
  return { ...value, seq };
}

export interface NewSale {
  id: string;
  registerId: string;
  shiftId: string;
  actorId?: string | null;
  createdAt?: number;
  /** What the sale takes from today's remaining counts (product and quantity text). */
  lines: readonly { productId: string; quantity: string }[];
  /** Builds the POST /api/sales body around the number the register gives this sale. */
  buildBody: (receiptNumber: string) => unknown;
}

/**
 * Queues a sale, assigning its receipt number and taking its quantities off the local
 * remaining counts — all in ONE strict transaction: a crash leaves either all of it or
 * none, so numbers have no gaps and none is used twice. `buildBody` runs inside the
 * transaction and must be synchronous.
 *
 * @example const { receiptNumber } = await enqueueSale(db, { id, registerId, shiftId, lines, buildBody: (n) => ({ ...body, receiptNumber: n }) })
 */
export async function enqueueSale(
  db: PosDb,
  sale: NewSale,
  now = Date.now(),
): Promise<{ receiptNumber: string; item: OutboxItem }> {
  const tx = db.transaction(['outbox', 'receiptCounters', 'catalog'], 'readwrite', STRICT);
  try {
    const counters = tx.objectStore('receiptCounters');
    const counter = await counters.get(sale.registerId);
    if (!counter)
      throw new Error(`register ${sale.registerId} has no receipt counter; configure it first`);
    const receiptNumber = formatReceiptNumber(counter.prefix, counter.next, counter.width);
    const value = newItem(
      {
        id: sale.id,
        kind: 'sale',
        shiftId: sale.shiftId,
        actorId: sale.actorId ?? null,
        createdAt: sale.createdAt ?? now,
        request: { method: 'POST', path: '/api/sales', body: sale.buildBody(receiptNumber) },
      },
      now,
    );
    const taken = new Map<string, number>();
    for (const line of sale.lines) {
      taken.set(line.productId, (taken.get(line.productId) ?? 0) + quantityToMilli(line.quantity));
    }
    value.remainingTaken = Object.fromEntries(taken);
    const seq = await tx.objectStore('outbox').add(value as OutboxItem);
    await counters.put({ ...counter, next: counter.next + 1 });
    const catalog = tx.objectStore('catalog');
    for (const [productId, milli] of taken) {
      const cached = await catalog.get(productId);
      if (!cached || cached.remaining === null) continue;
      // Offline sales may sell beyond what the tablet thought remained (the server accepts
      // them as oversold); the count then shows below zero rather than lying.
      const remaining = quantityToMilli(cached.remaining) - milli;
      await catalog.put({ ...cached, remaining: milliToQuantity(remaining) });
    }
    await tx.done;
    return { receiptNumber, item: { ...value, seq } };
  } catch (error) {
    // Nothing of it stays: the number is not used up.
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}

/** Every queued item in sending order. */
export async function listOutbox(db: PosDb): Promise<OutboxItem[]> {
  return db.getAll('outbox');
}

export async function listNeedsAttention(db: PosDb): Promise<NeedsAttentionItem[]> {
  return db.getAll('needsAttention');
}

/**
 * A manager sends a refused item again, optionally with a corrected request (e.g. the
 * sale moved onto a new shift). It goes back into its old place in the order.
 */
export async function retryNeedsAttention(
  db: PosDb,
  id: string,
  change: { request?: OutboxRequest; shiftId?: string } = {},
): Promise<void> {
  const tx = db.transaction(['outbox', 'needsAttention'], 'readwrite', STRICT);
  const attention = tx.objectStore('needsAttention');
  const item = await attention.index('by-id').get(id);
  if (!item) throw new Error(`no needs-attention item ${id}`);
  const {
    status: _status,
    code: _code,
    message: _message,
    movedAt: _movedAt,
    resolution: _resolution,
    ...rest
  } = item;
  await tx.objectStore('outbox').put({
    ...rest,
    request: change.request ?? item.request,
    shiftId: change.shiftId ?? item.shiftId,
    nextAttemptAt: 0,
  });
  await attention.delete(item.seq);
  await tx.done;
}

/**
 * A manager decides a refused item will not be sent (with a reason). It stays listed as
 * resolved — never silently gone — and stops blocking its shift's close.
 */
export async function dismissNeedsAttention(
  db: PosDb,
  id: string,
  resolution: { by: string; reason: string },
  now = Date.now(),
): Promise<void> {
  if (resolution.reason.trim() === '') throw new Error('a dismissal needs a reason');
  const tx = db.transaction('needsAttention', 'readwrite', STRICT);
  const item = await tx.store.index('by-id').get(id);
  if (!item) throw new Error(`no needs-attention item ${id}`);
  await tx.store.put({ ...item, resolution: { ...resolution, at: now } });
  await tx.done;
}

/**
 * What of one shift is not on the server yet: the UI refuses to close a shift (or log
 * out) while `queued` or `needsAttention` is not zero, and says how many.
 */
export async function pendingForShift(
  db: PosDb,
  shiftId: string,
): Promise<{ queued: number; needsAttention: number }> {
  const queued = await db.countFromIndex('outbox', 'by-shift', shiftId);
  const attention = (await db.getAll('needsAttention')).filter(
    (item) => item.shiftId === shiftId && item.resolution === null,
  ).length;
  return { queued, needsAttention: attention };
}

/** What the server's answer means for one queued item (see `outcomeOf` in sync-engine.ts). */
export type ItemOutcome =
  /** The server has it (201, or 200 for the same id again): it leaves the outbox. */
  | { type: 'confirmed' }
  /** Refused for a reason a person must look at: it moves to needs-attention. */
  | { type: 'refused'; status: number; code: string; message: string }
  /** Not taken now (no answer, 5xx, 408, 429, a stale CSRF token): sent again at `nextAttemptAt`. */
  | { type: 'retry'; error: string; nextAttemptAt: number }
  /** Not run, nothing written (401, or 424: an item it needs failed): it stays as it is. */
  | { type: 'unchanged' };

/**
 * Applies the answers to a batch of items in ONE strict transaction: the confirmed leave
 * the outbox, the refused move to needs-attention, the retried get their next attempt.
 * A crash before it commits leaves every item queued (sent again, answered 200 as the
 * same id); after it, all of them are applied.
 *
 * @example await applyOutcomes(db, [{ seq: 3, outcome: { type: 'confirmed' } }], Date.now())
 */
export async function applyOutcomes(
  db: PosDb,
  outcomes: readonly { seq: number; outcome: ItemOutcome }[],
  now = Date.now(),
): Promise<void> {
  if (outcomes.every(({ outcome }) => outcome.type === 'unchanged')) return;
  const tx = db.transaction(['outbox', 'needsAttention'], 'readwrite', STRICT);
  const outbox = tx.objectStore('outbox');
  const attention = tx.objectStore('needsAttention');
  for (const { seq, outcome } of outcomes) {
    if (outcome.type === 'unchanged') continue;
    if (outcome.type === 'confirmed') {
      await outbox.delete(seq);
      continue;
    }
    const item = await outbox.get(seq);
    if (!item) continue;
    if (outcome.type === 'retry') {
      await outbox.put({
        ...item,
        attempts: item.attempts + 1,
        nextAttemptAt: outcome.nextAttemptAt,
        lastError: outcome.error,
      });
      continue;
    }
    await attention.put({
      ...item,
      attempts: item.attempts + 1,
      lastError: `${outcome.status} ${outcome.code}`,
      status: outcome.status,
      code: outcome.code,
      message: outcome.message,
      movedAt: now,
      resolution: null,
    });
    await outbox.delete(seq);
  }
  await tx.done;
}

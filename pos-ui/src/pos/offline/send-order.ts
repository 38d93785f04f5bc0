import type { NeedsAttentionItem, OutboxItem } from './offline-db.js';

/**
 * The items that are next in line for their shift and not blocked (whatever their
 * backoff). Causal order:
 *  - the items of one shift go one after another in the order they were made (its open
 *    first, its close last), so a later one waits while an earlier one is queued — also
 *    while that one waits out its backoff;
 *  - a shift's close also waits while any item of its shift is in needs-attention and not
 *    resolved (its figures would be wrong), and every item of a shift waits while that
 *    shift's open is in needs-attention (they could only be refused too);
 *  - an item waits for the items it depends on (a refund for its sale) while they are
 *    queued or unresolved;
 *  - items of other shifts never block one another.
 */
export function sendableItems(
  outbox: readonly OutboxItem[],
  attention: readonly NeedsAttentionItem[],
): OutboxItem[] {
  const ordered = [...outbox].sort((a, b) => a.seq - b.seq);
  const unresolved = attention.filter((item) => item.resolution === null);
  const pendingIds = new Set([...ordered, ...unresolved].map((item) => item.id));
  const shiftsWithRefusals = new Set(unresolved.map((item) => item.shiftId));
  const refusedOpens = new Set(
    unresolved.filter((item) => item.kind === 'shift-open').map((item) => item.shiftId),
  );
  const seenShifts = new Set<string>();
  const result: OutboxItem[] = [];
  for (const item of ordered) {
    const first = !seenShifts.has(item.shiftId);
    seenShifts.add(item.shiftId);
    if (!first) continue;
    if (refusedOpens.has(item.shiftId)) continue;
    if (item.kind === 'shift-close' && shiftsWithRefusals.has(item.shiftId)) continue;
    if (item.dependsOn.some((id) => id !== item.id && pendingIds.has(id))) continue;
    result.push(item);
  }
  return result;
}

export interface BatchOptions {
  /** Most items in one batch. */
  max: number;
  /** Whether an item can go in a batch (its request maps onto POST /api/sync); else it goes alone. */
  batchable: (item: OutboxItem) => boolean;
  /** Ids not to send again in this drain (answered 424: they wait on their dependency). */
  held?: ReadonlySet<string>;
}

/**
 * What to send next: up to `max` items that may travel together in one POST /api/sync,
 * in causal order, or one item alone (`batched: false`) when the first one due cannot be
 * batched. The same rules as `sendableItems`, applied as if every item before in the batch
 * lands (the server answers an item whose shift or sale failed earlier in the batch with
 * 424 dependency_failed and writes nothing of it):
 *  - a shift's items go in order from its first queued one; the first that is not due
 *    (backoff), held or blocked ends that shift's part of the batch;
 *  - a close goes only when nothing of its shift is before it in the batch (it must
 *    see every earlier item of its shift answered, since a refused sale keeps it back);
 *  - an item's explicit dependencies (a refund's sale) must already be on the server, as
 *    when sending one at a time.
 *
 * @example nextBatch(outbox, attention, Date.now(), { max: 100, batchable: () => true }).items.length
 */
export function nextBatch(
  outbox: readonly OutboxItem[],
  attention: readonly NeedsAttentionItem[],
  now: number,
  options: BatchOptions,
): { items: OutboxItem[]; batched: boolean } {
  const ordered = [...outbox].sort((a, b) => a.seq - b.seq);
  const unresolved = attention.filter((item) => item.resolution === null);
  const pendingIds = new Set([...ordered, ...unresolved].map((item) => item.id));
  const shiftsWithRefusals = new Set(unresolved.map((item) => item.shiftId));
  const refusedOpens = new Set(
    unresolved.filter((item) => item.kind === 'shift-open').map((item) => item.shiftId),
  );
  const held = options.held ?? new Set<string>();
  /** Shifts with an item in the batch; shifts whose next item cannot go in this batch. */
  const taking = new Set<string>();
  const stopped = new Set<string>();
  const batch: OutboxItem[] = [];
  for (const item of ordered) {
    if (batch.length >= options.max) break;
    if (stopped.has(item.shiftId)) continue;
    const eligible =
      !refusedOpens.has(item.shiftId) &&
      item.nextAttemptAt <= now &&
      !held.has(item.id) &&
      !(
        item.kind === 'shift-close' &&
        (shiftsWithRefusals.has(item.shiftId) || taking.has(item.shiftId))
      ) &&
      !item.dependsOn.some((id) => id !== item.id && pendingIds.has(id));
    if (eligible && options.batchable(item)) {
      batch.push(item);
      taking.add(item.shiftId);
      // After a close nothing of its shift follows in the same batch.
      if (item.kind === 'shift-close') stopped.add(item.shiftId);
      continue;
    }
    if (eligible && batch.length === 0) return { items: [item], batched: false };
    stopped.add(item.shiftId);
  }
  return { items: batch, batched: batch.length > 0 };
}

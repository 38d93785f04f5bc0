import type { NeedsAttentionItem, OutboxItem } from './offline-db.js';

/**
 * Which queued item goes next, or none. Causal order:
 *  - the items of one shift go one after another in the order they were made (its open
 *    first, its close last), so a later one waits while an earlier one is queued — also
 *    while that one waits out its backoff;
 *  - a shift's close also waits while any item of its shift is in needs-attention and not
 *    resolved (its figures would be wrong), and every item of a shift waits while that
 *    shift's open is in needs-attention (they could only be refused too);
 *  - an item waits for the items it depends on (a refund for its sale) while they are
 *    queued or unresolved;
 *  - items of other shifts never block one another.
 *
 * @example pickNextItem(outbox, attention, Date.now())?.id
 */
export function pickNextItem(
  outbox: readonly OutboxItem[],
  attention: readonly NeedsAttentionItem[],
  now: number,
): OutboxItem | undefined {
  return sendableItems(outbox, attention).find((item) => item.nextAttemptAt <= now);
}

/** The items that are next in line for their shift and not blocked (whatever their backoff). */
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

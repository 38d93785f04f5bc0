import { Refusal } from '../core/errors.js';
import type { Executor } from '../core/executor.js';
import { periodBounds } from '../core/business-time.js';
import { reverseEntry } from './journal.js';
import { assert } from '../core/errors.js';

export interface ReopenPeriodOptions {
  period: string;
  reason: string;
  reopenedBy: string | null;
  now: Date;
}

/**
 * Reopens the latest closed month inside the caller's transaction: the month is opened,
 * its allocation and closing entries are reversed (posted is final: nothing is deleted),
 * and the close record notes who reopened it and why. Later months must be reopened first.
 * The balances the close kept (period_close_balances) belong to that close record: once it
 * is marked reopened they are no longer read, and a re-close keeps its own.
 *
 * @example await reopenPeriod(trx, { period: '2026-10', reason: '漏记电费', reopenedBy: adminId, now: new Date() });
 */
export async function reopenPeriod(
  trx: Executor,
  options: ReopenPeriodOptions,
): Promise<{ period: string; reversedEntryIds: string[] }> {
  assert(trx.isTransaction, 'reopenPeriod runs inside the caller’s transaction');
  const reason = options.reason.trim();
  if (reason.length === 0)
    throw new Refusal('invalid_input', 'A reason is required to reopen a month.');
  const row = await trx
    .selectFrom('periods')
    .select(['status'])
    .where('period', '=', options.period)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.status !== 'closed')
    throw new Refusal('period_not_closed', `The month ${options.period} is not closed.`);
  const later = await trx
    .selectFrom('periods')
    .select('period')
    .where('status', '=', 'closed')
    .where('period', '>', options.period)
    .orderBy('period', 'desc')
    .executeTakeFirst();
  if (later)
    throw new Refusal(
      'later_period_closed',
      `Reopen ${later.period} first: later months must be reopened before earlier ones.`,
    );

  await trx
    .updateTable('periods')
    .set({ status: 'open', closed_by: null, closed_at: null, digest: null, entry_count: null })
    .where('period', '=', options.period)
    .execute();
  const close = await trx
    .selectFrom('period_closes')
    .selectAll()
    .where('period', '=', options.period)
    .where('reopened_at', 'is', null)
    .executeTakeFirst();
  const reversedEntryIds: string[] = [];
  if (close) {
    const { last } = periodBounds(options.period);
    for (const entryId of [close.allocation_entry_id, close.closing_entry_id]) {
      if (!entryId) continue;
      const { entry } = await reverseEntry(trx, {
        entryId,
        date: last,
        description:
          `重新打开 ${options.period}：冲销结账分录 Reopen: reversal of the close (${reason})`.slice(
            0,
            500,
          ),
        idempotencyKey: `reopen:${close.id}:${entryId}`,
        postedBy: options.reopenedBy,
      });
      reversedEntryIds.push(entry.id);
    }
    await trx
      .updateTable('period_closes')
      .set({ reopened_by: options.reopenedBy, reopened_at: options.now, reopen_reason: reason })
      .where('id', '=', close.id)
      .execute();
  }
  return { period: options.period, reversedEntryIds };
}

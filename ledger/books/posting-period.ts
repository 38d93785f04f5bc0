import type { Kysely, Transaction } from 'kysely';
import { nextPeriod, periodBounds, periodOf } from '../core/business-time.js';
import type { Database } from '../schema/database.js';
import { Refusal } from '../core/errors.js';
import type { Executor } from '../core/executor.js';
import { refusalFromDatabaseError } from './journal.js';

export interface PostingDate {
  /** The entry's date: the business date, or the first day of the first open month. */
  entryDate: string;
  period: string;
  /** True when the business date's month was already closed. */
  late: boolean;
}

/**
 * Where an event of `businessDate` is posted. Normally on its own date; when its month
 * (or any later month) is already closed, on the first day of the first open month after
 * the last closed one, and marked late, so a sale synced after a month close is neither
 * lost nor slipped into closed books. The event keeps its original time elsewhere.
 *
 * @example await postingDate(trx, '2026-10-31') // { entryDate: '2026-11-01', period: '2026-11', late: true } once October is closed
 */
export async function postingDate(db: Executor, businessDate: string): Promise<PostingDate> {
  const latestClosed = await db
    .selectFrom('periods')
    .select('period')
    .where('status', '=', 'closed')
    .where('period', '>=', periodOf(businessDate))
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  return postingDateAfter(businessDate, latestClosed?.period ?? null);
}

/**
 * `postingDate`, given the latest closed month at or after the business date's own (null
 * when there is none), read by the caller with what else it needs.
 */
export function postingDateAfter(businessDate: string, latestClosed: string | null): PostingDate {
  if (latestClosed === null)
    return { entryDate: businessDate, period: periodOf(businessDate), late: false };
  const period = nextPeriod(latestClosed);
  return { entryDate: periodBounds(period).first, period, late: true };
}

/**
 * Runs `work` in a transaction and, when a month close raced it (the period it chose was
 * closed between its check and its insert, which the database reports as
 * `period_closed`), runs it once more: the second attempt sees the close and posts into
 * the next open month. Given a transaction already, it runs once inside it.
 */
export async function withPostingRetry<T>(
  db: Kysely<Database> | Transaction<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    const refusal = error instanceof Refusal ? error : refusalFromDatabaseError(error);
    if (refusal?.code !== 'period_closed') throw error;
    return db.transaction().execute(work);
  }
}

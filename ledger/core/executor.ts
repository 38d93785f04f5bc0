import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.js';

/** What ledger functions take: the database, or the caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Runs `work` in the caller's transaction when there is one, or in a new transaction
 * otherwise, so a multi-statement write is all-or-nothing either way.
 */
export async function inTransaction<T>(
  db: Executor,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}

import { sql, type Transaction } from 'kysely';
import type { Database } from './database.js';

/**
 * Transaction-level advisory locks in their own key space: the two-key form
 * `pg_advisory_xact_lock(int, int)`, whose first key names what is locked, so they never
 * meet the one-key locks taken elsewhere (`hashtext('hardship_voucher')`, …).
 * Held until COMMIT or ROLLBACK.
 */
const LOCK_SPACE = {
  /** One sale id: requests for the same sale run one after the other. */
  saleId: 1,
  /** One product on one business day: online sales that check what remains. */
  productDay: 2,
} as const;

/**
 * Serialises requests carrying the same sale id. Taken first, before the replay check, so
 * that a copy of a sale waits for its original to commit (or roll back) and then replays
 * it — never refused by a check (sold_out) that saw the original's effect half-way.
 */
export async function lockSaleId(trx: Transaction<Database>, saleId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE.saleId}::int, hashtext(${saleId}))`.execute(
    trx,
  );
}

/**
 * Serialises online sales of the same products on the same day, so that the remaining
 * count each one reads after the lock includes every sale that committed before it: two
 * sales can no longer both take the last buns. Taken in sorted order (no deadlock between
 * two sales locking the same products), in one statement.
 */
export async function lockProductsForDay(
  trx: Transaction<Database>,
  businessDate: string,
  productIds: readonly string[],
): Promise<void> {
  if (productIds.length === 0) return;
  const keys = [...new Set(productIds)].sort().map((id) => `${businessDate}:${id}`);
  await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE.productDay}::int, hashtext(key))
    FROM unnest(${keys}::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n`.execute(trx);
}

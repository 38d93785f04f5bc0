import { sql, type Kysely } from 'kysely';

/**
 * A flag on the sale for an offline hardship-voucher sale that took the hardship fund
 * below zero. Such a sale happened at the counter, so it is recorded; the flag is how the
 * accountant finds it (GET /api/reports/attention). Set once when the sale is inserted;
 * the sales table's trigger keeps it, like every other column, from changing afterwards.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sales ADD COLUMN fund_overdrawn boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX sales_fund_overdrawn_idx ON sales (created_at) WHERE fund_overdrawn`.execute(
    db,
  );
}

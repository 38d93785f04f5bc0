import { sql, type Kysely } from 'kysely';

/**
 * The register's own receipt numbers: a prefix and a gapless per-register sequence that
 * the tablet assigns when it queues a sale (e.g. `C1-000123`), the same online and
 * offline. The server keeps each as it was sent and refuses the same number twice on one
 * register (the unique index, and a refusal before it). Sales recorded before this
 * migration, or by a client that sends no number, keep only the server's sequence number.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE sales ADD COLUMN register_receipt_number text
      CHECK (register_receipt_number ~ '^[A-Za-z0-9]{1,12}-[0-9]{1,12}$')`.execute(db);
  await sql`
    CREATE UNIQUE INDEX sales_register_receipt_number_key
      ON sales (register_id, register_receipt_number)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX sales_register_receipt_number_key`.execute(db);
  await sql`ALTER TABLE sales DROP COLUMN register_receipt_number`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Published reinvestment statements. A version is stored once — the figures, the PDF bytes
 * in Chinese and English, and their SHA-256 — and the database refuses any change to it:
 * the hash must match the bytes, and rows cannot be updated or deleted. A correction is a
 * new version that names the one it supersedes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE statements (
      period text NOT NULL REFERENCES periods (period),
      version integer NOT NULL CHECK (version >= 1),
      close_id uuid NOT NULL REFERENCES period_closes (id),
      figures jsonb NOT NULL,
      pdf bytea NOT NULL,
      sha256 text NOT NULL,
      pdf_en bytea NOT NULL,
      sha256_en text NOT NULL,
      digest text NOT NULL,
      correction_note text CHECK (length(correction_note) <= 2000),
      supersedes_version integer,
      published_by uuid REFERENCES users (id),
      published_at timestamptz NOT NULL,
      PRIMARY KEY (period, version),
      CHECK (sha256 = encode(sha256(pdf), 'hex')),
      CHECK (sha256_en = encode(sha256(pdf_en), 'hex')),
      CHECK (version = 1 OR (correction_note IS NOT NULL AND supersedes_version = version - 1)),
      CHECK (version > 1 OR supersedes_version IS NULL)
    )`.execute(db);
  // One version per close of a month: republishing the same close is refused.
  await sql`CREATE UNIQUE INDEX statements_close_key ON statements (close_id)`.execute(db);
  await sql`
    CREATE FUNCTION statements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: a published statement cannot be changed; publish a correction'
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`CREATE TRIGGER statements_no_update_delete BEFORE UPDATE OR DELETE ON statements
    FOR EACH ROW EXECUTE FUNCTION statements_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER statements_no_truncate BEFORE TRUNCATE ON statements
    FOR EACH STATEMENT EXECUTE FUNCTION statements_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

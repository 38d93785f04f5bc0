import { sql, type Kysely } from 'kysely';

/**
 * Each published statement records the SHA-256 of its figures (canonical JSON,
 * reports/canonical-json.ts) beside the hashes of its PDFs, so that figures edited behind
 * the triggers' back are detected when they are served. Versions published before this
 * migration have none ("not recorded"); every new version must record one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE statements ADD COLUMN figures_sha256 text
    CHECK (figures_sha256 ~ '^[0-9a-f]{64}$')`.execute(db);
  await sql`
    CREATE FUNCTION statements_require_figures_hash() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.figures_sha256 IS NULL THEN
        RAISE EXCEPTION 'a published statement must record the SHA-256 of its figures'
          USING ERRCODE = 'not_null_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER statements_require_figures_hash BEFORE INSERT ON statements
    FOR EACH ROW EXECUTE FUNCTION statements_require_figures_hash()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

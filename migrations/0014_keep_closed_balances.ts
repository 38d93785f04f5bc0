import { sql, type Kysely } from 'kysely';

/**
 * Closed months keep their balances: per close and account, the debit and credit sums of
 * the month's lines (closing and allocation entries included), written by the close in
 * its own transaction. A trial balance then reads these rows for the closed months and the
 * lines only for the open ones (ledger/books/balances.ts).
 *
 * The rows are keyed by the close, not the month: a reopen marks the close record reopened
 * (0004/0006), and from then on its rows are no longer read; the re-close writes its own.
 * The database keeps them honest like the rest of the books:
 *  - append-only: never updated, deleted or truncated;
 *  - written only for a close in force that the same transaction recorded (that is, by the
 *    close itself), so they cannot be added to an old close or to a reopened one;
 *  - at commit, the rows of a new close equal the sums of its month's lines, account by
 *    account, to the fen, none missing and none extra. The month is closed then, so its
 *    lines cannot change while the close is in force.
 * Closes already in force are backfilled from their lines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE period_close_balances (
      close_id uuid NOT NULL REFERENCES period_closes (id),
      period text NOT NULL REFERENCES periods (period),
      account_code text NOT NULL REFERENCES accounts (code),
      debit numeric NOT NULL CHECK (debit >= 0),
      credit numeric NOT NULL CHECK (credit >= 0),
      PRIMARY KEY (close_id, account_code)
    )`.execute(db);

  // Backfill before the guards: these closes were recorded by earlier transactions.
  await sql`
    INSERT INTO period_close_balances (close_id, period, account_code, debit, credit)
    SELECT c.id, c.period, l.account_code, sum(l.debit), sum(l.credit)
      FROM period_closes c
      JOIN journal_lines l ON l.period = c.period
     WHERE c.reopened_at IS NULL
     GROUP BY c.id, c.period, l.account_code`.execute(db);

  await sql`CREATE TRIGGER period_close_balances_append_only BEFORE UPDATE OR DELETE ON period_close_balances
    FOR EACH ROW EXECUTE FUNCTION month_close_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER period_close_balances_no_truncate BEFORE TRUNCATE ON period_close_balances
    FOR EACH STATEMENT EXECUTE FUNCTION month_close_refuse_change()`.execute(db);

  await sql`
    CREATE FUNCTION period_close_balances_check_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      c record;
    BEGIN
      SELECT period, reopened_at, xmin = pg_current_xact_id()::xid AS ours INTO c
        FROM period_closes WHERE id = NEW.close_id;
      IF NOT FOUND OR c.reopened_at IS NOT NULL OR NOT c.ours THEN
        RAISE EXCEPTION 'entry_immutable: kept balances are written only by the close that records them'
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      IF NEW.period IS DISTINCT FROM c.period THEN
        RAISE EXCEPTION 'entry_immutable: kept balances belong to the month of their close (%)', c.period
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER period_close_balances_check_insert BEFORE INSERT ON period_close_balances
    FOR EACH ROW EXECUTE FUNCTION period_close_balances_check_insert()`.execute(db);

  // At commit, once per new close: its kept balances are exactly its month's lines.
  await sql`
    CREATE FUNCTION period_close_balances_check_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      mismatch text;
    BEGIN
      -- Read the close as it is now: one reopened in the same transaction keeps nothing.
      IF NOT EXISTS (SELECT 1 FROM period_closes WHERE id = NEW.id AND reopened_at IS NULL) THEN
        RETURN NULL;
      END IF;
      SELECT coalesce(k.account_code, s.account_code) INTO mismatch
        FROM (SELECT account_code, debit, credit FROM period_close_balances WHERE close_id = NEW.id) k
        FULL JOIN (SELECT account_code, sum(debit) AS debit, sum(credit) AS credit
                     FROM journal_lines WHERE period = NEW.period GROUP BY account_code) s
          ON s.account_code = k.account_code
       WHERE k.debit IS DISTINCT FROM s.debit OR k.credit IS DISTINCT FROM s.credit
       LIMIT 1;
      IF mismatch IS NOT NULL THEN
        RAISE EXCEPTION 'entry_immutable: the kept balances of the close of % differ from its lines (account %)', NEW.period, mismatch
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER period_closes_balances_kept AFTER INSERT ON period_closes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION period_close_balances_check_at_commit()`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

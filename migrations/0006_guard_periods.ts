import { sql, type Kysely } from 'kysely';

/**
 * Guards `periods` like the journal, so that even the tables' owner cannot quietly reopen
 * a closed month, post into it and close it again with a new digest:
 *  - a period row is never deleted or truncated, and never renamed;
 *  - a closed period does not change at all, and an open one carries no digest, entry
 *    count or closer: a digest is set only by closing;
 *  - a reopen (closed → open) must clear the close and, in the same transaction, mark the
 *    month's close record (`period_closes`) reopened — which that table allows once, with
 *    who, when and why, and never undoes; at commit no close record of the month may still
 *    be in force;
 *  - a close record in force belongs to a closed month with the same digest and count.
 * The close (ledger/close-period.ts) and the audited reopen (ledger/reopen-period.ts)
 * already do exactly this; anything else is refused with `entry_immutable`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION periods_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'entry_immutable: periods are never deleted' USING ERRCODE = 'restrict_violation';
      END IF;
      IF NEW.status = 'open' AND (NEW.digest IS NOT NULL OR NEW.entry_count IS NOT NULL
          OR NEW.closed_at IS NOT NULL OR NEW.closed_by IS NOT NULL) THEN
        RAISE EXCEPTION 'entry_immutable: an open period has no digest; only closing sets one'
          USING ERRCODE = 'restrict_violation';
      END IF;
      IF TG_OP = 'INSERT' THEN
        RETURN NEW;
      END IF;
      IF NEW.period <> OLD.period THEN
        RAISE EXCEPTION 'entry_immutable: a period is never renamed' USING ERRCODE = 'restrict_violation';
      END IF;
      IF OLD.status = 'closed' AND NEW.status = 'closed' AND to_jsonb(NEW) <> to_jsonb(OLD) THEN
        RAISE EXCEPTION 'entry_immutable: period % is closed; reopen it (audited) to change it', OLD.period
          USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER periods_guard BEFORE INSERT OR UPDATE OR DELETE ON periods
    FOR EACH ROW EXECUTE FUNCTION periods_guard()`.execute(db);
  await sql`CREATE TRIGGER periods_no_truncate BEFORE TRUNCATE ON periods
    FOR EACH STATEMENT EXECUTE FUNCTION periods_guard()`.execute(db);

  // Checked at commit, when both the period and its close record have been written, in
  // whichever order the transaction wrote them.
  await sql`
    CREATE FUNCTION periods_check_close_record(target text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      p record;
      c record;
    BEGIN
      SELECT status, digest, entry_count INTO p FROM periods WHERE period = target;
      SELECT digest, entry_count INTO c FROM period_closes
        WHERE period = target AND reopened_at IS NULL;
      IF FOUND AND (p.status IS DISTINCT FROM 'closed' OR p.digest IS DISTINCT FROM c.digest
          OR p.entry_count IS DISTINCT FROM c.entry_count) THEN
        RAISE EXCEPTION 'entry_immutable: the close of % in force does not match the period (reopen it through the audited reopen)', target
          USING ERRCODE = 'restrict_violation';
      END IF;
    END $$`.execute(db);
  // Two trigger functions: plpgsql cannot name OLD.status on a period_closes row, even in
  // a branch that is not taken.
  await sql`
    CREATE FUNCTION periods_check_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM periods_check_close_record(NEW.period);
      IF TG_OP = 'UPDATE' THEN
        IF OLD.status = 'closed' AND NEW.status = 'open' AND NOT EXISTS (
             SELECT 1 FROM period_closes
              WHERE period = NEW.period AND reopened_at IS NOT NULL AND xmin = pg_current_xact_id()::xid
           ) THEN
          RAISE EXCEPTION 'entry_immutable: reopening % needs its close record marked reopened in the same transaction', NEW.period
            USING ERRCODE = 'restrict_violation';
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION period_closes_check_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM periods_check_close_record(NEW.period);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER periods_match_close AFTER INSERT OR UPDATE ON periods
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION periods_check_at_commit()`.execute(
    db,
  );
  await sql`CREATE CONSTRAINT TRIGGER period_closes_match_period AFTER INSERT OR UPDATE ON period_closes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION period_closes_check_at_commit()`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

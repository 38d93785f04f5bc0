import { sql, type Kysely } from 'kysely';

/**
 * The database names the rule it enforced, not only in words: every refusal a trigger
 * raises carries the rule's code as its constraint name (`xmf_period_closed`,
 * `xmf_entry_unbalanced`, …, visible to clients as `error.constraint`), beside its SQLSTATE.
 * ledger/journal.ts `refusalFromDatabaseError` maps on those two, so rewording a message
 * cannot change which refusal the caller gets. The functions are the same as before
 * (0002–0006) but for the added `CONSTRAINT = …`; messages are unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // From 0002_create_ledger.
  await sql`
    CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: posted journal % cannot be changed; post a reversal', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
    END $$`.execute(db);
  // From 0002_create_ledger.
  await sql`
    CREATE OR REPLACE FUNCTION journal_entry_check_period() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      period_status text;
    BEGIN
      SELECT status INTO period_status FROM periods WHERE period = NEW.period FOR SHARE;
      IF period_status IS NULL THEN
        RAISE EXCEPTION 'period_invalid: period % does not exist', NEW.period USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'xmf_period_invalid';
      END IF;
      IF period_status <> 'open' THEN
        RAISE EXCEPTION 'period_closed: period % is closed', NEW.period USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_period_closed';
      END IF;
      -- A month before a closed month is closed too, even if it never had entries.
      IF EXISTS (SELECT 1 FROM periods WHERE status = 'closed' AND period > NEW.period) THEN
        RAISE EXCEPTION 'period_closed: a later period than % is closed', NEW.period USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_period_closed';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  // From 0002_create_ledger.
  await sql`
    CREATE OR REPLACE FUNCTION journal_line_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      entry record;
      account record;
    BEGIN
      SELECT period, entry_date, posted_txid INTO entry FROM journal_entries WHERE id = NEW.entry_id;
      IF entry.posted_txid <> pg_current_xact_id() THEN
        RAISE EXCEPTION 'entry_immutable: lines can only be added in the transaction that posts the entry'
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      SELECT postable, active INTO account FROM accounts WHERE code = NEW.account_code;
      IF NOT account.postable THEN
        RAISE EXCEPTION 'account_not_postable: account % is a heading, post to a sub-account', NEW.account_code
          USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_account_not_postable';
      END IF;
      IF NOT account.active THEN
        RAISE EXCEPTION 'account_inactive: account % is inactive', NEW.account_code USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_account_inactive';
      END IF;
      NEW.period := entry.period;
      NEW.entry_date := entry.entry_date;
      RETURN NEW;
    END $$`.execute(db);
  // From 0002_create_ledger.
  await sql`
    CREATE OR REPLACE FUNCTION journal_entry_check_balance(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      line_count integer;
      total_debit numeric;
      total_credit numeric;
    BEGIN
      SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0)
        INTO line_count, total_debit, total_credit
        FROM journal_lines WHERE entry_id = entry;
      IF line_count < 2 THEN
        RAISE EXCEPTION 'entry_too_few_lines: entry % has % line(s), at least 2 are needed', entry, line_count
          USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_entry_too_few_lines';
      END IF;
      IF total_debit <> total_credit THEN
        RAISE EXCEPTION 'entry_unbalanced: entry % has debits % and credits %', entry, total_debit, total_credit
          USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_entry_unbalanced';
      END IF;
    END $$`.execute(db);
  // From 0003_create_selling.
  await sql`
    CREATE OR REPLACE FUNCTION selling_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % rows are final; record a refund or a new entry instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
    END $$`.execute(db);
  // From 0003_create_selling.
  await sql`
    CREATE OR REPLACE FUNCTION shifts_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.status = 'closed' THEN
        RAISE EXCEPTION 'entry_immutable: a closed shift cannot be changed' USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      IF NEW.id <> OLD.id OR NEW.register_id <> OLD.register_id OR NEW.cashier_id <> OLD.cashier_id
         OR NEW.opened_at <> OLD.opened_at OR NEW.opening_float <> OLD.opening_float
         OR NEW.business_date <> OLD.business_date THEN
        RAISE EXCEPTION 'entry_immutable: how a shift opened cannot be changed' USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  // From 0004_create_month_close.
  await sql`
    CREATE OR REPLACE FUNCTION allocation_rule_check_sum() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      total numeric;
    BEGIN
      IF TG_TABLE_NAME = 'allocation_rules' THEN
        SELECT coalesce(sum(percent), 0) INTO total FROM allocation_rule_shares WHERE rule_id = NEW.id;
      ELSE
        SELECT coalesce(sum(percent), 0) INTO total FROM allocation_rule_shares WHERE rule_id = NEW.rule_id;
      END IF;
      IF total <> 100 THEN
        RAISE EXCEPTION 'rule_shares_invalid: allocation rule shares sum to %, not 100', total USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_rule_shares_invalid';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // From 0004_create_month_close.
  await sql`
    CREATE OR REPLACE FUNCTION month_close_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
    END $$`.execute(db);
  // From 0004_create_month_close.
  await sql`
    CREATE OR REPLACE FUNCTION period_closes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'entry_immutable: period_closes is append-only' USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      IF OLD.reopened_at IS NOT NULL
         OR (to_jsonb(NEW) - 'reopened_by' - 'reopened_at' - 'reopen_reason') <> (to_jsonb(OLD) - 'reopened_by' - 'reopened_at' - 'reopen_reason') THEN
        RAISE EXCEPTION 'entry_immutable: a close record only records its reopening, once' USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  // From 0005_create_statements.
  await sql`
    CREATE OR REPLACE FUNCTION statements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: a published statement cannot be changed; publish a correction'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
    END $$`.execute(db);
  // From 0006_guard_periods.
  await sql`
    CREATE OR REPLACE FUNCTION periods_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'entry_immutable: periods are never deleted' USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      IF NEW.status = 'open' AND (NEW.digest IS NOT NULL OR NEW.entry_count IS NOT NULL
          OR NEW.closed_at IS NOT NULL OR NEW.closed_by IS NOT NULL) THEN
        RAISE EXCEPTION 'entry_immutable: an open period has no digest; only closing sets one'
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      IF TG_OP = 'INSERT' THEN
        RETURN NEW;
      END IF;
      IF NEW.period <> OLD.period THEN
        RAISE EXCEPTION 'entry_immutable: a period is never renamed' USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      IF OLD.status = 'closed' AND NEW.status = 'closed' AND to_jsonb(NEW) <> to_jsonb(OLD) THEN
        RAISE EXCEPTION 'entry_immutable: period % is closed; reopen it (audited) to change it', OLD.period
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  // From 0006_guard_periods.
  await sql`
    CREATE OR REPLACE FUNCTION periods_check_close_record(target text) RETURNS void LANGUAGE plpgsql AS $$
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
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
      END IF;
    END $$`.execute(db);
  // From 0006_guard_periods.
  await sql`
    CREATE OR REPLACE FUNCTION periods_check_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM periods_check_close_record(NEW.period);
      IF TG_OP = 'UPDATE' THEN
        IF OLD.status = 'closed' AND NEW.status = 'open' AND NOT EXISTS (
             SELECT 1 FROM period_closes
              WHERE period = NEW.period AND reopened_at IS NOT NULL AND xmin = pg_current_xact_id()::xid
           ) THEN
          RAISE EXCEPTION 'entry_immutable: reopening % needs its close record marked reopened in the same transaction', NEW.period
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'xmf_entry_immutable';
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
}

/** The functions as 0002–0006 created them. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: posted journal % cannot be changed; post a reversal', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION journal_entry_check_period() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      period_status text;
    BEGIN
      SELECT status INTO period_status FROM periods WHERE period = NEW.period FOR SHARE;
      IF period_status IS NULL THEN
        RAISE EXCEPTION 'period_invalid: period % does not exist', NEW.period USING ERRCODE = 'foreign_key_violation';
      END IF;
      IF period_status <> 'open' THEN
        RAISE EXCEPTION 'period_closed: period % is closed', NEW.period USING ERRCODE = 'check_violation';
      END IF;
      -- A month before a closed month is closed too, even if it never had entries.
      IF EXISTS (SELECT 1 FROM periods WHERE status = 'closed' AND period > NEW.period) THEN
        RAISE EXCEPTION 'period_closed: a later period than % is closed', NEW.period USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION journal_line_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      entry record;
      account record;
    BEGIN
      SELECT period, entry_date, posted_txid INTO entry FROM journal_entries WHERE id = NEW.entry_id;
      IF entry.posted_txid <> pg_current_xact_id() THEN
        RAISE EXCEPTION 'entry_immutable: lines can only be added in the transaction that posts the entry'
          USING ERRCODE = 'restrict_violation';
      END IF;
      SELECT postable, active INTO account FROM accounts WHERE code = NEW.account_code;
      IF NOT account.postable THEN
        RAISE EXCEPTION 'account_not_postable: account % is a heading, post to a sub-account', NEW.account_code
          USING ERRCODE = 'check_violation';
      END IF;
      IF NOT account.active THEN
        RAISE EXCEPTION 'account_inactive: account % is inactive', NEW.account_code USING ERRCODE = 'check_violation';
      END IF;
      NEW.period := entry.period;
      NEW.entry_date := entry.entry_date;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION journal_entry_check_balance(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      line_count integer;
      total_debit numeric;
      total_credit numeric;
    BEGIN
      SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0)
        INTO line_count, total_debit, total_credit
        FROM journal_lines WHERE entry_id = entry;
      IF line_count < 2 THEN
        RAISE EXCEPTION 'entry_too_few_lines: entry % has % line(s), at least 2 are needed', entry, line_count
          USING ERRCODE = 'check_violation';
      END IF;
      IF total_debit <> total_credit THEN
        RAISE EXCEPTION 'entry_unbalanced: entry % has debits % and credits %', entry, total_debit, total_credit
          USING ERRCODE = 'check_violation';
      END IF;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION selling_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % rows are final; record a refund or a new entry instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION shifts_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.status = 'closed' THEN
        RAISE EXCEPTION 'entry_immutable: a closed shift cannot be changed' USING ERRCODE = 'restrict_violation';
      END IF;
      IF NEW.id <> OLD.id OR NEW.register_id <> OLD.register_id OR NEW.cashier_id <> OLD.cashier_id
         OR NEW.opened_at <> OLD.opened_at OR NEW.opening_float <> OLD.opening_float
         OR NEW.business_date <> OLD.business_date THEN
        RAISE EXCEPTION 'entry_immutable: how a shift opened cannot be changed' USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION allocation_rule_check_sum() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      total numeric;
    BEGIN
      IF TG_TABLE_NAME = 'allocation_rules' THEN
        SELECT coalesce(sum(percent), 0) INTO total FROM allocation_rule_shares WHERE rule_id = NEW.id;
      ELSE
        SELECT coalesce(sum(percent), 0) INTO total FROM allocation_rule_shares WHERE rule_id = NEW.rule_id;
      END IF;
      IF total <> 100 THEN
        RAISE EXCEPTION 'rule_shares_invalid: allocation rule shares sum to %, not 100', total USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION month_close_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION period_closes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'entry_immutable: period_closes is append-only' USING ERRCODE = 'restrict_violation';
      END IF;
      IF OLD.reopened_at IS NOT NULL
         OR (to_jsonb(NEW) - 'reopened_by' - 'reopened_at' - 'reopen_reason') <> (to_jsonb(OLD) - 'reopened_by' - 'reopened_at' - 'reopen_reason') THEN
        RAISE EXCEPTION 'entry_immutable: a close record only records its reopening, once' USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION statements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: a published statement cannot be changed; publish a correction'
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION periods_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await sql`
    CREATE OR REPLACE FUNCTION periods_check_close_record(target text) RETURNS void LANGUAGE plpgsql AS $$
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
  await sql`
    CREATE OR REPLACE FUNCTION periods_check_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
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
}

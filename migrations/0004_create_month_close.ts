import { sql, type Kysely } from 'kysely';

/**
 * Month close: versioned allocation rules, the record of each close (and its reversal on
 * reopen), fund spending with a private table for aid recipients, and fund transfers.
 * Rules and close records are append-only in the database; a rule's shares sum to
 * exactly 100 at commit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE allocation_rules (
      id uuid PRIMARY KEY,
      effective_from text NOT NULL CHECK (effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      note text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE
    )`.execute(db);
  await sql`
    CREATE TABLE allocation_rule_shares (
      rule_id uuid NOT NULL REFERENCES allocation_rules (id),
      fund text NOT NULL REFERENCES funds (key) CHECK (fund IN ('operations', 'events', 'hardship')),
      percent numeric(7, 4) NOT NULL CHECK (percent >= 0 AND percent <= 100),
      PRIMARY KEY (rule_id, fund)
    )`.execute(db);
  await sql`
    CREATE FUNCTION allocation_rule_check_sum() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await sql`CREATE CONSTRAINT TRIGGER allocation_rules_sum AFTER INSERT ON allocation_rules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION allocation_rule_check_sum()`.execute(
    db,
  );
  await sql`CREATE CONSTRAINT TRIGGER allocation_rule_shares_sum AFTER INSERT ON allocation_rule_shares
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION allocation_rule_check_sum()`.execute(
    db,
  );

  await sql`
    CREATE FUNCTION month_close_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  for (const table of ['allocation_rules', 'allocation_rule_shares']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION month_close_refuse_change()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION month_close_refuse_change()`.execute(db);
  }

  // The default rule, effective from the beginning: half to running the service center,
  // three tenths to public events, a fifth to hardship aid. An admin changes it by adding
  // a new version (POST /api/allocation-rules).
  await sql`INSERT INTO allocation_rules (id, effective_from, note)
    VALUES ('00000000-0000-4000-8000-000000000001', '2000-01', '默认分配规则 Default rule')`.execute(
    db,
  );
  await sql`INSERT INTO allocation_rule_shares (rule_id, fund, percent) VALUES
    ('00000000-0000-4000-8000-000000000001', 'operations', 50),
    ('00000000-0000-4000-8000-000000000001', 'events', 30),
    ('00000000-0000-4000-8000-000000000001', 'hardship', 20)`.execute(db);

  await sql`
    CREATE TABLE period_closes (
      id uuid PRIMARY KEY,
      period text NOT NULL REFERENCES periods (period),
      surplus numeric(18, 2) NOT NULL,
      deficit_carried_in numeric(18, 2) NOT NULL CHECK (deficit_carried_in >= 0),
      allocable numeric(18, 2) NOT NULL CHECK (allocable >= 0),
      rule_id uuid REFERENCES allocation_rules (id),
      closing_entry_id uuid REFERENCES journal_entries (id),
      allocation_entry_id uuid REFERENCES journal_entries (id),
      digest text NOT NULL,
      entry_count integer NOT NULL,
      closed_by uuid REFERENCES users (id),
      closed_at timestamptz NOT NULL,
      reopened_by uuid REFERENCES users (id),
      reopened_at timestamptz,
      reopen_reason text,
      CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))
    )`.execute(db);
  // At most one close of a month is in force at a time.
  await sql`CREATE UNIQUE INDEX period_closes_active_key ON period_closes (period) WHERE reopened_at IS NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE period_close_allocations (
      close_id uuid NOT NULL REFERENCES period_closes (id),
      fund text NOT NULL REFERENCES funds (key),
      percent numeric(7, 4) NOT NULL,
      amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
      PRIMARY KEY (close_id, fund)
    )`.execute(db);
  // A close record changes once only: when its month is reopened.
  await sql`
    CREATE FUNCTION period_closes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await sql`CREATE TRIGGER period_closes_guard BEFORE UPDATE OR DELETE ON period_closes
    FOR EACH ROW EXECUTE FUNCTION period_closes_guard()`.execute(db);
  await sql`CREATE TRIGGER period_close_allocations_append_only BEFORE UPDATE OR DELETE ON period_close_allocations
    FOR EACH ROW EXECUTE FUNCTION month_close_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE disbursement_categories (
      key text PRIMARY KEY,
      fund text NOT NULL REFERENCES funds (key),
      name text NOT NULL,
      name_en text NOT NULL,
      is_aid boolean NOT NULL DEFAULT false,
      sort_order integer NOT NULL
    )`.execute(db);
  await sql`INSERT INTO disbursement_categories (key, fund, name, name_en, is_aid, sort_order) VALUES
    ('center_rent', 'operations', '服务中心房租', 'Service-center rent', false, 1),
    ('center_utilities', 'operations', '服务中心水电', 'Service-center utilities', false, 2),
    ('center_staff', 'operations', '服务中心人员', 'Service-center staff', false, 3),
    ('center_supplies', 'operations', '服务中心物资', 'Service-center supplies', false, 4),
    ('event_supplies', 'events', '活动物资', 'Event supplies', false, 11),
    ('event_venue', 'events', '活动场地', 'Event venue', false, 12),
    ('event_services', 'events', '活动服务', 'Event services', false, 13),
    ('aid_cash', 'hardship', '现金帮扶', 'Aid in cash', true, 21),
    ('aid_in_kind', 'hardship', '实物帮扶', 'Aid in kind', true, 22),
    ('aid_medical', 'hardship', '医疗帮扶', 'Medical aid', true, 23),
    ('aid_education', 'hardship', '助学帮扶', 'Education aid', true, 24)`.execute(db);

  await sql`
    CREATE TABLE disbursements (
      id uuid PRIMARY KEY,
      fund text NOT NULL REFERENCES funds (key) CHECK (fund IN ('operations', 'events', 'hardship')),
      category text NOT NULL REFERENCES disbursement_categories (key),
      entry_date date NOT NULL,
      amount numeric(18, 2) NOT NULL CHECK (amount > 0),
      paid_from text NOT NULL REFERENCES accounts (code),
      description text NOT NULL,
      payee text,
      entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries (id),
      override_reason text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX disbursements_date_idx ON disbursements (entry_date)`.execute(db);
  // Who received aid: behind the accountant's login only. Nothing public reads this table.
  await sql`
    CREATE TABLE aid_recipients (
      disbursement_id uuid PRIMARY KEY REFERENCES disbursements (id),
      name text NOT NULL,
      household text,
      phone text,
      id_number text,
      address text,
      reason text,
      private_note text
    )`.execute(db);

  await sql`
    CREATE TABLE fund_transfers (
      id uuid PRIMARY KEY,
      from_fund text NOT NULL REFERENCES funds (key),
      to_fund text NOT NULL REFERENCES funds (key),
      entry_date date NOT NULL,
      amount numeric(18, 2) NOT NULL CHECK (amount > 0),
      reason text NOT NULL,
      entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries (id),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (from_fund <> to_fund)
    )`.execute(db);
  // aid_recipients is deliberately not append-only: personal data must be correctable and
  // erasable on request; the ledger keeps only "困难家庭" and never needs it.
  for (const table of ['disbursements', 'fund_transfers']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION month_close_refuse_change()`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

import { sql, type Kysely } from 'kysely';

/**
 * The double-entry ledger and the guarantees the database itself enforces, so that they
 * hold even for someone with raw SQL access who bypasses the application:
 *  - at COMMIT every entry has at least two lines and its debits equal its credits;
 *  - posted entries and lines cannot be updated, deleted or truncated, and lines cannot be
 *    added to an entry after the transaction that posted it;
 *  - nothing is posted into a closed period, or to an inactive or non-postable account.
 * Errors raised here start with the application's refusal code ("period_closed: …"), so a
 * refusal that only the database caught still reaches the caller with a stable code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE funds (
      key text PRIMARY KEY CHECK (key IN ('operations', 'events', 'hardship', 'unallocated')),
      name text NOT NULL,
      name_en text NOT NULL,
      account_code text NOT NULL UNIQUE,
      sort_order integer NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE accounts (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}(\\.[0-9]{2})*$'),
      name text NOT NULL,
      name_en text NOT NULL,
      type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
      normal_side text NOT NULL CHECK (normal_side IN ('debit', 'credit')),
      parent_code text REFERENCES accounts (code),
      fund text REFERENCES funds (key),
      postable boolean NOT NULL,
      active boolean NOT NULL DEFAULT true,
      CHECK (parent_code IS NULL OR code LIKE parent_code || '.%')
    )`.execute(db);

  await sql`
    CREATE TABLE periods (
      period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      closed_by uuid REFERENCES users (id),
      closed_at timestamptz,
      digest text,
      entry_count integer,
      CHECK (status = 'open' OR (closed_at IS NOT NULL AND digest IS NOT NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE journal_entries (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      entry_date date NOT NULL,
      period text NOT NULL REFERENCES periods (period),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
      source text NOT NULL CHECK (source IN ('sale', 'refund', 'shift', 'manual', 'close', 'allocation', 'disbursement', 'transfer', 'reversal')),
      source_id text,
      idempotency_key text NOT NULL UNIQUE,
      content_hash text NOT NULL,
      reverses_id uuid UNIQUE REFERENCES journal_entries (id),
      posted_by uuid REFERENCES users (id),
      posted_at timestamptz NOT NULL DEFAULT now(),
      posted_txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      CHECK (to_char(entry_date, 'YYYY-MM') = period),
      CHECK ((source = 'reversal') = (reverses_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX journal_entries_period_seq_idx ON journal_entries (period, seq)`.execute(
    db,
  );
  await sql`CREATE INDEX journal_entries_date_idx ON journal_entries (entry_date)`.execute(db);
  await sql`CREATE INDEX journal_entries_source_idx ON journal_entries (source, source_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE journal_lines (
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 1000),
      account_code text NOT NULL REFERENCES accounts (code),
      debit numeric(18, 2) NOT NULL DEFAULT 0 CHECK (debit >= 0),
      credit numeric(18, 2) NOT NULL DEFAULT 0 CHECK (credit >= 0),
      memo text CHECK (length(memo) <= 500),
      -- Copied from the entry by a trigger, so that balances per period and per date are
      -- index-only scans over the lines.
      period text NOT NULL,
      entry_date date NOT NULL,
      PRIMARY KEY (entry_id, line_no),
      CHECK ((debit > 0) <> (credit > 0))
    )`.execute(db);
  await sql`CREATE INDEX journal_lines_period_account_idx ON journal_lines (period, account_code) INCLUDE (debit, credit)`.execute(
    db,
  );
  await sql`CREATE INDEX journal_lines_account_date_idx ON journal_lines (account_code, entry_date) INCLUDE (debit, credit)`.execute(
    db,
  );

  // --- Posted is final -------------------------------------------------------------
  await sql`
    CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: posted journal % cannot be changed; post a reversal', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  for (const table of ['journal_entries', 'journal_lines']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`.execute(db);
  }

  // --- Nothing into a closed period --------------------------------------------------
  // FOR SHARE: many postings share the lock on the period row; closing the period takes it
  // exclusively, so a posting and a close of the same month cannot interleave.
  await sql`
    CREATE FUNCTION journal_entry_check_period() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await sql`CREATE TRIGGER journal_entries_check_period BEFORE INSERT ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION journal_entry_check_period()`.execute(db);

  // --- Lines: only with their entry, only to open, postable accounts --------------------
  await sql`
    CREATE FUNCTION journal_line_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await sql`CREATE TRIGGER journal_lines_check BEFORE INSERT ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION journal_line_check()`.execute(db);

  // --- Balanced at commit ------------------------------------------------------------
  await sql`
    CREATE FUNCTION journal_entry_check_balance(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
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
  // Two trigger functions: plpgsql cannot name NEW.entry_id on a journal_entries row, even
  // in a branch that is not taken.
  await sql`
    CREATE FUNCTION journal_entry_balance_on_entry() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM journal_entry_check_balance(NEW.id);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION journal_entry_balance_on_line() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM journal_entry_check_balance(NEW.entry_id);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balance_on_entry()`.execute(
    db,
  );
  await sql`CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balance_on_line()`.execute(
    db,
  );

  // --- Seed: the funds and the chart of accounts (小企业会计准则) ------------------------
  await sql`
    INSERT INTO funds (key, name, name_en, account_code, sort_order) VALUES
      ('operations', '服务中心运营', 'Service-center operations', '3104.11', 1),
      ('events', '公益活动', 'Public events', '3104.12', 2),
      ('hardship', '困难帮扶', 'Hardship aid', '3104.13', 3),
      ('unallocated', '未分配盈余', 'Unallocated surplus', '3104.01', 4)`.execute(db);

  const accounts: [string, string, string, string, string | null, string | null, boolean][] = [
    // code, name, English name, type, parent, fund, postable
    ['1001', '库存现金', 'Cash on hand', 'asset', null, null, true],
    ['1002', '银行存款', 'Bank deposits', 'asset', null, null, true],
    ['1012', '其他货币资金', 'Other monetary funds', 'asset', null, null, false],
    ['1012.01', '微信支付待结算', 'WeChat Pay clearing', 'asset', '1012', null, true],
    ['1012.02', '支付宝待结算', 'Alipay clearing', 'asset', '1012', null, true],
    ['1122', '应收账款', 'Accounts receivable', 'asset', null, null, true],
    ['1123', '预付账款', 'Prepayments', 'asset', null, null, true],
    ['1221', '其他应收款', 'Other receivables', 'asset', null, null, true],
    ['1403', '原材料', 'Raw materials', 'asset', null, null, true],
    ['1411', '周转材料', 'Packaging and supplies', 'asset', null, null, true],
    ['1601', '固定资产', 'Fixed assets', 'asset', null, null, true],
    ['1602', '累计折旧', 'Accumulated depreciation', 'asset', null, null, true],
    ['2202', '应付账款', 'Accounts payable', 'liability', null, null, true],
    ['2211', '应付职工薪酬', 'Wages payable', 'liability', null, null, true],
    ['2221', '应交税费', 'Taxes payable', 'liability', null, null, false],
    ['2221.01', '应交增值税', 'VAT payable', 'liability', '2221', null, true],
    ['2241', '其他应付款', 'Other payables', 'liability', null, null, true],
    ['3001', '实收资本', 'Paid-in capital', 'equity', null, null, true],
    ['3103', '本年利润', 'Current-year profit', 'equity', null, null, true],
    ['3104', '利润分配', 'Profit distribution', 'equity', null, null, false],
    ['3104.01', '未分配盈余', 'Unallocated surplus', 'equity', '3104', 'unallocated', true],
    [
      '3104.11',
      '服务中心运营基金',
      'Service-center operations fund',
      'equity',
      '3104',
      'operations',
      true,
    ],
    ['3104.12', '公益活动基金', 'Public events fund', 'equity', '3104', 'events', true],
    ['3104.13', '困难帮扶基金', 'Hardship aid fund', 'equity', '3104', 'hardship', true],
    ['5001', '主营业务收入', 'Sales revenue', 'revenue', null, null, true],
    ['5051', '其他业务收入', 'Other operating revenue', 'revenue', null, null, true],
    ['5301', '营业外收入', 'Non-operating income', 'revenue', null, null, true],
    ['5401', '主营业务成本', 'Cost of sales', 'expense', null, null, false],
    ['5401.01', '面粉及原料', 'Flour and ingredients', 'expense', '5401', null, true],
    ['5401.02', '包装材料', 'Packaging', 'expense', '5401', null, true],
    ['5401.03', '生产人员工资', 'Production wages', 'expense', '5401', null, true],
    ['5401.04', '燃料动力', 'Fuel and power for baking', 'expense', '5401', null, true],
    ['5403', '税金及附加', 'Taxes and surcharges', 'expense', null, null, true],
    ['5601', '销售费用', 'Selling expenses', 'expense', null, null, false],
    ['5601.01', '支付手续费', 'Payment fees', 'expense', '5601', null, true],
    ['5601.02', '销售人员工资', 'Sales wages', 'expense', '5601', null, true],
    ['5602', '管理费用', 'Administrative expenses', 'expense', null, null, false],
    ['5602.01', '管理人员工资', 'Administrative wages', 'expense', '5602', null, true],
    ['5602.02', '水电燃气', 'Utilities', 'expense', '5602', null, true],
    ['5602.03', '房租', 'Rent', 'expense', '5602', null, true],
    ['5602.04', '维修及其他', 'Repairs and other', 'expense', '5602', null, true],
    ['5602.05', '现金长短款', 'Cash over and short', 'expense', '5602', null, true],
    ['5603', '财务费用', 'Financial expenses', 'expense', null, null, true],
    ['5711', '营业外支出', 'Non-operating expenses', 'expense', null, null, false],
    ['5711.01', '报废损耗', 'Waste and spoilage', 'expense', '5711', null, true],
    ['5711.02', '其他营业外支出', 'Other non-operating expenses', 'expense', '5711', null, true],
  ];
  for (const [code, name, nameEn, type, parent, fund, postable] of accounts) {
    const normalSide = type === 'asset' || type === 'expense' ? 'debit' : 'credit';
    // Accumulated depreciation is a contra-asset: its normal balance is a credit.
    const side = code === '1602' ? 'credit' : normalSide;
    await sql`INSERT INTO accounts (code, name, name_en, type, normal_side, parent_code, fund, postable)
      VALUES (${code}, ${name}, ${nameEn}, ${type}, ${side}, ${parent}, ${fund}, ${postable})`.execute(
      db,
    );
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

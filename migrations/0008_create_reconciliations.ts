import { sql, type Kysely } from 'kysely';

/**
 * Reconciliation of the payment clearing accounts against the providers' merchant bills:
 * each imported bill file (once per provider and SHA-256 of its bytes), its rows, and
 * which recorded sale or refund tender each row matched. Kept for the audit trail:
 *  - rows and matches are written with their import and never changed or deleted;
 *  - an import is never deleted, and changes once only: when it is settled to the bank
 *    (its settlement entry, who and when), after which it is final;
 *  - a recorded tender is matched by at most one import, so it is never settled twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE reconciliation_imports (
      id uuid PRIMARY KEY,
      provider text NOT NULL CHECK (provider IN ('wechat', 'alipay')),
      clearing_account text NOT NULL REFERENCES accounts (code),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      encoding text NOT NULL CHECK (encoding IN ('utf-8', 'gbk')),
      from_date date NOT NULL,
      to_date date NOT NULL,
      row_count integer NOT NULL CHECK (row_count >= 0),
      bill_amount numeric(18, 2) NOT NULL,
      bill_fee numeric(18, 2) NOT NULL,
      imported_by uuid REFERENCES users (id),
      imported_at timestamptz NOT NULL,
      settlement_entry_id uuid UNIQUE REFERENCES journal_entries (id),
      settled_by uuid REFERENCES users (id),
      settled_at timestamptz,
      CHECK (from_date <= to_date),
      CHECK ((settlement_entry_id IS NULL) = (settled_at IS NULL)),
      UNIQUE (provider, sha256)
    )`.execute(db);
  await sql`CREATE INDEX reconciliation_imports_provider_dates_idx ON reconciliation_imports (provider, from_date)`.execute(
    db,
  );

  await sql`
    CREATE TABLE reconciliation_bill_rows (
      import_id uuid NOT NULL REFERENCES reconciliation_imports (id),
      row_no integer NOT NULL CHECK (row_no >= 1),
      kind text NOT NULL CHECK (kind IN ('payment', 'refund')),
      occurred_at timestamptz NOT NULL,
      transaction_id text CHECK (length(transaction_id) <= 64),
      merchant_order_id text CHECK (length(merchant_order_id) <= 64),
      refund_id text CHECK (length(refund_id) <= 64),
      amount numeric(18, 2) NOT NULL,
      fee numeric(18, 2) NOT NULL,
      description text CHECK (length(description) <= 200),
      PRIMARY KEY (import_id, row_no),
      CHECK ((kind = 'payment' AND amount >= 0) OR (kind = 'refund' AND amount <= 0))
    )`.execute(db);

  await sql`
    CREATE TABLE reconciliation_matches (
      import_id uuid NOT NULL,
      row_no integer NOT NULL,
      book_kind text NOT NULL CHECK (book_kind IN ('sale', 'refund')),
      sale_id uuid REFERENCES sales (id),
      refund_id uuid REFERENCES refunds (id),
      tender_no smallint NOT NULL,
      method text NOT NULL CHECK (method IN ('reference', 'amount_time')),
      amount numeric(18, 2) NOT NULL,
      PRIMARY KEY (import_id, row_no),
      FOREIGN KEY (import_id, row_no) REFERENCES reconciliation_bill_rows (import_id, row_no),
      CHECK ((book_kind = 'sale') = (sale_id IS NOT NULL)),
      CHECK ((book_kind = 'refund') = (refund_id IS NOT NULL))
    )`.execute(db);
  // One recorded tender, one bill row, whichever import: settled at most once.
  await sql`CREATE UNIQUE INDEX reconciliation_matches_sale_key ON reconciliation_matches (sale_id, tender_no) WHERE sale_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX reconciliation_matches_refund_key ON reconciliation_matches (refund_id, tender_no) WHERE refund_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE FUNCTION reconciliation_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % rows are kept as imported for the audit trail', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  for (const table of ['reconciliation_bill_rows', 'reconciliation_matches']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_final`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reconciliation_refuse_change()`.execute(db);
  }
  for (const table of [
    'reconciliation_imports',
    'reconciliation_bill_rows',
    'reconciliation_matches',
  ]) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_refuse_change()`.execute(db);
  }
  // An import records its settlement once; then it is final. It is never deleted.
  await sql`
    CREATE FUNCTION reconciliation_imports_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'entry_immutable: reconciliation imports are kept for the audit trail' USING ERRCODE = 'restrict_violation';
      END IF;
      IF OLD.settled_at IS NOT NULL
         OR (to_jsonb(NEW) - 'settlement_entry_id' - 'settled_by' - 'settled_at') <> (to_jsonb(OLD) - 'settlement_entry_id' - 'settled_by' - 'settled_at') THEN
        RAISE EXCEPTION 'entry_immutable: a reconciliation import only records its settlement, once' USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER reconciliation_imports_guard BEFORE UPDATE OR DELETE ON reconciliation_imports
    FOR EACH ROW EXECUTE FUNCTION reconciliation_imports_guard()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

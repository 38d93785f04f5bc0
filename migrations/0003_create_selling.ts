import { sql, type Kysely } from 'kysely';

/**
 * Selling: the catalog with its price history, daily production and leftovers, shifts and
 * cash movements, sales with their lines and tenders, refunds, and Z reports. The
 * guarantees the database keeps by itself:
 *  - a sale, a refund, a cash movement and a Z report are final once written (UPDATE,
 *    DELETE and TRUNCATE are refused): corrections are refunds and new entries;
 *  - a price, once set, is history: a sale made offline yesterday is priced at yesterday's
 *    price, so price rows are never changed;
 *  - at most one open shift per register (a partial unique index), and a closed shift
 *    stays closed;
 *  - every sales-side row carries `register_id`, so these tables can be distributed by that
 *    key (Citus) without redesign.
 * There is deliberately no per-product counter row: what remains of a day's production is
 * computed from the sale and refund lines (indexed by date and product), so eight
 * registers selling the same buns never queue behind one hot row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION selling_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'entry_immutable: % rows are final; record a refund or a new entry instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);

  const registerIdCheck = sql`CHECK (register_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$')`;

  // --- Catalog -----------------------------------------------------------------------
  await sql`
    CREATE TABLE categories (
      name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 32),
      name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 64),
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE products (
      id uuid PRIMARY KEY,
      sku text NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
      name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 64),
      category text NOT NULL REFERENCES categories (name) ON UPDATE CASCADE,
      unit text NOT NULL CHECK (unit IN ('piece', 'jin', 'kg')),
      tile_order integer NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      -- When 'active' last changed: a sale made offline before a product was withdrawn
      -- is still accepted.
      status_changed_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX products_sku_key ON products (sku)`.execute(db);

  await sql`
    CREATE TABLE product_prices (
      product_id uuid NOT NULL REFERENCES products (id),
      effective_from timestamptz NOT NULL,
      price numeric(18, 2) NOT NULL CHECK (price > 0),
      set_by uuid REFERENCES users (id),
      set_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (product_id, effective_from)
    )`.execute(db);
  await sql`CREATE TRIGGER product_prices_final BEFORE UPDATE OR DELETE ON product_prices
    FOR EACH ROW EXECUTE FUNCTION selling_refuse_change()`.execute(db);

  // --- Production and leftovers ----------------------------------------------------------
  await sql`
    CREATE TABLE production (
      business_date date NOT NULL,
      product_id uuid NOT NULL REFERENCES products (id),
      quantity numeric(12, 3) NOT NULL CHECK (quantity >= 0),
      updated_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (business_date, product_id)
    )`.execute(db);

  await sql`
    CREATE TABLE leftovers (
      business_date date NOT NULL,
      product_id uuid NOT NULL REFERENCES products (id),
      disposition text NOT NULL CHECK (disposition IN ('donated', 'discounted', 'waste')),
      quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
      recorded_by uuid REFERENCES users (id),
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (business_date, product_id, disposition)
    )`.execute(db);

  // --- Shifts and cash movements ---------------------------------------------------------
  await sql`
    CREATE TABLE shifts (
      id uuid PRIMARY KEY,
      register_id text NOT NULL ${registerIdCheck},
      cashier_id uuid NOT NULL REFERENCES users (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      -- The business date the shift opened on: month close looks for open shifts by it.
      business_date date NOT NULL,
      opened_at timestamptz NOT NULL,
      opening_float numeric(18, 2) NOT NULL CHECK (opening_float >= 0),
      open_hash text NOT NULL,
      received_at timestamptz NOT NULL,
      closed_at timestamptz,
      closed_by uuid REFERENCES users (id),
      counted_cash numeric(18, 2) CHECK (counted_cash >= 0),
      expected_cash numeric(18, 2),
      over_short numeric(18, 2),
      counts jsonb,
      close_hash text,
      close_entry_id uuid REFERENCES journal_entries (id) DEFERRABLE INITIALLY DEFERRED,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      CHECK (status = 'open' OR (counted_cash IS NOT NULL AND expected_cash IS NOT NULL
        AND over_short = counted_cash - expected_cash AND close_hash IS NOT NULL)),
      CHECK (closed_at IS NULL OR closed_at >= opened_at)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX shifts_one_open_per_register ON shifts (register_id) WHERE status = 'open'`.execute(
    db,
  );
  await sql`CREATE INDEX shifts_status_business_date_idx ON shifts (status, business_date)`.execute(
    db,
  );
  await sql`CREATE INDEX shifts_cashier_idx ON shifts (cashier_id, status)`.execute(db);
  // A shift may be closed once; after that it is as final as its Z report.
  await sql`
    CREATE FUNCTION shifts_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await sql`CREATE TRIGGER shifts_guard BEFORE UPDATE OR DELETE ON shifts
    FOR EACH ROW EXECUTE FUNCTION shifts_guard_change()`.execute(db);

  await sql`
    CREATE TABLE cash_movements (
      id uuid PRIMARY KEY,
      shift_id uuid NOT NULL REFERENCES shifts (id),
      register_id text NOT NULL ${registerIdCheck},
      kind text NOT NULL CHECK (kind IN ('paid_in', 'paid_out')),
      purpose text NOT NULL,
      account_code text NOT NULL REFERENCES accounts (code),
      amount numeric(18, 2) NOT NULL CHECK (amount > 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users (id),
      entry_id uuid NOT NULL REFERENCES journal_entries (id) DEFERRABLE INITIALLY DEFERRED,
      content_hash text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX cash_movements_shift_idx ON cash_movements (shift_id)`.execute(db);

  // --- Sales -----------------------------------------------------------------------------
  await sql`CREATE SEQUENCE sale_receipt_number_seq`.execute(db);
  await sql`
    CREATE TABLE sales (
      id uuid PRIMARY KEY,
      register_id text NOT NULL ${registerIdCheck},
      shift_id uuid NOT NULL REFERENCES shifts (id),
      cashier_id uuid NOT NULL REFERENCES users (id),
      receipt_number bigint NOT NULL DEFAULT nextval('sale_receipt_number_seq'),
      -- The tablet's time, kept as sent: it prices the sale and decides its business date.
      created_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      business_date date NOT NULL,
      -- Where the entry was posted: the business date's month, or the first open month
      -- after it when that month was already closed (late).
      entry_date date NOT NULL,
      period text NOT NULL,
      late boolean NOT NULL,
      offline boolean NOT NULL,
      -- Accepted although production said nothing remained (offline sales only).
      oversold boolean NOT NULL,
      subtotal numeric(18, 2) NOT NULL,
      discount numeric(18, 2) NOT NULL CHECK (discount >= 0),
      total numeric(18, 2) NOT NULL CHECK (total > 0),
      change numeric(18, 2) NOT NULL CHECK (change >= 0),
      approved_by uuid REFERENCES users (id),
      entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries (id) DEFERRABLE INITIALLY DEFERRED,
      content_hash text NOT NULL,
      CHECK (total = subtotal - discount),
      CHECK (to_char(entry_date, 'YYYY-MM') = period),
      CHECK (late = (period > to_char(business_date, 'YYYY-MM')))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX sales_receipt_number_key ON sales (receipt_number)`.execute(db);
  await sql`CREATE INDEX sales_shift_idx ON sales (shift_id)`.execute(db);
  await sql`CREATE INDEX sales_business_date_idx ON sales (business_date, register_id)`.execute(db);

  await sql`
    CREATE TABLE sale_lines (
      sale_id uuid NOT NULL REFERENCES sales (id),
      line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 200),
      register_id text NOT NULL,
      product_id uuid NOT NULL REFERENCES products (id),
      business_date date NOT NULL,
      -- What the customer saw at the time, so a reprint and a report name what was sold.
      sku text NOT NULL,
      name text NOT NULL,
      name_en text NOT NULL,
      category text NOT NULL,
      unit text NOT NULL,
      quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
      unit_price numeric(18, 2) NOT NULL CHECK (unit_price > 0),
      -- round_half_up(quantity × unit_price) to the fen
      gross numeric(18, 2) NOT NULL,
      discount numeric(18, 2) NOT NULL CHECK (discount >= 0),
      total numeric(18, 2) NOT NULL CHECK (total >= 0),
      -- This line's part of the sale-level discount (largest remainder), and what the
      -- customer paid for the line: Σ net over a sale is its total.
      sale_discount_share numeric(18, 2) NOT NULL CHECK (sale_discount_share >= 0),
      net numeric(18, 2) NOT NULL CHECK (net >= 0),
      PRIMARY KEY (sale_id, line_no),
      CHECK (total = gross - discount),
      CHECK (net = total - sale_discount_share)
    )`.execute(db);
  // Remaining = baked − sold + refunded is summed over this index, never kept in a row.
  await sql`CREATE INDEX sale_lines_date_product_idx ON sale_lines (business_date, product_id) INCLUDE (quantity)`.execute(
    db,
  );

  await sql`
    CREATE TABLE sale_tenders (
      sale_id uuid NOT NULL REFERENCES sales (id),
      tender_no smallint NOT NULL CHECK (tender_no BETWEEN 1 AND 10),
      register_id text NOT NULL,
      method text NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'hardship_voucher')),
      account_code text NOT NULL REFERENCES accounts (code),
      amount numeric(18, 2) NOT NULL CHECK (amount > 0),
      tendered numeric(18, 2),
      change numeric(18, 2),
      -- WeChat / Alipay transaction reference. Never the voucher number (that is private).
      reference text CHECK (length(reference) <= 64),
      PRIMARY KEY (sale_id, tender_no),
      CHECK ((method = 'cash') = (tendered IS NOT NULL)),
      CHECK ((tendered IS NULL) = (change IS NULL)),
      CHECK (tendered IS NULL OR (tendered >= amount AND change = tendered - amount)),
      CHECK (method <> 'hardship_voucher' OR reference IS NULL)
    )`.execute(db);

  // PRIVATE. Who used a hardship voucher. Read only behind the accountant's login, never
  // copied into the journal, a receipt, a report or anything public.
  await sql`
    CREATE TABLE hardship_voucher_holders (
      sale_id uuid NOT NULL,
      tender_no smallint NOT NULL,
      voucher_number text CHECK (length(voucher_number) <= 64),
      holder_name text CHECK (length(holder_name) <= 64),
      household text CHECK (length(household) <= 200),
      phone text CHECK (length(phone) <= 32),
      note text CHECK (length(note) <= 500),
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (sale_id, tender_no),
      FOREIGN KEY (sale_id, tender_no) REFERENCES sale_tenders (sale_id, tender_no)
    )`.execute(db);

  // --- Refunds ---------------------------------------------------------------------------
  await sql`
    CREATE TABLE refunds (
      id uuid PRIMARY KEY,
      sale_id uuid NOT NULL REFERENCES sales (id),
      register_id text NOT NULL ${registerIdCheck},
      shift_id uuid REFERENCES shifts (id),
      cashier_id uuid NOT NULL REFERENCES users (id),
      approved_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      business_date date NOT NULL,
      entry_date date NOT NULL,
      period text NOT NULL,
      late boolean NOT NULL,
      amount numeric(18, 2) NOT NULL CHECK (amount > 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
      -- The whole sale taken back on the shift that made it: a void on the Z report.
      is_void boolean NOT NULL,
      entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries (id) DEFERRABLE INITIALLY DEFERRED,
      content_hash text NOT NULL,
      CHECK (to_char(entry_date, 'YYYY-MM') = period)
    )`.execute(db);
  await sql`CREATE INDEX refunds_sale_idx ON refunds (sale_id)`.execute(db);
  await sql`CREATE INDEX refunds_shift_idx ON refunds (shift_id)`.execute(db);
  await sql`CREATE INDEX refunds_business_date_idx ON refunds (business_date)`.execute(db);

  await sql`
    CREATE TABLE refund_lines (
      refund_id uuid NOT NULL REFERENCES refunds (id),
      line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 200),
      sale_id uuid NOT NULL,
      sale_line_no smallint NOT NULL,
      register_id text NOT NULL,
      product_id uuid NOT NULL REFERENCES products (id),
      -- The sale's business date: a bun refunded goes back to that day's count.
      business_date date NOT NULL,
      quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
      amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
      PRIMARY KEY (refund_id, line_no),
      FOREIGN KEY (sale_id, sale_line_no) REFERENCES sale_lines (sale_id, line_no)
    )`.execute(db);
  await sql`CREATE INDEX refund_lines_date_product_idx ON refund_lines (business_date, product_id) INCLUDE (quantity)`.execute(
    db,
  );
  await sql`CREATE INDEX refund_lines_sale_idx ON refund_lines (sale_id, sale_line_no)`.execute(db);

  await sql`
    CREATE TABLE refund_tenders (
      refund_id uuid NOT NULL REFERENCES refunds (id),
      tender_no smallint NOT NULL CHECK (tender_no BETWEEN 1 AND 10),
      register_id text NOT NULL,
      method text NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'hardship_voucher')),
      account_code text NOT NULL REFERENCES accounts (code),
      amount numeric(18, 2) NOT NULL CHECK (amount > 0),
      -- The sale tender this pays back, or NULL when a manager chose another way.
      sale_tender_no smallint,
      PRIMARY KEY (refund_id, tender_no)
    )`.execute(db);

  // --- Z reports ---------------------------------------------------------------------------
  await sql`
    CREATE TABLE z_reports (
      number integer PRIMARY KEY CHECK (number > 0),
      shift_id uuid NOT NULL UNIQUE REFERENCES shifts (id),
      register_id text NOT NULL,
      created_at timestamptz NOT NULL,
      report jsonb NOT NULL
    )`.execute(db);

  for (const table of [
    'sales',
    'sale_lines',
    'sale_tenders',
    'refunds',
    'refund_lines',
    'refund_tenders',
    'cash_movements',
    'z_reports',
  ]) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_final`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION selling_refuse_change()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION selling_refuse_change()`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

import { sql, type Kysely } from 'kysely';

/**
 * A sale's writes in one statement: `xmf_record_sale(jsonb)` takes what the server has
 * already priced and checked (ledger/selling/post-sale.ts builds every row, and the
 * entry's lines come from ledger/books/posting-rules.ts) and, in the caller's transaction
 * or as a statement of its own:
 *
 *  1. takes the sale id's advisory lock (names are passed in, spelled once in
 *     ledger/core/advisory-locks.ts), then answers `taken` if the id is recorded already;
 *  2. share-locks the shift and answers `stale` unless it is still open, the cashier's and
 *     on the register the server checked (a close waits for the sale, as before);
 *  3. makes sure of the posting period and answers `stale` when a month at or after it
 *     closed since the server read the books (the caller reads again and posts late);
 *  4. for a hardship voucher, takes the fund's lock and reads its balance: `fund_short`
 *     for an online sale beyond it, an offline one is recorded and flagged;
 *  5. offline: flags the sale `oversold` when less remained than it took;
 *  6. inserts the sale (answering `taken` when its id or receipt number is held), its lines,
 *     tenders, the private voucher holders, the entry and its lines — the journal's own
 *     triggers check balance, periods and accounts as for any entry;
 *  7. online: raises `xmf_sold_out` (SQLSTATE 23514, DETAIL the product and what remained)
 *     when a count went below zero, which undoes every insert above. The lines' insert has
 *     added them to `product_day_totals` (a trigger, below), whose rows stay locked until
 *     COMMIT: sales of the same product on the same day take turns from there, and each
 *     reads a count that includes every sale committed before it.
 *
 * One round trip instead of twelve; nothing is decided here that the server did not
 * already decide, so both stay one rule. Every statement in a plpgsql function takes a
 * fresh snapshot, so what is read after a lock includes what committed before it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // What each product sold and had refunded each day, kept by the database as lines are
  // inserted (sale and refund lines are append-only), so that what remains is one row to
  // read, however many sales the day has had. Its row is also what serialises sales of
  // the same product on the same day: the increment holds it until COMMIT.
  await sql`
    CREATE TABLE product_day_totals (
      business_date date NOT NULL,
      product_id uuid NOT NULL REFERENCES products (id),
      sold numeric(14, 3) NOT NULL DEFAULT 0,
      refunded numeric(14, 3) NOT NULL DEFAULT 0,
      PRIMARY KEY (business_date, product_id)
    )`.execute(db);
  await sql`
    INSERT INTO product_day_totals (business_date, product_id, sold, refunded)
    SELECT business_date, product_id, sum(sold), sum(refunded)
      FROM (SELECT business_date, product_id, quantity AS sold, 0 AS refunded FROM sale_lines
            UNION ALL
            SELECT business_date, product_id, 0, quantity FROM refund_lines) AS lines
     GROUP BY business_date, product_id`.execute(db);
  // One statement's lines added to the totals, a row at a time in key order, so that two
  // writers touching the same products always lock them in the same order (no deadlock).
  for (const [table, column] of [
    ['sale_lines', 'sold'],
    ['refund_lines', 'refunded'],
  ] as const) {
    await sql`
      CREATE FUNCTION ${sql.raw(`${table}_add_to_totals`)}() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        added record;
      BEGIN
        FOR added IN
          SELECT business_date, product_id, sum(quantity) AS quantity
            FROM added_lines GROUP BY business_date, product_id ORDER BY business_date, product_id
        LOOP
          INSERT INTO product_day_totals (business_date, product_id, ${sql.raw(column)})
          VALUES (added.business_date, added.product_id, added.quantity)
          ON CONFLICT (business_date, product_id) DO UPDATE
            SET ${sql.raw(column)} = product_day_totals.${sql.raw(column)} + EXCLUDED.${sql.raw(column)};
        END LOOP;
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_totals`)} AFTER INSERT ON ${sql.table(table)}
        REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT
        EXECUTE FUNCTION ${sql.raw(`${table}_add_to_totals`)}()`.execute(db);
  }
  // What remains of a product's production on a day: baked − sold + refunded; NULL when no
  // count was set (then it never sells out). What remainingByProduct reads too.
  await sql`
    CREATE FUNCTION xmf_remaining(day date, product uuid) RETURNS numeric
    LANGUAGE sql STABLE AS $$
      SELECT pr.quantity - coalesce(t.sold, 0) + coalesce(t.refunded, 0)
        FROM production pr
        LEFT JOIN product_day_totals t
          ON t.business_date = pr.business_date AND t.product_id = pr.product_id
       WHERE pr.business_date = day AND pr.product_id = product
    $$`.execute(db);
  await sql`
    CREATE FUNCTION xmf_record_sale(p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
    DECLARE
      sale_row jsonb := p->'sale';
      new_sale uuid := (sale_row->>'id')::uuid;
      shift_row record;
      voucher_balance numeric;
      overdrawn boolean := false;
      is_oversold boolean := false;
      receipt bigint;
      entry_seq bigint;
      entry_posted timestamptz;
      short record;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext(p->>'saleLock'));
      IF EXISTS (SELECT 1 FROM sales WHERE id = new_sale) THEN
        RETURN jsonb_build_object('status', 'taken');
      END IF;

      SELECT status, cashier_id, register_id INTO shift_row
        FROM shifts WHERE id = (sale_row->>'shift_id')::uuid FOR SHARE;
      IF NOT FOUND OR shift_row.status <> 'open'
         OR shift_row.register_id <> sale_row->>'register_id'
         OR shift_row.cashier_id::text <> p->>'shiftCashierId' THEN
        RETURN jsonb_build_object('status', 'stale', 'reason', 'shift');
      END IF;

      INSERT INTO periods (period) VALUES (sale_row->>'period') ON CONFLICT (period) DO NOTHING;
      IF EXISTS (SELECT 1 FROM periods WHERE status = 'closed' AND period >= sale_row->>'period') THEN
        RETURN jsonb_build_object('status', 'stale', 'reason', 'period');
      END IF;

      IF p ? 'voucher' THEN
        PERFORM pg_advisory_xact_lock(hashtext(p->'voucher'->>'lock'));
        SELECT CASE WHEN a.normal_side = 'debit'
                    THEN coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0)
                    ELSE coalesce(sum(l.credit), 0) - coalesce(sum(l.debit), 0) END
          INTO voucher_balance
          FROM accounts a
          LEFT JOIN journal_lines l
            ON l.account_code = a.code OR l.account_code LIKE a.code || '.%'
         WHERE a.code = p->'voucher'->>'account'
         GROUP BY a.normal_side;
        IF coalesce(voucher_balance, 0) < (p->'voucher'->>'total')::numeric THEN
          IF NOT (sale_row->>'offline')::boolean THEN
            RETURN jsonb_build_object('status', 'fund_short', 'balance', coalesce(voucher_balance, 0)::text);
          END IF;
          overdrawn := true;
        END IF;
      END IF;

      IF (sale_row->>'offline')::boolean THEN
        SELECT EXISTS (
          SELECT 1
            FROM jsonb_to_recordset(p->'wanted') AS w(product_id uuid, quantity numeric)
           WHERE xmf_remaining((sale_row->>'business_date')::date, w.product_id) < w.quantity)
          INTO is_oversold;
      END IF;

      INSERT INTO sales (id, register_id, shift_id, cashier_id, created_at, received_at,
                         business_date, entry_date, period, late, offline, oversold,
                         fund_overdrawn, subtotal, discount, total, change, approved_by,
                         entry_id, content_hash, register_receipt_number)
      SELECT s.id, s.register_id, s.shift_id, s.cashier_id, s.created_at, s.received_at,
             s.business_date, s.entry_date, s.period, s.late, s.offline, is_oversold,
             overdrawn, s.subtotal, s.discount, s.total, s.change, s.approved_by,
             s.entry_id, s.content_hash, s.register_receipt_number
        FROM jsonb_populate_record(NULL::sales, sale_row) AS s
      ON CONFLICT DO NOTHING
      RETURNING receipt_number INTO receipt;
      IF receipt IS NULL THEN
        RETURN jsonb_build_object('status', 'taken');
      END IF;

      INSERT INTO sale_lines (sale_id, line_no, register_id, product_id, business_date, sku,
                              name, name_en, category, unit, quantity, unit_price, gross,
                              discount, total, sale_discount_share, net)
      SELECT new_sale, l.line_no, l.register_id, l.product_id, l.business_date, l.sku,
             l.name, l.name_en, l.category, l.unit, l.quantity, l.unit_price, l.gross,
             l.discount, l.total, l.sale_discount_share, l.net
        FROM jsonb_populate_recordset(NULL::sale_lines, p->'lines') AS l;
      INSERT INTO sale_tenders (sale_id, tender_no, register_id, method, account_code, amount,
                                tendered, change, reference)
      SELECT new_sale, t.tender_no, t.register_id, t.method, t.account_code, t.amount,
             t.tendered, t.change, t.reference
        FROM jsonb_populate_recordset(NULL::sale_tenders, p->'tenders') AS t;
      INSERT INTO hardship_voucher_holders (sale_id, tender_no, voucher_number, holder_name,
                                            household, phone, note, recorded_at)
      SELECT new_sale, h.tender_no, h.voucher_number, h.holder_name, h.household, h.phone,
             h.note, h.recorded_at
        FROM jsonb_populate_recordset(NULL::hardship_voucher_holders, p->'holders') AS h;

      INSERT INTO journal_entries (id, entry_date, period, description, source, source_id,
                                   idempotency_key, content_hash, reverses_id, posted_by)
      SELECT e.id, e.entry_date, e.period, e.description, e.source, e.source_id,
             e.idempotency_key, e.content_hash, e.reverses_id, e.posted_by
        FROM jsonb_populate_record(NULL::journal_entries, p->'entry') AS e
      RETURNING seq, posted_at INTO entry_seq, entry_posted;
      INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, memo,
                                 period, entry_date)
      SELECT l.entry_id, l.line_no, l.account_code, l.debit, l.credit, l.memo, l.period,
             l.entry_date
        FROM jsonb_populate_recordset(NULL::journal_lines, p->'entryLines') AS l;

      -- Online: the lines' increments above hold each product's row for the day until
      -- COMMIT, and read the latest committed count first, so what remains is exact.
      IF NOT (sale_row->>'offline')::boolean THEN
        SELECT w.product_id, w.quantity, r.remaining INTO short
          FROM jsonb_to_recordset(p->'wanted') AS w(product_id uuid, quantity numeric)
          CROSS JOIN LATERAL (
            SELECT xmf_remaining((sale_row->>'business_date')::date, w.product_id) AS remaining) r
         WHERE r.remaining < 0
         ORDER BY w.product_id
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'sold_out: product % has % left', short.product_id, short.remaining + short.quantity
            USING ERRCODE = 'check_violation', CONSTRAINT = 'xmf_sold_out',
                  DETAIL = jsonb_build_object('productId', short.product_id,
                                              'remaining', (short.remaining + short.quantity)::text)::text;
        END IF;
      END IF;

      RETURN jsonb_build_object('status', 'created', 'receiptNumber', receipt::text,
                                'fundOverdrawn', overdrawn, 'oversold', is_oversold);
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION xmf_record_sale(jsonb)`.execute(db);
  await sql`DROP FUNCTION xmf_remaining(date, uuid)`.execute(db);
  for (const table of ['sale_lines', 'refund_lines']) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_totals`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP FUNCTION ${sql.raw(`${table}_add_to_totals`)}()`.execute(db);
  }
  await sql`DROP TABLE product_day_totals`.execute(db);
}

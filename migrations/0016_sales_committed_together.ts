import { sql, type Kysely } from 'kysely';

/**
 * Sales from several registers read together and committed together (group commit).
 *
 * Each register's sale is still checked, priced and answered on its own
 * (ledger/selling/post-sale.ts); what the registers share is the round trip and the
 * COMMIT. While one group of sales is being written, the sales that arrive wait and go
 * in the next group, so a quiet shop writes each sale at once and a busy one writes
 * several per transaction (ledger/core/coalescer.ts, decision 0036).
 *
 *  - `xmf_sale_contexts(requests)`: `xmf_sale_context` (migration 0015) for each request,
 *    in order, as one jsonb array. Reads only; one snapshot for all.
 *  - `xmf_record_sales(writes)`: first locks the day's row of every product the group
 *    sells, in key order (as one sale's lines do), so that a group waits for a refund or
 *    another writer rather than deadlocking with it; then `xmf_record_sale` (migration
 *    0013) for each write, in order, each in its own subtransaction, with the deferred
 *    checks (the entry's balance, the sale's entry reference) run at its end. A write the
 *    database refuses — sold out, a closed month, an unbalanced entry — is rolled back
 *    alone and answered `{status: 'error', code, constraint, detail, message}` as its
 *    error would have been; the others stand. The whole group commits as one
 *    transaction, so no sale is answered before every sale of its group is durable.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION xmf_sale_contexts(requests jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE AS $$
    DECLARE
      r record;
      answers jsonb := '[]'::jsonb;
    BEGIN
      FOR r IN
        SELECT * FROM jsonb_to_recordset(requests)
          AS x(sale uuid, register text, receipt text, shift uuid, own_period text,
               priced_at timestamptz, product_ids jsonb)
      LOOP
        answers := answers || jsonb_build_array(xmf_sale_context(
          r.sale, r.register, r.receipt, r.shift, r.own_period, r.priced_at, r.product_ids));
      END LOOP;
      RETURN answers;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION xmf_record_sales(writes jsonb) RETURNS jsonb
    LANGUAGE plpgsql AS $$
    DECLARE
      w jsonb;
      outcome jsonb;
      outcomes jsonb := '[]'::jsonb;
      err_code text;
      err_constraint text;
      err_detail text;
      err_message text;
    BEGIN
      -- The day's row of every product the group sells, created if new and locked in key
      -- order before any sale is written, so that the group takes them in the same order
      -- as a single sale or a refund does and waits instead of deadlocking (each sale's
      -- own lines would lock them in the order of the group). A group of one sale locks
      -- them in that order by itself (its lines' trigger).
      IF jsonb_array_length(writes) > 1 THEN
        INSERT INTO product_day_totals (business_date, product_id)
        SELECT DISTINCT (g.value->'sale'->>'business_date')::date, (x.value->>'product_id')::uuid
          FROM jsonb_array_elements(writes) AS g, jsonb_array_elements(g.value->'wanted') AS x
         ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
        PERFORM 1
           FROM product_day_totals t
          WHERE (t.business_date, t.product_id) IN (
                  SELECT (g.value->'sale'->>'business_date')::date, (x.value->>'product_id')::uuid
                    FROM jsonb_array_elements(writes) AS g,
                         jsonb_array_elements(g.value->'wanted') AS x)
          ORDER BY t.business_date, t.product_id
            FOR NO KEY UPDATE;
      END IF;
      FOR w IN SELECT value FROM jsonb_array_elements(writes) LOOP
        BEGIN
          outcome := xmf_record_sale(w);
          -- This sale's deferred checks now, inside its own subtransaction, so that an
          -- entry the journal refuses undoes this sale alone and not its group.
          SET CONSTRAINTS ALL IMMEDIATE;
          SET CONSTRAINTS ALL DEFERRED;
        EXCEPTION WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS err_code = RETURNED_SQLSTATE,
                                  err_constraint = CONSTRAINT_NAME,
                                  err_detail = PG_EXCEPTION_DETAIL,
                                  err_message = MESSAGE_TEXT;
          outcome := jsonb_build_object('status', 'error', 'code', err_code,
                                        'constraint', nullif(err_constraint, ''),
                                        'detail', nullif(err_detail, ''),
                                        'message', err_message);
        END;
        outcomes := outcomes || jsonb_build_array(outcome);
      END LOOP;
      RETURN outcomes;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION xmf_record_sales(jsonb)`.execute(db);
  await sql`DROP FUNCTION xmf_sale_contexts(jsonb)`.execute(db);
}

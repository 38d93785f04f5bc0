import { sql, type Kysely } from 'kysely';

/**
 * What a sale reads before it is priced, as a function whose plan the database keeps.
 *
 * A sale's first statement (ledger/selling/post-sale.ts, `readSaleContext`) read six
 * things in one SELECT: planning it took about 0.35 ms of the database's time on every
 * sale, four times its execution (EXPLAIN ANALYZE, decision 0035). A PL/pgSQL function
 * prepares its statements once per connection and keeps the plans, so the same reads cost
 * only their execution; the statement the server sends is a bare function call.
 *
 *  - `xmf_product_price(product, priced_at)`: the catalog's pricing rule, in one place — the
 *    price in effect then, or the product's first price when priced_at comes before it (a tablet clock
 *    running behind: it could only have sold what its catalog showed). The catalog's own
 *    listing (ledger/selling/catalog.ts) calls it too.
 *  - `xmf_sale_context(...)`: the content hash of a sale already recorded under the id,
 *    another sale of the register holding the receipt number, the shift, the latest closed
 *    month at or after the sale's own, the books' first month, and the products (active or
 *    not) with their prices at the sale's time — the same shapes as before, as jsonb.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION xmf_product_price(product uuid, priced_at timestamptz) RETURNS numeric
    LANGUAGE plpgsql STABLE AS $$
    BEGIN
      RETURN coalesce(
        (SELECT pp.price FROM product_prices pp
          WHERE pp.product_id = product AND pp.effective_from <= priced_at
          ORDER BY pp.effective_from DESC LIMIT 1),
        (SELECT pp.price FROM product_prices pp
          WHERE pp.product_id = product ORDER BY pp.effective_from LIMIT 1));
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION xmf_sale_context(sale uuid, register text, receipt text, shift uuid,
                                     own_period text, priced_at timestamptz, product_ids jsonb)
    RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
    BEGIN
      RETURN jsonb_build_object(
        'stored_hash', (SELECT s.content_hash FROM sales s WHERE s.id = sale),
        'receipt_holder', (SELECT s.id FROM sales s
                            WHERE s.register_id = register AND s.register_receipt_number = receipt
                              AND s.id <> sale),
        'shift', (SELECT jsonb_build_object('id', sh.id, 'register_id', sh.register_id,
                                            'cashier_id', sh.cashier_id, 'status', sh.status,
                                            'opened_at', sh.opened_at)
                    FROM shifts sh WHERE sh.id = shift),
        'latest_closed', (SELECT max(pe.period) FROM periods pe
                           WHERE pe.status = 'closed' AND pe.period >= own_period),
        'first_period', (SELECT min(pe.period) FROM periods pe),
        'products', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'id', p.id, 'sku', p.sku, 'name', p.name, 'name_en', p.name_en,
                              'category', p.category, 'category_en', c.name_en, 'unit', p.unit,
                              'tile_order', p.tile_order, 'active', p.active,
                              'status_changed_at', p.status_changed_at,
                              'price', xmf_product_price(p.id, priced_at)::text)), '[]'::jsonb)
                       FROM products p
                       JOIN categories c ON c.name = p.category
                      WHERE p.id IN (SELECT value::uuid FROM jsonb_array_elements_text(product_ids))));
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION xmf_sale_context(uuid, text, text, uuid, text, timestamptz, jsonb)`.execute(
    db,
  );
  await sql`DROP FUNCTION xmf_product_price(uuid, timestamptz)`.execute(db);
}

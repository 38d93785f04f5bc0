import { sql } from 'kysely';
import type { ProductUnit, TenderMethod } from '../ledger/schema/database.js';
import type { Executor } from '../ledger/core/executor.js';
import { D, Money, ZERO } from '../ledger/core/money.js';
import { tenderTotals } from '../ledger/selling/tender-totals.js';

export interface DailySummary {
  date: string;
  sales: { count: number; gross: Money; discounts: Money; total: Money };
  refunds: { count: number; amount: Money };
  /** Sales total − refunds of the day. */
  net: Money;
  byProduct: {
    productId: string;
    sku: string;
    name: string;
    nameEn: string;
    category: string;
    unit: ProductUnit;
    quantity: Money;
    gross: Money;
    discounts: Money;
    /** What customers paid for it (after line and sale discounts). */
    total: Money;
    refundedQuantity: Money;
    refunded: Money;
  }[];
  byCategory: { category: string; total: Money; refunded: Money }[];
  byTender: { method: TenderMethod; count: number; amount: Money; refunded: Money }[];
  /** Local hour in the business time zone ("07" = 07:00–07:59), by the sale's own time. */
  byHour: { hour: string; count: number; total: Money }[];
}

/**
 * Sales of one business day by product, category, tender and hour. A sale counts on the
 * day it was made (its business date), whenever it was synced or posted; refunds count on
 * the day they were made. Per-product totals are what customers paid (line totals less
 * their share of any sale discount), so the products add up to the day's sales total.
 *
 * @example const day = await dailySummary(db, { date: '2026-03-10', timeZone: 'Asia/Shanghai' });
 */
export async function dailySummary(
  db: Executor,
  options: { date: string; timeZone: string },
): Promise<DailySummary> {
  const { date } = options;
  const sales = await db
    .selectFrom('sales')
    .select([sql<string>`count(*)`.as('count'), sql<string>`coalesce(sum(total), 0)`.as('total')])
    .where('business_date', '=', date)
    .executeTakeFirstOrThrow();
  const products = await db
    .selectFrom('sale_lines')
    .select([
      'product_id',
      sql<string>`min(sku)`.as('sku'),
      sql<string>`min(name)`.as('name'),
      sql<string>`min(name_en)`.as('name_en'),
      sql<string>`min(category)`.as('category'),
      sql<ProductUnit>`min(unit)`.as('unit'),
      sql<string>`sum(quantity)`.as('quantity'),
      sql<string>`sum(gross)`.as('gross'),
      sql<string>`sum(gross - net)`.as('discounts'),
      sql<string>`sum(net)`.as('total'),
    ])
    .where('business_date', '=', date)
    .groupBy('product_id')
    .execute();
  const refunds = await db
    .selectFrom('refunds')
    .select([sql<string>`count(*)`.as('count'), sql<string>`coalesce(sum(amount), 0)`.as('amount')])
    .where('business_date', '=', date)
    .executeTakeFirstOrThrow();
  const refundedProducts = await db
    .selectFrom('refund_lines as l')
    .innerJoin('refunds as r', 'r.id', 'l.refund_id')
    .innerJoin('sale_lines as s', (join) =>
      join.onRef('s.sale_id', '=', 'l.sale_id').onRef('s.line_no', '=', 'l.sale_line_no'),
    )
    .select([
      'l.product_id',
      sql<string>`min(s.sku)`.as('sku'),
      sql<string>`min(s.name)`.as('name'),
      sql<string>`min(s.name_en)`.as('name_en'),
      sql<string>`min(s.category)`.as('category'),
      sql<ProductUnit>`min(s.unit)`.as('unit'),
      sql<string>`sum(l.quantity)`.as('quantity'),
      sql<string>`sum(l.amount)`.as('amount'),
    ])
    .where('r.business_date', '=', date)
    .groupBy('l.product_id')
    .execute();
  const tenders = await tenderTotals(db, { businessDate: date });
  const hours = await db
    .selectFrom('sales')
    .select([
      sql<string>`to_char(created_at AT TIME ZONE ${options.timeZone}, 'HH24')`.as('hour'),
      sql<string>`count(*)`.as('count'),
      sql<string>`sum(total)`.as('total'),
    ])
    .where('business_date', '=', date)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();

  type ProductRow = DailySummary['byProduct'][number];
  const byProduct = new Map<string, ProductRow>();
  for (const row of products) {
    byProduct.set(row.product_id, {
      productId: row.product_id,
      sku: row.sku,
      name: row.name,
      nameEn: row.name_en,
      category: row.category,
      unit: row.unit,
      quantity: D(row.quantity),
      gross: D(row.gross),
      discounts: D(row.discounts),
      total: D(row.total),
      refundedQuantity: ZERO,
      refunded: ZERO,
    });
  }
  for (const row of refundedProducts) {
    const existing: ProductRow = byProduct.get(row.product_id) ?? {
      productId: row.product_id,
      sku: row.sku,
      name: row.name,
      nameEn: row.name_en,
      category: row.category,
      unit: row.unit,
      quantity: ZERO,
      gross: ZERO,
      discounts: ZERO,
      total: ZERO,
      refundedQuantity: ZERO,
      refunded: ZERO,
    };
    existing.refundedQuantity = D(row.quantity);
    existing.refunded = D(row.amount);
    byProduct.set(row.product_id, existing);
  }
  // Code-point order, not a locale's: the same report on every server.
  const key = (row: ProductRow) => `${row.category}\u0000${row.sku}`;
  const productRows = [...byProduct.values()].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0,
  );
  const byCategory = new Map<string, { category: string; total: Money; refunded: Money }>();
  for (const row of productRows) {
    const category = byCategory.get(row.category) ?? {
      category: row.category,
      total: ZERO,
      refunded: ZERO,
    };
    category.total = category.total.plus(row.total);
    category.refunded = category.refunded.plus(row.refunded);
    byCategory.set(row.category, category);
  }
  const gross = productRows.reduce((sum, row) => sum.plus(row.gross), ZERO);
  const total = D(sales.total);
  const refundAmount = D(refunds.amount);
  return {
    date,
    sales: { count: Number(sales.count), gross, discounts: gross.minus(total), total },
    refunds: { count: Number(refunds.count), amount: refundAmount },
    net: total.minus(refundAmount),
    byProduct: productRows,
    byCategory: [...byCategory.values()],
    byTender: tenders.map(({ method, count, amount, refunded }) => ({
      method,
      count,
      amount,
      refunded,
    })),
    byHour: hours.map((row) => ({ hour: row.hour, count: Number(row.count), total: D(row.total) })),
  };
}

import { sql } from 'kysely';
import type { TenderMethod } from '../ledger/schema/database.js';
import type { Executor } from '../ledger/core/executor.js';
import { D, type Money, ZERO } from '../ledger/core/money.js';

/** The most sales one drill-down lists; `truncated` says when the day had more. */
export const MAX_DRILL_SALES = 500;

/** Which figure of the daily sales summary to open: one product, category, tender or hour. */
export type DailySalesFigure =
  | { by: 'all' }
  | { by: 'product'; productId: string }
  | { by: 'category'; category: string }
  | { by: 'tender'; method: TenderMethod }
  /** Local hour in the business time zone, "07" = 07:00–07:59. */
  | { by: 'hour'; hour: string };

export interface DailySaleEntry {
  saleId: string;
  receiptNumber: string;
  registerId: string;
  createdAt: Date;
  /** The sale's whole total. */
  total: Money;
  /** The part of the sale in the figure: the product's or category's lines, the tender's amount, or the total. */
  amount: Money;
  /** The journal entry the sale posted (its receipt is reached from the sale). */
  entryId: string;
  late: boolean;
}

export interface DailySalesEntries {
  date: string;
  figure: DailySalesFigure;
  sales: DailySaleEntry[];
  /** Sum of `amount` over the listed sales. */
  amount: Money;
  truncated: boolean;
}

/**
 * The sales behind one figure of a day's sales summary, with the journal entry each one
 * posted, so that an accountant can go from a figure to its entries and on to a receipt.
 * A sale counts on its own business date, as in `dailySummary`; the amounts are what the
 * summary adds up for the figure (line `net` for products and categories, the tender's
 * amount for a tender, the sale total for an hour or the whole day), so the listed amounts
 * sum to the summary's figure when nothing is truncated.
 *
 * @example await dailySalesEntries(db, { date: '2026-03-10', timeZone: 'Asia/Shanghai', figure: { by: 'tender', method: 'wechat' } });
 */
export async function dailySalesEntries(
  db: Executor,
  options: { date: string; timeZone: string; figure: DailySalesFigure },
): Promise<DailySalesEntries> {
  const { date, figure, timeZone } = options;
  let amounts = db
    .selectFrom('sales as s')
    .where('s.business_date', '=', date)
    .select(['s.id as sale_id', 's.total as amount']);
  if (figure.by === 'product' || figure.by === 'category') {
    let lines = db
      .selectFrom('sale_lines as l')
      .where('l.business_date', '=', date)
      .select(['l.sale_id', sql<string>`sum(l.net)`.as('amount')])
      .groupBy('l.sale_id');
    lines =
      figure.by === 'product'
        ? lines.where('l.product_id', '=', figure.productId)
        : lines.where('l.category', '=', figure.category);
    amounts = lines as unknown as typeof amounts;
  } else if (figure.by === 'tender') {
    amounts = db
      .selectFrom('sale_tenders as t')
      .innerJoin('sales as s', 's.id', 't.sale_id')
      .where('s.business_date', '=', date)
      .where('t.method', '=', figure.method)
      .select(['t.sale_id', sql<string>`sum(t.amount)`.as('amount')])
      .groupBy('t.sale_id');
  } else if (figure.by === 'hour') {
    amounts = amounts.where(
      sql<string>`to_char(s.created_at AT TIME ZONE ${timeZone}, 'HH24')`,
      '=',
      figure.hour,
    );
  }
  const rows = await db
    .with('figure', () => amounts)
    .selectFrom('figure as f')
    .innerJoin('sales as s', 's.id', 'f.sale_id')
    .select([
      's.id',
      's.receipt_number',
      's.register_id',
      's.created_at',
      's.total',
      's.entry_id',
      's.late',
      'f.amount',
    ])
    .orderBy('s.created_at')
    .orderBy('s.id')
    .limit(MAX_DRILL_SALES + 1)
    .execute();
  const sales = rows.slice(0, MAX_DRILL_SALES).map((row) => ({
    saleId: row.id,
    receiptNumber: row.receipt_number,
    registerId: row.register_id,
    createdAt: row.created_at,
    total: D(row.total),
    amount: D(row.amount),
    entryId: row.entry_id,
    late: row.late,
  }));
  return {
    date,
    figure,
    sales,
    amount: sales.reduce((sum, sale) => sum.plus(sale.amount), ZERO),
    truncated: rows.length > MAX_DRILL_SALES,
  };
}

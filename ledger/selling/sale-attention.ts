import type { Executor } from '../core/executor.js';
import { D, ZERO, type Money } from '../core/money.js';

/** Most flagged sales one answer lists; a shop has a handful, if any. */
export const MAX_ATTENTION_ROWS = 1000;

export interface FundOverdrawnSale {
  saleId: string;
  registerId: string;
  createdAt: Date;
  businessDate: string;
  period: string;
  /** What the sale's hardship vouchers paid. */
  vouchers: Money;
}

/**
 * The offline voucher sales that took the hardship fund below zero (`sales.fund_overdrawn`),
 * oldest first. They were recorded because they happened at the counter; the accountant
 * tops the fund up or accounts for them.
 *
 * @example const flagged = await listFundOverdrawnSales(db); // [{ saleId, vouchers: D('8.00'), … }]
 */
export async function listFundOverdrawnSales(db: Executor): Promise<FundOverdrawnSale[]> {
  const rows = await db
    .selectFrom('sales as s')
    .leftJoin('sale_tenders as t', (join) =>
      join.onRef('t.sale_id', '=', 's.id').on('t.method', '=', 'hardship_voucher'),
    )
    .select((eb) => [
      's.id',
      's.register_id',
      's.created_at',
      's.business_date',
      's.period',
      eb.fn.sum<string | null>('t.amount').as('vouchers'),
    ])
    .where('s.fund_overdrawn', '=', true)
    .groupBy(['s.id', 's.register_id', 's.created_at', 's.business_date', 's.period'])
    .orderBy('s.created_at')
    .limit(MAX_ATTENTION_ROWS)
    .execute();
  return rows.map((row) => ({
    saleId: row.id,
    registerId: row.register_id,
    createdAt: row.created_at,
    businessDate: row.business_date,
    period: row.period,
    vouchers: row.vouchers === null ? ZERO : D(row.vouchers),
  }));
}

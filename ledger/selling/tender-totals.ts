import { sql } from 'kysely';
import type { TenderMethod } from '../schema/database.js';
import type { Executor } from '../core/executor.js';
import { D, Money, ZERO } from '../core/money.js';

/** The order tenders are listed in on every report: cash first, then the others. */
export const TENDER_ORDER: readonly TenderMethod[] = [
  'cash',
  'wechat',
  'alipay',
  'hardship_voucher',
];

/** Which sales and refunds a total covers: one shift's, or one business day's. */
export type SalesScope = { shiftId: string } | { businessDate: string };

export interface TenderTotal {
  method: TenderMethod;
  /** Sale tenders of this method. */
  count: number;
  /** What the sales took by this method. */
  amount: Money;
  /** Cash handed over and change given (zero for the other methods). */
  tendered: Money;
  change: Money;
  /** What refunds paid back by this method. */
  refunded: Money;
}

/**
 * The sales and refunds of a shift or a day, by tender, in `TENDER_ORDER`; a method with
 * neither a sale nor a refund is left out. The Z and X reports and the daily summary all
 * read their tender figures from here.
 *
 * @example await tenderTotals(db, { shiftId }) // [{ method: 'cash', count: 12, amount: D('86.50'), … }]
 */
export async function tenderTotals(db: Executor, scope: SalesScope): Promise<TenderTotal[]> {
  const sold = await db
    .selectFrom('sale_tenders as t')
    .innerJoin('sales as s', 's.id', 't.sale_id')
    .select([
      't.method',
      sql<string>`count(*)`.as('count'),
      sql<string>`sum(t.amount)`.as('amount'),
      sql<string>`coalesce(sum(t.tendered), 0)`.as('tendered'),
      sql<string>`coalesce(sum(t.change), 0)`.as('change'),
    ])
    .$call((query) =>
      'shiftId' in scope
        ? query.where('s.shift_id', '=', scope.shiftId)
        : query.where('s.business_date', '=', scope.businessDate),
    )
    .groupBy('t.method')
    .execute();
  const back = await db
    .selectFrom('refund_tenders as t')
    .innerJoin('refunds as r', 'r.id', 't.refund_id')
    .select(['t.method', sql<string>`sum(t.amount)`.as('amount')])
    .$call((query) =>
      'shiftId' in scope
        ? query.where('r.shift_id', '=', scope.shiftId)
        : query.where('r.business_date', '=', scope.businessDate),
    )
    .groupBy('t.method')
    .execute();
  return TENDER_ORDER.flatMap((method) => {
    const sale = sold.find((row) => row.method === method);
    const refund = back.find((row) => row.method === method);
    if (!sale && !refund) return [];
    return [
      {
        method,
        count: Number(sale?.count ?? 0),
        amount: sale ? D(sale.amount) : ZERO,
        tendered: sale ? D(sale.tendered) : ZERO,
        change: sale ? D(sale.change) : ZERO,
        refunded: refund ? D(refund.amount) : ZERO,
      },
    ];
  });
}

import { sql } from 'kysely';
import { ruleForPeriod } from '../ledger/books/allocation-rules.js';
import { accountBalance, accountTotals } from '../ledger/books/balances.js';
import { businessDate, periodOf, previousPeriod } from '../ledger/core/business-time.js';
import { clearingBalances, type ClearingBalance } from '../ledger/books/clearing-balances.js';
import {
  allocateSurplus,
  UNALLOCATED_ACCOUNT,
  type OpenShiftInfo,
  type SurplusSplit,
} from '../ledger/books/close-period.js';
import type { FundKey } from '../ledger/schema/database.js';
import { assert } from '../ledger/core/errors.js';
import type { Executor } from '../ledger/core/executor.js';
import { SALES_REVENUE_ACCOUNT } from '../ledger/books/posting-rules.js';
import { D, type Money, ZERO } from '../ledger/core/money.js';

/** The most late or offline sales the dashboard lists (the counts are complete). */
export const MAX_ATTENTION_SALES = 20;

export interface AttentionSale {
  saleId: string;
  receiptNumber: string;
  registerId: string;
  businessDate: string;
  period: string;
  total: Money;
  late: boolean;
  offline: boolean;
  oversold: boolean;
  createdAt: Date;
  receivedAt: Date;
}

export interface BooksDashboard {
  today: string;
  period: string;
  month: {
    /** 主营业务收入 net of refunds. */
    netSales: Money;
    /** Every revenue account, net. */
    revenue: Money;
    /** Every expense account, net. */
    costs: Money;
    /** revenue − costs so far: what the close would allocate if the month ended now. */
    surplus: Money;
    saleCount: number;
    deficitCarriedIn: Money;
    rule: { id: string; effectiveFrom: string };
    split: SurplusSplit;
  };
  funds: { fund: FundKey; name: string; nameEn: string; account: string; balance: Money }[];
  openShifts: OpenShiftInfo[];
  attention: { late: number; offline: number; oversold: number; sales: AttentionSale[] };
  periods: {
    /** Months that have ended, hold entries and are still open. */
    toClose: { period: string; entryCount: number }[];
    /** Closed months whose close in force has no published statement. */
    toPublish: { period: string; closedAt: Date }[];
  };
  clearing: (ClearingBalance & { ageDays: number | null })[];
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The accountant's dashboard: this month so far (sales, costs, the projected surplus and
 * what each fund would receive by the rule in force — the month close's own split), fund
 * balances, open shifts, late and offline sales of this month and the last one, months
 * waiting to be closed or published, and what WeChat Pay and Alipay still hold and since
 * when. Read-only.
 *
 * @example const dashboard = await booksDashboard(db, { now: new Date(), timeZone: 'Asia/Shanghai' });
 */
export async function booksDashboard(
  db: Executor,
  options: { now: Date; timeZone: string },
): Promise<BooksDashboard> {
  const today = businessDate(options.now, options.timeZone);
  const period = periodOf(today);

  const totals = await accountTotals(db, { period });
  const accounts = await db
    .selectFrom('accounts')
    .select(['code', 'type'])
    .where('type', 'in', ['revenue', 'expense'])
    .execute();
  let revenue = ZERO;
  let costs = ZERO;
  for (const account of accounts) {
    const total = totals.get(account.code);
    if (!total) continue;
    if (account.type === 'revenue') revenue = revenue.plus(total.credit.minus(total.debit));
    else costs = costs.plus(total.debit.minus(total.credit));
  }
  const sales = totals.get(SALES_REVENUE_ACCOUNT);
  const netSales = sales ? sales.credit.minus(sales.debit) : ZERO;
  const surplus = revenue.minus(costs);
  const unallocated = await accountBalance(db, UNALLOCATED_ACCOUNT, { upToPeriod: period });
  const deficitCarriedIn = unallocated.lt(0) ? unallocated.neg() : ZERO;
  const rule = await ruleForPeriod(db, period);
  assert(rule, 'a default allocation rule always exists');
  const split = allocateSurplus({ period, surplus, deficitCarriedIn, rule });
  const saleCount = await db
    .selectFrom('sales')
    .select(sql<string>`count(*)`.as('n'))
    .where('period', '=', period)
    .executeTakeFirstOrThrow();

  const fundRows = await db
    .selectFrom('funds')
    .select(['key', 'name', 'name_en', 'account_code'])
    .orderBy('sort_order')
    .execute();
  const funds = [];
  for (const fund of fundRows) {
    funds.push({
      fund: fund.key,
      name: fund.name,
      nameEn: fund.name_en,
      account: fund.account_code,
      balance: await accountBalance(db, fund.account_code),
    });
  }

  const shifts = await db
    .selectFrom('shifts as s')
    .innerJoin('users as u', 'u.id', 's.cashier_id')
    .select([
      's.id',
      's.register_id',
      'u.username',
      'u.display_name',
      's.business_date',
      's.opened_at',
    ])
    .where('s.status', '=', 'open')
    .orderBy('s.register_id')
    .execute();

  // Late and offline sales posted this month or the last: the ones a close may still reach.
  const since = previousPeriod(period);
  const flagged = db
    .selectFrom('sales')
    .where('period', '>=', since)
    .where((eb) =>
      eb.or([eb('late', '=', true), eb('offline', '=', true), eb('oversold', '=', true)]),
    );
  const flagCounts = await flagged
    .select([
      sql<string>`count(*) FILTER (WHERE late)`.as('late'),
      sql<string>`count(*) FILTER (WHERE offline)`.as('offline'),
      sql<string>`count(*) FILTER (WHERE oversold)`.as('oversold'),
    ])
    .executeTakeFirstOrThrow();
  const flaggedSales = await flagged
    .select([
      'id',
      'receipt_number',
      'register_id',
      'business_date',
      'period',
      'total',
      'late',
      'offline',
      'oversold',
      'created_at',
      'received_at',
    ])
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(MAX_ATTENTION_SALES)
    .execute();

  const toClose = await db
    .selectFrom('journal_entries as e')
    .innerJoin('periods as p', 'p.period', 'e.period')
    .select(['e.period', sql<string>`count(*)`.as('n')])
    .where('p.status', '=', 'open')
    .where('e.period', '<', period)
    .groupBy('e.period')
    .orderBy('e.period')
    .execute();
  const toPublish = await db
    .selectFrom('period_closes as c')
    .innerJoin('periods as p', 'p.period', 'c.period')
    .select(['c.period', 'c.closed_at'])
    .where('c.reopened_at', 'is', null)
    .where('p.status', '=', 'closed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('statements as s').select('s.version').whereRef('s.close_id', '=', 'c.id'),
        ),
      ),
    )
    .orderBy('c.period')
    .execute();

  const clearing = await clearingBalances(db);
  return {
    today,
    period,
    month: {
      netSales,
      revenue,
      costs,
      surplus,
      saleCount: Number(saleCount.n),
      deficitCarriedIn,
      rule: { id: rule.id, effectiveFrom: rule.effectiveFrom },
      split,
    },
    funds,
    openShifts: shifts.map((row) => ({
      id: row.id,
      registerId: row.register_id,
      cashier: row.username,
      cashierName: row.display_name,
      businessDate: row.business_date,
      openedAt: row.opened_at,
    })),
    attention: {
      late: Number(flagCounts.late),
      offline: Number(flagCounts.offline),
      oversold: Number(flagCounts.oversold),
      sales: flaggedSales.map((row) => ({
        saleId: row.id,
        receiptNumber: row.receipt_number,
        registerId: row.register_id,
        businessDate: row.business_date,
        period: row.period,
        total: D(row.total),
        late: row.late,
        offline: row.offline,
        oversold: row.oversold,
        createdAt: row.created_at,
        receivedAt: row.received_at,
      })),
    },
    periods: {
      toClose: toClose.map((row) => ({ period: row.period, entryCount: Number(row.n) })),
      toPublish: toPublish.map((row) => ({ period: row.period, closedAt: row.closed_at })),
    },
    clearing: clearing.map((account) => ({
      ...account,
      ageDays: account.oldestUnsettledDate ? daysBetween(account.oldestUnsettledDate, today) : null,
    })),
  };
}

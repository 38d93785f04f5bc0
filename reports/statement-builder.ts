import { sql } from 'kysely';
import { ALLOCATION_FUNDS } from '../ledger/books/allocation-rules.js';
import { businessIso, periodBounds } from '../ledger/core/business-time.js';
import { activeClose } from '../ledger/books/close-period.js';
import { AID_RECIPIENT_LABEL } from '../ledger/books/disbursements.js';
import { Refusal } from '../ledger/core/errors.js';
import type { Executor } from '../ledger/core/executor.js';
import { D, fen, Money, ZERO } from '../ledger/core/money.js';
import { incomeStatement } from './financial-statements.js';
import { fundStatement, VOUCHER_CATEGORY } from './fund-statement.js';
import type { FundKey, StatementModel, TenderMethod } from './statement-model.js';

export const ENTERPRISE = {
  name: '辛馍坊',
  nameEn: 'Xinmofang Bakery',
  community: '济南市社区居民共建社会企业',
  communityEn: 'A residents’ community social enterprise, Jinan',
} as const;

const TENDER_ORDER: TenderMethod[] = ['cash', 'wechat', 'alipay', 'hardship_voucher'];

export interface BuildStatementOptions {
  period: string;
  version: number;
  correction: { supersedesVersion: number; note: string } | null;
  publishedBy: { name: string; at: string } | null;
  verifyUrl: string;
  /** Times are shown in the business time zone, e.g. 2026-11-03T10:00:00+08:00. */
  timeZone: string;
}

/**
 * The figures of a closed month's reinvestment statement, read from the books. Everything
 * is public by construction: aid lines carry only 困难家庭 and the category, and nothing
 * here reads the private recipient or voucher-holder tables.
 *
 * @example const model = await buildStatementModel(db, { period: '2026-10', version: 1, correction: null, publishedBy: null, verifyUrl })
 */
export async function buildStatementModel(
  db: Executor,
  options: BuildStatementOptions,
): Promise<StatementModel> {
  const { period } = options;
  const close = await activeClose(db, period);
  const periodRow = await db
    .selectFrom('periods')
    .selectAll()
    .where('period', '=', period)
    .executeTakeFirst();
  if (!close || !periodRow || periodRow.status !== 'closed' || !periodRow.digest) {
    throw new Refusal(
      'period_not_closed',
      `The month ${period} is not closed; only closed months have statements.`,
    );
  }
  const { first, last } = periodBounds(period);

  // --- Sales: everything posted in this month's books (late sales included) ---------------
  const totals = await sql<{
    sale_count: string;
    gross: string | null;
    discounts: string | null;
    late_count: string;
    late_amount: string | null;
  }>`
    SELECT count(*) AS sale_count,
           sum(subtotal) AS gross,
           sum(discount) + coalesce((SELECT sum(l.discount) FROM sale_lines l JOIN sales s2 ON s2.id = l.sale_id WHERE s2.period = ${period}), 0) AS discounts,
           count(*) FILTER (WHERE late) AS late_count,
           sum(total) FILTER (WHERE late) AS late_amount
      FROM sales WHERE period = ${period}`.execute(db);
  const refunds = await sql<{
    amount: string | null;
  }>`SELECT sum(amount) AS amount FROM refunds WHERE period = ${period}`.execute(db);
  // By category and by tender, net of refunds booked this month, so that each table's
  // total is the month's net sales (what 5001 shows).
  // Quantities per unit: pieces and 斤 are never added together.
  const byCategory = await sql<{
    category: string;
    name_en: string | null;
    unit: string;
    quantity: string;
    amount: string;
  }>`
    WITH movements AS (
      SELECT l.category, l.unit, l.quantity, l.net AS amount
        FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.period = ${period}
      UNION ALL
      SELECT sl.category, sl.unit, -rl.quantity, -rl.amount
        FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id
        JOIN sale_lines sl ON sl.sale_id = rl.sale_id AND sl.line_no = rl.sale_line_no
       WHERE r.period = ${period})
    SELECT m.category, c.name_en, m.unit, sum(m.quantity) AS quantity, sum(m.amount) AS amount
      FROM movements m LEFT JOIN categories c ON c.name = m.category
     GROUP BY m.category, c.name_en, c.sort_order, m.unit
     ORDER BY c.sort_order, m.category, m.unit`.execute(db);
  const byTender = await sql<{ method: TenderMethod; count: string; amount: string }>`
    WITH movements AS (
      SELECT t.method, 1 AS n, t.amount FROM sale_tenders t JOIN sales s ON s.id = t.sale_id WHERE s.period = ${period}
      UNION ALL
      SELECT t.method, 0 AS n, -t.amount FROM refund_tenders t JOIN refunds r ON r.id = t.refund_id WHERE r.period = ${period})
    SELECT method, sum(n) AS count, sum(amount) AS amount FROM movements GROUP BY method`.execute(
    db,
  );
  const totalRow = totals.rows[0];
  const income = await incomeStatement(db, period);
  const revenue = income.revenue.find((line) => line.account === '5001')?.amount ?? ZERO;

  // --- Production and waste: by business day within the calendar month ---------------------
  const production = await sql<{
    product: string;
    name_en: string;
    unit: string;
    baked: string;
    sold: string;
    refunded: string;
    donated: string;
    discounted: string;
    wasted: string;
  }>`
    WITH baked AS (SELECT product_id, sum(quantity) AS q FROM production WHERE business_date BETWEEN ${first} AND ${last} GROUP BY product_id),
         sold AS (SELECT product_id, sum(quantity) AS q FROM sale_lines WHERE business_date BETWEEN ${first} AND ${last} GROUP BY product_id),
         refunded AS (SELECT product_id, sum(quantity) AS q FROM refund_lines WHERE business_date BETWEEN ${first} AND ${last} GROUP BY product_id),
         left_over AS (
           SELECT product_id,
                  sum(quantity) FILTER (WHERE disposition = 'donated') AS donated,
                  sum(quantity) FILTER (WHERE disposition = 'discounted') AS discounted,
                  sum(quantity) FILTER (WHERE disposition = 'waste') AS wasted
             FROM leftovers WHERE business_date BETWEEN ${first} AND ${last} GROUP BY product_id)
    SELECT p.name AS product, p.name_en, p.unit,
           coalesce(b.q, 0) AS baked, coalesce(s.q, 0) AS sold, coalesce(r.q, 0) AS refunded,
           coalesce(o.donated, 0) AS donated, coalesce(o.discounted, 0) AS discounted, coalesce(o.wasted, 0) AS wasted
      FROM products p
      LEFT JOIN baked b ON b.product_id = p.id
      LEFT JOIN sold s ON s.product_id = p.id
      LEFT JOIN refunded r ON r.product_id = p.id
      LEFT JOIN left_over o ON o.product_id = p.id
     WHERE b.q IS NOT NULL OR s.q IS NOT NULL OR o.product_id IS NOT NULL
     ORDER BY p.tile_order, p.name`.execute(db);
  let bakedTotal = ZERO;
  let wastedTotal = ZERO;
  const productionItems = production.rows.map((row) => {
    bakedTotal = bakedTotal.plus(row.baked);
    wastedTotal = wastedTotal.plus(row.wasted);
    const sold = D(row.sold).minus(row.refunded);
    // What the records do not explain (weighing differences, unrecorded leftovers); negative
    // when more went out than was baked this month. Shown so the row reconciles.
    const unaccounted = D(row.baked)
      .minus(sold)
      .minus(row.donated)
      .minus(row.discounted)
      .minus(row.wasted);
    return {
      product: row.product,
      productEn: row.name_en,
      unit: row.unit,
      baked: quantityText(D(row.baked)),
      sold: quantityText(sold),
      donated: quantityText(D(row.donated)),
      discounted: quantityText(D(row.discounted)),
      wasted: quantityText(D(row.wasted)),
      unaccounted: quantityText(unaccounted),
    };
  });
  const wasteRatePercent = bakedTotal.gt(0)
    ? wastedTotal.div(bakedTotal).times(100).toDecimalPlaces(1).toFixed(1)
    : '0.0';

  // --- Funds, allocation and spending ------------------------------------------------------
  const funds = await fundStatement(db, { fromPeriod: period, toPeriod: period });
  const rule = close.ruleId
    ? await db
        .selectFrom('allocation_rules')
        .select(['effective_from'])
        .where('id', '=', close.ruleId)
        .executeTakeFirst()
    : undefined;
  // The default rule is seeded "from 2000-01", before the shop existed; residents are told
  // the rule applies from the shop's first month with entries instead.
  const firstBooked = await db
    .selectFrom('journal_entries')
    .select((eb) => eb.fn.min<string>('period').as('first'))
    .executeTakeFirst();
  const ruleStart =
    rule && firstBooked?.first && firstBooked.first > rule.effective_from
      ? firstBooked.first
      : rule?.effective_from;
  const disbursements = await db
    .selectFrom('disbursements as d')
    .innerJoin('disbursement_categories as c', 'c.key', 'd.category')
    .innerJoin('journal_entries as e', 'e.id', 'd.entry_id')
    .select([
      'd.entry_date',
      'd.fund',
      'd.category',
      'c.name',
      'c.name_en',
      'c.is_aid',
      'd.description',
      'd.payee',
      'd.amount',
    ])
    .where('e.period', '=', period)
    .orderBy('d.entry_date')
    .orderBy('e.seq')
    .execute();
  const spending: StatementModel['spending'] = disbursements.map((row) => ({
    date: row.entry_date,
    fund: row.fund as FundKey,
    category: row.category,
    categoryName: row.name,
    categoryNameEn: row.name_en,
    // Aid lines are anonymised as in open-grant data for grants to individuals.
    description: row.is_aid ? row.name : row.description,
    ...(row.is_aid ? { descriptionEn: row.name_en } : {}),
    recipient: row.is_aid ? AID_RECIPIENT_LABEL.zh : (row.payee ?? ''),
    recipientEn: row.is_aid ? AID_RECIPIENT_LABEL.en : (row.payee ?? ''),
    amount: fen(D(row.amount)),
  }));
  const voucherSpent = funds
    .find((fund) => fund.fund === 'hardship')
    ?.spentByCategory.find((item) => item.category === VOUCHER_CATEGORY.key);
  if (voucherSpent && !voucherSpent.amount.isZero()) {
    spending.push({
      date: last,
      fund: 'hardship',
      category: VOUCHER_CATEGORY.key,
      categoryName: VOUCHER_CATEGORY.name,
      categoryNameEn: VOUCHER_CATEGORY.nameEn,
      description: '本月帮扶券兑换馒头等面食（合计）',
      descriptionEn: 'Hardship vouchers redeemed for buns and other wheat foods this month (total)',
      recipient: AID_RECIPIENT_LABEL.zh,
      recipientEn: AID_RECIPIENT_LABEL.en,
      amount: fen(voucherSpent.amount),
    });
  }

  // --- History: fund balances at the end of up to 12 closed months ---------------------------
  const closedPeriods = await db
    .selectFrom('periods')
    .select('period')
    .where('status', '=', 'closed')
    .where('period', '<=', period)
    .orderBy('period', 'desc')
    .limit(12)
    .execute();
  const fundRows = await db
    .selectFrom('funds')
    .select(['key', 'account_code'])
    .where('key', 'in', [...ALLOCATION_FUNDS])
    .orderBy('sort_order')
    .execute();
  // One query for every month's movement on the fund accounts (equity: credit-normal), then
  // running totals, rather than a balance query per fund and month.
  const movements = await db
    .selectFrom('journal_lines')
    .select(['account_code', 'period', sql<string>`sum(credit) - sum(debit)`.as('net')])
    .where(
      'account_code',
      'in',
      fundRows.map((fund) => fund.account_code),
    )
    .where('period', '<=', period)
    .groupBy(['account_code', 'period'])
    .execute();
  const history: StatementModel['history'] = closedPeriods.reverse().map(({ period: month }) => ({
    period: month,
    funds: fundRows.map((fund) => ({
      fund: fund.key as FundKey,
      closing: fen(
        movements
          .filter((row) => row.account_code === fund.account_code && row.period <= month)
          .reduce((sum, row) => sum.plus(row.net), ZERO),
      ),
    })),
  }));

  const closer = close.closedBy
    ? await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', close.closedBy)
        .executeTakeFirst()
    : undefined;

  return {
    period,
    version: options.version,
    enterprise: { ...ENTERPRISE },
    sales: {
      saleCount: Number.parseInt(String(totalRow?.sale_count ?? 0), 10),
      gross: fen(D(totalRow?.gross ?? '0')),
      discounts: fen(D(totalRow?.discounts ?? '0')),
      refunds: fen(D(refunds.rows[0]?.amount ?? '0')),
      net: fen(revenue),
      lateSales: {
        count: Number.parseInt(String(totalRow?.late_count ?? 0), 10),
        amount: fen(D(totalRow?.late_amount ?? '0')),
      },
      byCategory: withOther(categoryRows(byCategory.rows), revenue, (amount) => ({
        category: 'other',
        name: OTHER_REVENUE.name,
        nameEn: OTHER_REVENUE.nameEn,
        quantities: [],
        amount,
      })),
      byTender: withOther(
        TENDER_ORDER.map((method) => {
          const row = byTender.rows.find((candidate) => candidate.method === method);
          return { method, count: Number(row?.count ?? 0), amount: fen(D(row?.amount ?? '0')) };
        }),
        revenue,
        (amount) => ({ method: 'other' as const, count: 0, amount }),
      ),
    },
    production: { items: productionItems, wasteRatePercent },
    costs: {
      byAccount: income.expenses.map((line) => ({
        account: line.account,
        name: line.name,
        nameEn: line.nameEn,
        amount: fen(line.amount),
      })),
      total: fen(income.totalExpenses),
    },
    surplus: fen(close.surplus),
    deficitCarriedIn: fen(close.deficitCarriedIn),
    allocable: fen(close.allocable),
    allocation: {
      rule: rule
        ? {
            effectiveFrom: ruleStart!,
            shares: close.allocation.map((item) => ({
              fund: item.fund,
              percent: item.percent.toString(),
            })),
          }
        : null,
      parts: close.allocation.map((item) => ({ fund: item.fund, amount: fen(item.amount) })),
    },
    // Manual postings to a fund account (rare: a donation earmarked for a fund, or a
    // correction) are shown with transfers when they add money and as a spending category
    // of their own when they take it, so each line still reads
    // opening + allocated − spent + transfers in − transfers out = closing.
    funds: funds.map((fund) => {
      const categories = fund.spentByCategory.map((item) => ({
        category: item.category,
        name: item.name,
        nameEn: item.nameEn,
        amount: fen(item.amount),
      }));
      const adjustmentIn = fund.adjustments.gt(0) ? fund.adjustments : ZERO;
      const adjustmentOut = fund.adjustments.lt(0) ? fund.adjustments.neg() : ZERO;
      if (adjustmentOut.gt(0))
        categories.push({
          category: 'adjustment',
          name: '账务调整',
          nameEn: 'Adjustments',
          amount: fen(adjustmentOut),
        });
      return {
        fund: fund.fund,
        name: fund.name,
        nameEn: fund.nameEn,
        opening: fen(fund.opening),
        allocated: fen(fund.allocated),
        spent: fen(fund.spent.plus(adjustmentOut)),
        spentByCategory: categories,
        transfersIn: fen(fund.transfersIn.plus(adjustmentIn)),
        transfersOut: fen(fund.transfersOut),
        closing: fen(fund.closing),
      };
    }),
    spending,
    history,
    closedBy: {
      name: closer?.display_name ?? '—',
      at: businessIso(close.closedAt, options.timeZone),
    },
    publishedBy: options.publishedBy,
    digest: {
      algorithm: 'sha256',
      value: periodRow.digest,
      entryCount: periodRow.entry_count ?? 0,
    },
    correction: options.correction,
    verifyUrl: options.verifyUrl,
  };
}

const OTHER_REVENUE = {
  name: '其他（手工记账）',
  nameEn: 'Other (booked by the accountant)',
} as const;

/**
 * Adds a row for sales revenue booked outside the till (a manual entry to 5001), so that a
 * table's rows always add up to the month's net sales.
 */
function withOther<T extends { amount: string }>(
  rows: T[],
  net: Money,
  other: (amount: string) => T,
): T[] {
  const sum = rows.reduce((total, row) => total.plus(row.amount), ZERO);
  return net.equals(sum) ? rows : [...rows, other(fen(net.minus(sum)))];
}

/**
 * One row per category from rows per category and unit: the amounts added, the
 * quantities kept per unit (pieces first, then weights), zero quantities left out.
 */
function categoryRows(
  rows: {
    category: string;
    name_en: string | null;
    unit: string;
    quantity: string;
    amount: string;
  }[],
): StatementModel['sales']['byCategory'] {
  const UNIT_ORDER = ['piece', 'jin', 'kg'];
  const byName = new Map<
    string,
    { nameEn: string; amount: Money; quantities: Map<string, Money> }
  >();
  for (const row of rows) {
    const entry = byName.get(row.category) ?? {
      nameEn: row.name_en || row.category,
      amount: ZERO,
      quantities: new Map<string, Money>(),
    };
    entry.amount = entry.amount.plus(row.amount);
    entry.quantities.set(row.unit, (entry.quantities.get(row.unit) ?? ZERO).plus(row.quantity));
    byName.set(row.category, entry);
  }
  return [...byName].map(([category, entry]) => ({
    category,
    name: category,
    nameEn: entry.nameEn,
    quantities: [...entry.quantities]
      .filter(([, quantity]) => !quantity.isZero())
      .sort(([a], [b]) => rank(UNIT_ORDER, a) - rank(UNIT_ORDER, b) || a.localeCompare(b))
      .map(([unit, quantity]) => ({ unit, quantity: quantityText(quantity) })),
    amount: fen(entry.amount),
  }));
}

function rank(order: string[], value: string): number {
  const index = order.indexOf(value);
  return index < 0 ? order.length : index;
}

/** A quantity without trailing zeros: "12", "1.5". */
function quantityText(quantity: Money): string {
  return quantity.toDecimalPlaces(3).toString();
}

import { sql } from 'kysely';
import { ALLOCATION_FUNDS, type AllocationFund } from '../ledger/books/allocation-rules.js';
import { accountBalance } from '../ledger/books/balances.js';
import { previousPeriod } from '../ledger/core/business-time.js';
import type { EntrySource } from '../ledger/schema/database.js';
import type { Executor } from '../ledger/core/executor.js';
import { D, Money, ZERO } from '../ledger/core/money.js';

export interface FundMovement {
  fund: AllocationFund;
  name: string;
  nameEn: string;
  account: string;
  opening: Money;
  allocated: Money;
  spent: Money;
  spentByCategory: { category: string; name: string; nameEn: string; amount: Money }[];
  transfersIn: Money;
  transfersOut: Money;
  /** Manual corrections posted straight to the fund account (credit positive). */
  adjustments: Money;
  closing: Money;
}

/** Hardship vouchers redeemed at the counter: bread given as aid, paid by the hardship fund. */
export const VOUCHER_CATEGORY = {
  key: 'aid_voucher',
  name: '帮扶券兑换',
  nameEn: 'Bread vouchers redeemed',
} as const;

/**
 * Each fund's movements over a range of months: opening, allocated in, spent by category,
 * transfers, closing. Lines are classified by the source of their entry (a reversal by the
 * source of what it reverses), so the statement reconciles to the fund accounts:
 * opening + allocated − spent + transfers in − transfers out + adjustments = closing.
 *
 * @example const funds = await fundStatement(db, { fromPeriod: '2026-01', toPeriod: '2026-10' });
 */
export async function fundStatement(
  db: Executor,
  range: { fromPeriod: string; toPeriod: string },
): Promise<FundMovement[]> {
  const funds = await db
    .selectFrom('funds')
    .selectAll()
    .where('key', 'in', [...ALLOCATION_FUNDS])
    .orderBy('sort_order')
    .execute();
  const categories = await db
    .selectFrom('disbursement_categories')
    .selectAll()
    .orderBy('sort_order')
    .execute();
  const rows = await sql<{
    account_code: string;
    debit: string;
    credit: string;
    source: EntrySource;
    category: string | null;
  }>`
    SELECT l.account_code, l.debit, l.credit,
           coalesce(o.source, e.source) AS source,
           d.category
      FROM journal_lines l
      JOIN journal_entries e ON e.id = l.entry_id
      LEFT JOIN journal_entries o ON o.id = e.reverses_id
      LEFT JOIN disbursements d ON d.entry_id = coalesce(e.reverses_id, e.id)
     WHERE l.period BETWEEN ${range.fromPeriod} AND ${range.toPeriod}
       AND l.account_code IN (SELECT account_code FROM funds WHERE key IN ('operations', 'events', 'hardship'))`.execute(
    db,
  );

  const result: FundMovement[] = [];
  for (const fund of funds) {
    const opening = await accountBalance(db, fund.account_code, {
      upToPeriod: previousPeriod(range.fromPeriod),
    });
    let allocated = ZERO;
    let spent = ZERO;
    let transfersIn = ZERO;
    let transfersOut = ZERO;
    let adjustments = ZERO;
    const byCategory = new Map<string, Money>();
    for (const row of rows.rows) {
      if (row.account_code !== fund.account_code) continue;
      const credit = D(row.credit).minus(D(row.debit));
      switch (row.source) {
        case 'allocation':
          allocated = allocated.plus(credit);
          break;
        case 'disbursement':
        case 'sale':
        case 'refund': {
          spent = spent.minus(credit);
          const key = row.category ?? VOUCHER_CATEGORY.key;
          byCategory.set(key, (byCategory.get(key) ?? ZERO).minus(credit));
          break;
        }
        case 'transfer':
          if (credit.gt(0)) transfersIn = transfersIn.plus(credit);
          else transfersOut = transfersOut.minus(credit);
          break;
        default:
          adjustments = adjustments.plus(credit);
      }
    }
    const closing = opening
      .plus(allocated)
      .minus(spent)
      .plus(transfersIn)
      .minus(transfersOut)
      .plus(adjustments);
    const spentByCategory = [...byCategory.entries()]
      .filter(([, amount]) => !amount.isZero())
      .map(([key, amount]) => {
        const category = categories.find((candidate) => candidate.key === key);
        return {
          category: key,
          name: category?.name ?? VOUCHER_CATEGORY.name,
          nameEn: category?.name_en ?? VOUCHER_CATEGORY.nameEn,
          amount,
        };
      })
      .sort((a, b) => a.category.localeCompare(b.category));
    result.push({
      fund: fund.key as AllocationFund,
      name: fund.name,
      nameEn: fund.name_en,
      account: fund.account_code,
      opening,
      allocated,
      spent,
      spentByCategory,
      transfersIn,
      transfersOut,
      adjustments,
      closing,
    });
  }
  return result;
}

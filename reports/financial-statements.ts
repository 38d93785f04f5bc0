import { sql } from 'kysely';
import { accountTotals, listAccounts, type AccountInfo } from '../ledger/books/balances.js';
import type { Executor } from '../ledger/core/executor.js';
import { D, Money, ZERO } from '../ledger/core/money.js';

export interface StatementLine {
  account: string;
  name: string;
  nameEn: string;
  amount: Money;
}

export interface IncomeStatement {
  period: string;
  revenue: StatementLine[];
  expenses: StatementLine[];
  totalRevenue: Money;
  totalExpenses: Money;
  /** Revenue − expenses; negative is a deficit. */
  result: Money;
}

/** Net movement per account over lines selected by `where`, leaving out month-end closing entries. */
async function movements(
  db: Executor,
  where: { period?: string; upToPeriod?: string },
  excludeClose: boolean,
): Promise<Map<string, Money>> {
  const rows = await sql<{ account_code: string; net: string }>`
    SELECT l.account_code, sum(l.debit - l.credit) AS net
      FROM journal_lines l
      JOIN journal_entries e ON e.id = l.entry_id
      LEFT JOIN journal_entries o ON o.id = e.reverses_id
     WHERE (${where.period ?? null}::text IS NULL OR l.period = ${where.period ?? null})
       AND (${where.upToPeriod ?? null}::text IS NULL OR l.period <= ${where.upToPeriod ?? null})
       AND (${!excludeClose} OR coalesce(o.source, e.source) <> 'close')
     GROUP BY l.account_code`.execute(db);
  return new Map(rows.rows.map((row) => [row.account_code, D(row.net)]));
}

function lines(
  accounts: AccountInfo[],
  nets: Map<string, Money>,
  type: 'revenue' | 'expense',
): StatementLine[] {
  return accounts
    .filter((account) => account.type === type && account.postable)
    .map((account) => {
      const net = nets.get(account.code) ?? ZERO;
      return {
        account: account.code,
        name: account.name,
        nameEn: account.nameEn,
        amount: type === 'revenue' ? net.neg() : net,
      };
    })
    .filter((line) => !line.amount.isZero());
}

/**
 * 利润表: the month's revenue and expenses, before the month-end closing entries (which
 * would otherwise net every line to zero).
 */
export async function incomeStatement(db: Executor, period: string): Promise<IncomeStatement> {
  const accounts = await listAccounts(db);
  const nets = await movements(db, { period }, true);
  const revenue = lines(accounts, nets, 'revenue');
  const expenses = lines(accounts, nets, 'expense');
  const totalRevenue = revenue.reduce((sum, line) => sum.plus(line.amount), ZERO);
  const totalExpenses = expenses.reduce((sum, line) => sum.plus(line.amount), ZERO);
  return {
    period,
    revenue,
    expenses,
    totalRevenue,
    totalExpenses,
    result: totalRevenue.minus(totalExpenses),
  };
}

export interface BalanceSheet {
  period: string;
  assets: StatementLine[];
  liabilities: StatementLine[];
  equity: StatementLine[];
  /** Revenue − expenses not yet closed (months still open up to this one). */
  unclosedResult: Money;
  totalAssets: Money;
  totalLiabilitiesAndEquity: Money;
}

/**
 * 资产负债表 at the end of a month. Assets equal liabilities plus equity plus any result of
 * months not yet closed; a test holds us to it.
 */
export async function balanceSheet(db: Executor, period: string): Promise<BalanceSheet> {
  const accounts = await listAccounts(db);
  // Whole months up to the period: closed months are read from their kept balances.
  const totals = await accountTotals(db, { upToPeriod: period });
  const nets = new Map(
    [...totals].map(([account, sum]) => [account, sum.debit.minus(sum.credit)] as const),
  );
  const pick = (type: 'asset' | 'liability' | 'equity') =>
    accounts
      .filter((account) => account.type === type && account.postable)
      .map((account) => {
        const net = nets.get(account.code) ?? ZERO;
        return {
          account: account.code,
          name: account.name,
          nameEn: account.nameEn,
          amount: type === 'asset' ? net : net.neg(),
        };
      })
      .filter((line) => !line.amount.isZero());
  const assets = pick('asset');
  const liabilities = pick('liability');
  const equity = pick('equity');
  const unclosedResult = accounts
    .filter((account) => account.type === 'revenue' || account.type === 'expense')
    .reduce((sum, account) => sum.minus(nets.get(account.code) ?? ZERO), ZERO);
  const sum = (list: StatementLine[]) =>
    list.reduce((total, line) => total.plus(line.amount), ZERO);
  return {
    period,
    assets,
    liabilities,
    equity,
    unclosedResult,
    totalAssets: sum(assets),
    totalLiabilitiesAndEquity: sum(liabilities).plus(sum(equity)).plus(unclosedResult),
  };
}

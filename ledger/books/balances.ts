import { sql } from 'kysely';
import type { AccountType } from '../schema/database.js';
import type { Executor } from '../core/executor.js';
import { D, Money, ZERO } from '../core/money.js';

export interface AccountTotals {
  debit: Money;
  credit: Money;
}

export interface LineFilter {
  /** Only this period. */
  period?: string;
  /** Every period up to and including this one. */
  upToPeriod?: string;
  /** Business dates from (inclusive). */
  fromDate?: string;
  /** Business dates up to (inclusive). */
  toDate?: string;
}

/**
 * Debit and credit totals per postable account over the lines the filter selects.
 *
 * Whole months (`period`, `upToPeriod` or no filter at all) are read as kept: a month with
 * a close in force contributes the balances its close stored (period_close_balances,
 * equal to its lines at the close, and its lines cannot change while it stays closed);
 * the other months are summed from their lines through the (period, account) covering
 * index. Date filters cut months, so they always sum the lines, through the same index or
 * the (account, date) one. Either way it is one statement, so one snapshot.
 *
 * @example const totals = await accountTotals(db, { period: '2026-10' }); totals.get('1001')?.debit
 */
export async function accountTotals(
  db: Executor,
  filter: LineFilter,
): Promise<Map<string, AccountTotals>> {
  const rows = await movements(db, filter, null);
  return new Map(
    rows.map((row) => [row.account_code, { debit: D(row.debit), credit: D(row.credit) }]),
  );
}

interface MovementRow {
  account_code: string;
  debit: string;
  credit: string;
}

/**
 * The one query behind `accountTotals`, `accountBalance` and `trialBalance`: sums per
 * account, optionally of one account and its sub-accounts only.
 */
async function movements(
  db: Executor,
  filter: LineFilter,
  account: string | null,
): Promise<MovementRow[]> {
  const accountClause = (column: string) =>
    account === null
      ? sql<boolean>`true`
      : sql<boolean>`(${sql.ref(column)} = ${account} OR ${sql.ref(column)} LIKE ${`${account}.%`})`;
  // The same filter as a list of codes, which the (period, account) index can seek to.
  const accountListClause = (column: string) =>
    account === null
      ? sql<boolean>`true`
      : sql<boolean>`${sql.ref(column)} = ANY (ARRAY(
          SELECT code FROM accounts WHERE code = ${account} OR code LIKE ${`${account}.%`}))`;
  const periodClause = (column: string) => {
    const clauses = [sql<boolean>`true`];
    if (filter.period) clauses.push(sql`${sql.ref(column)} = ${filter.period}`);
    if (filter.upToPeriod) clauses.push(sql`${sql.ref(column)} <= ${filter.upToPeriod}`);
    return sql<boolean>`${sql.join(clauses, sql` AND `)}`;
  };
  if (filter.fromDate || filter.toDate) {
    let query = db
      .selectFrom('journal_lines')
      .select([
        'account_code',
        sql<string>`sum(debit)`.as('debit'),
        sql<string>`sum(credit)`.as('credit'),
      ])
      .where(accountClause('account_code'))
      .where(periodClause('period'))
      .groupBy('account_code');
    if (filter.fromDate) query = query.where('entry_date', '>=', filter.fromDate);
    if (filter.toDate) query = query.where('entry_date', '<=', filter.toDate);
    return query.execute();
  }
  // Every line's month has a row in `periods` (a foreign key of its entry), so the months
  // without a close in force are listed there; `= ANY (ARRAY(...))` keeps the line scan to
  // exactly those months of the covering index.
  const result = await sql<MovementRow>`
    WITH kept AS (
      SELECT id, period FROM period_closes
       WHERE reopened_at IS NULL AND ${periodClause('period')}
    )
    SELECT account_code, sum(debit)::text AS debit, sum(credit)::text AS credit FROM (
      SELECT b.account_code, b.debit, b.credit
        FROM period_close_balances b
       WHERE b.close_id IN (SELECT id FROM kept) AND ${accountListClause('b.account_code')}
      UNION ALL
      SELECT l.account_code, l.debit, l.credit
        FROM journal_lines l
       WHERE l.period = ANY (ARRAY(
               SELECT p.period FROM periods p
                WHERE ${periodClause('p.period')}
                  AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.period = p.period)))
         AND ${accountListClause('l.account_code')}
    ) m
    GROUP BY account_code`.execute(db);
  return result.rows;
}

export interface AccountInfo {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
  normalSide: 'debit' | 'credit';
  parentCode: string | null;
  fund: string | null;
  postable: boolean;
  active: boolean;
}

/** The chart of accounts, in code order. */
export async function listAccounts(db: Executor): Promise<AccountInfo[]> {
  const rows = await db.selectFrom('accounts').selectAll().orderBy('code').execute();
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    type: row.type,
    normalSide: row.normal_side,
    parentCode: row.parent_code,
    fund: row.fund,
    postable: row.postable,
    active: row.active,
  }));
}

/** A balance on the account's normal side: positive when it is where it should be. */
export function normalBalance(totals: AccountTotals, normalSide: 'debit' | 'credit'): Money {
  return normalSide === 'debit'
    ? totals.debit.minus(totals.credit)
    : totals.credit.minus(totals.debit);
}

export interface TrialBalanceRow {
  account: string;
  name: string;
  nameEn: string;
  type: AccountType;
  /** The net balance, shown in the debit or the credit column. */
  debit: Money;
  credit: Money;
}

export interface TrialBalance {
  period: string;
  scope: 'period' | 'cumulative';
  rows: TrialBalanceRow[];
  totals: { debit: Money; credit: Money };
}

/**
 * The trial balance: each account's net balance in its debit or credit column, either for
 * the movements of one period (`scope: 'period'`) or cumulatively at its end. The columns
 * always total the same; a test checks it, and hledger checks our figures.
 *
 * @example const tb = await trialBalance(db, { period: '2026-10', scope: 'cumulative' });
 */
export async function trialBalance(
  db: Executor,
  options: { period: string; scope: 'period' | 'cumulative' },
): Promise<TrialBalance> {
  const totals = await accountTotals(
    db,
    options.scope === 'period' ? { period: options.period } : { upToPeriod: options.period },
  );
  const accounts = await listAccounts(db);
  const rows: TrialBalanceRow[] = [];
  let debitTotal = ZERO;
  let creditTotal = ZERO;
  for (const account of accounts) {
    const accountTotal = totals.get(account.code);
    if (!accountTotal) continue;
    const net = accountTotal.debit.minus(accountTotal.credit);
    const debit = net.gt(0) ? net : ZERO;
    const credit = net.lt(0) ? net.neg() : ZERO;
    debitTotal = debitTotal.plus(debit);
    creditTotal = creditTotal.plus(credit);
    rows.push({
      account: account.code,
      name: account.name,
      nameEn: account.nameEn,
      type: account.type,
      debit,
      credit,
    });
  }
  return {
    period: options.period,
    scope: options.scope,
    rows,
    totals: { debit: debitTotal, credit: creditTotal },
  };
}

/**
 * An account's balance on its normal side, including its sub-accounts, over the lines the
 * filter selects (e.g. `{ toDate }` for the balance at a date, `{ period }` for a month).
 *
 * @example await accountBalance(db, '1012', { toDate: '2026-10-31' }) // WeChat + Alipay clearing
 */
export async function accountBalance(
  db: Executor,
  account: string,
  filter: LineFilter = {},
): Promise<Money> {
  const info = await db
    .selectFrom('accounts')
    .select(['normal_side'])
    .where('code', '=', account)
    .executeTakeFirst();
  if (!info) return ZERO;
  let debit = ZERO;
  let credit = ZERO;
  for (const row of await movements(db, filter, account)) {
    debit = debit.plus(D(row.debit));
    credit = credit.plus(D(row.credit));
  }
  return normalBalance({ debit, credit }, info.normal_side);
}

export interface LedgerLine {
  seq: string;
  entryId: string;
  date: string;
  period: string;
  description: string;
  account: string;
  debit: Money;
  credit: Money;
  memo: string | null;
  /** Running balance on the account's normal side after this line. */
  balance: Money;
}

/** Most lines one general-ledger page returns. */
export const MAX_LEDGER_PAGE = 5000;

/**
 * General-ledger lines of an account (and its sub-accounts) between two dates, with the
 * opening balance and a running balance on the account's normal side.
 */
export async function generalLedger(
  db: Executor,
  options: { account: string; fromDate: string; toDate: string; limit?: number },
): Promise<{ opening: Money; lines: LedgerLine[]; closing: Money; truncated: boolean }> {
  const info = await db
    .selectFrom('accounts')
    .select(['normal_side'])
    .where('code', '=', options.account)
    .executeTakeFirst();
  if (!info) return { opening: ZERO, lines: [], closing: ZERO, truncated: false };
  const dayBefore = new Date(`${options.fromDate}T00:00:00Z`);
  dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
  const opening = await accountBalance(db, options.account, {
    toDate: dayBefore.toISOString().slice(0, 10),
  });
  const limit = Math.min(options.limit ?? MAX_LEDGER_PAGE, MAX_LEDGER_PAGE);
  const rows = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select([
      'e.seq',
      'e.id',
      'e.entry_date',
      'e.period',
      'e.description',
      'l.account_code',
      'l.debit',
      'l.credit',
      'l.memo',
    ])
    .where((eb) =>
      eb.or([
        eb('l.account_code', '=', options.account),
        eb('l.account_code', 'like', `${options.account}.%`),
      ]),
    )
    .where('l.entry_date', '>=', options.fromDate)
    .where('l.entry_date', '<=', options.toDate)
    .orderBy('l.entry_date')
    .orderBy('e.seq')
    .orderBy('l.line_no')
    .limit(limit + 1)
    .execute();
  const truncated = rows.length > limit;
  let balance = opening;
  const lines = rows.slice(0, limit).map((row) => {
    const debit = D(row.debit);
    const credit = D(row.credit);
    balance = balance.plus(normalBalance({ debit, credit }, info.normal_side));
    return {
      seq: row.seq,
      entryId: row.id,
      date: row.entry_date,
      period: row.period,
      description: row.description,
      account: row.account_code,
      debit,
      credit,
      memo: row.memo,
      balance,
    };
  });
  // A truncated page ends before `toDate`: its last running balance is not the closing one.
  const closing = truncated
    ? await accountBalance(db, options.account, { toDate: options.toDate })
    : balance;
  return { opening, lines, closing, truncated };
}

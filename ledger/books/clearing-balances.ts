import { sql } from 'kysely';
import { accountBalance } from './balances.js';
import type { Executor } from '../core/executor.js';
import { type Money } from '../core/money.js';
import { CLEARING_ACCOUNTS } from './reconciliation/bill.js';

export interface ClearingBalance {
  provider: keyof typeof CLEARING_ACCOUNTS;
  account: string;
  name: string;
  nameEn: string;
  /** Money the provider holds for the shop, not yet paid out to the bank. */
  balance: Money;
  /**
   * The business date of the oldest payment still waiting, reading settlements first in,
   * first out: the earliest debit that the credits so far have not covered. Null when
   * nothing waits. Works whether settlements came from a reconciliation or a journal entry.
   */
  oldestUnsettledDate: string | null;
}

/**
 * The payment clearing accounts (WeChat Pay, Alipay) with what each still holds and since
 * when, up to a date (inclusive) or now.
 *
 * @example (await clearingBalances(db))[0] // { account: '1012.01', balance: 6.00, oldestUnsettledDate: '2026-11-03', … }
 */
export async function clearingBalances(
  db: Executor,
  options: { toDate?: string | undefined } = {},
): Promise<ClearingBalance[]> {
  const accounts = await db
    .selectFrom('accounts')
    .select(['code', 'name', 'name_en'])
    .where('code', 'in', Object.values(CLEARING_ACCOUNTS))
    .execute();
  const result: ClearingBalance[] = [];
  for (const [provider, code] of Object.entries(CLEARING_ACCOUNTS) as [
    keyof typeof CLEARING_ACCOUNTS,
    string,
  ][]) {
    const account = accounts.find((candidate) => candidate.code === code);
    if (!account) continue;
    const balance = await accountBalance(
      db,
      code,
      options.toDate ? { toDate: options.toDate } : {},
    );
    let oldestUnsettledDate: string | null = null;
    if (balance.gt(0)) {
      const toDate = options.toDate ?? '9999-12-31';
      const row = await sql<{ entry_date: string }>`
        SELECT entry_date FROM (
          SELECT entry_date,
                 sum(debit) OVER (ORDER BY entry_date DESC, entry_id DESC, line_no DESC) AS running
            FROM journal_lines
           WHERE account_code = ${code} AND debit > 0 AND entry_date <= ${toDate}
        ) AS newest_first
        WHERE running >= ${balance.toFixed(2)}::numeric
        ORDER BY running
        LIMIT 1`.execute(db);
      oldestUnsettledDate = row.rows[0]?.entry_date ?? null;
    }
    result.push({
      provider,
      account: code,
      name: account.name,
      nameEn: account.name_en,
      balance,
      oldestUnsettledDate,
    });
  }
  return result;
}

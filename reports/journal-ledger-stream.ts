import { accountTotals, listAccounts } from '../ledger/books/balances.js';
import type { Executor } from '../ledger/core/executor.js';
import { journalPages } from '../ledger/books/journal-listing.js';
import {
  ledgerAccountNames,
  renderLedgerPreamble,
  renderLedgerTransaction,
  type LedgerExportHeader,
} from './journal-ledger-export.js';

export interface JournalLedgerExportOptions {
  /** First business date, YYYY-MM-DD (inclusive); absent for the beginning of the books. */
  from?: string | undefined;
  /** Last business date, YYYY-MM-DD (inclusive); absent for everything. */
  to?: string | undefined;
  /** Bring forward the balances from before `from` as one opening transaction. */
  opening?: boolean | undefined;
  /** Entries per page read from the database (and per chunk yielded). */
  pageSize?: number | undefined;
}

/** The calendar day before a YYYY-MM-DD date. */
function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The hledger / ledger-cli export as a sequence of text chunks: the preamble, then one chunk
 * per page of entries. Memory stays bounded by one page however long the journal is, and
 * the consumer pulls the next page only when it has sent the previous one.
 *
 * @example for await (const chunk of journalLedgerChunks(db, { from: '2026-10-01', to: '2026-10-31' })) out.write(chunk);
 */
export async function* journalLedgerChunks(
  db: Executor,
  options: JournalLedgerExportOptions = {},
): AsyncGenerator<string> {
  const accounts = await listAccounts(db);
  let opening: LedgerExportHeader['opening'] = null;
  if (options.opening && options.from) {
    const totals = await accountTotals(db, { toDate: dayBefore(options.from) });
    opening = {
      date: options.from,
      balances: [...totals.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([account, total]) => ({ account, amount: total.debit.minus(total.credit) })),
    };
  }
  yield renderLedgerPreamble({
    from: options.from ?? null,
    to: options.to ?? null,
    accounts,
    opening,
  });
  const names = ledgerAccountNames(accounts);
  for await (const page of journalPages(db, {
    fromDate: options.from,
    toDate: options.to,
    pageSize: options.pageSize,
  })) {
    yield page.map((entry) => renderLedgerTransaction(entry, names)).join('');
  }
}

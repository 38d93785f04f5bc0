import type { Executor } from '../../ledger/core/executor.js';
import { postEntry, type LineInput } from '../../ledger/books/journal.js';

let counter = 0;

/** Posts a simple manual entry: `lines` as [account, debit | null, credit | null]. */
export async function post(
  db: Executor,
  date: string,
  lines: [string, string | null, string | null][],
  description = 'test entry',
) {
  counter += 1;
  return postEntry(db, {
    idempotencyKey: `test:${process.pid}:${counter}:${Math.random()}`,
    date,
    description,
    source: 'manual',
    postedBy: null,
    lines: lines.map(([account, debit, credit]): LineInput => ({
      account,
      debit: debit ?? undefined,
      credit: credit ?? undefined,
    })),
  });
}

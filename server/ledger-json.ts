import type { PostedEntry } from '../ledger/books/journal.js';

/**
 * A journal entry as it travels in JSON: money as two-decimal strings, the sequence number
 * as a number (it orders the journal; it will not outgrow 2^53), dates as YYYY-MM-DD.
 */
export function entryJson(entry: PostedEntry & { reversedBy?: string | null }) {
  return {
    id: entry.id,
    seq: Number(entry.seq),
    date: entry.date,
    period: entry.period,
    description: entry.description,
    source: entry.source,
    sourceId: entry.sourceId,
    reversesId: entry.reversesId,
    ...(entry.reversedBy === undefined ? {} : { reversedBy: entry.reversedBy }),
    postedBy: entry.postedBy,
    postedAt: entry.postedAt.toISOString(),
    lines: entry.lines.map((line) => ({
      account: line.account,
      debit: line.debit.toFixed(2),
      credit: line.credit.toFixed(2),
      memo: line.memo,
    })),
  };
}

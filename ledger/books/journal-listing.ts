import type { Selectable } from 'kysely';
import type { JournalEntriesTable } from '../schema/database.js';
import { assert } from '../core/errors.js';
import type { Executor } from '../core/executor.js';
import { getEntry, toPostedEntry, toPostedLine, type PostedEntry } from './journal.js';

/** The most entries one page of the journal listing returns. */
export const MAX_JOURNAL_PAGE_SIZE = 200;

/** An entry as listed: with the id of the entry that reversed it, if any. */
export interface ListedEntry extends PostedEntry {
  reversedBy: string | null;
}

type EntryRow = Selectable<JournalEntriesTable>;

/** Reads the lines of many entries with one query and assembles the entries in row order. */
async function withLines(db: Executor, rows: readonly EntryRow[]): Promise<PostedEntry[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('journal_lines')
    .selectAll()
    .where(
      'entry_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute();
  const byEntry = new Map<string, PostedEntry['lines']>();
  for (const line of lines) {
    let list = byEntry.get(line.entry_id);
    if (!list) {
      list = [];
      byEntry.set(line.entry_id, list);
    }
    list.push(toPostedLine(line));
  }
  return rows.map((row) => {
    const entryLines = byEntry.get(row.id);
    // The database refuses an entry with fewer than two lines at commit.
    assert(entryLines && entryLines.length >= 2, `entry ${row.id} has its lines`);
    return toPostedEntry(row, entryLines);
  });
}

/** The ids of the entries that reverse the given ones (each entry is reversed at most once). */
async function reversalsOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('journal_entries')
    .select(['id', 'reverses_id'])
    .where('reverses_id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.reverses_id!, row.id]));
}

/**
 * One entry with its lines and the id of its reversal, or undefined.
 *
 * @example const entry = await getListedEntry(db, id); entry?.reversedBy // null until reversed
 */
export async function getListedEntry(db: Executor, id: string): Promise<ListedEntry | undefined> {
  const entry = await getEntry(db, id);
  if (!entry) return undefined;
  const reversals = await reversalsOf(db, [id]);
  return { ...entry, reversedBy: reversals.get(id) ?? null };
}

/**
 * A page of the journal in sequence order, optionally of one period. Pages are numbered
 * from 1; `pageSize` is capped at MAX_JOURNAL_PAGE_SIZE so no request reads without bound.
 *
 * @example const { entries, total } = await listEntries(db, { period: '2026-10', page: 1, pageSize: 50 });
 */
export async function listEntries(
  db: Executor,
  options: {
    period?: string | undefined;
    page: number;
    pageSize: number;
    order?: 'asc' | 'desc' | undefined;
  },
): Promise<{ entries: ListedEntry[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.max(1, Math.min(options.pageSize, MAX_JOURNAL_PAGE_SIZE));
  const page = Math.max(1, options.page);
  let count = db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<string>().as('n'));
  let query = db
    .selectFrom('journal_entries')
    .selectAll()
    .orderBy('seq', options.order ?? 'asc')
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  if (options.period) {
    count = count.where('period', '=', options.period);
    query = query.where('period', '=', options.period);
  }
  const { n } = await count.executeTakeFirstOrThrow();
  const rows = await query.execute();
  const entries = await withLines(db, rows);
  const reversals = await reversalsOf(
    db,
    entries.map((entry) => entry.id),
  );
  return {
    entries: entries.map((entry) => ({ ...entry, reversedBy: reversals.get(entry.id) ?? null })),
    total: Number(n),
    page,
    pageSize,
  };
}

/** The journal's pages for an export: at most this many entries are held at once. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Walks the journal in sequence order, one page of entries (with their lines) at a time, so
 * that an export of millions of lines never holds more than a page in memory. Only entries
 * that existed when the walk started are visited, so a long download ends; for an exact
 * snapshot export a closed period, whose entries cannot change.
 *
 * @example for await (const page of journalPages(db, { fromDate: '2026-10-01' })) render(page);
 */
export async function* journalPages(
  db: Executor,
  options: {
    fromDate?: string | undefined;
    toDate?: string | undefined;
    pageSize?: number | undefined;
  } = {},
): AsyncGenerator<PostedEntry[]> {
  const pageSize = Math.max(1, options.pageSize ?? EXPORT_PAGE_SIZE);
  const last = await db
    .selectFrom('journal_entries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const lastSeq = last?.seq ?? null;
  if (lastSeq === null) return;
  let afterSeq = '0';
  for (;;) {
    let query = db
      .selectFrom('journal_entries')
      .selectAll()
      .where('seq', '>', afterSeq)
      .where('seq', '<=', lastSeq)
      .orderBy('seq')
      .limit(pageSize);
    if (options.fromDate) query = query.where('entry_date', '>=', options.fromDate);
    if (options.toDate) query = query.where('entry_date', '<=', options.toDate);
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield await withLines(db, rows);
    if (rows.length < pageSize) return;
    afterSeq = rows[rows.length - 1]!.seq;
  }
}

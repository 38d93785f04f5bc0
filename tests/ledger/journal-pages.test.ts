import { expect, test } from 'vitest';
import { listAccounts } from '../../ledger/books/balances.js';
import { journalPages } from '../../ledger/books/journal-listing.js';
import { renderLedgerJournal } from '../../reports/journal-ledger-export.js';
import { journalLedgerChunks } from '../../reports/journal-ledger-stream.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

/**
 * The export reads the journal a page at a time; these tests make the pages small so that
 * page boundaries, date filters and the end of the journal are all crossed.
 */
describeEachDatabase('ledger: the journal read page by page', (database) => {
  const db = () => database.current.db;
  const dates = [
    '2026-04-30',
    '2026-05-01',
    '2026-05-01',
    '2026-05-02',
    '2026-05-15',
    '2026-05-31',
    '2026-06-01',
    '2026-05-20',
    '2026-04-01',
    '2026-05-03',
    '2026-05-04',
  ];

  test('pages visit every entry in range exactly once, in sequence order', async () => {
    for (const [index, date] of dates.entries()) {
      await post(db(), date, [
        ['1001', `${index + 1}.00`, null],
        ['5001', null, `${index + 1}.00`],
      ]);
    }
    const all = await db()
      .selectFrom('journal_entries')
      .select(['id', 'entry_date'])
      .orderBy('seq')
      .execute();
    for (const pageSize of [1, 3, 4, 100]) {
      for (const [fromDate, toDate] of [
        [undefined, undefined],
        ['2026-05-01', '2026-05-31'],
        ['2026-05-02', undefined],
        [undefined, '2026-04-30'],
        ['2027-01-01', undefined],
      ] as const) {
        const pages: string[][] = [];
        for await (const page of journalPages(db(), { fromDate, toDate, pageSize })) {
          expect(page.length).toBeGreaterThan(0);
          expect(page.length).toBeLessThanOrEqual(pageSize);
          expect(page.every((entry) => entry.lines.length === 2)).toBe(true);
          pages.push(page.map((entry) => entry.id));
        }
        const expected = all
          .filter(
            (row) =>
              (!fromDate || row.entry_date >= fromDate) && (!toDate || row.entry_date <= toDate),
          )
          .map((row) => row.id);
        expect(pages.flat(), `pageSize ${pageSize}, ${fromDate}..${toDate}`).toEqual(expected);
      }
    }
  });

  test('the streamed export is the whole export rendered at once, however it is paged', async () => {
    const accounts = await listAccounts(db());
    const entries = [];
    for await (const page of journalPages(db(), { fromDate: '2026-05-01', toDate: '2026-05-31' })) {
      entries.push(...page);
    }
    const whole = renderLedgerJournal(
      { from: '2026-05-01', to: '2026-05-31', accounts, opening: null },
      entries,
    );
    const chunks: string[] = [];
    for await (const chunk of journalLedgerChunks(db(), {
      from: '2026-05-01',
      to: '2026-05-31',
      pageSize: 2,
    })) {
      chunks.push(chunk);
    }
    expect(chunks.length).toBe(1 + Math.ceil(entries.length / 2));
    expect(chunks.join('')).toBe(whole);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { canonicalPeriodText, periodDigest, sha256Hex } from '../../ledger/books/digest.js';
import { postEntry } from '../../ledger/books/journal.js';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

/**
 * docs/period-digest.md is a specification others will implement from, so it is tested:
 * its worked example must be exactly what the ledger produces for those entries, and the
 * download must hash, byte for byte, to the period digest.
 */

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/period-digest.md'), 'utf8');

function docExample(): { text: string; digest: string } {
  const block = doc.match(/<!-- example: canonical text -->\s*```text\n([\s\S]*?)```/);
  const digest = doc.match(/<!-- example: digest -->\s*`([0-9a-f]{64})`/);
  if (!block || !digest) throw new Error('docs/period-digest.md lost its worked example');
  // In the document → stands for a TAB, as the page says.
  return { text: block[1]!.replace(/→/g, '\t'), digest: digest[1]! };
}

const FLOUR_ID = '0b6f5b1c-9a1e-4c55-8d0e-2f4a1c3e5d71';

test('the worked example hashes to the digest the page states', () => {
  const { text, digest } = docExample();
  expect(text.endsWith('\n')).toBe(true);
  expect(sha256Hex(text)).toBe(digest);
});

describeEachDatabase('ledger: the period digest as documented', (database) => {
  const db = () => database.current.db;

  test('the ledger writes the worked example byte for byte, and the download hashes to the digest', async () => {
    // A fresh database: these are entries 1, 2 and 3 of the journal, as in the example.
    const flourLines = [
      { account: '5401.01', debit: '850.00', memo: '富强粉 25kg × 10' },
      { account: '1002', credit: '850.00' },
    ];
    await postEntry(db(), {
      id: FLOUR_ID,
      idempotencyKey: `manual:${FLOUR_ID}`,
      date: '2026-10-03',
      description: '面粉 10 袋 Flour, by bank transfer',
      source: 'manual',
      postedBy: null,
      lines: flourLines,
    });
    await postEntry(db(), {
      id: '5e2d1a40-3c7b-4f0e-9b8a-6d5c4b3a2f10',
      idempotencyKey: 'manual:5e2d1a40-3c7b-4f0e-9b8a-6d5c4b3a2f10',
      date: '2026-10-04',
      description: '现金销售\n豆包、花卷',
      source: 'manual',
      postedBy: null,
      lines: [
        { account: '1001', debit: '12.50', memo: 'C:\\till' },
        { account: '5001', credit: '12.50' },
      ],
    });
    await postEntry(db(), {
      id: '9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a',
      idempotencyKey: `reversal:${FLOUR_ID}`,
      date: '2026-10-05',
      description: '冲销 Reversal of #1: 记错科目',
      source: 'reversal',
      sourceId: FLOUR_ID,
      reversesId: FLOUR_ID,
      postedBy: null,
      lines: [
        { account: '5401.01', credit: '850.00', memo: '富强粉 25kg × 10' },
        { account: '1002', debit: '850.00' },
      ],
    });

    const example = docExample();
    const { text } = await canonicalPeriodText(db(), '2026-10');
    expect(text).toBe(example.text);
    expect((await periodDigest(db(), '2026-10')).digest).toBe(example.digest);

    const t = createTestApp(database);
    const { token } = await t.login('accountant');
    const response = await t.request('GET', '/api/export/journal?format=canonical&period=2026-10', {
      token,
    });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(example.digest);
    expect(response.headers.get('x-content-sha256')).toBe(example.digest);
  });

  test('a month without entries is the header line alone', async () => {
    const { text } = await canonicalPeriodText(db(), '2031-02');
    expect(text).toBe('xinmofang-journal/1\tperiod\t2031-02\n');
  });
});

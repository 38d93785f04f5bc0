import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import {
  nonZeroSorted,
  signedBalances,
  toolBalances,
  toolVersion,
  type AccountingTool,
} from '../helpers/accounting-tools.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

/**
 * The independent oracle (STYLE.md): we post a realistic month of bakery books through the
 * HTTP API, export them, and let hledger and ledger-cli — which share no code with us —
 * compute the balances we claim in our trial balance. They must agree to the fen.
 */

const TOOLS: readonly AccountingTool[] = ['hledger', 'ledger'];
const missing = TOOLS.filter((tool) => toolVersion(tool) === null);
const ci = process.env.CI === 'true';
if (missing.length > 0 && !ci) {
  console.warn(
    `\n!!! ${missing.join(' and ')} not installed: the hledger/ledger oracle test is SKIPPED.\n` +
      '!!! Install them (apt-get install hledger ledger) to run it; with CI=true it fails instead.\n',
  );
}

const workDir = mkdtempSync(join(tmpdir(), 'xmf-oracle-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Line = { account: string; debit?: string; credit?: string; memo?: string };

/** A small deterministic random source, so a failure can be replayed exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An amount in fen between min and max yuan, as a two-decimal string. */
function amount(random: () => number, minYuan: number, maxYuan: number): string {
  const fen = Math.round(minYuan * 100 + random() * (maxYuan - minYuan) * 100);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Adds two-decimal strings exactly, in fen (test data only; no money reaches a float). */
function addFen(...amounts: string[]): string {
  const fen = amounts.reduce((sum, text) => sum + BigInt(text.replace('.', '')), 0n);
  const whole = fen / 100n;
  const rest = fen % 100n;
  return `${whole}.${rest.toString().padStart(2, '0')}`;
}

/** Three months of a small bakery's books: sales by every tender, costs, funds, corrections. */
function bakeryBooks(): { date: string; description: string; lines: Line[] }[] {
  const random = seeded(20261001);
  const books: { date: string; description: string; lines: Line[] }[] = [
    {
      date: '2026-01-02',
      description: '股东出资 Paid-in capital',
      lines: [
        { account: '1002', debit: '50000.00' },
        { account: '3001', credit: '50000.00' },
      ],
    },
    {
      date: '2026-01-02',
      description: '备用金 Cash float; from the bank',
      lines: [
        { account: '1001', debit: '500.00' },
        { account: '1002', credit: '500.00' },
      ],
    },
    {
      date: '2026-01-03',
      description: '蒸箱 Steamer (a large asset)',
      lines: [
        { account: '1601', debit: '123456789.01' },
        { account: '3001', credit: '123456789.01' },
      ],
    },
  ];
  const months = ['2026-01', '2026-02', '2026-03'];
  for (const month of months) {
    for (const day of ['03', '09', '14', '21', '27']) {
      const date = `${month}-${day}`;
      const cash = amount(random, 5, 300);
      const wechat = amount(random, 5, 500);
      const alipay = amount(random, 1, 200);
      const voucher = amount(random, 5, 30);
      books.push(
        {
          date,
          description: '现金销售 Cash sales; 豆包, 花卷',
          lines: [
            { account: '1001', debit: cash, memo: 'till: counter-1 [早班]' },
            { account: '5001', credit: cash },
          ],
        },
        {
          date,
          description: '微信支付 WeChat sales',
          lines: [
            { account: '1012.01', debit: wechat },
            { account: '5001', credit: wechat },
          ],
        },
        {
          date,
          description: '支付宝 Alipay sales',
          lines: [
            { account: '1012.02', debit: alipay },
            { account: '5001', credit: alipay },
          ],
        },
        {
          date,
          description: '困难帮扶券 Hardship vouchers (in-kind aid)',
          lines: [
            { account: '3104.13', debit: voucher, memo: '困难家庭' },
            { account: '5001', credit: voucher },
          ],
        },
      );
      // A split tender with VAT: cash and WeChat pay one basket.
      const net = amount(random, 10, 80);
      const vat = amount(random, 0.1, 2.4);
      const cashPart = amount(random, 1, 9);
      books.push({
        date,
        description: '混合支付 Split tender\nwith VAT',
        lines: [
          { account: '1001', debit: cashPart },
          { account: '1012.01', debit: addFen(net, vat, `-${cashPart}`) },
          { account: '5001', credit: net },
          { account: '2221.01', credit: vat },
        ],
      });
      // The settlement of WeChat to the bank, less a fee.
      const fee = amount(random, 0.01, 1.5);
      const settled = amount(random, 20, 400);
      books.push({
        date,
        description: '微信结算 WeChat settlement',
        lines: [
          { account: '1002', debit: addFen(settled, `-${fee}`) },
          { account: '5601.01', debit: fee, memo: '费率 0.6%' },
          { account: '1012.01', credit: settled },
        ],
      });
    }
    const flour = amount(random, 600, 1200);
    const packaging = amount(random, 50, 200);
    const utilities = amount(random, 300, 700);
    books.push(
      {
        date: `${month}-05`,
        description: '面粉 Flour; by bank transfer',
        lines: [
          { account: '5401.01', debit: flour, memo: '富强粉 25kg × 10' },
          { account: '1002', credit: flour },
        ],
      },
      {
        date: `${month}-06`,
        description: '包装袋 Packaging on credit',
        lines: [
          { account: '5401.02', debit: packaging },
          { account: '2202', credit: packaging },
        ],
      },
      {
        date: `${month}-20`,
        description: '付包装款 Pay the packaging supplier',
        lines: [
          { account: '2202', debit: packaging },
          { account: '1002', credit: packaging },
        ],
      },
      {
        date: `${month}-25`,
        description: '工资 Wages accrued',
        lines: [
          { account: '5401.03', debit: '3200.00' },
          { account: '5601.02', debit: '1800.00' },
          { account: '5602.01', debit: '1500.00' },
          { account: '2211', credit: '6500.00' },
        ],
      },
      {
        date: `${month}-28`,
        description: '发工资 Wages paid',
        lines: [
          { account: '2211', debit: '6500.00' },
          { account: '1002', credit: '6500.00' },
        ],
      },
      {
        date: `${month}-26`,
        description: '水电燃气 Utilities',
        lines: [
          { account: '5602.02', debit: utilities },
          { account: '5401.04', debit: '88.80' },
          { account: '1002', credit: addFen(utilities, '88.80') },
        ],
      },
      {
        date: `${month}-01`,
        description: '房租 Rent',
        lines: [
          { account: '5602.03', debit: '2000.00' },
          { account: '1002', credit: '2000.00' },
        ],
      },
      {
        date: `${month}-27`,
        description: '现金短款 Cash short at shift close',
        lines: [
          { account: '5602.05', debit: '0.50' },
          { account: '1001', credit: '0.50' },
        ],
      },
      {
        date: `${month}-27`,
        description: '报废 Unsold rolls written off',
        lines: [
          { account: '5711.01', debit: '12.34' },
          { account: '1403', credit: '12.34' },
        ],
      },
      {
        date: `${month}-15`,
        description: '公益活动 Event supplies; paid in cash',
        lines: [
          { account: '3104.12', debit: '88.88', memo: 'note: 重阳节; date: 2020-01-01' },
          { account: '1001', credit: '88.88' },
        ],
      },
    );
  }
  return books;
}

describeEachDatabase('ledger: hledger and ledger-cli agree with our trial balance', (database) => {
  let t: TestApp;
  let token: string;

  async function download(query: string): Promise<string> {
    const response = await t.request('GET', `/api/export/journal?${query}`, { token });
    expect(response.status).toBe(200);
    const file = join(workDir, `${database.kind}-${query.replace(/[^a-z0-9-]+/gi, '_')}.journal`);
    writeFileSync(file, await response.text());
    return file;
  }

  async function ourBalances(period: string, scope: 'period' | 'cumulative') {
    const response = await t.request(
      'GET',
      `/api/reports/trial-balance?period=${period}&scope=${scope}`,
      { token },
    );
    expect(response.status).toBe(200);
    const tb = (await response.json()) as {
      rows: { account: string; debit: string; credit: string }[];
      totals: { debit: string; credit: string };
    };
    expect(tb.totals.debit).toBe(tb.totals.credit);
    return nonZeroSorted(signedBalances(tb.rows));
  }

  async function expectToolsAgree(file: string, ours: Record<string, string>): Promise<void> {
    for (const tool of TOOLS) {
      const theirs = nonZeroSorted(await toolBalances(tool, file));
      expect(theirs, `${tool} on ${file}`).toEqual(ours);
    }
  }

  test.skipIf(missing.length > 0 && !ci)(
    'a quarter of bakery books, exported whole, by period, and with balances brought forward',
    async () => {
      if (missing.length > 0) {
        throw new Error(
          `CI=true but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed.`,
        );
      }
      t = createTestApp(database);
      token = (await t.login('accountant')).token;

      const posted: { id: string; date: string }[] = [];
      for (const entry of bakeryBooks()) {
        const response = await t.request('POST', '/api/journal', { token, body: entry });
        expect(response.status, JSON.stringify(entry)).toBe(201);
        const body = (await response.json()) as { entry: { id: string; date: string } };
        posted.push(body.entry);
      }
      // Corrections: one reversed within its month, one reversed in the next month.
      for (const [date, reversalDate] of [
        ['2026-01-17', '2026-01-18'],
        ['2026-02-26', '2026-03-02'],
      ] as const) {
        const wrong = await t.request('POST', '/api/journal', {
          token,
          body: {
            date,
            description: '误记 Posted to the wrong account',
            lines: [
              { account: '5602.04', debit: '999.99' },
              { account: '1002', credit: '999.99' },
            ],
          },
        });
        const { entry } = (await wrong.json()) as { entry: { id: string } };
        const reversed = await t.request('POST', `/api/journal/${entry.id}/reverse`, {
          token,
          body: { date: reversalDate, reason: '记错科目; wrong account' },
        });
        expect(reversed.status).toBe(201);
      }
      expect(posted.length).toBeGreaterThan(100);

      // The whole journal: their balances are our cumulative trial balance at the end.
      const everything = await download('format=ledger');
      await expectToolsAgree(everything, await ourBalances('2026-03', 'cumulative'));

      // One month alone: its movements, our trial balance with scope=period.
      const february = await download('format=ledger&from=2026-02-01&to=2026-02-28');
      await expectToolsAgree(february, await ourBalances('2026-02', 'period'));

      // One month with the balances before it brought forward: cumulative at its end.
      const withOpening = await download(
        'format=ledger&from=2026-02-01&to=2026-02-28&opening=true',
      );
      await expectToolsAgree(withOpening, await ourBalances('2026-02', 'cumulative'));

      // Dates survive the export too (no memo is read as a date tag): the whole journal up
      // to the end of January is January's cumulative trial balance.
      const january = await ourBalances('2026-01', 'cumulative');
      for (const tool of TOOLS) {
        expect(
          nonZeroSorted(await toolBalances(tool, everything, ['-e', '2026-02-01'])),
          tool,
        ).toEqual(january);
      }

      // A sanity check that the comparison can fail: the oracle sees a changed figure.
      const ours = await ourBalances('2026-03', 'cumulative');
      expect(nonZeroSorted(await toolBalances('hledger', february))).not.toEqual(ours);

      // After the month-end closes and allocations (issue 5) the books still agree: revenue
      // and expenses are zero, the surplus sits in the funds.
      for (const period of ['2026-01', '2026-02', '2026-03']) {
        const closed = await t.request('POST', `/api/periods/${period}/close`, { token });
        expect(closed.status, await closed.clone().text()).toBe(200);
      }
      const afterClose = await ourBalances('2026-03', 'cumulative');
      expect(Object.keys(afterClose).some((account) => account.startsWith('3104.1'))).toBe(true);
      expect(Object.keys(afterClose).some((account) => account.startsWith('5'))).toBe(false);
      await expectToolsAgree(await download('format=ledger'), afterClose);
    },
    120_000,
  );
});

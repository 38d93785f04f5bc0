import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  accountBalance,
  accountTotals,
  generalLedger,
  trialBalance,
  type AccountTotals,
  type LineFilter,
} from '../../ledger/books/balances.js';
import type { Executor } from '../../ledger/core/executor.js';
import { D, ZERO } from '../../ledger/core/money.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

/**
 * Summaries against a recomputation (STYLE.md: "balances from the journal equal balances
 * from any cache"): `accountTotals` answers from the covering indexes over the period and
 * date that a trigger copies onto each line; here the same totals are summed in JS, as
 * Decimals, from the raw rows, taking period and date from the entries themselves.
 */

const ACCOUNTS = ['1001', '1002', '1012.01', '1012.02', '2221.01', '3104.13', '5001', '5401.01'];
const PERIODS = ['2025-11', '2025-12', '2026-01', '2026-02'];
const DAYS = ['01', '09', '15', '28'];

async function recompute(db: Executor, filter: LineFilter): Promise<Map<string, AccountTotals>> {
  const rows = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['l.account_code', 'l.debit', 'l.credit', 'e.period', 'e.entry_date'])
    .execute();
  const totals = new Map<string, AccountTotals>();
  for (const row of rows) {
    if (filter.period && row.period !== filter.period) continue;
    if (filter.upToPeriod && row.period > filter.upToPeriod) continue;
    if (filter.fromDate && row.entry_date < filter.fromDate) continue;
    if (filter.toDate && row.entry_date > filter.toDate) continue;
    const sum = totals.get(row.account_code) ?? { debit: ZERO, credit: ZERO };
    totals.set(row.account_code, {
      debit: sum.debit.plus(D(row.debit)),
      credit: sum.credit.plus(D(row.credit)),
    });
  }
  return totals;
}

function asText(totals: Map<string, AccountTotals>): Record<string, [string, string]> {
  return Object.fromEntries(
    [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([account, sum]) => [account, [sum.debit.toFixed(2), sum.credit.toFixed(2)]]),
  );
}

const fen = (max: bigint) =>
  fc.bigInt({ min: 1n, max }).map((value) => D(value.toString()).div(100).toFixed(2));

const entryArbitrary = fc.record({
  period: fc.constantFrom(...PERIODS),
  day: fc.constantFrom(...DAYS),
  legs: fc.array(
    fc.record({
      account: fc.constantFrom(...ACCOUNTS),
      // Mostly shop-sized amounts, sometimes huge ones that no float could add exactly.
      amount: fc.oneof(fen(100_000n), fen(99_999_999_999_999n)),
      debit: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  balancing: fc.constantFrom(...ACCOUNTS),
});

const filterArbitrary: fc.Arbitrary<LineFilter> = fc.oneof(
  fc.constantFrom(...PERIODS).map((period) => ({ period })),
  fc.constantFrom(...PERIODS).map((upToPeriod) => ({ upToPeriod })),
  fc
    .tuple(fc.constantFrom(...PERIODS), fc.constantFrom(...DAYS), fc.nat(40))
    .map(([period, day, span]) => {
      const from = new Date(`${period}-${day}T00:00:00Z`);
      const to = new Date(from.getTime() + span * 86_400_000);
      return {
        fromDate: from.toISOString().slice(0, 10),
        toDate: to.toISOString().slice(0, 10),
      };
    }),
  fc.constant({}),
);

describeEachDatabase('ledger: summaries equal a recomputation from the lines', (database) => {
  const db = () => database.current.db;

  test('property: accountTotals per period, up to a period and over dates equals a Decimal sum of the rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArbitrary, { minLength: 1, maxLength: 12 }),
        filterArbitrary,
        async (entries, filter) => {
          for (const entry of entries) {
            let net = ZERO;
            const lines: [string, string | null, string | null][] = entry.legs.map((leg) => {
              net = leg.debit ? net.plus(leg.amount) : net.minus(leg.amount);
              return leg.debit ? [leg.account, leg.amount, null] : [leg.account, null, leg.amount];
            });
            if (net.isZero()) continue;
            lines.push(
              net.gt(0)
                ? [entry.balancing, null, net.toFixed(2)]
                : [entry.balancing, net.neg().toFixed(2), null],
            );
            await post(db(), `${entry.period}-${entry.day}`, lines);
          }
          for (const period of PERIODS) {
            expect(asText(await accountTotals(db(), { period }))).toEqual(
              asText(await recompute(db(), { period })),
            );
          }
          expect(asText(await accountTotals(db(), filter))).toEqual(
            asText(await recompute(db(), filter)),
          );
        },
      ),
      { numRuns: 12 },
    );
  });

  test('the cumulative trial balance equals the recomputation, and its columns balance', async () => {
    for (const period of PERIODS) {
      const tb = await trialBalance(db(), { period, scope: 'cumulative' });
      const expected = await recompute(db(), { upToPeriod: period });
      expect(tb.rows.map((row) => row.account).sort()).toEqual([...expected.keys()].sort());
      for (const row of tb.rows) {
        const sum = expected.get(row.account)!;
        expect(row.debit.minus(row.credit).toFixed(2), row.account).toBe(
          sum.debit.minus(sum.credit).toFixed(2),
        );
      }
      expect(tb.totals.debit.toFixed(2)).toBe(tb.totals.credit.toFixed(2));
    }
  });

  test('a truncated general ledger still reports the closing balance at its end date', async () => {
    for (let day = 1; day <= 5; day += 1) {
      await post(db(), `2026-03-0${day}`, [
        ['1012.02', `${day}.01`, null],
        ['5001', null, `${day}.01`],
      ]);
    }
    const page = await generalLedger(db(), {
      account: '1012.02',
      fromDate: '2026-03-01',
      toDate: '2026-03-31',
      limit: 2,
    });
    expect(page.truncated).toBe(true);
    expect(page.lines).toHaveLength(2);
    const closing = await accountBalance(db(), '1012.02', { toDate: '2026-03-31' });
    expect(page.closing.toFixed(2)).toBe(closing.toFixed(2));
    expect(page.closing.minus(page.opening).toFixed(2)).toBe('15.05');
  });
});

import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { expect, test } from 'vitest';
import {
  accountBalance,
  accountTotals,
  trialBalance,
  type AccountTotals,
  type LineFilter,
} from '../../ledger/books/balances.js';
import { closePeriod } from '../../ledger/books/close-period.js';
import { periodDigest } from '../../ledger/books/digest.js';
import { postingDate } from '../../ledger/books/posting-period.js';
import { reopenPeriod } from '../../ledger/books/reopen-period.js';
import type { Executor } from '../../ledger/core/executor.js';
import { D, ZERO } from '../../ledger/core/money.js';
import { migrations } from '../../migrations/index.js';
import { openPglite } from '../../server/db.js';
import { migrateToLatest } from '../../server/migrate.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

/**
 * Closed months keep their balances (migration 0014, decision 0034): the close stores each
 * account's debit and credit sums of the month, the trial balance reads them for months
 * whose close is in force and the lines for the rest. Checked here against the journal
 * itself, summed in JS as Decimals from the raw rows (period taken from the entries): the
 * kept rows after closes, after a reopen and a re-close, with late postings; and the trial
 * balance, totals and balances for every period and scope.
 */

const PERIODS = ['2026-12', '2027-01', '2027-02', '2027-03', '2027-04'];
const NOW = new Date('2027-06-15T04:00:00Z');
const TIME_ZONE = 'Asia/Shanghai';

interface RawLine {
  account: string;
  period: string;
  debit: string;
  credit: string;
}

async function rawLines(db: Executor): Promise<RawLine[]> {
  const rows = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['l.account_code', 'l.debit', 'l.credit', 'e.period'])
    .execute();
  return rows.map((row) => ({
    account: row.account_code,
    period: row.period,
    debit: row.debit,
    credit: row.credit,
  }));
}

function sumLines(lines: RawLine[], keep: (line: RawLine) => boolean): Map<string, AccountTotals> {
  const totals = new Map<string, AccountTotals>();
  for (const line of lines) {
    if (!keep(line)) continue;
    const sum = totals.get(line.account) ?? { debit: ZERO, credit: ZERO };
    totals.set(line.account, {
      debit: sum.debit.plus(D(line.debit)),
      credit: sum.credit.plus(D(line.credit)),
    });
  }
  return totals;
}

function asText(totals: Map<string, AccountTotals>): Record<string, [string, string]> {
  return Object.fromEntries(
    [...totals.entries()].map(([account, sum]) => [
      account,
      [sum.debit.toFixed(2), sum.credit.toFixed(2)],
    ]),
  );
}

/** The trial balance computed directly from the lines: net per account, in its column. */
function directTrialBalance(lines: RawLine[], period: string, scope: 'period' | 'cumulative') {
  const totals = sumLines(lines, (line) =>
    scope === 'period' ? line.period === period : line.period <= period,
  );
  const rows: Record<string, [string, string]> = {};
  let debit = ZERO;
  let credit = ZERO;
  for (const [account, sum] of totals) {
    const net = sum.debit.minus(sum.credit);
    const rowDebit = net.gt(0) ? net : ZERO;
    const rowCredit = net.lt(0) ? net.neg() : ZERO;
    debit = debit.plus(rowDebit);
    credit = credit.plus(rowCredit);
    rows[account] = [rowDebit.toFixed(2), rowCredit.toFixed(2)];
  }
  return { rows, totals: [debit.toFixed(2), credit.toFixed(2)] };
}

/** The kept rows of every close in force, by period, and of every close ever made. */
async function keptRows(db: Executor) {
  const rows = await db
    .selectFrom('period_close_balances as b')
    .innerJoin('period_closes as c', 'c.id', 'b.close_id')
    .select(['c.id', 'c.period', 'c.reopened_at', 'b.account_code', 'b.debit', 'b.credit'])
    .execute();
  const inForce = new Map<string, Map<string, AccountTotals>>();
  for (const row of rows) {
    if (row.reopened_at !== null) continue;
    const totals = inForce.get(row.period) ?? new Map<string, AccountTotals>();
    totals.set(row.account_code, { debit: D(row.debit), credit: D(row.credit) });
    inForce.set(row.period, totals);
  }
  return { inForce, all: rows };
}

describeEachDatabase('closed months keep their balances', (database) => {
  const db = () => database.current.db;

  async function close(period: string) {
    return db()
      .transaction()
      .execute((trx) =>
        closePeriod(trx, {
          period,
          closedBy: null,
          now: NOW,
          timeZone: TIME_ZONE,
          openShiftsIn: () => Promise.resolve(0),
        }),
      );
  }
  async function reopen(period: string) {
    return db()
      .transaction()
      .execute((trx) =>
        reopenPeriod(trx, { period, reason: '漏记一笔 missed entry', reopenedBy: null, now: NOW }),
      );
  }
  async function closedPeriods(): Promise<string[]> {
    const rows = await db()
      .selectFrom('periods')
      .select('period')
      .where('status', '=', 'closed')
      .orderBy('period')
      .execute();
    return rows.map((row) => row.period);
  }

  /** Every kept figure and every whole-month figure equals the journal, to the fen. */
  async function expectAgreesWithJournal() {
    const lines = await rawLines(db());
    const closed = await closedPeriods();
    const { inForce } = await keptRows(db());
    // The kept rows of each closed month are exactly its lines, and only closed months have them.
    expect([...inForce.keys()].sort()).toEqual(closed);
    for (const period of closed) {
      expect(asText(inForce.get(period)!), period).toEqual(
        asText(sumLines(lines, (line) => line.period === period)),
      );
    }
    for (const period of PERIODS) {
      for (const scope of ['period', 'cumulative'] as const) {
        const tb = await trialBalance(db(), { period, scope });
        const direct = directTrialBalance(lines, period, scope);
        expect(
          Object.fromEntries(
            tb.rows.map((row) => [row.account, [row.debit.toFixed(2), row.credit.toFixed(2)]]),
          ),
          `${scope} ${period}`,
        ).toEqual(direct.rows);
        expect([tb.totals.debit.toFixed(2), tb.totals.credit.toFixed(2)]).toEqual(direct.totals);
        expect(tb.totals.debit.equals(tb.totals.credit)).toBe(true);
      }
      const filters: LineFilter[] = [{ period }, { upToPeriod: period }];
      for (const filter of filters) {
        expect(asText(await accountTotals(db(), filter)), JSON.stringify(filter)).toEqual(
          asText(
            sumLines(lines, (line) =>
              filter.period ? line.period === filter.period : line.period <= filter.upToPeriod!,
            ),
          ),
        );
      }
      // Balances of an account with its sub-accounts, on its normal side.
      for (const [account, side] of [
        ['1012', 'debit'],
        ['3104', 'credit'],
        ['3104.01', 'credit'],
        ['5001', 'credit'],
      ] as const) {
        const sums = sumLines(
          lines,
          (line) =>
            line.period <= period &&
            (line.account === account || line.account.startsWith(`${account}.`)),
        );
        let net = ZERO;
        for (const sum of sums.values())
          net = net.plus(
            side === 'debit' ? sum.debit.minus(sum.credit) : sum.credit.minus(sum.debit),
          );
        expect(
          (await accountBalance(db(), account, { upToPeriod: period })).toFixed(2),
          `${account} up to ${period}`,
        ).toBe(net.toFixed(2));
      }
    }
    expect(asText(await accountTotals(db(), {}))).toEqual(asText(sumLines(lines, () => true)));
  }

  async function sale(date: string, amount: string, account = '1001') {
    await post(
      db(),
      date,
      [
        [account, amount, null],
        ['5001', null, amount],
      ],
      '销售',
    );
  }
  async function cost(date: string, amount: string, account = '5401.01') {
    await post(
      db(),
      date,
      [
        [account, amount, null],
        ['1002', null, amount],
      ],
      '成本',
    );
  }

  test('setup: a few months of sales and costs, one of them a deficit', async () => {
    await post(
      db(),
      '2026-12-20',
      [
        ['1002', '50000.00', null],
        ['3001', null, '50000.00'],
      ],
      '实收资本',
    );
    await sale('2027-01-05', '1234.56');
    await sale('2027-01-18', '88.88', '1012.01');
    await cost('2027-01-20', '300.01');
    await sale('2027-02-03', '100.00', '1012.02');
    await cost('2027-02-11', '777.77', '5602.02'); // a deficit month
    await sale('2027-03-09', '999.99');
    await cost('2027-03-30', '0.03', '5601.01');
    await sale('2027-04-02', '12.34');
    await expectAgreesWithJournal();
  });

  test('each close keeps its month’s balances, closing and allocation entries included', async () => {
    for (const period of ['2026-12', '2027-01', '2027-02']) {
      const result = await close(period);
      const kept = await db()
        .selectFrom('period_close_balances')
        .select(['account_code'])
        .where('close_id', '=', result.closeId)
        .execute();
      const accounts = await db()
        .selectFrom('journal_lines')
        .select('account_code')
        .distinct()
        .where('period', '=', period)
        .execute();
      // A close that stored nothing (or missed an account) fails here.
      expect(kept.map((row) => row.account_code).sort()).toEqual(
        accounts.map((row) => row.account_code).sort(),
      );
      await expectAgreesWithJournal();
    }
    // After the close of January, its revenue and expenses are zero in the kept rows too.
    const january = (await keptRows(db())).inForce.get('2027-01')!;
    const revenue = january.get('5001')!;
    expect(revenue.debit.toFixed(2)).toBe(revenue.credit.toFixed(2));
  });

  test('the trial balance of a closed month is read from the kept rows', async () => {
    // A row smuggled past the guards (triggers off, as only a superuser can) shows which
    // source the trial balance reads; the transaction is rolled back.
    class Rollback extends Error {}
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`SET LOCAL session_replication_role = replica`.execute(trx);
          const { id } = await trx
            .selectFrom('period_closes')
            .select('id')
            .where('period', '=', '2027-01')
            .where('reopened_at', 'is', null)
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('period_close_balances')
            .values({
              close_id: id,
              period: '2027-01',
              account_code: '1122',
              debit: '5.00',
              credit: '0',
            })
            .execute();
          const tb = await trialBalance(trx, { period: '2027-01', scope: 'period' });
          expect(tb.rows.find((row) => row.account === '1122')?.debit.toFixed(2)).toBe('5.00');
          const march = await trialBalance(trx, { period: '2027-03', scope: 'period' });
          expect(march.rows.find((row) => row.account === '1122')).toBeUndefined();
          throw new Rollback();
        }),
    ).rejects.toBeInstanceOf(Rollback);
    await expectAgreesWithJournal();
  });

  test('late postings land in the open month; the closed months’ kept rows still hold', async () => {
    const late = await postingDate(db(), '2027-02-27');
    expect(late).toEqual({ entryDate: '2027-03-01', period: '2027-03', late: true });
    await sale(late.entryDate, '45.67', '1012.01');
    await expect(sale('2027-02-27', '1.00')).rejects.toMatchObject({ code: 'period_closed' });
    await expectAgreesWithJournal();
  });

  test('a reopen stops its close’s kept rows counting; the re-close keeps new ones', async () => {
    const before = await keptRows(db());
    const firstClose = before.all.find((row) => row.period === '2027-02' && !row.reopened_at)!.id;
    await reopen('2027-02');
    expect((await keptRows(db())).inForce.has('2027-02')).toBe(false);
    // The month's trial balance now includes the reversals and a correction: if the old
    // kept rows were still read it would not.
    await cost('2027-02-26', '12.00', '5602.04');
    const tb = await trialBalance(db(), { period: '2027-02', scope: 'period' });
    expect(tb.rows.find((row) => row.account === '5602.04')?.debit.toFixed(2)).toBe('12.00');
    const profit = tb.rows.find((row) => row.account === '3103')!;
    expect([profit.debit.toFixed(2), profit.credit.toFixed(2)]).toEqual(['0.00', '0.00']);
    await expectAgreesWithJournal();

    const second = await close('2027-02');
    expect(second.closeId).not.toBe(firstClose);
    const after = await keptRows(db());
    // The first close's rows are still there (append-only), marked by their reopened close.
    expect(after.all.some((row) => row.id === firstClose && row.reopened_at !== null)).toBe(true);
    await expectAgreesWithJournal();

    // Reopen and re-close the latest month twice more, with a late posting in between.
    await close('2027-03');
    await reopen('2027-03');
    await sale('2027-03-31', '3.21');
    await close('2027-03');
    await sale((await postingDate(db(), '2027-03-15')).entryDate, '6.54');
    await expectAgreesWithJournal();
  });

  test('the database guards the kept rows', async () => {
    const { id } = await db()
      .selectFrom('period_closes')
      .select('id')
      .where('period', '=', '2027-01')
      .where('reopened_at', 'is', null)
      .executeTakeFirstOrThrow();
    // Not by anyone but the close that records them …
    await expect(
      db()
        .insertInto('period_close_balances')
        .values({
          close_id: id,
          period: '2027-01',
          account_code: '1122',
          debit: '1.00',
          credit: '0',
        })
        .execute(),
    ).rejects.toThrow(/entry_immutable/);
    // … never changed or deleted …
    await expect(
      db()
        .updateTable('period_close_balances')
        .set({ debit: '0' })
        .where('close_id', '=', id)
        .execute(),
    ).rejects.toThrow(/entry_immutable/);
    await expect(
      db().deleteFrom('period_close_balances').where('close_id', '=', id).execute(),
    ).rejects.toThrow(/entry_immutable/);
    await expect(sql`TRUNCATE period_close_balances`.execute(db())).rejects.toThrow(
      /entry_immutable/,
    );
    // … and a close whose kept rows differ from its lines does not commit.
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          const result = await closePeriod(trx, {
            period: '2027-04',
            closedBy: null,
            now: NOW,
            timeZone: TIME_ZONE,
            openShiftsIn: () => Promise.resolve(0),
          });
          await trx
            .insertInto('period_close_balances')
            .values({
              close_id: result.closeId,
              period: '2027-04',
              account_code: '1122',
              debit: '1.00',
              credit: '0',
            })
            .execute();
        }),
    ).rejects.toThrow(/kept balances/);
    expect(await closedPeriods()).not.toContain('2027-04');
    await expectAgreesWithJournal();
  });
});

test('migration 0014 keeps the balances of the closes already in force, and only those', async () => {
  const opened = await openPglite('memory://');
  const { db } = opened;
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0013_record_sale_function')).error).toBeUndefined();
    for (const [date, amount] of [
      ['2027-01-05', '10.01'],
      ['2027-01-20', '20.02'],
      ['2027-02-03', '30.03'],
    ] as const) {
      await post(db, date, [
        ['1001', amount, null],
        ['5001', null, amount],
      ]);
    }
    // Closes as they were recorded before 0014 (no closing entries needed for the point).
    for (const period of ['2027-01', '2027-02']) {
      await db.transaction().execute(async (trx) => {
        const { digest, entryCount } = await periodDigest(trx, period);
        await trx
          .updateTable('periods')
          .set({ status: 'closed', closed_at: NOW, digest, entry_count: entryCount })
          .where('period', '=', period)
          .execute();
        await trx
          .insertInto('period_closes')
          .values({
            id: randomUUID(),
            period,
            surplus: '0',
            deficit_carried_in: '0',
            allocable: '0',
            rule_id: null,
            closing_entry_id: null,
            allocation_entry_id: null,
            digest,
            entry_count: entryCount,
            closed_by: null,
            closed_at: NOW,
            reopened_by: null,
            reopened_at: null,
            reopen_reason: null,
          })
          .execute();
      });
    }
    await db
      .transaction()
      .execute((trx) =>
        reopenPeriod(trx, { period: '2027-02', reason: '漏记', reopenedBy: null, now: NOW }),
      );
    await migrateToLatest(db);
    const kept = await keptRows(db);
    expect([...kept.inForce.keys()]).toEqual(['2027-01']);
    expect(asText(kept.inForce.get('2027-01')!)).toEqual({
      '1001': ['30.03', '0.00'],
      '5001': ['0.00', '30.03'],
    });
    const lines = await rawLines(db);
    for (const period of ['2027-01', '2027-02']) {
      for (const scope of ['period', 'cumulative'] as const) {
        const tb = await trialBalance(db, { period, scope });
        expect(
          Object.fromEntries(
            tb.rows.map((row) => [row.account, [row.debit.toFixed(2), row.credit.toFixed(2)]]),
          ),
        ).toEqual(directTrialBalance(lines, period, scope).rows);
      }
    }
  } finally {
    await opened.close();
  }
});

import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import type { Executor } from '../../ledger/core/executor.js';
import { getEntry } from '../../ledger/books/journal.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';
import { errorCode, json } from '../selling/helpers.js';

const COUNTED = [
  'journal_entries',
  'journal_lines',
  'periods',
  'period_closes',
  'period_close_allocations',
  'audit_log',
] as const;

async function counts(db: Executor) {
  const result: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    result[table] = Number(row.rows[0]!.n);
  }
  return result;
}

interface Preview {
  period: string;
  checklist: {
    ready: boolean;
    monthEnded: { ok: boolean };
    periodOpen: { ok: boolean; status: string };
    earlierMonthsClosed: { ok: boolean; openPeriods: string[] };
    shiftsClosed: {
      ok: boolean;
      openShifts: { id: string; registerId: string; cashier: string }[];
    };
    trialBalanceBalanced: { ok: boolean; debit: string; credit: string };
    clearingAccounts: {
      ok: boolean;
      accounts: { account: string; balance: string; oldestUnsettledDate: string | null }[];
    };
  };
  close: Record<string, unknown> | null;
  entries: {
    closing: {
      date: string;
      lines: { account: string; debit: string; credit: string; memo: string | null }[];
    } | null;
    allocation: {
      date: string;
      lines: { account: string; debit: string; credit: string; memo: string | null }[];
    } | null;
  };
  refusal: { code: string } | null;
}

describeEachDatabase('books: month close preview', (database) => {
  let t: TestApp;
  let accountant: string;
  let cashier: { token: string; username: string };
  const db = () => database.current.db;
  const preview = async (period: string) => {
    const response = await t.request('GET', `/api/periods/${period}/close-preview`, {
      token: accountant,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return json<Preview>(response);
  };
  const lines = (entry: Awaited<ReturnType<typeof getEntry>>) =>
    entry!.lines.map((line) => ({
      account: line.account,
      debit: line.debit.toFixed(2),
      credit: line.credit.toFixed(2),
      memo: line.memo,
    }));

  beforeAll(async () => {
    t = createTestApp(database);
    t.clock.set('2026-07-10T02:00:00Z');
    accountant = (await t.login('accountant')).token;
    cashier = await t.login('cashier');
    await post(db(), '2026-07-02', [
      ['1002', '50000.00', null],
      ['3001', null, '50000.00'],
    ]);
    // January: a deficit. February: a surplus that first covers it; paid partly by WeChat Pay.
    await post(db(), '2026-07-05', [
      ['1001', '100.00', null],
      ['5001', null, '100.00'],
    ]);
    await post(db(), '2026-07-06', [
      ['5401.01', '250.00', null],
      ['1002', null, '250.00'],
    ]);
    await post(db(), '2026-08-03', [
      ['1012.01', '1000.00', null],
      ['5001', null, '1000.00'],
    ]);
    await post(db(), '2026-08-04', [
      ['1001', '333.33', null],
      ['5001', null, '333.33'],
    ]);
    await post(db(), '2026-08-05', [
      ['5602.02', '100.00', null],
      ['1002', null, '100.00'],
    ]);
    await post(db(), '2026-08-20', [
      ['1012.01', '40.00', null],
      ['5001', null, '40.00'],
    ]);
    await post(db(), '2026-08-21', [
      ['1002', '990.00', null],
      ['1012.01', null, '990.00'],
    ]);
  });

  test('an open shift and a month not ended are listed; the preview says what the close would refuse', async () => {
    const opened = await t.request('POST', '/api/shifts', {
      token: cashier.token,
      body: { registerId: 'counter-9', openingFloat: '100.00' },
    });
    expect(opened.status).toBe(201);
    const before = await counts(db());
    const early = await preview('2026-07');
    expect(early.checklist.monthEnded.ok).toBe(false);
    expect(
      early.checklist.shiftsClosed.openShifts.map((shift) => [shift.registerId, shift.cashier]),
    ).toEqual([['counter-9', cashier.username]]);
    expect(early.checklist.ready).toBe(false);
    expect(early.close).toBeNull();
    expect(early.refusal?.code).toBe('period_not_ended');
    expect(await counts(db())).toEqual(before);

    t.clock.set('2026-09-10T02:00:00Z');
    accountant = (await t.login('accountant')).token;
    const afterLogin = await counts(db());
    const stillOpen = await preview('2026-07');
    expect(stillOpen.checklist.monthEnded.ok).toBe(true);
    expect(stillOpen.refusal?.code).toBe('shifts_open');
    // The real close refuses the same way.
    const real = await t.request('POST', '/api/periods/2026-07/close', { token: accountant });
    expect(await errorCode(real)).toBe('shifts_open');
    expect(await counts(db())).toEqual(afterLogin);

    const { shift } = await json<{ shift: { id: string } }>(opened);
    // The cashier's session has expired by now; an admin closes the shift.
    const admin = await t.login('admin');
    const closed = await t.request('POST', `/api/shifts/${shift.id}/close`, {
      token: admin.token,
      body: { countedCash: '100.00' },
    });
    expect(closed.status, await closed.clone().text()).toBe(200);
  });

  test('the preview equals the real close, writes nothing, and lists earlier months still open', async () => {
    const february = await preview('2026-08');
    expect(february.checklist.earlierMonthsClosed).toEqual({
      ok: false,
      blocking: true,
      openPeriods: ['2026-07'],
    });
    expect(february.refusal?.code).toBe('earlier_period_open');

    for (const period of ['2026-07', '2026-08']) {
      const before = await counts(db());
      const dry = await preview(period);
      expect(dry.checklist.ready).toBe(true);
      expect(dry.refusal).toBeNull();
      expect(await counts(db())).toEqual(before);
      // Previewing twice gives the same answer.
      expect(await preview(period)).toEqual(dry);

      const response = await t.request('POST', `/api/periods/${period}/close`, {
        token: accountant,
      });
      expect(response.status, await response.clone().text()).toBe(200);
      const real = await json<
        Record<string, unknown> & { closingEntryId: string; allocationEntryId: string }
      >(response);
      const { digest: _d, closingEntryId, allocationEntryId, closedAt: _c, ...figures } = real;
      expect(dry.close).toEqual(figures);
      expect(dry.entries.closing!.lines).toEqual(lines(await getEntry(db(), closingEntryId)));
      expect(dry.entries.allocation!.lines).toEqual(lines(await getEntry(db(), allocationEntryId)));
    }
  });

  test('the figures: a deficit carried, then covered before the funds share the rest', async () => {
    const answers = await t.request('GET', '/api/reports/funds?period=2026-08', {
      token: accountant,
    });
    expect(answers.status).toBe(200);
    // January lost 150.00; February made 1273.33, of which 150.00 covers January and 1123.33 is shared.
    const closes = await db()
      .selectFrom('period_closes')
      .select(['period', 'surplus', 'deficit_carried_in', 'allocable'])
      .where('period', 'in', ['2026-07', '2026-08'])
      .orderBy('period')
      .execute();
    expect(
      closes.map((row) => [row.period, row.surplus, row.deficit_carried_in, row.allocable]),
    ).toEqual([
      ['2026-07', '-150.00', '0.00', '0.00'],
      ['2026-08', '1273.33', '150.00', '1123.33'],
    ]);
  });

  test('clearing accounts at month end are shown with the date of the oldest money still waiting', async () => {
    await post(db(), '2026-09-02', [
      ['1012.01', '7.00', null],
      ['5001', null, '7.00'],
    ]);
    const march = await preview('2026-09');
    const wechat = march.checklist.clearingAccounts.accounts.find(
      (account) => account.account === '1012.01',
    )!;
    // 1040.00 in, 990.00 paid out first in first out: 50.00 waits, the oldest part from 2026-08-03.
    expect([wechat.balance, wechat.oldestUnsettledDate]).toEqual(['57.00', '2026-08-03']);
    expect(march.checklist.clearingAccounts.ok).toBe(false);
    expect(march.checklist.trialBalanceBalanced.ok).toBe(true);
  });

  test('a cashier may not preview a close', async () => {
    const { token } = await t.login('cashier');
    const response = await t.request('GET', '/api/periods/2026-09/close-preview', { token });
    expect(response.status).toBe(403);
  });
});

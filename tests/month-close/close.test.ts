import fc from 'fast-check';
import { expect, test } from 'vitest';
import { accountBalance, trialBalance } from '../../ledger/books/balances.js';
import { verifyPeriodDigest } from '../../ledger/books/digest.js';
import { D, ZERO } from '../../ledger/core/money.js';
import { fundStatement } from '../../reports/fund-statement.js';
import { balanceSheet, incomeStatement } from '../../reports/financial-statements.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

interface CloseAnswer {
  period: string;
  surplus: string;
  deficitCarriedIn: string;
  allocable: string;
  deficitCarriedOut: string;
  allocation: { fund: string; percent: string; amount: string }[];
  digest: string;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

const amounts = (answer: CloseAnswer) =>
  Object.fromEntries(answer.allocation.map((item) => [item.fund, item.amount]));

/**
 * One story, months in order, on each database: a surplus month, a deficit month then a
 * surplus month, tiny remainders, a rule change, refusals, spending, reopen and re-close.
 */
describeEachDatabase('month close', (database) => {
  let t: TestApp;
  let accountant: string;
  let admin: string;
  const db = () => database.current.db;

  async function close(period: string, token = accountant) {
    return t.request('POST', `/api/periods/${period}/close`, { token });
  }
  async function sale(date: string, amount: string) {
    await post(
      db(),
      date,
      [
        ['1001', amount, null],
        ['5001', null, amount],
      ],
      '现金销售',
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
      '面粉',
    );
  }

  test('setup: users and a clock in 2027', async () => {
    t = createTestApp(database);
    t.clock.set('2027-12-15T04:00:00Z');
    accountant = (await t.login('accountant')).token;
    admin = (await t.login('admin')).token;
    // Money in the bank to spend from later.
    await post(
      db(),
      '2027-01-02',
      [
        ['1002', '100000.00', null],
        ['3001', null, '100000.00'],
      ],
      '实收资本',
    );
  });

  test('a surplus month is closed into 本年利润 and allocated 50/30/20', async () => {
    await sale('2027-01-05', '1000.00');
    await sale('2027-01-31', '234.56');
    await cost('2027-01-10', '400.00');
    await cost('2027-01-20', '34.56', '5602.02');
    const response = await close('2027-01');
    expect(response.status).toBe(200);
    const answer = await json<CloseAnswer>(response);
    expect(answer.surplus).toBe('800.00');
    expect(answer.deficitCarriedIn).toBe('0.00');
    expect(amounts(answer)).toEqual({ operations: '400.00', events: '240.00', hardship: '160.00' });
    expect(answer.digest).toMatch(/^[0-9a-f]{64}$/);

    const income = await incomeStatement(db(), '2027-01');
    expect(income.totalRevenue.toFixed(2)).toBe('1234.56');
    expect(income.result.toFixed(2)).toBe('800.00');
    // After the close every revenue and expense account is zero, and so is 本年利润.
    const tb = await trialBalance(db(), { period: '2027-01', scope: 'cumulative' });
    for (const row of tb.rows.filter(
      (r) => r.type === 'revenue' || r.type === 'expense' || r.account === '3103',
    )) {
      expect([row.account, row.debit.toFixed(2), row.credit.toFixed(2)]).toEqual([
        row.account,
        '0.00',
        '0.00',
      ]);
    }
    expect(tb.totals.debit.equals(tb.totals.credit)).toBe(true);
    expect((await verifyPeriodDigest(db(), '2027-01')).ok).toBe(true);
    const sheet = await balanceSheet(db(), '2027-01');
    expect(sheet.totalAssets.toFixed(2)).toBe(sheet.totalLiabilitiesAndEquity.toFixed(2));
  });

  test('closing twice is period_closed; posting into the closed month is refused', async () => {
    const again = await close('2027-01');
    expect(again.status).toBe(409);
    expect((await json<{ error: { code: string } }>(again)).error.code).toBe('period_closed');
    const manual = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'events',
        date: '2027-01-20',
        amount: '1.00',
        category: 'event_supplies',
        description: 'late',
        paidFrom: 'bank',
      },
    });
    expect(manual.status).toBe(409);
    expect((await json<{ error: { code: string } }>(manual)).error.code).toBe('period_closed');
  });

  test('a deficit month allocates nothing and carries the deficit; the next surplus covers it first', async () => {
    await sale('2027-02-03', '200.00');
    await cost('2027-02-04', '500.00');
    const february = await json<CloseAnswer>(await close('2027-02'));
    expect(february.surplus).toBe('-300.00');
    expect(february.allocable).toBe('0.00');
    expect(february.deficitCarriedOut).toBe('300.00');
    expect(amounts(february)).toEqual({ operations: '0.00', events: '0.00', hardship: '0.00' });

    await sale('2027-03-03', '1000.00');
    const march = await json<CloseAnswer>(await close('2027-03'));
    expect(march.surplus).toBe('1000.00');
    expect(march.deficitCarriedIn).toBe('300.00');
    expect(march.allocable).toBe('700.00');
    expect(amounts(march)).toEqual({ operations: '350.00', events: '210.00', hardship: '140.00' });
    expect((await accountBalance(db(), '3104.01', { upToPeriod: '2027-03' })).toFixed(2)).toBe(
      '0.00',
    );
  });

  test('remainders of 0.01 and 0.02 are split to the fen and sum exactly', async () => {
    await sale('2027-04-03', '0.01');
    const april = await json<CloseAnswer>(await close('2027-04'));
    expect(april.allocable).toBe('0.01');
    expect(answerSum(april)).toBe('0.01');
    expect(Object.values(amounts(april)).filter((amount) => amount === '0.01')).toHaveLength(1);

    await sale('2027-05-03', '0.02');
    const may = await json<CloseAnswer>(await close('2027-05'));
    expect(answerSum(may)).toBe('0.02');
    expect(
      Object.values(amounts(may)).every((amount) => amount === '0.00' || amount === '0.01'),
    ).toBe(true);
  });

  test('a rule that changes mid-year applies from its month; a rule for a closed month is refused', async () => {
    const late = await t.request('POST', '/api/allocation-rules', {
      token: admin,
      body: {
        effectiveFrom: '2027-05',
        shares: [
          { fund: 'operations', percent: '40' },
          { fund: 'events', percent: '40' },
          { fund: 'hardship', percent: '20' },
        ],
      },
    });
    expect(late.status).toBe(409);
    expect((await json<{ error: { code: string } }>(late)).error.code).toBe('rule_period_closed');

    const bad = await t.request('POST', '/api/allocation-rules', {
      token: admin,
      body: {
        effectiveFrom: '2027-06',
        shares: [
          { fund: 'operations', percent: '40' },
          { fund: 'events', percent: '40' },
          { fund: 'hardship', percent: '20.0001' },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect((await json<{ error: { code: string } }>(bad)).error.code).toBe('rule_shares_invalid');

    const byAccountant = await t.request('POST', '/api/allocation-rules', {
      token: accountant,
      body: {
        effectiveFrom: '2027-06',
        shares: [
          { fund: 'operations', percent: '40' },
          { fund: 'events', percent: '40' },
          { fund: 'hardship', percent: '20' },
        ],
      },
    });
    expect(byAccountant.status).toBe(403);

    const created = await t.request('POST', '/api/allocation-rules', {
      token: admin,
      body: {
        effectiveFrom: '2027-06',
        shares: [
          { fund: 'operations', percent: '33.3333' },
          { fund: 'events', percent: '33.3333' },
          { fund: 'hardship', percent: '33.3334' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const rules = await json<{ rules: { effectiveFrom: string }[] }>(
      await t.request('GET', '/api/allocation-rules', { token: accountant }),
    );
    expect(rules.rules.map((rule) => rule.effectiveFrom)).toEqual(['2027-06', '2000-01']);

    await sale('2027-06-10', '100.00');
    const june = await json<CloseAnswer>(await close('2027-06'));
    expect(amounts(june)).toEqual({ operations: '33.33', events: '33.33', hardship: '33.34' });
    const audits = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'allocation_rule_created')
      .execute();
    expect(audits).toHaveLength(1);
  });

  test('preconditions: not ended, earlier month open, wrong role', async () => {
    await sale('2027-07-01', '10.00');
    await sale('2027-08-01', '10.00');
    const outOfOrder = await close('2027-08');
    expect(outOfOrder.status).toBe(422);
    expect((await json<{ error: { code: string } }>(outOfOrder)).error.code).toBe(
      'earlier_period_open',
    );
    const notEnded = await close('2027-12');
    expect(notEnded.status).toBe(422);
    expect((await json<{ error: { code: string } }>(notEnded)).error.code).toBe('period_not_ended');
    const cashier = (await t.login('cashier')).token;
    expect((await close('2027-07', cashier)).status).toBe(403);
    // A shift opened in the month (an offline tablet sending it late) must be closed first.
    const opened = await t.request('POST', '/api/shifts', {
      token: cashier,
      body: {
        id: crypto.randomUUID(),
        registerId: `close-${database.kind}`,
        openingFloat: '0.00',
        openedAt: '2027-07-20T01:00:00Z',
      },
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const shiftOpen = await close('2027-07');
    expect(shiftOpen.status).toBe(422);
    expect((await json<{ error: { code: string } }>(shiftOpen)).error.code).toBe('shifts_open');
    const { shift } = await json<{ shift: { id: string } }>(opened);
    const shiftClosed = await t.request('POST', `/api/shifts/${shift.id}/close`, {
      token: cashier,
      body: { countedCash: '0.00', closedAt: '2027-07-20T10:00:00Z' },
    });
    expect(shiftClosed.status, await shiftClosed.clone().text()).toBe(200);
    const malformed = await t.request('POST', '/api/periods/2027-13/close', { token: accountant });
    expect(malformed.status).toBe(400);
    expect(
      await db()
        .selectFrom('periods')
        .select('status')
        .where('period', '=', '2027-07')
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'open' });
  });

  test('spending: funds pay by category; aid is 困难家庭 in the journal; beyond the balance is refused', async () => {
    const event = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'events',
        date: '2027-07-09',
        amount: '120.50',
        category: 'event_supplies',
        description: '重阳节活动物资',
        paidFrom: 'bank',
        recipient: '历城区某超市',
      },
    });
    expect(event.status).toBe(201);
    const aid = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'hardship',
        date: '2027-07-10',
        amount: '200.00',
        category: 'aid_cash',
        description: '王秀兰家冬季取暖补助',
        paidFrom: 'cash',
        recipient: {
          name: '王秀兰',
          phone: '13800001234',
          idNumber: '370102195001011234',
          address: '幸福里3号楼2单元',
          reason: '独居老人',
        },
      },
    });
    expect(aid.status).toBe(201);
    const { disbursement } = await json<{
      disbursement: { id: string; entryId: string; description: string };
    }>(aid);
    const entry = await db()
      .selectFrom('journal_entries')
      .selectAll()
      .where('id', '=', disbursement.entryId)
      .executeTakeFirstOrThrow();
    const lines = await db()
      .selectFrom('journal_lines')
      .select('memo')
      .where('entry_id', '=', entry.id)
      .execute();
    const visible = JSON.stringify([entry.description, lines, disbursement]);
    expect(entry.description).toContain('困难家庭');
    for (const secret of ['王秀兰', '13800001234', '370102195001011234', '幸福里'])
      expect(visible).not.toContain(secret);
    const recipient = await t.request('GET', `/api/disbursements/${disbursement.id}/recipient`, {
      token: accountant,
    });
    expect((await json<{ recipient: { name: string } }>(recipient)).recipient.name).toBe('王秀兰');

    const before = await db()
      .selectFrom('disbursements')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const tooMuch = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'hardship',
        date: '2027-07-11',
        amount: '100000.00',
        category: 'aid_cash',
        description: 'x',
        paidFrom: 'bank',
        recipient: { name: '某' },
      },
    });
    expect(tooMuch.status).toBe(422);
    expect((await json<{ error: { code: string } }>(tooMuch)).error.code).toBe('fund_insufficient');
    const notAdmin = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'hardship',
        date: '2027-07-11',
        amount: '100000.00',
        category: 'aid_cash',
        description: 'x',
        paidFrom: 'bank',
        recipient: { name: '某' },
        overrideReason: 'board',
      },
    });
    expect(notAdmin.status).toBe(403);
    for (const [body, code] of [
      [
        {
          fund: 'events',
          date: '2027-07-11',
          amount: '1.00',
          category: 'aid_cash',
          description: 'x',
          paidFrom: 'bank',
        },
        'category_unknown',
      ],
      [
        {
          fund: 'hardship',
          date: '2027-07-11',
          amount: '1.00',
          category: 'aid_cash',
          description: 'x',
          paidFrom: 'bank',
        },
        'recipient_required',
      ],
      [
        {
          fund: 'events',
          date: '2027-07-11',
          amount: '1.005',
          category: 'event_supplies',
          description: 'x',
          paidFrom: 'bank',
        },
        'invalid_input',
      ],
      [
        {
          fund: 'events',
          date: '2062-07-11',
          amount: '1.00',
          category: 'event_supplies',
          description: 'a typo year',
          paidFrom: 'bank',
        },
        'date_in_future',
      ],
    ] as const) {
      const response = await t.request('POST', '/api/disbursements', { token: accountant, body });
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe(code);
    }
    const typo = await t.request('POST', '/api/journal', {
      token: accountant,
      body: {
        date: '2062-07-11',
        description: 'a typo year',
        lines: [
          { account: '1001', debit: '1.00' },
          { account: '5001', credit: '1.00' },
        ],
      },
    });
    expect(typo.status).toBe(422);
    expect((await json<{ error: { code: string } }>(typo)).error.code).toBe('date_in_future');
    expect(
      await db()
        .selectFrom('periods')
        .select('period')
        .where('period', '=', '2062-07')
        .executeTakeFirst(),
    ).toBeUndefined();
    const after = await db()
      .selectFrom('disbursements')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const override = await t.request('POST', '/api/disbursements', {
      token: admin,
      body: {
        fund: 'events',
        date: '2027-07-12',
        amount: '5000.00',
        category: 'event_venue',
        description: '社区春晚场地',
        paidFrom: 'bank',
        overrideReason: '理事会决议 2027-07',
      },
    });
    expect(override.status).toBe(201);
    const transfer = await t.request('POST', '/api/fund-transfers', {
      token: accountant,
      body: {
        fromFund: 'operations',
        toFund: 'hardship',
        date: '2027-07-13',
        amount: '50.00',
        reason: '理事会决议：冬季帮扶',
      },
    });
    expect(transfer.status).toBe(201);
  });

  test('fund statement reconciles to the fund accounts, month and year to date', async () => {
    for (const scope of ['month', 'ytd'] as const) {
      const response = await t.request('GET', `/api/reports/funds?period=2027-07&scope=${scope}`, {
        token: accountant,
      });
      expect(response.status).toBe(200);
      const { funds } = await json<{
        funds: {
          fund: string;
          closing: string;
          opening: string;
          spent: string;
          allocated: string;
          transfersIn: string;
          transfersOut: string;
        }[];
      }>(response);
      const accounts: Record<string, string> = {
        operations: '3104.11',
        events: '3104.12',
        hardship: '3104.13',
      };
      for (const fund of funds) {
        expect(fund.closing).toBe(
          (await accountBalance(db(), accounts[fund.fund]!, { upToPeriod: '2027-07' })).toFixed(2),
        );
      }
      const events = funds.find((fund) => fund.fund === 'events')!;
      expect(events.spent).toBe('5120.50');
      if (scope === 'ytd') {
        // The journal (what the statement reads) agrees with the close records.
        const recorded = await db()
          .selectFrom('period_close_allocations as a')
          .innerJoin('period_closes as c', 'c.id', 'a.close_id')
          .select('a.amount')
          .where('a.fund', '=', 'events')
          .where('c.reopened_at', 'is', null)
          .execute();
        expect(events.allocated).toBe(
          recorded.reduce((sum, row) => sum.plus(row.amount), ZERO).toFixed(2),
        );
        expect(D(events.allocated).gte(D('240').plus('210').plus('33.33'))).toBe(true);
      }
    }
  });

  test('reopen (admin, with reason) reverses the close; re-closing gives the same figures', async () => {
    const first = await json<CloseAnswer>(await close('2027-07'));
    const reopenByAccountant = await t.request('POST', '/api/periods/2027-07/reopen', {
      token: accountant,
      body: { reason: '漏记' },
    });
    expect(reopenByAccountant.status).toBe(403);
    const noReason = await t.request('POST', '/api/periods/2027-07/reopen', {
      token: admin,
      body: { reason: '' },
    });
    expect(noReason.status).toBe(400);
    const earlier = await t.request('POST', '/api/periods/2027-06/reopen', {
      token: admin,
      body: { reason: '漏记' },
    });
    expect((await json<{ error: { code: string } }>(earlier)).error.code).toBe(
      'later_period_closed',
    );

    const reopened = await t.request('POST', '/api/periods/2027-07/reopen', {
      token: admin,
      body: { reason: '漏记一笔电费' },
    });
    expect(reopened.status).toBe(200);
    expect(
      (await fundStatement(db(), { fromPeriod: '2027-07', toPeriod: '2027-07' })).every((fund) =>
        fund.allocated.isZero(),
      ),
    ).toBe(true);
    const second = await json<CloseAnswer>(await close('2027-07'));
    expect([second.surplus, second.allocable, amounts(second)]).toEqual([
      first.surplus,
      first.allocable,
      amounts(first),
    ]);
    expect(second.digest).not.toBe(first.digest); // the reversals are in the journal now
    const audits = await db()
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('action', 'in', ['period_closed', 'period_reopened'])
      .where('subject', '=', '2027-07')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'period_closed',
      'period_reopened',
      'period_closed',
    ]);
  });

  test('property: fund balances always equal allocations − spending ± transfers', async () => {
    const funds = await fundStatement(db(), { fromPeriod: '2027-01', toPeriod: '2027-12' });
    for (const fund of funds) {
      const fromParts = fund.opening
        .plus(fund.allocated)
        .minus(fund.spent)
        .plus(fund.transfersIn)
        .minus(fund.transfersOut)
        .plus(fund.adjustments);
      expect(fromParts.toFixed(2)).toBe((await accountBalance(db(), fund.account)).toFixed(2));
      expect(fund.opening.equals(ZERO)).toBe(true);
    }
  });
});

function answerSum(answer: CloseAnswer): string {
  return answer.allocation.reduce((total, item) => total.plus(item.amount), ZERO).toFixed(2);
}

test('property: over many random months no fund systematically gains the rounding', async () => {
  const { splitByShares } = await import('../../ledger/core/money.js');
  const { sha256Hex } = await import('../../ledger/books/digest.js');
  const extra: Record<string, number> = { operations: 0, events: 0, hardship: 0 };
  fc.assert(
    fc.property(
      fc.integer({ min: 2000, max: 2999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.bigInt({ min: 1n, max: 10_000_000n }),
      (year, month, fen) => {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        const total = D(fen.toString()).div(100);
        const shares = (['operations', 'events', 'hardship'] as const).map((key) => ({
          key,
          weight: D('1'),
        }));
        const parts = splitByShares(total, shares, (fund) => sha256Hex(`${period}:${fund}`));
        const floor = total.div(3).toDecimalPlaces(2, 1); // ROUND_DOWN
        for (const [fund, part] of parts) if (part.gt(floor)) extra[fund]! += 1;
      },
    ),
    { numRuns: 3000, seed: 20261128 },
  );
  const totalExtra = Object.values(extra).reduce((a, b) => a + b, 0);
  for (const count of Object.values(extra)) {
    // Equal shares, so each fund should win about a third of the leftover fen.
    expect(count / totalExtra).toBeGreaterThan(0.28);
    expect(count / totalExtra).toBeLessThan(0.39);
  }
});

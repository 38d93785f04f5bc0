import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';
import { json, newRegister, saleBody, sell, setupShop, type Shop } from '../selling/helpers.js';

interface Dashboard {
  today: string;
  period: string;
  month: Record<string, unknown> & {
    allocation: { fund: string; percent: string; amount: string }[];
  };
  funds: { fund: string; balance: string }[];
  openShifts: { registerId: string; cashier: string; businessDate: string }[];
  attention: {
    late: number;
    offline: number;
    oversold: number;
    sales: { saleId: string; late: boolean; offline: boolean; total: string }[];
  };
  periods: { toClose: { period: string; entryCount: number }[]; toPublish: { period: string }[] };
  clearing: {
    account: string;
    balance: string;
    oldestUnsettledDate: string | null;
    ageDays: number | null;
  }[];
}

describeEachDatabase('books: dashboard', (database) => {
  let shop: Shop;
  let accountant: string;
  const db = () => database.current.db;
  const sales: Record<string, string> = {};
  let lateRegister: string;
  let todayRegister: string;

  beforeAll(async () => {
    shop = await setupShop(
      database,
      { bun: { name: '馒头', price: '1.50' } },
      { clock: new TestClock(new Date('2026-11-20T02:00:00Z')) },
    );
    accountant = (await shop.t.login('accountant')).token;
    // September: a deficit, closed, not yet published. October: entries, still open.
    await post(db(), '2026-09-03', [
      ['1001', '100.00', null],
      ['5001', null, '100.00'],
    ]);
    await post(db(), '2026-09-04', [
      ['5401.01', '250.00', null],
      ['1002', null, '250.00'],
    ]);
    const closed = await shop.t.request('POST', '/api/periods/2026-09/close', {
      token: accountant,
    });
    expect(closed.status, await closed.clone().text()).toBe(200);
    await post(db(), '2026-10-10', [
      ['1001', '50.00', null],
      ['5001', null, '50.00'],
    ]);
    // November so far: sales in cash and by WeChat Pay, a flour purchase.
    await post(db(), '2026-11-05', [
      ['1001', '1000.00', null],
      ['5001', null, '1000.00'],
    ]);
    await post(db(), '2026-11-06', [
      ['5401.01', '300.00', null],
      ['1002', null, '300.00'],
    ]);
    await post(db(), '2026-11-07', [
      ['1012.01', '200.00', null],
      ['5001', null, '200.00'],
    ]);
    // A tablet that opened its shift offline on 30 September sends its sale now: late.
    lateRegister = newRegister('late');
    const shiftId = randomUUID();
    const opened = await shop.t.request('POST', '/api/shifts', {
      token: shop.cashier.token,
      body: {
        id: shiftId,
        registerId: lateRegister,
        openingFloat: '50.00',
        openedAt: '2026-09-30T01:00:00.000Z',
      },
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const late = await sell(
      shop.t,
      shop.cashier.token,
      saleBody(shop.t, {
        registerId: lateRegister,
        shiftId,
        createdAt: '2026-09-30T02:00:00.000Z',
        lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      }),
    );
    expect(late.status, await late.clone().text()).toBe(201);
    sales.late = (await json<{ sale: { id: string } }>(late)).sale.id;
    // Today: a sale the tablet made 40 minutes ago, offline.
    todayRegister = newRegister('today');
    // The tablet opened its shift offline an hour ago (a sale may not precede its shift).
    const todayShift = randomUUID();
    const todayOpened = await shop.t.request('POST', '/api/shifts', {
      token: shop.cashier.token,
      body: {
        id: todayShift,
        registerId: todayRegister,
        openingFloat: '50.00',
        openedAt: '2026-11-20T01:00:00.000Z',
      },
    });
    expect(todayOpened.status, await todayOpened.clone().text()).toBe(201);
    const offline = await sell(
      shop.t,
      shop.cashier.token,
      saleBody(shop.t, {
        registerId: todayRegister,
        shiftId: todayShift,
        createdAt: '2026-11-20T01:20:00.000Z',
        lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      }),
    );
    expect(offline.status, await offline.clone().text()).toBe(201);
    sales.offline = (await json<{ sale: { id: string } }>(offline)).sale.id;
  });

  test('this month so far, the projected split, funds, shifts, late and offline sales, months waiting, clearing', async () => {
    const response = await shop.t.request('GET', '/api/books/dashboard', { token: accountant });
    expect(response.status, await response.clone().text()).toBe(200);
    const dashboard = await json<Dashboard>(response);
    expect([dashboard.today, dashboard.period]).toEqual(['2026-11-20', '2026-11']);
    // 1000 + 200 + 3 sold, 300 spent; September's 150 deficit is covered first, then 50/30/20.
    expect(dashboard.month).toEqual({
      netSales: '1203.00',
      revenue: '1203.00',
      costs: '300.00',
      surplus: '903.00',
      saleCount: 1,
      deficitCarriedIn: '150.00',
      allocable: '753.00',
      deficitCarriedOut: '0.00',
      rule: { id: '00000000-0000-4000-8000-000000000001', effectiveFrom: '2000-01' },
      allocation: [
        { fund: 'operations', percent: '50', amount: '376.50' },
        { fund: 'events', percent: '30', amount: '225.90' },
        { fund: 'hardship', percent: '20', amount: '150.60' },
      ],
    });
    expect(dashboard.funds.map((fund) => [fund.fund, fund.balance])).toEqual([
      ['operations', '0.00'],
      ['events', '0.00'],
      ['hardship', '0.00'],
      ['unallocated', '-150.00'],
    ]);
    expect(dashboard.openShifts.map((shift) => [shift.registerId, shift.businessDate])).toEqual(
      [
        [lateRegister, '2026-09-30'],
        [todayRegister, '2026-11-20'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect([
      dashboard.attention.late,
      dashboard.attention.offline,
      dashboard.attention.oversold,
    ]).toEqual([1, 2, 0]);
    expect(
      dashboard.attention.sales.map((sale) => [sale.saleId, sale.late, sale.offline]).sort(),
    ).toEqual(
      [
        [sales.late, true, true],
        [sales.offline, false, true],
      ].sort(),
    );
    expect(dashboard.periods).toEqual({
      toClose: [{ period: '2026-10', entryCount: 2 }],
      toPublish: [{ period: '2026-09', closedAt: expect.any(String) }],
    });
    expect(
      dashboard.clearing.map((account) => [
        account.account,
        account.balance,
        account.oldestUnsettledDate,
        account.ageDays,
      ]),
    ).toEqual([
      ['1012.01', '200.00', '2026-11-07', 13],
      ['1012.02', '0.00', null, null],
    ]);
  });

  test('a cashier sees nothing of the books', async () => {
    const response = await shop.t.request('GET', '/api/books/dashboard', {
      token: shop.cashier.token,
    });
    expect(response.status).toBe(403);
  });
});

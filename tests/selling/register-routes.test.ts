import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  SHOP_DATE,
  setupShop,
  type Shop,
} from './helpers.js';

interface HistorySale {
  id: string;
  receiptNumber: string;
  serialNumber: string;
  createdAt: string;
  businessDate: string;
  total: string;
  tenders: { method: string; amount: string }[];
  refunded: string;
  cashier: { id: string; displayName: string };
}

interface HistoryPage {
  registerId: string;
  date: string | null;
  sales: HistorySale[];
  nextCursor: string | null;
}

describeEachDatabase('selling: a register’s sales and staff', (database) => {
  let shop: Shop;
  let register: string;
  const ids: string[] = [];

  beforeAll(async () => {
    shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const { t, cashier } = shop;
    register = newRegister();
    const shiftId = await openShift(t, cashier.token, register);
    // Five sales a minute apart: C9-000001 … C9-000005; the third split cash + WeChat.
    for (let index = 1; index <= 5; index += 1) {
      const body: Record<string, unknown> = {
        ...saleBody(t, {
          registerId: register,
          shiftId,
          lines: [{ productId: shop.products.bun!.id, quantity: String(index) }],
          tenders:
            index === 3
              ? [
                  { method: 'cash', amount: '1.00' },
                  { method: 'wechat', amount: '3.50', reference: '4200000000000001' },
                ]
              : [{ method: 'cash', amount: (1.5 * index).toFixed(2) }],
        }),
        receiptNumber: `C9-${String(index).padStart(6, '0')}`,
      };
      const response = await sell(t, cashier.token, body);
      expect(response.status, await response.clone().text()).toBe(201);
      ids.push(body.id as string);
      t.clock.advance(60_000);
    }
    const refund = await t.request('POST', `/api/sales/${ids[1]}/refunds`, {
      token: cashier.token,
      body: {
        id: randomUUID(),
        lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
        reason: '掉地上了',
      },
    });
    expect(refund.status, await refund.clone().text()).toBe(201);
    // Another register's sale never shows in this one's history.
    const other = newRegister();
    const otherShift = await openShift(t, shop.manager.token, other);
    const elsewhere = await sell(t, shop.manager.token, {
      ...saleBody(t, {
        registerId: other,
        shiftId: otherShift,
        lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: '1.50' }],
      }),
      receiptNumber: 'C9-000001',
    });
    expect(elsewhere.status).toBe(201);
  });

  async function history(query: string, token = shop.cashier.token): Promise<Response> {
    return shop.t.request('GET', `/api/registers/${register}/sales${query}`, { token });
  }

  test('a day’s sales, newest first, with receipt number, total, tenders, refunded amount and cashier', async () => {
    const response = await history(`?date=${SHOP_DATE}`);
    expect(response.status).toBe(200);
    const page = await json<HistoryPage>(response);
    expect(page.date).toBe(SHOP_DATE);
    expect(page.nextCursor).toBeNull();
    expect(page.sales.map((sale) => sale.receiptNumber)).toEqual([
      'C9-000005',
      'C9-000004',
      'C9-000003',
      'C9-000002',
      'C9-000001',
    ]);
    const third = page.sales[2]!;
    expect(third).toMatchObject({
      id: ids[2],
      total: '4.50',
      tenders: [
        { method: 'cash', amount: '1.00' },
        { method: 'wechat', amount: '3.50' },
      ],
      refunded: '0.00',
      businessDate: SHOP_DATE,
      cashier: { id: shop.cashier.userId },
    });
    expect(page.sales[3]).toMatchObject({ id: ids[1], total: '3.00', refunded: '1.50' });
    // The default day is today's business day (the test clock is on SHOP_DATE).
    const today = await json<HistoryPage>(await history(''));
    expect(today.sales.map((sale) => sale.id)).toEqual(page.sales.map((sale) => sale.id));
    // Another day has none.
    expect((await json<HistoryPage>(await history('?date=2026-03-11'))).sales).toEqual([]);
  });

  test('pages of a bounded size follow one another with the cursor, nothing twice or missed', async () => {
    const seen: string[] = [];
    let query = `?date=${SHOP_DATE}&limit=2`;
    for (let pages = 0; pages < 5; pages += 1) {
      const page = await json<HistoryPage>(await history(query));
      expect(page.sales.length).toBeLessThanOrEqual(2);
      seen.push(...page.sales.map((sale) => sale.receiptNumber));
      if (!page.nextCursor) break;
      query = `?date=${SHOP_DATE}&limit=2&before=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toEqual(['C9-000005', 'C9-000004', 'C9-000003', 'C9-000002', 'C9-000001']);
    for (const bad of [
      '?limit=0',
      '?limit=201',
      '?limit=x',
      '?before=nonsense',
      '?date=2026-02-30',
      '?q=C9%25',
      '?other=1',
    ]) {
      const response = await history(bad);
      expect(response.status, bad).toBe(400);
      expect(await errorCode(response), bad).toBe('invalid_input');
    }
  });

  test('search by receipt number, on any day', async () => {
    const found = await json<HistoryPage>(await history('?q=000004'));
    expect(found.date).toBeNull();
    expect(found.sales.map((sale) => sale.id)).toEqual([ids[3]]);
    const all = await json<HistoryPage>(await history('?q=c9-'));
    expect(all.sales).toHaveLength(5);
    const bySerial = await json<HistoryPage>(await history(`?q=${all.sales[0]!.serialNumber}`));
    expect(bySerial.sales.map((sale) => sale.id)).toEqual([all.sales[0]!.id]);
    expect((await json<HistoryPage>(await history('?q=C8'))).sales).toEqual([]);
  });

  test('history needs a cashier or manager; an accountant or nobody is refused', async () => {
    expect((await history('', shop.manager.token)).status).toBe(200);
    const accountant = await shop.t.login('accountant');
    expect(await errorCode(await history('', accountant.token))).toBe('forbidden');
    const anonymous = await shop.t.request('GET', `/api/registers/${register}/sales`);
    expect(await errorCode(anonymous)).toBe('unauthenticated');
    const badRegister = await shop.t.request('GET', '/api/registers/no%20spaces/sales', {
      token: shop.cashier.token,
    });
    expect(await errorCode(badRegister)).toBe('invalid_input');
  });

  test('staff tiles: active cashiers and managers with whether they have a PIN, for any cashier session', async () => {
    const { t } = shop;
    const noPin = await t.login('cashier', { username: `nopin${process.pid}` });
    const accountant = await t.login('accountant');
    const admin = await t.login('admin');
    const leaver = await t.login('cashier', { pin: '2468' });
    await database.current.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', leaver.userId)
      .execute();

    const response = await t.request('GET', `/api/registers/${register}/staff`, {
      token: shop.cashier.token,
    });
    expect(response.status).toBe(200);
    const { staff } = await json<{
      staff: { id: string; username: string; displayName: string; role: string; hasPin: boolean }[];
    }>(response);
    const byId = new Map(staff.map((member) => [member.id, member]));
    expect(byId.get(shop.cashier.userId)).toMatchObject({ role: 'cashier', hasPin: true });
    expect(byId.get(shop.manager.userId)).toMatchObject({ role: 'manager', hasPin: true });
    expect(byId.get(noPin.userId)).toMatchObject({ role: 'cashier', hasPin: false });
    expect(byId.has(accountant.userId)).toBe(false);
    expect(byId.has(admin.userId)).toBe(false);
    expect(byId.has(leaver.userId)).toBe(false);
    // Never a secret: exactly these fields.
    for (const member of staff) {
      expect(Object.keys(member).sort()).toEqual([
        'displayName',
        'hasPin',
        'id',
        'role',
        'username',
      ]);
    }
    const names = staff.map((member) => member.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    expect(await errorCode(await t.request('GET', `/api/registers/${register}/staff`))).toBe(
      'unauthenticated',
    );
    expect(
      await errorCode(
        await t.request('GET', `/api/registers/${register}/staff`, { token: accountant.token }),
      ),
    ).toBe('forbidden');
  });
});

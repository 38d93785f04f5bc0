import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  saleBody,
  sell,
  setupShop,
  type SaleAnswer,
} from './helpers.js';

interface Daily {
  date: string;
  sales: { count: number; gross: string; discounts: string; total: string };
  refunds: { count: number; amount: string };
  net: string;
  byProduct: {
    sku: string;
    quantity: string;
    gross: string;
    discounts: string;
    total: string;
    refundedQuantity: string;
    refunded: string;
  }[];
  byCategory: { category: string; total: string; refunded: string }[];
  byTender: { method: string; count: number; amount: string; refunded: string }[];
  byHour: { hour: string; count: number; total: string }[];
}

describeEachDatabase('selling: daily summary', (database) => {
  test('sales of a business day by product, category, tender and local hour, with its refunds', async () => {
    const shop = await setupShop(
      database,
      {
        bun: { name: '馒头', price: '1.50' },
        cake: { name: '枣糕', price: '12.00', category: '糕点' },
      },
      { clock: new TestClock(new Date('2026-03-09T22:50:00Z')) },
    );
    const { t, products } = shop;
    const cashier = { ...shop.cashier };
    const register = newRegister();
    // Opened offline the evening before, with the first sale below.
    const opened = await t.request('POST', '/api/shifts', {
      token: cashier.token,
      body: { registerId: register, openingFloat: '200.00', openedAt: '2026-03-09T09:55:00Z' },
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const shiftId = (await json<{ shift: { id: string } }>(opened)).shift.id;
    const at = async (
      instant: string,
      lines: { productId: string; quantity: string }[],
      tenders: object[],
      discount?: string,
    ) => {
      t.clock.set(instant);
      const response = await sell(
        t,
        cashier.token,
        saleBody(t, {
          registerId: register,
          shiftId,
          lines,
          tenders: tenders as never,
          ...(discount ? { discount } : {}),
        }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      return (await json<{ sale: SaleAnswer }>(response)).sale;
    };
    // One sale the evening before (sent now, made offline), then 07:xx, 07:xx, 12:xx and
    // 23:30 Beijing time on 10 March.
    t.clock.set('2026-03-09T23:00:00Z');
    const before = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        createdAt: '2026-03-09T10:00:00Z',
        lines: [{ productId: products.bun!.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: '1.50' }],
      }),
    );
    expect(before.status).toBe(201);
    await at(
      '2026-03-09T23:05:00Z',
      [{ productId: products.bun!.id, quantity: '4' }],
      [{ method: 'cash', amount: '6.00' }],
    );
    const second = await at(
      '2026-03-09T23:40:00Z',
      [
        { productId: products.bun!.id, quantity: '2' },
        { productId: products.cake!.id, quantity: '1' },
      ],
      [{ method: 'wechat', amount: '14.00', reference: 'wx-1' }],
      '1.00',
    );
    await at(
      '2026-03-10T04:10:00Z',
      [{ productId: products.cake!.id, quantity: '2' }],
      [{ method: 'alipay', amount: '24.00', reference: 'ali-1' }],
    );
    // Sessions last 12 hours: the cashier logs in again for the late shift.
    t.clock.set('2026-03-10T15:00:00Z');
    const relogin = await t.request('POST', '/api/auth/login', {
      body: { username: shop.cashier.username, password: 'correct horse battery' },
    });
    cashier.token = (await json<{ token: string }>(relogin)).token;
    await at(
      '2026-03-10T15:30:00Z',
      [{ productId: products.bun!.id, quantity: '1' }],
      [{ method: 'cash', amount: '1.50' }],
    );
    const refund = await t.request('POST', `/api/sales/${second.id}/refunds`, {
      token: cashier.token,
      body: {
        id: randomUUID(),
        shiftId,
        reason: '枣糕坏了',
        lines: [{ productId: products.cake!.id, quantity: '1' }],
      },
    });
    expect(refund.status, await refund.clone().text()).toBe(201);
    await at(
      '2026-03-11T01:00:00Z',
      [{ productId: products.bun!.id, quantity: '1' }],
      [{ method: 'cash', amount: '1.50' }],
    );

    const manager = await t.login('manager');
    const response = await t.request('GET', '/api/reports/daily?date=2026-03-10', {
      token: manager.token,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const day = await json<Daily>(response);
    expect(day.sales).toEqual({ count: 4, gross: '46.50', discounts: '1.00', total: '45.50' });
    // The cake's share of the 1.00 sale discount: 12.00 / 15.00 of it = 0.80.
    expect(day.refunds).toEqual({ count: 1, amount: '11.20' });
    expect(day.net).toBe('34.30');
    const bun = day.byProduct.find((row) => row.sku === products.bun!.sku)!;
    const cake = day.byProduct.find((row) => row.sku === products.cake!.sku)!;
    expect(bun).toMatchObject({
      quantity: '7',
      gross: '10.50',
      discounts: '0.20',
      total: '10.30',
      refunded: '0.00',
    });
    expect(cake).toMatchObject({
      quantity: '3',
      gross: '36.00',
      discounts: '0.80',
      total: '35.20',
      refundedQuantity: '1',
      refunded: '11.20',
    });
    expect(day.byCategory).toEqual([
      { category: '糕点', total: '35.20', refunded: '11.20' },
      { category: '馒头', total: '10.30', refunded: '0.00' },
    ]);
    expect(day.byTender).toEqual([
      { method: 'cash', count: 2, amount: '7.50', refunded: '0.00' },
      { method: 'wechat', count: 1, amount: '14.00', refunded: '11.20' },
      { method: 'alipay', count: 1, amount: '24.00', refunded: '0.00' },
    ]);
    expect(day.byHour).toEqual([
      { hour: '07', count: 2, total: '20.00' },
      { hour: '12', count: 1, total: '24.00' },
      { hour: '23', count: 1, total: '1.50' },
    ]);

    const forbidden = await t.request('GET', '/api/reports/daily?date=2026-03-10', {
      token: cashier.token,
    });
    expect(forbidden.status).toBe(403);
    const badDate = await t.request('GET', '/api/reports/daily?date=2026-02-30', {
      token: manager.token,
    });
    expect(await errorCode(badDate)).toBe('invalid_input');
  });
});

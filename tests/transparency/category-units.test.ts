import { expect, test } from 'vitest';
import { buildStatementModel } from '../../reports/statement-builder.js';
import { categoryQuantityText } from '../../contract/vocabulary.js';
import { TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { json, newRegister, openShift, saleBody, sell, setupShop } from '../selling/helpers.js';

/**
 * A category that sells by the piece and by weight: the statement keeps one quantity per
 * unit ("3 个 · 2 斤"), never one sum of pieces and 斤, net of refunds.
 */
describeEachDatabase('transparency: category quantities per unit', (database) => {
  test('pieces and 斤 in one category are never added together', async () => {
    const shop = await setupShop(
      database,
      {
        bun: { name: '单位馒头', price: '1.00', category: '单位馒头类' },
        cake: { name: '单位发糕', price: '4.00', category: '单位馒头类', unit: 'jin' },
        bean: { name: '单位豆包', price: '2.00', category: '单位包子类' },
      },
      { clock: new TestClock(new Date('2026-05-10T02:00:00Z')) },
    );
    const { t, cashier, products } = shop;
    const register = newRegister('units');
    const shiftId = await openShift(t, cashier.token, register);
    const sale = async (lines: { productId: string; quantity: string }[], amount: string) => {
      const response = await sell(
        t,
        cashier.token,
        saleBody(t, {
          registerId: register,
          shiftId,
          lines,
          tenders: [{ method: 'wechat', amount, reference: `wx-${amount}` }] as never,
        }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      return (await json<{ sale: { id: string } }>(response)).sale.id;
    };
    const first = await sale(
      [
        { productId: products.bun!.id, quantity: '4' },
        { productId: products.cake!.id, quantity: '1.5' },
      ],
      '10.00',
    );
    await sale([{ productId: products.cake!.id, quantity: '0.5' }], '2.00');
    await sale([{ productId: products.bean!.id, quantity: '3' }], '6.00');
    const refund = await t.request('POST', `/api/sales/${first}/refunds`, {
      token: cashier.token,
      body: {
        id: crypto.randomUUID(),
        shiftId,
        reason: '顾客退回',
        lines: [{ productId: products.bun!.id, quantity: '1' }],
      },
    });
    expect(refund.status, await refund.clone().text()).toBe(201);
    const closeShift = await t.request('POST', `/api/shifts/${shiftId}/close`, {
      token: cashier.token,
      body: { countedCash: '200.00' },
    });
    expect(closeShift.status, await closeShift.clone().text()).toBe(200);
    t.clock.set('2026-06-02T02:00:00Z');
    const accountant = await t.login('accountant');
    const close = await t.request('POST', '/api/periods/2026-05/close', {
      token: accountant.token,
    });
    expect(close.status, await close.clone().text()).toBe(200);
    const model = await buildStatementModel(database.current.db, {
      period: '2026-05',
      version: 1,
      correction: null,
      publishedBy: null,
      verifyUrl: 'http://localhost/statements/2026-05',
      timeZone: 'Asia/Shanghai',
    });
    const rows = Object.fromEntries(
      model.sales.byCategory.map((row) => [row.category, row] as const),
    );
    expect(rows['单位馒头类']?.quantities).toEqual([
      { unit: 'piece', quantity: '3' },
      { unit: 'jin', quantity: '2' },
    ]);
    expect(rows['单位馒头类']?.amount).toBe('11.00');
    expect(rows['单位包子类']?.quantities).toEqual([{ unit: 'piece', quantity: '3' }]);
    // No single mixed sum is published any more.
    expect(model.sales.byCategory.every((row) => row.quantity === undefined)).toBe(true);
    const text = (lang: 'zh-CN' | 'en') =>
      categoryQuantityText(rows['单位馒头类']!, lang, (quantity) => quantity);
    expect(text('zh-CN')).toBe('3 个 · 2 斤');
    expect(text('en')).toBe('3 pc · 2 jin');
  });
});

import { expect, test } from 'vitest';
import { D } from '../../ledger/core/money.js';
import { buildStatementModel } from '../../reports/statement-builder.js';
import type { StatementModel } from '../../reports/statement-model.js';
import { TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';
import {
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  setupShop,
  SHOP_DATE,
  type Shop,
} from '../selling/helpers.js';

const VOUCHER_HOLDER = '东方不败';

/**
 * The statement's figures, built from real sales, refunds, vouchers, production and a
 * close, checked against amounts worked out by hand.
 */
describeEachDatabase('transparency: the statement model from the books', (database) => {
  let shop: Shop;
  let model: StatementModel;

  test('a month of trading, closed', async () => {
    shop = await setupShop(
      database,
      {
        bun: { name: '馒头', price: '1.00', category: '馒头' },
        bean: { name: '豆包', price: '2.00', category: '包子' },
      },
      { clock: new TestClock(new Date('2026-03-10T02:00:00Z')) },
    );
    const { t, manager, cashier, products } = shop;
    const db = database.current.db;
    // A donation earmarked for hardship aid, so vouchers can be redeemed this month.
    await post(
      db,
      '2026-03-01',
      [
        ['1002', '50.00', null],
        ['3104.13', null, '50.00'],
      ],
      '定向捐赠：困难帮扶',
    );
    expect(
      (
        await t.request('PUT', `/api/production/${SHOP_DATE}`, {
          token: manager.token,
          body: {
            items: [
              { productId: products.bun!.id, quantity: '100' },
              { productId: products.bean!.id, quantity: '50' },
            ],
          },
        })
      ).status,
    ).toBe(200);
    const register = newRegister('stmt');
    const shiftId = await openShift(t, cashier.token, register);
    const sale = async (
      lines: { productId: string; quantity: string }[],
      tenders: Record<string, unknown>[],
    ) => {
      const response = await sell(
        t,
        cashier.token,
        saleBody(t, { registerId: register, shiftId, lines, tenders: tenders as never }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      return (await json<{ sale: { id: string } }>(response)).sale.id;
    };
    await sale(
      [{ productId: products.bun!.id, quantity: '10' }],
      [{ method: 'cash', amount: '10.00', tendered: '20.00' }],
    );
    const wechatSale = await sale(
      [{ productId: products.bean!.id, quantity: '5' }],
      [{ method: 'wechat', amount: '10.00', reference: '4200001' }],
    );
    await sale(
      [
        { productId: products.bun!.id, quantity: '3' },
        { productId: products.bean!.id, quantity: '2' },
      ],
      [{ method: 'alipay', amount: '7.00', reference: '2026001' }],
    );
    await sale(
      [{ productId: products.bun!.id, quantity: '2' }],
      [{ method: 'hardship_voucher', amount: '2.00', holder: { name: VOUCHER_HOLDER } }],
    );
    const refund = await t.request('POST', `/api/sales/${wechatSale}/refunds`, {
      token: cashier.token,
      body: {
        id: crypto.randomUUID(),
        shiftId,
        reason: '豆包破了',
        lines: [{ productId: products.bean!.id, quantity: '2' }],
      },
    });
    expect(refund.status, await refund.clone().text()).toBe(201);
    const leftovers = await t.request('PUT', `/api/production/${SHOP_DATE}/leftovers`, {
      token: cashier.token,
      body: {
        items: [
          { productId: products.bun!.id, disposition: 'waste', quantity: '5', reason: '蒸裂' },
          {
            productId: products.bean!.id,
            disposition: 'donated',
            quantity: '3',
            reason: '送社区食堂',
          },
        ],
      },
    });
    expect(leftovers.status, await leftovers.clone().text()).toBeLessThan(300);
    expect(
      (
        await t.request('POST', `/api/shifts/${shiftId}/close`, {
          token: cashier.token,
          body: { countedCash: '210.00' },
        })
      ).status,
    ).toBe(200);
    await post(
      db,
      '2026-03-20',
      [
        ['5401.01', '12.00', null],
        ['1002', null, '12.00'],
      ],
      '面粉',
    );

    t.clock.set('2026-04-02T02:00:00Z');
    const accountant = await t.login('accountant');
    const close = await t.request('POST', '/api/periods/2026-03/close', {
      token: accountant.token,
    });
    expect(close.status, await close.clone().text()).toBe(200);
    model = await buildStatementModel(db, {
      period: '2026-03',
      version: 1,
      correction: null,
      publishedBy: null,
      verifyUrl: 'http://localhost/statements/2026-03',
      timeZone: 'Asia/Shanghai',
    });
  });

  test('sales: count, net, refunds, by category and by tender net of refunds', () => {
    expect(model.sales.saleCount).toBe(4);
    expect(model.sales.refunds).toBe('4.00');
    expect(model.sales.net).toBe('25.00');
    expect(model.sales.byCategory.map((row) => [row.category, row.quantities, row.amount])).toEqual(
      expect.arrayContaining([
        ['馒头', [{ unit: 'piece', quantity: '15' }], '15.00'],
        ['包子', [{ unit: 'piece', quantity: '5' }], '10.00'],
      ]),
    );
    expect(model.sales.byTender.map((row) => [row.method, row.count, row.amount])).toEqual([
      ['cash', 1, '10.00'],
      ['wechat', 1, '6.00'],
      ['alipay', 1, '7.00'],
      ['hardship_voucher', 1, '2.00'],
    ]);
  });

  test('production and waste rate; costs; surplus and allocation', () => {
    const bun = model.production.items.find((item) => item.product === '馒头')!;
    const bean = model.production.items.find((item) => item.product === '豆包')!;
    expect([bun.baked, bun.sold, bun.wasted]).toEqual(['100', '15', '5']);
    expect([bean.baked, bean.sold, bean.donated]).toEqual(['50', '5', '3']);
    expect(model.production.wasteRatePercent).toBe('3.3'); // 5 of 150
    expect(model.costs.total).toBe('12.00');
    expect(model.surplus).toBe('13.00');
    expect(model.allocation.parts.map((part) => [part.fund, part.amount])).toEqual([
      ['operations', '6.50'],
      ['events', '3.90'],
      ['hardship', '2.60'],
    ]);
  });

  test('funds reconcile; the voucher shows as aid to 困难家庭, never the holder', () => {
    for (const fund of model.funds) {
      const computed = D(fund.opening)
        .plus(fund.allocated)
        .minus(fund.spent)
        .plus(fund.transfersIn)
        .minus(fund.transfersOut);
      expect(computed.toFixed(2)).toBe(fund.closing);
    }
    const hardship = model.funds.find((fund) => fund.fund === 'hardship')!;
    expect([
      hardship.opening,
      hardship.transfersIn,
      hardship.allocated,
      hardship.spent,
      hardship.closing,
    ]).toEqual(['0.00', '50.00', '2.60', '2.00', '50.60']);
    expect(model.spending.map((line) => [line.category, line.recipient, line.amount])).toEqual([
      ['aid_voucher', '困难家庭', '2.00'],
    ]);
    expect(JSON.stringify(model)).not.toContain(VOUCHER_HOLDER);
    expect(model.closedBy.at).toMatch(/\+08:00$/);
    // The history's last month is this month, each fund at its closing balance.
    expect(model.history).toEqual([
      {
        period: '2026-03',
        funds: model.funds.map((fund) => ({ fund: fund.fund, closing: fund.closing })),
      },
    ]);
  });

  test('the accountant, and only the accountant, can see who redeemed a voucher; each look is audited', async () => {
    const { t } = shop;
    const accountant = await t.login('accountant');
    // A fresh login: the shop's cashier logged in a month ago, and sessions last 12 hours.
    const cashier = await t.login('cashier');
    const refused = await t.request('GET', '/api/hardship-vouchers?period=2026-03', {
      token: cashier.token,
    });
    expect(refused.status, await refused.clone().text()).toBe(403);
    const response = await t.request('GET', '/api/hardship-vouchers?period=2026-03', {
      token: accountant.token,
    });
    expect(response.status).toBe(200);
    const { vouchers } = (await response.json()) as {
      vouchers: { amount: string; holder: { name: string | null } }[];
    };
    expect(vouchers.map((voucher) => [voucher.amount, voucher.holder.name])).toEqual([
      ['2.00', VOUCHER_HOLDER],
    ]);
    const audits = await database.current.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'voucher_holders_viewed')
      .execute();
    expect(audits.map((row) => row.actor_id)).toEqual([accountant.userId]);
    expect(model.digest.value).toMatch(/^[0-9a-f]{64}$/);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { getEntry } from '../../ledger/books/journal.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  rowCounts,
  saleBody,
  sell,
  setupShop,
  type SaleAnswer,
  type Shop,
  expectDayTotalsMatchLines,
} from './helpers.js';

interface RefundAnswer {
  id: string;
  amount: string;
  entryId: string;
  void: boolean;
  approvedBy: string | null;
  lines: { productId: string; quantity: string; amount: string }[];
  tenders: { method: string; amount: string }[];
}

describeEachDatabase('selling: refunds', (database) => {
  const db = () => database.current.db;
  let shop: Shop;
  let register: string;
  let shiftId: string;

  beforeAll(async () => {
    shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      cake: { name: '枣糕', price: '30.00', category: '糕点' },
    });
    register = newRegister();
    shiftId = await openShift(shop.t, shop.cashier.token, register);
  });

  async function saleOf(
    lines: { productId: string; quantity: string }[],
    tenders: SaleAnswer['tenders'] | { method: string; amount: string; reference?: string }[],
    discount?: string,
  ) {
    const response = await sell(
      shop.t,
      shop.cashier.token,
      saleBody(shop.t, {
        registerId: register,
        shiftId,
        lines,
        tenders: tenders as never,
        ...(discount ? { discount } : {}),
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await json<{ sale: SaleAnswer }>(response)).sale;
  }

  function refund(saleId: string, body: Record<string, unknown>, token = shop.cashier.token) {
    return shop.t.request('POST', `/api/sales/${saleId}/refunds`, {
      token,
      body: { id: randomUUID(), ...body },
    });
  }

  async function entryLines(entryId: string) {
    const entry = await getEntry(db(), entryId);
    return entry!.lines.map((line) => [
      line.account,
      line.debit.toFixed(2),
      line.credit.toFixed(2),
    ]);
  }

  test('a whole refund pays back by the original tenders and posts the reverse: Dr 5001, Cr the tenders', async () => {
    const sale = await saleOf(
      [{ productId: shop.products.bun!.id, quantity: '10' }],
      [
        { method: 'cash', amount: '5.00' },
        { method: 'wechat', amount: '10.00', reference: 'wx-778899' },
      ],
    );
    const response = await refund(sale.id, { reason: '买错了', shiftId });
    expect(response.status, await response.clone().text()).toBe(201);
    const answer = (await json<{ refund: RefundAnswer }>(response)).refund;
    expect(answer).toMatchObject({ amount: '15.00', void: true });
    expect(answer.tenders).toEqual([
      { method: 'cash', amount: '5.00' },
      { method: 'wechat', amount: '10.00' },
    ]);
    expect(await entryLines(answer.entryId)).toEqual([
      ['5001', '15.00', '0.00'],
      ['1001', '0.00', '5.00'],
      ['1012.01', '0.00', '10.00'],
    ]);
    const again = await refund(sale.id, { reason: '再退一次', shiftId });
    expect(again.status).toBe(422);
    expect(await errorCode(again)).toBe('refund_exceeds_sale');
  });

  test('partial refunds by line never add up to more than was paid, to the fen', async () => {
    // 3 × 1.50 = 4.50, less 0.40 off the sale: 4.10 paid for three buns.
    const sale = await saleOf(
      [{ productId: shop.products.bun!.id, quantity: '3' }],
      [{ method: 'cash', amount: '4.10' }],
      '0.40',
    );
    const amounts: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await refund(sale.id, {
        reason: '不新鲜',
        shiftId,
        lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const answer = (await json<{ refund: RefundAnswer }>(response)).refund;
      expect(answer.void).toBe(false);
      amounts.push(answer.amount);
    }
    expect(amounts).toEqual(['1.37', '1.36', '1.37']);
    const fourth = await refund(sale.id, {
      reason: '还有?',
      shiftId,
      lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
    });
    expect(await errorCode(fourth)).toBe('refund_exceeds_sale');
    const notInSale = await refund(sale.id, {
      reason: '?',
      shiftId,
      lines: [{ productId: shop.products.cake!.id, quantity: '1' }],
    });
    expect(await errorCode(notInSale)).toBe('refund_exceeds_sale');
  });

  test('each refusal has its own code and writes nothing', async () => {
    const sale = await saleOf(
      [{ productId: shop.products.cake!.id, quantity: '2' }],
      [{ method: 'cash', amount: '60.00' }],
    );
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['no reason', () => refund(sale.id, { shiftId }), 422, 'reason_required'],
      ['a blank reason', () => refund(sale.id, { shiftId, reason: '   ' }), 422, 'reason_required'],
      [
        'more than was sold',
        () =>
          refund(sale.id, {
            shiftId,
            reason: '多退',
            lines: [{ productId: shop.products.cake!.id, quantity: '3' }],
          }),
        422,
        'refund_exceeds_sale',
      ],
      [
        'a zero quantity',
        () =>
          refund(sale.id, {
            shiftId,
            reason: '零',
            lines: [{ productId: shop.products.cake!.id, quantity: '0' }],
          }),
        422,
        'quantity_not_positive',
      ],
      [
        'above the cashier limit',
        () => refund(sale.id, { shiftId, reason: '蛋糕坏了' }),
        403,
        'approval_required',
      ],
      [
        'a wrong PIN',
        () =>
          refund(sale.id, {
            shiftId,
            reason: '蛋糕坏了',
            approverPin: '1111',
            approver: shop.manager.username,
          }),
        403,
        'approval_invalid',
      ],
      [
        'an unknown sale',
        () => refund(randomUUID(), { shiftId, reason: '没有' }),
        404,
        'sale_not_found',
      ],
      [
        'paid back another way by a cashier',
        () =>
          refund(sale.id, {
            shiftId,
            reason: '换',
            lines: [{ productId: shop.products.cake!.id, quantity: '1' }],
            tenders: [{ method: 'wechat', amount: '30.00' }],
          }),
        403,
        'approval_required',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      const before = await rowCounts(db());
      const response = await send();
      expect(await errorCode(response), name).toBe(code);
      expect(response.status, name).toBe(status);
      expect(await rowCounts(db()), name).toEqual(before);
    }
    // With the manager's PIN the same refund goes through, and says who approved it.
    const approved = await refund(sale.id, {
      shiftId,
      reason: '蛋糕坏了',
      approverPin: '8642',
      approver: shop.manager.username,
    });
    expect(approved.status, await approved.clone().text()).toBe(201);
    expect((await json<{ refund: RefundAnswer }>(approved)).refund).toMatchObject({
      amount: '60.00',
      approvedBy: shop.manager.userId,
    });
  });

  test('a refund is idempotent on its id; a manager may pay back another way', async () => {
    const sale = await saleOf(
      [{ productId: shop.products.bun!.id, quantity: '4' }],
      [{ method: 'wechat', amount: '6.00', reference: 'wx-1' }],
    );
    const body = {
      id: randomUUID(),
      reason: '顾客不要了',
      lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
    };
    const first = await shop.t.request('POST', `/api/sales/${sale.id}/refunds`, {
      token: shop.cashier.token,
      body,
    });
    expect(first.status, await first.clone().text()).toBe(201);
    const replay = await shop.t.request('POST', `/api/sales/${sale.id}/refunds`, {
      token: shop.cashier.token,
      body,
    });
    expect(replay.status).toBe(200);
    expect((await json<{ refund: RefundAnswer }>(replay)).refund.id).toBe(body.id);
    const different = await shop.t.request('POST', `/api/sales/${sale.id}/refunds`, {
      token: shop.cashier.token,
      body: { ...body, reason: '另一个原因' },
    });
    expect(different.status).toBe(409);
    expect(await errorCode(different)).toBe('idempotency_conflict');

    // The WeChat refund failed at the counter: the manager pays the rest back in cash
    // from the cashier's drawer.
    const inCash = await refund(
      sale.id,
      { shiftId, reason: '微信退款失败', tenders: [{ method: 'cash', amount: '3.00' }] },
      shop.manager.token,
    );
    expect(inCash.status, await inCash.clone().text()).toBe(201);
    const answer = (await json<{ refund: RefundAnswer }>(inCash)).refund;
    expect(await entryLines(answer.entryId)).toEqual([
      ['5001', '3.00', '0.00'],
      ['1001', '0.00', '3.00'],
    ]);
  });

  test('cash is paid back from an open drawer: without one, shift_not_open', async () => {
    const other = await shop.t.login('cashier');
    const sale = await saleOf(
      [{ productId: shop.products.bun!.id, quantity: '1' }],
      [{ method: 'cash', amount: '1.50' }],
    );
    // Another cashier's sale: a manager approves (PIN), and cash still needs a drawer.
    const approval = { approverPin: '8642', approver: shop.manager.username };
    const response = await refund(sale.id, { reason: '找不到抽屉', ...approval }, other.token);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('shift_not_open');
    // Their own drawer, once open, is found without naming it.
    const otherShift = await openShift(shop.t, other.token, newRegister());
    const paid = await refund(sale.id, { reason: '顾客退回', ...approval }, other.token);
    expect(paid.status, await paid.clone().text()).toBe(201);
    const stored = await db()
      .selectFrom('refunds')
      .select(['shift_id', 'is_void'])
      .where('sale_id', '=', sale.id)
      .executeTakeFirstOrThrow();
    // A whole refund on another shift than the sale's is a refund, not a void.
    expect(stored).toEqual({ shift_id: otherShift, is_void: false });
  });

  test('the day totals the database keeps equal the sale and refund lines they count', async () => {
    await expectDayTotalsMatchLines(database.current.db);
  });
});

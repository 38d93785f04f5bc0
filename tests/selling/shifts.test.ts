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
} from './helpers.js';

interface CloseAnswer {
  expectedCash: string;
  countedCash: string;
  overShort: string;
  zReport: {
    number: number;
    sales: { count: number; total: string; discounts: string };
    tenders: { method: string; count: number; amount: string }[];
    categories: { category: string; amount: string }[];
    cash: Record<string, string>;
    refunds: { count: number; amount: string };
    voids: { count: number; amount: string };
    overShortEntryId: string | null;
    counts: { denomination: string; count: number }[] | null;
  };
}

describeEachDatabase('selling: shifts, cash and Z reports', (database) => {
  const db = () => database.current.db;
  let shop: Shop;

  beforeAll(async () => {
    shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      cake: { name: '枣糕', price: '12.00', category: '糕点' },
    });
  });

  async function close(shiftId: string, body: Record<string, unknown>, token = shop.cashier.token) {
    return shop.t.request('POST', `/api/shifts/${shiftId}/close`, { token, body });
  }

  async function entryLines(entryId: string) {
    const entry = await getEntry(db(), entryId);
    return entry!.lines.map((line) => [
      line.account,
      line.debit.toFixed(2),
      line.credit.toFixed(2),
    ]);
  }

  test('opening: one open shift per register; an offline tablet sends its own id and time later (idempotent)', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const id = randomUUID();
    // Opened offline at 23:30 Beijing time the evening before: that is its business date.
    const body = {
      id,
      registerId: register,
      openingFloat: '150.00',
      openedAt: '2026-03-09T15:30:00.000Z',
    };
    const first = await t.request('POST', '/api/shifts', { token: cashier.token, body });
    expect(first.status, await first.clone().text()).toBe(201);
    expect((await json<{ shift: Record<string, unknown> }>(first)).shift).toMatchObject({
      id,
      status: 'open',
      businessDate: '2026-03-09',
      openingFloat: '150.00',
    });
    const again = await t.request('POST', '/api/shifts', { token: cashier.token, body });
    expect(again.status).toBe(200);
    const changed = await t.request('POST', '/api/shifts', {
      token: cashier.token,
      body: { ...body, openingFloat: '200.00' },
    });
    expect(await errorCode(changed)).toBe('idempotency_conflict');
    const second = await t.request('POST', '/api/shifts', {
      token: (await t.login('cashier')).token,
      body: { registerId: register, openingFloat: '100.00' },
    });
    expect(second.status).toBe(409);
    expect(await errorCode(second)).toBe('shift_already_open');
    // What month close looks for: shifts by status and business_date.
    const open = await db()
      .selectFrom('shifts')
      .select(['id'])
      .where('status', '=', 'open')
      .where('business_date', '=', '2026-03-09')
      .execute();
    expect(open.map((row) => row.id)).toContain(id);
    await close(id, { countedCash: '150.00' });
  });

  test('a blind count: expected = float + cash taken − change − cash refunds ± paid in/out; short posted to 5602.05', async () => {
    const { t, cashier, manager, products } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register, '200.00');
    const sale = async (
      lines: { productId: string; quantity: string }[],
      tenders: SaleAnswer['tenders'] | object[],
    ) => {
      const response = await sell(
        t,
        cashier.token,
        saleBody(t, { registerId: register, shiftId, lines, tenders: tenders as never }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      return (await json<{ sale: SaleAnswer }>(response)).sale;
    };
    await sale(
      [{ productId: products.bun!.id, quantity: '4' }],
      [{ method: 'cash', amount: '6.00', tendered: '10.00' }],
    );
    await sale(
      [{ productId: products.cake!.id, quantity: '1' }],
      [{ method: 'cash', amount: '12.00', tendered: '20.00' }],
    );
    await sale(
      [{ productId: products.cake!.id, quantity: '2' }],
      [{ method: 'wechat', amount: '24.00', reference: 'wx-1' }],
    );
    const voided = await sale(
      [{ productId: products.bun!.id, quantity: '2' }],
      [{ method: 'cash', amount: '3.00', tendered: '3.00' }],
    );
    const voidResponse = await t.request('POST', `/api/sales/${voided.id}/refunds`, {
      token: cashier.token,
      body: { id: randomUUID(), shiftId, reason: '按错了' },
    });
    expect(voidResponse.status).toBe(201);

    const movement = async (body: Record<string, unknown>) =>
      t.request('POST', `/api/shifts/${shiftId}/cash-movements`, {
        token: cashier.token,
        body: { id: randomUUID(), ...body },
      });
    const noReason = await movement({ kind: 'paid_out', purpose: 'ingredients', amount: '23.50' });
    expect(await errorCode(noReason)).toBe('reason_required');
    const paidOut = await movement({
      kind: 'paid_out',
      purpose: 'ingredients',
      amount: '23.50',
      reason: '买青菜',
    });
    expect(paidOut.status, await paidOut.clone().text()).toBe(201);
    const { movement: out } = await json<{ movement: { entryId: string } }>(paidOut);
    expect(await entryLines(out.entryId)).toEqual([
      ['5401.01', '23.50', '0.00'],
      ['1001', '0.00', '23.50'],
    ]);
    const paidIn = await movement({
      kind: 'paid_in',
      purpose: 'from_bank',
      amount: '50.00',
      reason: '补零钱',
    });
    expect(paidIn.status).toBe(201);

    // X report: the cashier sees the takings but not what the drawer should hold.
    const xCashier = await json<{
      xReport: { expectedCash: string | null; sales: { count: number } };
    }>(await t.request('GET', `/api/shifts/${shiftId}/x-report`, { token: cashier.token }));
    expect(xCashier.xReport.expectedCash).toBeNull();
    expect(xCashier.xReport.sales.count).toBe(4);
    const xManager = await json<{ xReport: { expectedCash: string } }>(
      await t.request('GET', `/api/shifts/${shiftId}/x-report`, { token: manager.token }),
    );
    // 200 + 6 + 12 + 3 − 3 (void) + 50 − 23.50
    expect(xManager.xReport.expectedCash).toBe('244.50');
    const stranger = await t.request('GET', `/api/shifts/${shiftId}/x-report`, {
      token: (await t.login('cashier')).token,
    });
    expect(await errorCode(stranger)).toBe('shift_not_yours');

    // The count by denomination: 2×100 + 4×10 + 4×1 + 1×0.1 + 1×0.1 = 244.20 — 0.30 short.
    const counts = [
      { denomination: '100', count: 2 },
      { denomination: '10', count: 4 },
      { denomination: '1', count: 4 },
      { denomination: '0.1', count: 2 },
    ];
    const before = await rowCounts(db());
    const mismatch = await close(shiftId, { countedCash: '244.50', counts });
    expect(await errorCode(mismatch)).toBe('count_mismatch');
    const badDenomination = await close(shiftId, { counts: [{ denomination: '3', count: 1 }] });
    expect(await errorCode(badDenomination)).toBe('invalid_input');
    const byStranger = await close(shiftId, { counts }, (await t.login('cashier')).token);
    expect(await errorCode(byStranger)).toBe('shift_not_yours');
    expect(await rowCounts(db())).toEqual(before);

    const closed = await close(shiftId, { counts });
    expect(closed.status, await closed.clone().text()).toBe(200);
    const answer = await json<CloseAnswer>(closed);
    expect(answer).toMatchObject({
      expectedCash: '244.50',
      countedCash: '244.20',
      overShort: '-0.30',
    });
    expect(answer.zReport).toMatchObject({
      sales: { count: 4, total: '45.00', discounts: '0.00' },
      refunds: { count: 1, amount: '3.00' },
      voids: { count: 1, amount: '3.00' },
      cash: {
        tendered: '33.00',
        change: '12.00',
        sales: '21.00',
        refunds: '3.00',
        paidIn: '50.00',
        paidOut: '23.50',
      },
    });
    expect(answer.zReport.tenders).toEqual([
      { method: 'cash', count: 3, amount: '21.00' },
      { method: 'wechat', count: 1, amount: '24.00' },
    ]);
    expect(answer.zReport.categories).toEqual([
      { category: '糕点', amount: '36.00' },
      { category: '馒头', amount: '9.00' },
    ]);
    expect(await entryLines(answer.zReport.overShortEntryId!)).toEqual([
      ['5602.05', '0.30', '0.00'],
      ['1001', '0.00', '0.30'],
    ]);

    // The same close again (a retry) answers the same; a different count is a conflict.
    const retry = await close(shiftId, { counts });
    expect(retry.status).toBe(200);
    expect((await json<CloseAnswer>(retry)).zReport.number).toBe(answer.zReport.number);
    const recount = await close(shiftId, { countedCash: '244.50' });
    expect(await errorCode(recount)).toBe('idempotency_conflict');
    // Closed is closed: no more sales, movements, or changes in the database.
    const late = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.bun!.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: '1.50' }],
      }),
    );
    expect(await errorCode(late)).toBe('shift_not_open');
    expect(
      await errorCode(
        await movement({ kind: 'paid_in', purpose: 'from_bank', amount: '1.00', reason: 'x' }),
      ),
    ).toBe('shift_not_open');
    await expect(
      db()
        .updateTable('shifts')
        .set({ counted_cash: '244.50' })
        .where('id', '=', shiftId)
        .execute(),
    ).rejects.toThrow(/entry_immutable/);
    await expect(db().updateTable('z_reports').set({ register_id: 'x' }).execute()).rejects.toThrow(
      /entry_immutable/,
    );
    await expect(db().deleteFrom('z_reports').execute()).rejects.toThrow(/entry_immutable/);
    const stored = await t.request('GET', `/api/shifts/${shiftId}/z-report`, {
      token: cashier.token,
    });
    expect((await json<CloseAnswer>(stored)).zReport).toEqual(answer.zReport);
  });

  test('over is posted the other way; an exact count posts nothing; Z numbers run without gaps', async () => {
    const { t, cashier, manager, products } = shop;
    const numbers: number[] = [];
    for (const [counted, expectedOverShort] of [
      ['101.50', '0.00'],
      ['102.00', '0.50'],
      ['101.50', '0.00'],
    ] as const) {
      const register = newRegister();
      const shiftId = await openShift(t, cashier.token, register, '100.00');
      const response = await sell(
        t,
        cashier.token,
        saleBody(t, {
          registerId: register,
          shiftId,
          lines: [{ productId: products.bun!.id, quantity: '1' }],
          tenders: [{ method: 'cash', amount: '1.50' }],
        }),
      );
      expect(response.status).toBe(201);
      // A refused close does not use up a number.
      expect(
        await errorCode(
          await close(shiftId, { countedCash: '1.00', counts: [{ denomination: '1', count: 2 }] }),
        ),
      ).toBe('count_mismatch');
      // A manager may close a cashier's shift (a tablet left open overnight).
      const closed = await close(shiftId, { countedCash: counted }, manager.token);
      expect(closed.status, await closed.clone().text()).toBe(200);
      const answer = await json<CloseAnswer>(closed);
      expect(answer.overShort).toBe(expectedOverShort);
      if (expectedOverShort === '0.00') {
        expect(answer.zReport.overShortEntryId).toBeNull();
      } else {
        expect(await entryLines(answer.zReport.overShortEntryId!)).toEqual([
          ['1001', '0.50', '0.00'],
          ['5602.05', '0.00', '0.50'],
        ]);
      }
      numbers.push(answer.zReport.number);
    }
    expect(numbers[1]).toBe(numbers[0]! + 1);
    expect(numbers[2]).toBe(numbers[0]! + 2);
    const all = await db().selectFrom('z_reports').select('number').orderBy('number').execute();
    expect(all.map((row) => row.number)).toEqual(all.map((_, index) => index + 1));
  });
});

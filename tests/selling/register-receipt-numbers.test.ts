import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import type { ReceiptModel } from '../../reports/receipt-model.js';
import type { ShiftReport } from '../../ledger/selling/z-report.js';
import { summariseReceiptNumbers } from '../../ledger/selling/z-report.js';
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

describeEachDatabase('selling: register receipt numbers', (database) => {
  const db = () => database.current.db;
  let shop: Shop;

  beforeAll(async () => {
    shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
  });

  function numberedSale(
    registerId: string,
    shiftId: string,
    receiptNumber?: string,
  ): Record<string, unknown> {
    return {
      ...saleBody(shop.t, {
        registerId,
        shiftId,
        lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      }),
      ...(receiptNumber === undefined ? {} : { receiptNumber }),
    };
  }

  test('the tablet’s number is kept, answered, printed on the receipt; the serial number stays', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register);
    const body = numberedSale(register, shiftId, 'C1-000123');
    const response = await sell(t, cashier.token, body);
    expect(response.status, await response.clone().text()).toBe(201);
    const { sale } = await json<{ sale: SaleAnswer & { serialNumber: string } }>(response);
    expect(sale.receiptNumber).toBe('C1-000123');
    expect(sale.serialNumber).toMatch(/^\d+$/);

    const receipt = await t.request('GET', `/api/sales/${sale.id}/receipt`, {
      token: cashier.token,
    });
    expect((await json<{ receipt: ReceiptModel }>(receipt)).receipt.receiptNumber).toBe(
      'C1-000123',
    );
    const text = await t.request('GET', `/api/sales/${sale.id}/receipt?format=text`, {
      token: cashier.token,
    });
    expect(await text.text()).toContain('小票号：C1-000123');

    // A sale sent without a number (an older client) shows the server's serial number.
    const plain = await sell(t, cashier.token, numberedSale(register, shiftId));
    const plainSale = (await json<{ sale: SaleAnswer & { serialNumber: string } }>(plain)).sale;
    expect(plainSale.receiptNumber).toBe(plainSale.serialNumber);
  });

  test('the same number twice on one register is 409 receipt_number_taken and writes nothing; a replay is 200', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register);
    const first = numberedSale(register, shiftId, 'C2-000001');
    expect((await sell(t, cashier.token, first)).status).toBe(201);

    const before = await rowCounts(db());
    const second = await sell(t, cashier.token, numberedSale(register, shiftId, 'C2-000001'));
    expect(second.status).toBe(409);
    expect(await errorCode(second)).toBe('receipt_number_taken');
    expect(await rowCounts(db())).toEqual(before);

    const replay = await sell(t, cashier.token, first);
    expect(replay.status).toBe(200);
    expect((await json<{ sale: SaleAnswer }>(replay)).sale.id).toBe(first.id);

    // The same id with another number is other content.
    const renumbered = await sell(t, cashier.token, { ...first, receiptNumber: 'C2-000002' });
    expect(await errorCode(renumbered)).toBe('idempotency_conflict');

    // Another register may use the same number.
    const other = newRegister();
    const otherShift = await openShift(t, shop.manager.token, other);
    const elsewhere = await sell(
      t,
      shop.manager.token,
      numberedSale(other, otherShift, 'C2-000001'),
    );
    expect(elsewhere.status, await elsewhere.clone().text()).toBe(201);
  });

  test('two different sales racing for one number: one is recorded, the other refused, never a 500', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        sell(t, cashier.token, numberedSale(register, shiftId, 'R-000007')),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(await errorCode(answer)).toBe('receipt_number_taken');
    }
    const rows = await db()
      .selectFrom('sales')
      .select('id')
      .where('register_id', '=', register)
      .execute();
    expect(rows).toHaveLength(1);
  });

  test('a malformed number is invalid_input at the edge', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register);
    for (const receiptNumber of ['C1000123', 'C1-', '-1', 'C1-12a', 'C 1-1', 'C1-0000000000001']) {
      const response = await sell(t, cashier.token, numberedSale(register, shiftId, receiptNumber));
      expect(await errorCode(response), receiptNumber).toBe('invalid_input');
    }
  });

  test('the X and Z reports show first, last and the missing numbers of the shift', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register, '100.00');
    for (const number of ['C3-000001', 'C3-000002', 'C3-000005', 'C3-000006']) {
      const response = await sell(t, cashier.token, numberedSale(register, shiftId, number));
      expect(response.status, await response.clone().text()).toBe(201);
    }
    expect((await sell(t, cashier.token, numberedSale(register, shiftId))).status).toBe(201);
    const expected = {
      ranges: [
        {
          prefix: 'C3',
          first: 'C3-000001',
          last: 'C3-000006',
          count: 4,
          missing: ['C3-000003', 'C3-000004'],
          missingCount: 2,
        },
      ],
      unnumbered: 1,
    };
    const x = await t.request('GET', `/api/shifts/${shiftId}/x-report`, { token: cashier.token });
    expect((await json<{ xReport: ShiftReport }>(x)).xReport.receiptNumbers).toEqual(expected);

    const close = await t.request('POST', `/api/shifts/${shiftId}/close`, {
      token: cashier.token,
      body: { countedCash: '115.00' },
    });
    expect(close.status, await close.clone().text()).toBe(200);
    const z = await t.request('GET', `/api/shifts/${shiftId}/z-report`, { token: cashier.token });
    expect((await json<{ zReport: ShiftReport }>(z)).zReport.receiptNumbers).toEqual(expected);
  });

  test('the database itself refuses a second sale with the number on the register', async () => {
    const { t, cashier } = shop;
    const register = newRegister();
    const shiftId = await openShift(t, cashier.token, register);
    expect((await sell(t, cashier.token, numberedSale(register, shiftId, 'D-1'))).status).toBe(201);
    const row = await db()
      .selectFrom('sales')
      .selectAll()
      .where('register_id', '=', register)
      .executeTakeFirstOrThrow();
    await expect(
      db()
        .insertInto('sales')
        .values({
          ...row,
          id: randomUUID(),
          entry_id: randomUUID(),
          receipt_number: undefined,
        } as never)
        .execute(),
    ).rejects.toThrow(/sales_register_receipt_number_key|duplicate key/);
  });
});

test('gaps: listed up to a limit, counted in all, per prefix, padding kept', () => {
  expect(summariseReceiptNumbers([], 3)).toEqual({ ranges: [], unnumbered: 3 });
  const summary = summariseReceiptNumbers(['B-9', 'A-0001', 'A-0004', 'B-10', 'A-0200'], 0);
  expect(
    summary.ranges.map((range) => [range.prefix, range.first, range.last, range.count]),
  ).toEqual([
    ['A', 'A-0001', 'A-0200', 3],
    ['B', 'B-9', 'B-10', 2],
  ]);
  const a = summary.ranges[0]!;
  expect(a.missingCount).toBe(2 + 195);
  expect(a.missing).toHaveLength(50);
  expect(a.missing.slice(0, 3)).toEqual(['A-0002', 'A-0003', 'A-0005']);
  expect(summary.ranges[1]!.missing).toEqual([]);
});

import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import {
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

const EPOCH_EVE = '1969-12-31T23:59:59Z';

describeEachDatabase(
  'selling: a tablet time before the shift or the books is refused',
  (database) => {
    const db = () => database.current.db;
    let shop: Shop;
    let register: string;
    let shiftId: string;
    let saleId: string;

    beforeAll(async () => {
      shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
      register = newRegister();
      shiftId = await openShift(shop.t, shop.cashier.token, register);
      const response = await sell(
        shop.t,
        shop.cashier.token,
        saleBody(shop.t, {
          registerId: register,
          shiftId,
          lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
          tenders: [{ method: 'cash', amount: '3.00' }],
        }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      saleId = (await json<{ sale: SaleAnswer }>(response)).sale.id;
    });

    /** The refusal's code and field, and proof that nothing was written. */
    async function refusedWithNothingWritten(
      send: () => Promise<Response>,
    ): Promise<{ code: string; details: { field: string; earliest: string | null } }> {
      const before = await rowCounts(db());
      const periodsBefore = await db().selectFrom('periods').select('period').execute();
      const response = await send();
      expect(response.status, await response.clone().text()).toBe(422);
      expect(await rowCounts(db())).toEqual(before);
      expect(await db().selectFrom('periods').select('period').execute()).toEqual(periodsBefore);
      return (
        await json<{
          error: { code: string; details: { field: string; earliest: string | null } };
        }>(response)
      ).error;
    }

    test.each([
      {
        writer: 'a sale',
        code: 'sale_time_invalid',
        field: 'createdAt',
        send: () =>
          sell(
            shop.t,
            shop.cashier.token,
            saleBody(shop.t, {
              registerId: register,
              shiftId,
              createdAt: EPOCH_EVE,
              offline: true,
              lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
              tenders: [{ method: 'cash', amount: '1.50' }],
            }),
          ),
      },
      {
        writer: 'a refund',
        code: 'refund_time_invalid',
        field: 'createdAt',
        send: () =>
          shop.t.request('POST', `/api/sales/${saleId}/refunds`, {
            token: shop.cashier.token,
            body: { id: randomUUID(), shiftId, reason: '顾客退回', createdAt: EPOCH_EVE },
          }),
      },
      {
        writer: 'a shift opening',
        code: 'shift_time_invalid',
        field: 'openedAt',
        send: () =>
          shop.t.request('POST', '/api/shifts', {
            token: shop.cashier.token,
            body: {
              id: randomUUID(),
              registerId: newRegister(),
              openingFloat: '100.00',
              openedAt: EPOCH_EVE,
            },
          }),
      },
      {
        writer: 'a cash movement',
        code: 'movement_time_invalid',
        field: 'createdAt',
        send: () =>
          shop.t.request('POST', `/api/shifts/${shiftId}/cash-movements`, {
            token: shop.cashier.token,
            body: {
              id: randomUUID(),
              kind: 'paid_out',
              purpose: 'ingredients',
              amount: '5.00',
              reason: '青菜',
              createdAt: EPOCH_EVE,
            },
          }),
      },
      {
        writer: 'a shift close',
        code: 'shift_time_invalid',
        field: 'closedAt',
        send: () =>
          shop.t.request('POST', `/api/shifts/${shiftId}/close`, {
            token: shop.cashier.token,
            body: { countedCash: '203.00', closedAt: EPOCH_EVE },
          }),
      },
    ])('$writer dated $field 1969-12-31T23:59:59Z: 422 $code, nothing written', async (row) => {
      const error = await refusedWithNothingWritten(row.send);
      expect(error.code).toBe(row.code);
      expect(error.details.field).toBe(row.field);
    });

    test('a sale an hour before its shift opened, or an hour ahead of the server, is refused', async () => {
      const now = shop.t.clock.now().getTime();
      for (const createdAt of [new Date(now - 3600_000), new Date(now + 3600_000)]) {
        const error = await refusedWithNothingWritten(() =>
          sell(
            shop.t,
            shop.cashier.token,
            saleBody(shop.t, {
              registerId: register,
              shiftId,
              createdAt: createdAt.toISOString(),
              lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
              tenders: [{ method: 'cash', amount: '1.50' }],
            }),
          ),
        );
        expect(error.code).toBe('sale_time_invalid');
      }
    });

    test("a shift opened offline before the shop's books begin is refused; the month before now is fine", async () => {
      // The books hold March 2026 only: February (the month before now) is the earliest.
      const tooEarly = await refusedWithNothingWritten(() =>
        shop.t.request('POST', '/api/shifts', {
          token: shop.cashier.token,
          body: {
            id: randomUUID(),
            registerId: newRegister(),
            openingFloat: '0.00',
            openedAt: '2026-01-31T10:00:00Z',
          },
        }),
      );
      expect(tooEarly).toMatchObject({
        code: 'shift_time_invalid',
        details: { field: 'openedAt', earliest: '2026-02-01' },
      });
      const february = newRegister();
      const opened = await shop.t.request('POST', '/api/shifts', {
        token: shop.cashier.token,
        body: {
          id: randomUUID(),
          registerId: february,
          openingFloat: '0.00',
          openedAt: '2026-02-27T01:00:00Z',
        },
      });
      expect(opened.status, await opened.clone().text()).toBe(201);
      const { shift } = await json<{ shift: { id: string } }>(opened);
      const closed = await shop.t.request('POST', `/api/shifts/${shift.id}/close`, {
        token: shop.cashier.token,
        body: { countedCash: '0.00', closedAt: '2026-02-27T09:00:00Z' },
      });
      expect(closed.status, await closed.clone().text()).toBe(200);
    });

    test('after all of that, the month closes: nothing opened 1970', async () => {
      const closed = await shop.t.request('POST', `/api/shifts/${shiftId}/close`, {
        token: shop.cashier.token,
        body: { countedCash: '203.00' },
      });
      expect(closed.status, await closed.clone().text()).toBe(200);
      shop.t.clock.set('2026-04-02T02:00:00Z');
      const accountant = await shop.t.login('accountant');
      const periods = await db().selectFrom('periods').select('period').orderBy('period').execute();
      expect(periods.map((row) => row.period)).toEqual(['2026-03']);
      const close = await shop.t.request('POST', '/api/periods/2026-03/close', {
        token: accountant.token,
      });
      expect(close.status, await close.clone().text()).toBe(200);
    });
  },
);

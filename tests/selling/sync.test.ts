import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { trialBalance } from '../../ledger/books/balances.js';
import { syncAnswerSchema } from '../../server/schemas/sync.js';
import { MAX_SYNC_ITEMS } from '../../server/routes/sync.js';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  expectDayTotalsMatchLines,
  json,
  newRegister,
  openShift,
  rowCounts,
  saleBody,
  setupShop,
  SHOP_DATE,
  type Shop,
  watchingJsonCalls,
} from './helpers.js';

interface SyncResult {
  kind: string;
  id: string;
  status: number;
  body: { error?: { code: string; details?: Record<string, unknown> } } & Record<string, unknown>;
}
interface SyncAnswer {
  results: SyncResult[];
  created: number;
  replayed: number;
  failed: number;
}

describeEachDatabase(
  'selling: POST /api/sync, the tablet outbox in one request',
  (database) => {
    const db = () => database.current.db;
    let shop: Shop;

    beforeAll(async () => {
      shop = await setupShop(database, {
        bun: { name: '馒头', price: '1.50' },
        roll: { name: '花卷', price: '2.00' },
      });
    });

    async function sync(items: unknown[], token = shop.cashier.token): Promise<Response> {
      return shop.t.request('POST', '/api/sync', { token, body: { items } });
    }

    async function syncAnswer(response: Response): Promise<SyncAnswer> {
      expect(response.status, await response.clone().text()).toBe(200);
      const body = await json<SyncAnswer>(response);
      // The answer is what the document says, so the typed client can trust it.
      expect(syncAnswerSchema.safeParse(body).success).toBe(true);
      return body;
    }

    function sale(shiftId: string, registerId: string, bun: string, roll = '0') {
      const lines = [
        { productId: shop.products.bun!.id, quantity: bun },
        ...(roll === '0' ? [] : [{ productId: shop.products.roll!.id, quantity: roll }]),
      ];
      const totalFen = Number(bun) * 150 + Number(roll) * 200;
      const amount = `${Math.floor(totalFen / 100)}.${String(totalFen % 100).padStart(2, '0')}`;
      return {
        kind: 'sale',
        sale: saleBody(shop.t, {
          registerId,
          shiftId,
          lines,
          tenders: [{ method: 'cash', amount, tendered: '50.00' }],
        }),
      };
    }

    /** A new ¥1.00 product of which only `quantity` were baked today. */
    async function productWithOnly(quantity: string, name: string): Promise<string> {
      const limited = await setupShop(database, { limited: { name, price: '1.00' } });
      const id = limited.products.limited!.id;
      const put = await shop.t.request('PUT', `/api/production/${SHOP_DATE}`, {
        token: shop.manager.token,
        body: { items: [{ productId: id, quantity }] },
      });
      expect(put.status).toBe(200);
      return id;
    }

    function outbox() {
      const registerId = newRegister('sync');
      const shiftId = randomUUID();
      const sales = [
        sale(shiftId, registerId, '2'),
        sale(shiftId, registerId, '1', '1'),
        sale(shiftId, registerId, '4'),
      ];
      const items = [
        { kind: 'shift_open', shift: { id: shiftId, registerId, openingFloat: '100.00' } },
        ...sales,
        {
          kind: 'refund',
          saleId: sales[1]!.sale.id,
          refund: { id: randomUUID(), shiftId, reason: '顾客不要了' },
        },
        {
          kind: 'cash_movement',
          shiftId,
          movement: {
            id: randomUUID(),
            kind: 'paid_out',
            purpose: 'ingredients',
            amount: '5.00',
            reason: '买葱',
          },
        },
        // 100 + 3.00 + 3.50 + 6.00 − 3.50 (refund) − 5.00 = 104.00 in the drawer.
        { kind: 'shift_close', shiftId, close: { countedCash: '104.00' } },
      ];
      return { registerId, shiftId, sales, items };
    }

    test('a mixed outbox: each item answered on its own, in order, as its own endpoint would; a replay doubles nothing', async () => {
      const before = await rowCounts(db());
      const { shiftId, sales, items } = outbox();
      const answer = await syncAnswer(await sync(items));
      expect(answer.results.map((result) => [result.kind, result.status])).toEqual([
        ['shift_open', 201],
        ['sale', 201],
        ['sale', 201],
        ['sale', 201],
        ['refund', 201],
        ['cash_movement', 201],
        ['shift_close', 200],
      ]);
      expect(answer.results.map((result) => result.id)).toEqual([
        shiftId,
        ...sales.map((item) => item.sale.id),
        (items[4] as { refund: { id: string } }).refund.id,
        (items[5] as { movement: { id: string } }).movement.id,
        shiftId,
      ]);
      expect([answer.created, answer.replayed, answer.failed]).toEqual([6, 1, 0]);
      const sold = answer.results[1]!.body as { sale: { total: string; change: string } };
      expect(sold.sale.total).toBe('3.00');
      expect(sold.sale.change).toBe('47.00');
      const closed = answer.results[6]!.body as { overShort: string; shift: { status: string } };
      expect(closed.shift.status).toBe('closed');
      expect(closed.overShort).toBe('0.00');

      const after = await rowCounts(db());
      expect(after.sales - before.sales).toBe(3);
      expect(after.refunds - before.refunds).toBe(1);
      expect(after.cash_movements - before.cash_movements).toBe(1);
      expect(after.shifts - before.shifts).toBe(1);
      expect(after.z_reports - before.z_reports).toBe(1);
      // sales, refund, movement each post one entry
      expect(after.journal_entries - before.journal_entries).toBe(5);
      const balance = await trialBalance(db(), {
        period: SHOP_DATE.slice(0, 7),
        scope: 'cumulative',
      });
      expect(balance.totals.debit.toFixed(2)).toBe(balance.totals.credit.toFixed(2));

      // The whole batch again (the tablet lost the answer): every item is the same again.
      const replay = await syncAnswer(await sync(items));
      expect(replay.results.map((result) => result.status)).toEqual(items.map(() => 200));
      // The same answers (a shift's replay shows the shift as it is now: closed).
      expect(replay.results.slice(1).map((result) => result.body)).toEqual(
        answer.results.slice(1).map((result) => result.body),
      );
      expect((replay.results[0]!.body as { shift: { id: string } }).shift.id).toBe(shiftId);
      expect(await rowCounts(db())).toEqual(after);
    });

    test('a refused item in the middle is answered with its own code; the items around it are recorded', async () => {
      const registerId = newRegister('sync');
      const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
      const good1 = sale(shiftId, registerId, '2');
      const bad = sale(shiftId, registerId, '2');
      bad.sale.tenders = [{ method: 'cash', amount: '2.00', tendered: '50.00' }];
      const good2 = sale(shiftId, registerId, '1');
      const conflicting = {
        ...good1,
        sale: { ...good1.sale, tenders: [{ method: 'cash', amount: '3.00', tendered: '10.00' }] },
      };
      const before = await rowCounts(db());
      const answer = await syncAnswer(await sync([good1, bad, good2, conflicting]));
      expect(answer.results.map((result) => [result.status, result.body.error?.code])).toEqual([
        [201, undefined],
        [422, 'tenders_mismatch'],
        [201, undefined],
        [409, 'idempotency_conflict'],
      ]);
      expect(answer.results[1]!.body.error?.details).toEqual({ total: '3.00', tenders: '2.00' });
      const after = await rowCounts(db());
      expect(after.sales - before.sales).toBe(2);
      const stored = await db()
        .selectFrom('sales')
        .select('id')
        .where('id', 'in', [good1.sale.id, bad.sale.id, good2.sale.id] as string[])
        .execute();
      expect(stored.map((row) => row.id).sort()).toEqual([good1.sale.id, good2.sale.id].sort());
    });

    test('items that need a failed one are dependency_failed; independent ones go through', async () => {
      const busy = newRegister('sync');
      await openShift(shop.t, shop.cashier.token, busy);
      // This register already has an open shift: the open is refused, and so is what needs it.
      const refusedShift = randomUUID();
      const orphan = sale(refusedShift, busy, '1');
      const freeRegister = newRegister('sync');
      const freeShift = await openShift(shop.t, shop.cashier.token, freeRegister);
      const independent = sale(freeShift, freeRegister, '1');
      const before = await rowCounts(db());
      const answer = await syncAnswer(
        await sync([
          {
            kind: 'shift_open',
            shift: { id: refusedShift, registerId: busy, openingFloat: '50.00' },
          },
          orphan,
          independent,
          { kind: 'refund', saleId: orphan.sale.id, refund: { id: randomUUID(), reason: '退' } },
          { kind: 'shift_close', shiftId: refusedShift, close: { countedCash: '50.00' } },
        ]),
      );
      expect(answer.results.map((result) => [result.status, result.body.error?.code])).toEqual([
        [409, 'shift_already_open'],
        [424, 'dependency_failed'],
        [201, undefined],
        [424, 'dependency_failed'],
        [424, 'dependency_failed'],
      ]);
      expect(answer.results[1]!.body.error?.details).toEqual({ dependsOn: refusedShift, index: 0 });
      // The refund needs the sale, which failed as item 1.
      expect(answer.results[3]!.body.error?.details).toEqual({
        dependsOn: orphan.sale.id,
        index: 1,
      });
      const after = await rowCounts(db());
      expect(after.sales - before.sales).toBe(1);
      expect(after.shifts - before.shifts).toBe(0);
      expect(after.refunds - before.refunds).toBe(0);
    });

    test('a sale the database refuses in its write (sold out) amid others: the rest are recorded once, the totals match the lines', async () => {
      const registerId = newRegister('sync');
      const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
      const id = await productWithOnly('1', '最后一个');
      const one = () => ({
        kind: 'sale',
        sale: saleBody(shop.t, {
          registerId,
          shiftId,
          lines: [{ productId: id, quantity: '1' }],
          tenders: [{ method: 'cash', amount: '1.00' }],
        }),
      });
      const first = sale(shiftId, registerId, '2');
      const taken = one();
      const soldOut = one();
      const last = sale(shiftId, registerId, '1', '1');
      const before = await rowCounts(db());
      const answer = await syncAnswer(await sync([first, taken, soldOut, last]));
      expect(answer.results.map((result) => [result.status, result.body.error?.code])).toEqual([
        [201, undefined],
        [201, undefined],
        [422, 'sold_out'],
        [201, undefined],
      ]);
      const after = await rowCounts(db());
      expect(after.sales - before.sales).toBe(3);
      expect(after.journal_entries - before.journal_entries).toBe(3);
      await expectDayTotalsMatchLines(db());
      // Sent again: the recorded ones replay, the refused one is refused again.
      const again = await syncAnswer(await sync([first, taken, soldOut, last]));
      expect(again.results.map((result) => result.status)).toEqual([200, 200, 422, 200]);
      expect(await rowCounts(db())).toEqual(after);
    });

    test('the same batch sent several times at once records every item once', async () => {
      const registerId = newRegister('sync');
      const shiftId = randomUUID();
      const sales = Array.from({ length: 12 }, (_, index) =>
        sale(shiftId, registerId, String(1 + (index % 3))),
      );
      const items = [
        { kind: 'shift_open', shift: { id: shiftId, registerId, openingFloat: '100.00' } },
        ...sales,
      ];
      const before = await rowCounts(db());
      const answers = await Promise.all(
        Array.from({ length: 4 }, async () => syncAnswer(await sync(items))),
      );
      for (const [index] of items.entries()) {
        const statuses = answers.map((answer) => answer.results[index]!.status).sort();
        expect(statuses, `item ${index}`).toEqual([200, 200, 200, 201]);
      }
      const after = await rowCounts(db());
      expect(after.sales - before.sales).toBe(12);
      expect(after.shifts - before.shifts).toBe(1);
      expect(after.journal_entries - before.journal_entries).toBe(12);
    });

    test('a malformed batch is refused whole and writes nothing', async () => {
      const registerId = newRegister('sync');
      const shiftId = randomUUID();
      const good = sale(shiftId, registerId, '1');
      const open = {
        kind: 'shift_open',
        shift: { id: shiftId, registerId, openingFloat: '10.00' },
      };
      const before = await rowCounts(db());
      const noId = { kind: 'sale', sale: { ...good.sale, id: undefined } };
      const cases: unknown[] = [
        { items: [open, good, noId] },
        { items: [open, { kind: 'teleport' }] },
        { items: [open, { ...good, extra: true }] },
        { items: [{ kind: 'shift_open', shift: { registerId, openingFloat: '10.00' } }] },
        { items: [] },
        { items: Array.from({ length: MAX_SYNC_ITEMS + 1 }, () => good) },
        { items: 'all of them' },
      ];
      for (const body of cases) {
        const response = await shop.t.request('POST', '/api/sync', {
          token: shop.cashier.token,
          body,
        });
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe('invalid_input');
      }
      const malformed = await shop.t.request('POST', '/api/sync', {
        token: shop.cashier.token,
        body: '{"items": [',
      });
      expect(await errorCode(malformed)).toBe('malformed_json');
      const anonymous = await shop.t.request('POST', '/api/sync', { body: { items: [open] } });
      expect(anonymous.status).toBe(401);
      expect(await rowCounts(db())).toEqual(before);
    });

    test('a sale sent twice at once for the last buns: the copy replays the original, never sold_out', async () => {
      const registerId = newRegister('race');
      const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
      const product = await setupShop(database, { last: { name: '最后的包子', price: '1.00' } });
      // A product of its own, baked just enough for one sale of 3.
      const id = product.products.last!.id;
      const put = await shop.t.request('PUT', `/api/production/${SHOP_DATE}`, {
        token: shop.manager.token,
        body: { items: [{ productId: id, quantity: '3' }] },
      });
      expect(put.status, await put.clone().text()).toBe(200);
      const body = saleBody(shop.t, {
        registerId,
        shiftId,
        lines: [{ productId: id, quantity: '3' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      });
      const other = saleBody(shop.t, {
        registerId,
        shiftId,
        lines: [{ productId: id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: '1.00' }],
      });
      const responses = await Promise.all([
        ...Array.from({ length: 4 }, () =>
          shop.t.request('POST', '/api/sales', { token: shop.cashier.token, body }),
        ),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
      // Nothing is left: another sale, online, is refused; what remains is exact.
      const late = await shop.t.request('POST', '/api/sales', {
        token: shop.cashier.token,
        body: other,
      });
      expect(await errorCode(late)).toBe('sold_out');
    });

    test('different online sales at once for the last buns: never more sold than baked', async () => {
      const registerId = newRegister('race');
      const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
      const id = await productWithOnly('3', '少量花卷');
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          shop.t.request('POST', '/api/sales', {
            token: shop.cashier.token,
            body: saleBody(shop.t, {
              registerId,
              shiftId,
              lines: [{ productId: id, quantity: '1' }],
              tenders: [{ method: 'cash', amount: '1.00' }],
            }),
          }),
        ),
      );
      const codes = await Promise.all(
        responses.map(async (response) => (response.status === 201 ? 'ok' : errorCode(response))),
      );
      expect(codes.sort()).toEqual(['ok', 'ok', 'ok', 'sold_out', 'sold_out', 'sold_out']);
    });

    test('manager PINs guessed through a batch count as on the single endpoint: five, then too_many_attempts, each audited', async () => {
      const guesser = await shop.t.login('cashier');
      const registerId = newRegister('guess');
      const shiftId = await openShift(shop.t, guesser.token, registerId);
      const discounted = (pin: string) => ({
        kind: 'sale',
        sale: saleBody(shop.t, {
          registerId,
          shiftId,
          lines: [{ productId: shop.products.bun!.id, quantity: '10' }],
          discount: '5.00',
          tenders: [{ method: 'cash', amount: '10.00' }],
          approverPin: pin,
          approver: shop.manager.username,
        }),
      });
      // Between the guesses, ordinary sales that go through.
      const items = ['0001', '0002', '0003', '0004', '0005', '0006', '8642'].flatMap((pin) => [
        discounted(pin),
        sale(shiftId, registerId, '1'),
      ]);
      const answer = await syncAnswer(await sync(items, guesser.token));
      const codes = answer.results.map((result) =>
        result.status >= 400 ? result.body.error!.code : result.status,
      );
      expect(codes).toEqual([
        ...Array.from({ length: 5 }, () => ['approval_invalid', 201]).flat(),
        'too_many_attempts',
        201,
        // The right PIN too, once the slots are taken: as on POST /api/sales.
        'too_many_attempts',
        201,
      ]);
      // The lockout holds for the single endpoint afterwards as well.
      const after = await shop.t.request('POST', '/api/sales', {
        token: guesser.token,
        body: discounted('8642').sale,
      });
      expect(await errorCode(after)).toBe('too_many_attempts');
      const audited = await db()
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', 'approval_failed')
        .where('actor_id', '=', guesser.userId)
        .executeTakeFirstOrThrow();
      expect(Number(audited.n)).toBeGreaterThanOrEqual(5);
    });

    test('a sale whose request fails in the database amid other sales: the chunk runs again item by item, the others recorded once, it alone answered 500', async () => {
      const registerId = newRegister('sync');
      const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
      const sales = Array.from({ length: 6 }, (_, index) =>
        sale(shiftId, registerId, String(1 + (index % 2))),
      );
      const broken = sales[2]!.sale.id as string;
      // A fault in the database for one sale: its read names a shift that is not a uuid,
      // so the statement fails (the whole read of the sales grouped with it, the first
      // time), and the transaction it ran in can only be rolled back.
      let reads = 0;
      const faulty = watchingJsonCalls(db(), 'xmf_sale_contexts', (argument) => {
        reads += 1;
        for (const request of argument as { sale: string; shift: string }[])
          if (request.sale === broken) request.shift = 'not a uuid';
      });
      const t = createTestApp(
        { kind: database.kind, current: { ...database.current, db: faulty } },
        { clock: shop.t.clock },
      );
      const before = await rowCounts(db());
      const response = await t.request('POST', '/api/sync', {
        token: shop.cashier.token,
        body: { items: sales },
      });
      const answer = await syncAnswer(response);
      expect(answer.results.map((result) => result.status)).toEqual([201, 201, 500, 201, 201, 201]);
      expect(answer.results[2]!.body.error?.code).toBe('internal_error');
      // Together first (fewer reads than sales), then one by one (a read each).
      expect(reads).toBeGreaterThan(sales.length);
      const after = await rowCounts(db());
      expect(after.sales - before.sales).toBe(5);
      expect(after.journal_entries - before.journal_entries).toBe(5);
      await expectDayTotalsMatchLines(db());
      // The tablet sends them again: the five replay, nothing is doubled.
      const again = await syncAnswer(await sync(sales));
      expect(again.results.map((result) => result.status)).toEqual([200, 200, 201, 200, 200, 200]);
      expect((await rowCounts(db())).sales - before.sales).toBe(6);
    });
  },
  { poolSize: 8 },
);

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import { getEntry } from '../../ledger/books/journal.js';
import { TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  closePeriodDirectly,
  errorCode,
  json,
  newRegister,
  saleBody,
  sell,
  setupShop,
  type SaleAnswer,
  type Shop,
} from './helpers.js';

describeEachDatabase('selling: late sales', (database) => {
  const db = () => database.current.db;
  let shop: Shop;

  beforeAll(async () => {
    // Three days into March; February has been closed by the accountant.
    shop = await setupShop(
      database,
      { bun: { name: '馒头', price: '1.50' } },
      { clock: new TestClock(new Date('2026-03-03T02:00:00Z')) },
    );
  });

  test('a sale made offline in a closed month is posted on the first day of the first open month, marked late, its own time kept', async () => {
    const { t, cashier, products } = shop;
    const register = newRegister();
    // The tablet opened its shift offline on 27 February and comes back online today.
    const shiftId = randomUUID();
    const opened = await t.request('POST', '/api/shifts', {
      token: cashier.token,
      body: {
        id: shiftId,
        registerId: register,
        openingFloat: '100.00',
        openedAt: '2026-02-27T00:30:00.000Z',
      },
    });
    expect(opened.status).toBe(201);
    await closePeriodDirectly(db(), '2026-02');

    const createdAt = '2026-02-27T15:30:00.000Z'; // 23:30 in Beijing, still the 27th
    const response = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        createdAt,
        lines: [{ productId: products.bun!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const { sale } = await json<{ sale: SaleAnswer & { createdAt: string } }>(response);
    expect(sale).toMatchObject({
      late: true,
      offline: true,
      businessDate: '2026-02-27',
      entryDate: '2026-03-01',
      period: '2026-03',
      createdAt,
    });
    const entry = await getEntry(db(), sale.entryId);
    expect(entry).toMatchObject({ date: '2026-03-01', period: '2026-03' });
    expect(entry!.description).toContain('2026-02-27');

    // Its refund and the shift's close land in March too; February's books stay as closed.
    const refund = await t.request('POST', `/api/sales/${sale.id}/refunds`, {
      token: cashier.token,
      body: {
        id: randomUUID(),
        shiftId,
        reason: '顾客退回',
        createdAt: '2026-02-27T15:40:00.000Z',
      },
    });
    expect(refund.status, await refund.clone().text()).toBe(201);
    expect(
      (await json<{ refund: { period: string; entryDate: string } }>(refund)).refund,
    ).toMatchObject({
      period: '2026-03',
      entryDate: '2026-03-01',
    });
    const closed = await t.request('POST', `/api/shifts/${shiftId}/close`, {
      token: cashier.token,
      body: { countedCash: '99.00', closedAt: '2026-02-27T16:00:00.000Z' },
    });
    expect(closed.status, await closed.clone().text()).toBe(200);
    const { zReport } = await json<{ zReport: { overShortEntryId: string } }>(closed);
    expect(await getEntry(db(), zReport.overShortEntryId)).toMatchObject({ period: '2026-03' });
    const february = await db()
      .selectFrom('journal_entries')
      .select(sql<string>`count(*)`.as('n'))
      .where('period', '=', '2026-02')
      .executeTakeFirstOrThrow();
    expect(Number(february.n)).toBe(0);
  });

  test.skipIf(database.kind === 'pglite')(
    'a month close racing a sale: the database refuses the posting, the sale retries once into the next open month',
    async () => {
      const { t, products } = shop;
      t.clock.set('2026-05-01T01:00:00Z');
      // Sessions last 12 hours: a fresh login at the new time.
      const cashier = await t.login('cashier');
      const register = newRegister();
      const shiftId = randomUUID();
      expect(
        (
          await t.request('POST', '/api/shifts', {
            token: cashier.token,
            body: {
              id: shiftId,
              registerId: register,
              openingFloat: '0.00',
              openedAt: '2026-04-30T01:00:00.000Z',
            },
          })
        ).status,
      ).toBe(201);
      await db()
        .insertInto('periods')
        .values({
          period: '2026-04',
          closed_by: null,
          closed_at: null,
          digest: null,
          entry_count: null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();

      let inFlight: Promise<Response> | undefined;
      await db()
        .connection()
        .execute(async (closer) => {
          await sql`BEGIN`.execute(closer);
          await sql`UPDATE periods SET status = 'closed', closed_at = now(), digest = 'race', entry_count = 0 WHERE period = '2026-04'`.execute(
            closer,
          );
          inFlight = sell(
            t,
            cashier.token,
            saleBody(t, {
              registerId: register,
              shiftId,
              createdAt: '2026-04-30T12:00:00.000Z',
              lines: [{ productId: products.bun!.id, quantity: '1' }],
              tenders: [{ method: 'cash', amount: '1.50' }],
            }),
          );
          // Wait until the sale is blocked on the period row the close holds.
          for (let attempt = 0; attempt < 100; attempt += 1) {
            const waiting = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(closer);
            if (Number(waiting.rows[0]!.n) > 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await sql`COMMIT`.execute(closer);
        });
      const response = await inFlight!;
      expect(response.status, await response.clone().text()).toBe(201);
      const { sale } = await json<{ sale: SaleAnswer }>(response);
      expect(sale).toMatchObject({
        late: true,
        businessDate: '2026-04-30',
        period: '2026-05',
        entryDate: '2026-05-01',
      });

      // Selling into a closed month is never refused as such: only a bad request is.
      expect(await errorCode(await sell(t, cashier.token, { id: 'x' }))).toBe('invalid_input');
    },
  );
});

import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { expect, test } from 'vitest';
import { trialBalance } from '../../ledger/books/balances.js';
import { Refusal } from '../../ledger/core/errors.js';
import type { Database } from '../../ledger/schema/database.js';
import { postSale, type SaleInput } from '../../ledger/selling/post-sale.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  expectDayTotalsMatchLines,
  newRegister,
  openShift,
  setupShop,
  SHOP_DATE,
  SHOP_MORNING,
  type Shop,
  watchingJsonCalls,
} from './helpers.js';

/**
 * Sales that arrive while others are being written are written with them, in one
 * statement and one COMMIT (migrations/0016, ledger/core/coalescer.ts): each still checked
 * and answered on its own, a refused one undone alone.
 */

/** What a database saw of the sales' group writes: how many sales each `xmf_record_sales` carried. */
interface Watched {
  db: Kysely<Database>;
  groups: number[];
}

/**
 * The database seen through a plugin that records each group write, and may change a
 * group's JSON before it is sent (`tamper`), as a faulty server could.
 */
function watched(db: Kysely<Database>, tamper?: (writes: unknown[]) => void): Watched {
  const groups: number[] = [];
  const seen = watchingJsonCalls(db, 'xmf_record_sales', (argument) => {
    const writes = argument as unknown[];
    groups.push(writes.length);
    tamper?.(writes);
  });
  return { db: seen, groups };
}

async function counter(shop: Shop) {
  const registerId = newRegister('group');
  const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
  return { registerId, shiftId };
}

function sale(
  register: { registerId: string; shiftId: string },
  lines: SaleInput['lines'],
  total: string,
): SaleInput {
  return {
    id: randomUUID(),
    registerId: register.registerId,
    shiftId: register.shiftId,
    createdAt: new Date(SHOP_MORNING),
    lines,
    tenders: [{ method: 'cash', amount: total }],
  };
}

function post(db: Kysely<Database>, shop: Shop, input: SaleInput) {
  return postSale(db, {
    sale: input,
    cashierId: shop.cashier.userId,
    approvedBy: null,
    now: new Date(SHOP_MORNING),
    timeZone: 'Asia/Shanghai',
  });
}

async function salesStored(db: Kysely<Database>, ids: readonly string[]): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM sales WHERE id = ANY(${[...ids]}::uuid[])`.execute(db);
  return Number(rows[0]!.n);
}

describeEachDatabase('selling: sales that arrive together are committed together', (database) => {
  test('twelve sales at once: written in groups, each answered on its own — the one beyond what remains refused alone, a copy replayed', async () => {
    const shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      roll: { name: '花卷', price: '2.00' },
    });
    const base = database.current.db;
    await shop.t.request('PUT', `/api/production/${SHOP_DATE}`, {
      token: shop.manager.token,
      body: { items: [{ productId: shop.products.bun!.id, quantity: '20' }] },
    });
    const register = await counter(shop);
    const { db, groups } = watched(base);
    const bun = shop.products.bun!.id;
    const roll = shop.products.roll!.id;

    // Ten sales of 2 buns and a roll (20 buns: all there are), one of a bun more than
    // remains, and a sale of rolls sent twice (a tablet retrying).
    const sales = Array.from({ length: 10 }, () =>
      sale(
        register,
        [
          { productId: bun, quantity: '2' },
          { productId: roll, quantity: '1' },
        ],
        '5.00',
      ),
    );
    const beyond = sale(register, [{ productId: bun, quantity: '1' }], '1.50');
    const twice = sale(register, [{ productId: roll, quantity: '3' }], '6.00');
    const answers = await Promise.allSettled([
      post(db, shop, twice),
      ...sales.map((input) => post(db, shop, input)),
      post(db, shop, beyond),
      post(db, shop, twice),
    ]);

    // Grouped: fewer group writes than sales, and at least one carried several.
    expect(groups.reduce((sum, size) => sum + size, 0)).toBeGreaterThanOrEqual(12);
    expect(groups.length).toBeLessThan(12);
    expect(Math.max(...groups)).toBeGreaterThan(1);

    // Each answered on its own. Which of the eleven bun sales came last is up to the
    // race: exactly one of them was refused, with what remained (0 after 20 were sold).
    const refused = answers.filter((answer) => answer.status === 'rejected');
    expect(refused).toHaveLength(1);
    const refusal = (refused[0] as PromiseRejectedResult).reason as Refusal;
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal.code).toBe('sold_out');
    expect(refusal.details).toMatchObject({ productId: bun, remaining: '0' });
    const fulfilled = answers.flatMap((answer) =>
      answer.status === 'fulfilled' ? [answer.value] : [],
    );
    expect(fulfilled).toHaveLength(12);
    // The sale sent twice: the same sale, recorded once and replayed once.
    const copies = [answers[0], answers[answers.length - 1]!].map((answer) => {
      assert(answer.status === 'fulfilled');
      return answer.value;
    });
    expect(copies.map((copy) => copy.created)).toEqual([true, false]);
    expect(copies[1]!.sale.serialNumber).toBe(copies[0]!.sale.serialNumber);

    const ids = [...sales, beyond, twice].map((input) => input.id);
    expect(await salesStored(base, ids)).toBe(11);
    const remaining = await sql<{ remaining: string }>`
      SELECT xmf_remaining(${SHOP_DATE}::date, ${bun}::uuid)::text AS remaining`.execute(base);
    expect(Number(remaining.rows[0]!.remaining)).toBe(0);
    await expectDayTotalsMatchLines(base);
    const tb = await trialBalance(base, { period: '2026-03', scope: 'cumulative' });
    expect(tb.totals.debit.toFixed(2)).toBe(tb.totals.credit.toFixed(2));
    const receipts = fulfilled.map((answer) => answer.sale.serialNumber);
    expect(new Set(receipts).size).toBe(11);
  });

  test('a sale whose journal entry the database refuses is undone alone; the sales of its group stand', async () => {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const base = database.current.db;
    const register = await counter(shop);
    const bun = shop.products.bun!.id;
    const sales = Array.from({ length: 6 }, () =>
      sale(register, [{ productId: bun, quantity: '2' }], '3.00'),
    );
    const broken = sales[3]!;
    // A faulty server: the broken sale's entry debits a fen more than it credits.
    const { db, groups } = watched(base, (writes) => {
      for (const write of writes as {
        sale: { id: string };
        entryLines: { debit: string }[];
      }[]) {
        if (write.sale.id === broken.id) write.entryLines[0]!.debit = '3.01';
      }
    });
    const before = await sql<{ n: string }>`SELECT count(*) AS n FROM journal_entries`.execute(
      base,
    );

    const answers = await Promise.allSettled(sales.map((input) => post(db, shop, input)));

    expect(Math.max(...groups)).toBeGreaterThan(1);
    const failed = answers.flatMap((answer, index) =>
      answer.status === 'rejected' ? [{ index, reason: answer.reason as Refusal }] : [],
    );
    expect(failed.map(({ index }) => index)).toEqual([3]);
    expect(failed[0]!.reason).toBeInstanceOf(Refusal);
    expect(failed[0]!.reason.code).toBe('entry_unbalanced');

    expect(await salesStored(base, [broken.id])).toBe(0);
    expect(
      await salesStored(
        base,
        sales.map((input) => input.id),
      ),
    ).toBe(5);
    const after = await sql<{ n: string }>`SELECT count(*) AS n FROM journal_entries`.execute(base);
    expect(Number(after.rows[0]!.n) - Number(before.rows[0]!.n)).toBe(5);
    await expectDayTotalsMatchLines(base);
    const tb = await trialBalance(base, { period: '2026-03', scope: 'cumulative' });
    expect(tb.totals.debit.toFixed(2)).toBe(tb.totals.credit.toFixed(2));
  });

  test.skipIf(database.kind === 'pglite')(
    "a group takes its products' rows in key order before it writes: a transaction holding one of them makes it wait, not deadlock",
    async () => {
      const shop = await setupShop(database, {
        first: { name: '馒头', price: '1.50' },
        second: { name: '花卷', price: '2.00' },
      });
      const base = database.current.db;
      const register = await counter(shop);
      const [low, high] = [shop.products.first!.id, shop.products.second!.id].sort();
      // Both products' rows for the day exist (a sale of each), so they can be locked.
      for (const product of [low!, high!])
        await post(
          base,
          shop,
          sale(
            register,
            [{ productId: product, quantity: '1' }],
            product === shop.products.first!.id ? '1.50' : '2.00',
          ),
        );

      // Two sales' writes as the server builds them, captured inside a transaction that is
      // then rolled back: one sells the higher-keyed product, the other the lower.
      const captured: unknown[] = [];
      const capturing = watchingJsonCalls(base, 'xmf_record_sale', (write) => captured.push(write));
      const price = (product: string) => (product === shop.products.first!.id ? '1.50' : '2.00');
      const highSale = sale(register, [{ productId: high!, quantity: '1' }], price(high!));
      const lowSale = sale(register, [{ productId: low!, quantity: '1' }], price(low!));
      await capturing
        .transaction()
        .execute(async (trx) => {
          await post(trx, shop, highSale);
          await post(trx, shop, lowSale);
          throw new Error('captured');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.message === 'captured')) throw error;
        });
      expect(captured).toHaveLength(2);

      // Another transaction holds the lower product's row. The group's first sale needs
      // the higher one: were it taken first, the group would hold it while waiting for
      // the lower, and the other transaction, asking for the higher next, would deadlock.
      let group: Promise<unknown> | undefined;
      await base.connection().execute(async (other) => {
        await sql`BEGIN`.execute(other);
        await sql`SELECT 1 FROM product_day_totals
                   WHERE business_date = ${SHOP_DATE} AND product_id = ${low!}
                     FOR NO KEY UPDATE`.execute(other);
        group = sql<{ outcomes: { status: string }[] }>`
          SELECT xmf_record_sales(${JSON.stringify(captured)}::jsonb) AS outcomes`.execute(base);
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const waiting = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(other);
          if (Number(waiting.rows[0]!.n) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // The group waits without holding the higher row: this takes it at once.
        await sql`SET LOCAL lock_timeout = '5s'`.execute(other);
        await sql`SELECT 1 FROM product_day_totals
                   WHERE business_date = ${SHOP_DATE} AND product_id = ${high!}
                     FOR NO KEY UPDATE`.execute(other);
        await sql`COMMIT`.execute(other);
      });
      const { rows } = (await group!) as { rows: { outcomes: { status: string }[] }[] };
      expect(rows[0]!.outcomes.map((outcome) => outcome.status)).toEqual(['created', 'created']);
      expect(await salesStored(base, [highSale.id, lowSale.id])).toBe(2);
      await expectDayTotalsMatchLines(base);
    },
  );
});

import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { trialBalance } from '../../ledger/books/balances.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  expectDayTotalsMatchLines,
  json,
  openShift,
  saleBody,
  setupShop,
  SHOP_DATE,
  type SaleAnswer,
} from './helpers.js';

const REGISTERS = 8;
const SALES_PER_REGISTER = 30;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function yuan(fenAmount: bigint): string {
  return `${fenAmount / 100n}.${String(fenAmount % 100n).padStart(2, '0')}`;
}

describeEachDatabase(
  'selling: 8 registers selling at once',
  (database) => {
    test('no sale lost or doubled, remaining counts exact, trial balance zero, each drawer holds its cash sales', async () => {
      const db = database.current.db;
      const products = {
        bun: { name: '馒头', price: '1.50' },
        roll: { name: '花卷', price: '2.00' },
        bean: { name: '豆包', price: '2.50' },
        grain: { name: '杂粮馒头', price: '3.00' },
        cake: { name: '枣糕', price: '8.00', category: '糕点' },
      };
      const shop = await setupShop(database, products);
      const { t, manager } = shop;
      const keys = Object.keys(products) as (keyof typeof products)[];
      const priceFen = Object.fromEntries(
        keys.map((key) => [key, BigInt(products[key].price.replace('.', ''))]),
      );
      // Little enough of two products that they sell out while the registers race.
      const baked: Record<string, number> = {
        bun: 200,
        roll: 150,
        bean: 400,
        grain: 400,
        cake: 400,
      };
      const production = await t.request('PUT', `/api/production/${SHOP_DATE}`, {
        token: manager.token,
        body: {
          items: keys.map((key) => ({
            productId: shop.products[key]!.id,
            quantity: String(baked[key]),
          })),
        },
      });
      expect(production.status).toBe(200);

      const registers = await Promise.all(
        Array.from({ length: REGISTERS }, async (_, index) => {
          const cashier = await t.login('cashier');
          const registerId = `counter-${index + 1}-${database.kind}`;
          const shiftId = await openShift(t, cashier.token, registerId, '100.00');
          return { index, token: cashier.token, registerId, shiftId };
        }),
      );

      interface Accepted {
        registerId: string;
        total: bigint;
        cash: bigint;
        quantities: Map<string, number>;
      }
      const accepted = new Map<string, Accepted>();
      let soldOutRefusals = 0;
      let replays = 0;
      let busyRetries = 0;

      async function send(token: string, body: Record<string, unknown>): Promise<Response> {
        for (;;) {
          const response = await t.request('POST', '/api/sales', { token, body });
          // Serialization failures and deadlocks answer 503 with nothing written: retry.
          if (response.status !== 503) return response;
          busyRetries += 1;
        }
      }

      await Promise.all(
        registers.map(async (register) => {
          const random = prng(1000 + register.index);
          for (let n = 0; n < SALES_PER_REGISTER; n += 1) {
            const lineCount = 1 + Math.floor(random() * 3);
            const quantities = new Map<string, number>();
            for (let i = 0; i < lineCount; i += 1) {
              const key = keys[Math.floor(random() * keys.length)]!;
              quantities.set(key, (quantities.get(key) ?? 0) + 1 + Math.floor(random() * 4));
            }
            const total = [...quantities].reduce(
              (sum, [key, quantity]) => sum + priceFen[key]! * BigInt(quantity),
              0n,
            );
            const byCash = random() < 0.6;
            const body = saleBody(t, {
              registerId: register.registerId,
              shiftId: register.shiftId,
              lines: [...quantities].map(([key, quantity]) => ({
                productId: shop.products[key]!.id,
                quantity: String(quantity),
              })),
              tenders: byCash
                ? [
                    {
                      method: 'cash',
                      amount: yuan(total),
                      tendered: yuan(total + BigInt(Math.floor(random() * 500))),
                    },
                  ]
                : [
                    {
                      method: 'wechat',
                      amount: yuan(total),
                      reference: `wx-${register.index}-${n}`,
                    },
                  ],
            });
            // Some answers are "lost" and the tablet sends the same sale again, later or
            // at once (a double tap, a retry racing the original).
            const roll = random();
            const attempts =
              roll < 0.2
                ? await Promise.all([send(register.token, body), send(register.token, body)])
                : roll < 0.4
                  ? [await send(register.token, body), await send(register.token, body)]
                  : [await send(register.token, body)];
            const statuses = attempts.map((response) => response.status).sort();
            if (statuses.every((status) => status === 422)) {
              const codes = await Promise.all(
                attempts.map(
                  async (response) =>
                    ((await response.json()) as { error: { code: string } }).error.code,
                ),
              );
              expect(new Set(codes)).toEqual(new Set(['sold_out']));
              soldOutRefusals += 1;
              continue;
            }
            // Exactly one attempt created it; any other answered the same sale with 200.
            expect(
              statuses.filter((status) => status === 201),
              JSON.stringify(statuses),
            ).toHaveLength(1);
            expect(statuses.filter((status) => status !== 201 && status !== 200)).toEqual([]);
            replays += attempts.length - 1;
            const answers = await Promise.all(
              attempts.map((response) => json<{ sale: SaleAnswer }>(response)),
            );
            expect(new Set(answers.map((answer) => answer.sale.entryId)).size).toBe(1);
            const sale = answers[0]!.sale;
            expect(sale.total).toBe(yuan(total));
            accepted.set(sale.id, {
              registerId: register.registerId,
              total,
              cash: byCash ? total : 0n,
              quantities,
            });
          }
        }),
      );

      // --- No sale lost, none doubled ---------------------------------------------------
      const stored = await db.selectFrom('sales').select(['id', 'total']).execute();
      expect(stored.length).toBe(accepted.size);
      expect(new Set(stored.map((row) => row.id))).toEqual(new Set(accepted.keys()));
      const entries = await db
        .selectFrom('journal_entries')
        .select(sql<string>`count(*)`.as('n'))
        .where('source', '=', 'sale')
        .executeTakeFirstOrThrow();
      expect(Number(entries.n)).toBe(accepted.size);
      expect(soldOutRefusals).toBeGreaterThan(0);
      expect(replays).toBeGreaterThan(0);

      // --- Remaining counts exact -------------------------------------------------------
      const catalog = await json<{ products: { id: string; remaining: string | null }[] }>(
        await t.request('GET', '/api/catalog', { token: registers[0]!.token }),
      );
      for (const key of keys) {
        const sold = [...accepted.values()].reduce(
          (sum, sale) => sum + (sale.quantities.get(key) ?? 0),
          0,
        );
        const listed = catalog.products.find((product) => product.id === shop.products[key]!.id)!;
        expect(listed.remaining, key).toBe(String(baked[key]! - sold));
      }
      await expectDayTotalsMatchLines(db);

      // --- The books balance, and revenue is what was sold ---------------------------
      const tb = await trialBalance(db, { period: '2026-03', scope: 'cumulative' });
      expect(tb.totals.debit.toFixed(2)).toBe(tb.totals.credit.toFixed(2));
      const revenue = tb.rows.find((row) => row.account === '5001')!;
      const soldTotal = [...accepted.values()].reduce((sum, sale) => sum + sale.total, 0n);
      expect(revenue.credit.toFixed(2)).toBe(yuan(soldTotal));

      // --- Each drawer: expected cash = float + its own cash sales ----------------------
      for (const register of registers) {
        const cash = [...accepted.values()]
          .filter((sale) => sale.registerId === register.registerId)
          .reduce((sum, sale) => sum + sale.cash, 0n);
        const expected = yuan(10_000n + cash);
        const closed = await t.request('POST', `/api/shifts/${register.shiftId}/close`, {
          token: register.token,
          body: { countedCash: expected },
        });
        expect(closed.status, await closed.clone().text()).toBe(200);
        const answer = await json<{ expectedCash: string; overShort: string }>(closed);
        expect(answer).toMatchObject({ expectedCash: expected, overShort: '0.00' });
      }
      console.info(
        `[${database.kind}] ${accepted.size} sales, ${replays} replays, ${soldOutRefusals} sold out, ${busyRetries} busy retries`,
      );
    }, 300_000);
  },
  { poolSize: 8 },
);

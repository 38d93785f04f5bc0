import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { ensureAdmin } from '../../server/bootstrap.js';
import { readConfig } from '../../server/config.js';
import { silentLogger } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  checkBooks,
  fenOf,
  planSale,
  prng,
  PRODUCT_KEYS,
  scaled,
  seedShop,
  yuan,
  type ProductKey,
} from '../support/reliability-shop.js';
import type { Server } from 'node:http';

/**
 * N registers × M sales through a real HTTP server (the same app as `npm start`, on a
 * free port), with answers "lost" and the sale sent again — later, or at once from
 * several connections (fetch opens one connection per concurrent request). Nothing may
 * be lost or doubled; the remaining counts, the trial balance and every drawer agree.
 * tests/selling/concurrency.test.ts is the small in-process version of this.
 */

const REGISTERS = scaled(4, 8);
const SALES_PER_REGISTER = scaled(100, 2_000);
const SEED = 15_001;
const ADMIN_PASSWORD = 'concurrency suite admin password';

describeEachDatabase(
  'reliability: registers selling at once over HTTP',
  (database) => {
    test(`${REGISTERS} registers × ${SALES_PER_REGISTER} sales with duplicate resends: 0 lost, 0 doubled`, async () => {
      const began = Date.now();
      const db = database.current.db;
      await ensureAdmin(db, ADMIN_PASSWORD);
      const app = createApp({
        db,
        dbKind: database.kind,
        config: { ...readConfig({}), adminPassword: undefined },
        logger: silentLogger,
      });
      const server = await new Promise<Server>((resolveServer) => {
        const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
          resolveServer(started),
        ) as Server;
      });
      try {
        const port = (server.address() as AddressInfo).port;
        // About one unit of each product per sale is asked for: two sell out on the way.
        const demand = REGISTERS * SALES_PER_REGISTER;
        const baked: Record<ProductKey, number> = {
          bun: Math.floor(demand * 0.4),
          roll: Math.floor(demand * 0.7),
          bean: demand * 4,
          grain: demand * 4,
          cake: demand * 4,
        };
        const seeded = await seedShop(`http://127.0.0.1:${port}`, ADMIN_PASSWORD, REGISTERS, {
          production: baked,
        });
        const accepted = new Map<
          string,
          {
            registerId: string;
            total: bigint;
            cash: bigint;
            quantities: Map<ProductKey, number>;
            lines: number;
            tenders: number;
          }
        >();
        let soldOut = 0;
        let replays = 0;
        let concurrentReplays = 0;
        let busyRetries = 0;
        const send = async (token: string, body: unknown): Promise<Response> => {
          for (;;) {
            const response = await seeded.shop.request('POST', '/api/sales', { token, body });
            // Serialization failures answer 503 with nothing written: the tablet retries.
            if (response.status !== 503) return response;
            await response.arrayBuffer();
            busyRetries += 1;
          }
        };
        await Promise.all(
          seeded.registers.map(async (register) => {
            const random = prng(SEED + register.index);
            for (let n = 0; n < SALES_PER_REGISTER; n += 1) {
              const sale = planSale(seeded, register, random);
              const roll = random();
              const copies = roll < 0.15 ? 3 : roll < 0.3 ? 2 : 1;
              const attempts =
                roll < 0.3
                  ? await Promise.all(
                      Array.from({ length: copies }, () => send(register.token, sale.body)),
                    )
                  : roll < 0.45
                    ? [await send(register.token, sale.body), await send(register.token, sale.body)]
                    : [await send(register.token, sale.body)];
              const answers = await Promise.all(
                attempts.map(async (response) => ({
                  status: response.status,
                  body: (await response.json()) as {
                    sale?: { id: string; entryId: string; total: string; change: string };
                    error?: { code: string };
                  },
                })),
              );
              const statuses = answers.map((answer) => answer.status);
              expect(statuses.filter((status) => status >= 500)).toEqual([]);
              if (statuses.every((status) => status === 422)) {
                expect(new Set(answers.map((answer) => answer.body.error?.code))).toEqual(
                  new Set(['sold_out']),
                );
                soldOut += 1;
                continue;
              }
              // Exactly one attempt created the sale; the others answered it with 200.
              expect(
                statuses.filter((status) => status === 201),
                JSON.stringify(statuses),
              ).toHaveLength(1);
              expect(statuses.filter((status) => status !== 201 && status !== 200)).toEqual([]);
              expect(new Set(answers.map((answer) => answer.body.sale!.entryId)).size).toBe(1);
              replays += attempts.length - 1;
              if (roll < 0.3) concurrentReplays += attempts.length - 1;
              const answered = answers[0]!.body.sale!;
              expect(fenOf(answered.total)).toBe(sale.total);
              const tendered = sale.body.tenders[0]!.tendered;
              if (tendered) expect(fenOf(answered.change)).toBe(fenOf(tendered) - sale.total);
              accepted.set(sale.body.id, {
                registerId: sale.registerId,
                total: sale.total,
                cash: sale.cash,
                quantities: sale.quantities,
                lines: sale.body.lines.length,
                tenders: sale.body.tenders.length,
              });
            }
          }),
        );

        // 0 lost, 0 doubled, nothing partial, every entry balanced.
        const books = await checkBooks(db, accepted);
        expect(books.sales).toBe(accepted.size);
        expect(soldOut).toBeGreaterThan(0);
        expect(concurrentReplays).toBeGreaterThan(0);

        // Remaining counts exact.
        const catalog = await seeded.shop.json<{
          products: { id: string; remaining: string | null }[];
        }>('GET', '/api/catalog', seeded.registers[0]!.token);
        for (const key of PRODUCT_KEYS) {
          const sold = [...accepted.values()].reduce(
            (sum, sale) => sum + (sale.quantities.get(key) ?? 0),
            0,
          );
          const listed = catalog.products.find((product) => product.id === seeded.productIds[key]);
          expect(listed?.remaining, key).toBe(String(baked[key] - sold));
        }

        // Every drawer: expected cash = float + its cash sales (tendered − change).
        for (const register of seeded.registers) {
          const cash = [...accepted.values()]
            .filter((sale) => sale.registerId === register.registerId)
            .reduce((sum, sale) => sum + sale.cash, 0n);
          const expected = yuan(10_000n + cash);
          const closed = await seeded.shop.json<{ expectedCash: string; overShort: string }>(
            'POST',
            `/api/shifts/${register.shiftId}/close`,
            register.token,
            { countedCash: expected },
          );
          expect(closed).toMatchObject({ expectedCash: expected, overShort: '0.00' });
        }
        const seconds = (Date.now() - began) / 1000;
        console.info(
          `[concurrency ${database.kind}] ${REGISTERS}×${SALES_PER_REGISTER}: ${accepted.size} sales stored once each, ` +
            `${replays} resends (${concurrentReplays} concurrent), ${soldOut} sold out, ${busyRetries} busy retries, ` +
            `trial balance ${books.debit} = ${books.credit}, 0 lost, 0 doubled, ${seconds.toFixed(0)} s ` +
            `(${(accepted.size / seconds).toFixed(0)} sales/s)`,
        );
      } finally {
        server.closeAllConnections();
        await new Promise((resolveClose) => server.close(resolveClose));
      }
    }, 3_600_000);
  },
  { poolSize: 8 },
);

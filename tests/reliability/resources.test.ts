import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { planSale, prng, scaled, seedShop, type SeededShop } from '../support/reliability-shop.js';
import { startServerChild, troubleIn } from '../support/server-child.js';

/**
 * Memory does not grow with the number of sales: the server's resident set after many
 * sales stays within a bound of what it was after the first ones, and its log holds no
 * unhandled rejection or warning. Full size: 1,000 then 20,000 sales.
 */

const WARM_UP = scaled(100, 1_000);
const TOTAL = scaled(300, 20_000);
/**
 * The bound: PGlite's WebAssembly memory grows in steps and never shrinks, and its caches
 * fill as the tables grow, so some growth is expected; a leak per request (a retained
 * request body, an unended listener) at 20,000 sales is far beyond it.
 */
const GROWTH_FACTOR = 1.6;
const GROWTH_MARGIN_MB = 64;
const ADMIN_PASSWORD = 'resources suite admin password';

const dataDir = mkdtempSync(join(tmpdir(), 'xmf-resources-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function sellUntil(seeded: SeededShop, count: { n: number }, target: number) {
  const random = prng(15_700 + target);
  await Promise.all(
    seeded.registers.map(async (register) => {
      while (count.n < target) {
        count.n += 1;
        const sale = planSale(seeded, register, random);
        const response = await seeded.shop.request('POST', '/api/sales', {
          token: register.token,
          body: sale.body,
        });
        await response.arrayBuffer();
        expect([200, 201, 503]).toContain(response.status);
      }
    }),
  );
}

test(`server memory after ${TOTAL} sales stays within ${GROWTH_FACTOR}× + ${GROWTH_MARGIN_MB} MB of after ${WARM_UP}`, async () => {
  const began = Date.now();
  const server = await startServerChild({ dataDir, adminPassword: ADMIN_PASSWORD });
  try {
    const seeded = await seedShop(server.baseUrl, ADMIN_PASSWORD, 4);
    const count = { n: 0 };
    await sellUntil(seeded, count, WARM_UP);
    const early = rssMb(server.child.pid!);
    await sellUntil(seeded, count, TOTAL);
    const late = rssMb(server.child.pid!);
    console.info(
      `[resources pglite] RSS ${early.toFixed(0)} MB after ${WARM_UP} sales, ${late.toFixed(0)} MB after ${TOTAL} ` +
        `(bound ${(early * GROWTH_FACTOR + GROWTH_MARGIN_MB).toFixed(0)} MB), ${Math.round((Date.now() - began) / 1000)} s`,
    );
    expect(late).toBeLessThanOrEqual(early * GROWTH_FACTOR + GROWTH_MARGIN_MB);
  } finally {
    await server.stop();
  }
  expect(troubleIn(server.output())).toEqual([]);
}, 3_600_000);

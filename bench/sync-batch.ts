/**
 * 5,000 sales queued on one tablet (offline, three lines each), synced through
 * POST /api/sync in batches: the shift's open first, then the sales, then the close.
 * Prints the time to sync them all, sales/s and each batch's latency. Figures only.
 *
 *   npx tsx bench/sync-batch.ts [--sales 5000] [--batch 250] [--db pglite|postgres]
 *
 * PGlite in memory; PostgreSQL on a fresh database at BENCH_DATABASE_URL /
 * TEST_DATABASE_URL / 127.0.0.1:5432, dropped afterwards (skipped when no server answers).
 */
import { createThrowawayDatabase } from './throwaway-postgres.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createApp } from '../server/app.js';
import { createUser } from '../server/auth/users.js';
import { readConfig } from '../server/config.js';
import { openPglite, openPostgres, type OpenDatabase } from '../server/db.js';
import { migrateToLatest } from '../server/migrate.js';
import { printResult } from './result.js';
import { argument, percentile, BENCH_PRODUCTS, BENCH_PRICE_FEN } from './common.js';
import { fenToAmount } from '../pos-ui/src/shared/money.js';

const totalSales = Number(argument('sales') ?? 5000);
const batchSize = Number(argument('batch') ?? 250);
const only = argument('db');

async function run(kind: 'pglite' | 'postgres', opened: OpenDatabase): Promise<void> {
  await migrateToLatest(opened.db);
  const app = createApp({
    db: opened.db,
    dbKind: kind,
    config: { ...readConfig({}), adminPassword: undefined },
    logger: { info: () => undefined, error: (message, error) => console.error(message, error) },
  });
  const request = async (path: string, token: string | undefined, body: unknown, method = 'POST') =>
    app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const login = async (role: 'cashier' | 'manager'): Promise<string> => {
    const username = `bench-${role}`;
    await createUser(opened.db, {
      username,
      displayName: username,
      role,
      password: 'bench password 1',
    });
    const response = await request('/api/auth/login', undefined, {
      username,
      password: 'bench password 1',
    });
    return ((await response.json()) as { token: string }).token;
  };
  const manager = await login('manager');
  const cashier = await login('cashier');
  const productIds: string[] = [];
  for (const [index, [name, price]] of BENCH_PRODUCTS.entries()) {
    const response = await request('/api/products', manager, {
      sku: `S-${index}`,
      name,
      category: '馒头',
      price,
      unit: 'piece',
    });
    productIds.push(((await response.json()) as { product: { id: string } }).product.id);
  }

  // The tablet was offline for the morning: the shift opened hours ago, sales since.
  const openedAt = new Date(Date.now() - 6 * 3600 * 1000);
  const spacing = Math.min(1000, Math.floor((6 * 3600 * 1000 - 120_000) / totalSales));
  // A production count for each day the sales fall on, so every sale runs the
  // remaining-count aggregate (offline: for its oversold flag).
  const day = (at: Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
  for (const date of new Set([day(openedAt), day(new Date())])) {
    await request(
      `/api/production/${date}`,
      manager,
      { items: productIds.map((productId) => ({ productId, quantity: '1000000' })) },
      'PUT',
    );
  }
  const registerId = 'tablet-1';
  const shiftId = randomUUID();
  const items: unknown[] = [
    {
      kind: 'shift_open',
      shift: { id: shiftId, registerId, openingFloat: '100.00', openedAt: openedAt.toISOString() },
    },
  ];
  let cash = 10000n;
  for (let n = 0; n < totalSales; n += 1) {
    const lines = [0, 1, 2].map((offset) => ({
      product: (n + offset * 2) % BENCH_PRODUCTS.length,
      quantity: 1 + ((n + offset) % 3),
    }));
    const total = lines.reduce(
      (sum, line) => sum + BENCH_PRICE_FEN[line.product]! * BigInt(line.quantity),
      0n,
    );
    if (n % 3 !== 0) cash += total;
    items.push({
      kind: 'sale',
      sale: {
        id: randomUUID(),
        registerId,
        shiftId,
        createdAt: new Date(openedAt.getTime() + 60_000 + n * spacing).toISOString(),
        offline: true,
        lines: lines.map((line) => ({
          productId: productIds[line.product]!,
          quantity: String(line.quantity),
        })),
        tenders:
          n % 3 === 0
            ? [{ method: 'wechat', amount: fenToAmount(total), reference: `wx-${n}` }]
            : [{ method: 'cash', amount: fenToAmount(total), tendered: fenToAmount(total + 50n) }],
      },
    });
  }
  items.push({ kind: 'shift_close', shiftId, close: { countedCash: fenToAmount(cash) } });

  const batchTimes: number[] = [];
  const salesTimes: { sales: number; ms: number }[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  for (let offset = 0; offset < items.length; offset += batchSize) {
    const batchStarted = performance.now();
    const response = await request('/api/sync', cashier, {
      items: items.slice(offset, offset + batchSize),
    });
    const body = (await response.json()) as { results?: { status: number }[] };
    batchTimes.push(performance.now() - batchStarted);
    salesTimes.push({
      sales: items
        .slice(offset, offset + batchSize)
        .filter((item) => (item as { kind: string }).kind === 'sale').length,
      ms: performance.now() - batchStarted,
    });
    if (response.status !== 200 || !body.results) {
      console.error(response.status, JSON.stringify(body).slice(0, 500));
      printResult({
        bench: 'sync',
        db: kind,
        figures: { sales: totalSales, batchSize },
        checks: { 'every batch answered 200': false },
        notes: [`a batch answered ${response.status}`],
      });
      process.exitCode = 1;
      return;
    }
    for (const result of body.results)
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  // The first and the last thousand sales of the day: does a sale cost more as the day fills?
  const rate = (batches: typeof salesTimes) =>
    (batches.reduce((sum, b) => sum + b.sales, 0) / batches.reduce((sum, b) => sum + b.ms, 0)) *
    1000;
  const thousand = Math.max(1, Math.round(1000 / batchSize));
  const first = rate(salesTimes.slice(0, thousand));
  const last = rate(
    salesTimes.slice(-thousand - 1, -1).length ? salesTimes.slice(-thousand - 1) : salesTimes,
  );
  batchTimes.sort((a, b) => a - b);
  const counted = await opened.db
    .selectFrom('sales')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  // What one sale's remaining-count aggregate costs with the day's lines in the table.
  const busiest = await sql<{ business_date: string; n: string }>`
    SELECT business_date::text, count(*) AS n FROM sale_lines GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(
    opened.db,
  );
  // What a sale reads for what remains: the day's totals row per product (0033), not a
  // sum over the day's lines, so it costs the same at the 20,000th sale as at the first.
  const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, FORMAT TEXT)
    SELECT id, xmf_remaining(${busiest.rows[0]!.business_date}::date, id) AS remaining
      FROM unnest(${productIds.slice(0, 3)}::uuid[]) AS id`.execute(opened.db);
  const execution = plan.rows
    .map((row) => row['QUERY PLAN'])
    .find((line) => line.startsWith('Execution Time'));
  console.log(
    `${kind.padEnd(8)} what remains of 3 products, read from the day's totals after ${busiest.rows[0]!.n} sale lines of one day: ${execution}`,
  );
  console.log(
    `${kind.padEnd(8)} ${totalSales} queued sales + open + close in batches of ${batchSize}: ` +
      `${seconds.toFixed(2)} s  ${(totalSales / seconds).toFixed(0)} sales/s  ` +
      `batch p50 ${percentile(batchTimes, 0.5).toFixed(0)} ms, max ${batchTimes.at(-1)!.toFixed(0)} ms  ` +
      `first 1000 ${first.toFixed(0)} sales/s, last 1000 ${last.toFixed(0)} sales/s (${((last / first) * 100).toFixed(0)} %)  ` +
      `answers ${[...statuses].map(([status, n]) => `${status}×${n}`).join(' ')}  sales stored ${counted.n}`,
  );
  printResult({
    bench: 'sync',
    db: kind,
    figures: {
      sales: totalSales,
      batchSize,
      seconds,
      perSecond: totalSales / seconds,
      batchP50Ms: percentile(batchTimes, 0.5),
      batchMaxMs: batchTimes.at(-1)!,
      firstThousandPerSecond: first,
      lastThousandPerSecond: last,
      salesStored: Number(counted.n),
    },
    checks: { 'every queued sale stored': Number(counted.n) === totalSales },
  });
}

console.log(`sync batch: ${totalSales} sales from one tablet through POST /api/sync`);
if (!only || only === 'postgres') {
  const database = await createThrowawayDatabase('sync');
  if (database) {
    const opened = openPostgres(database.url, { poolSize: 4 });
    try {
      await run('postgres', opened);
    } finally {
      await opened.close();
      await database.drop();
    }
  }
}
if (!only || only === 'pglite') {
  const opened = await openPglite('memory://');
  try {
    await run('pglite', opened);
  } finally {
    await opened.close();
  }
}

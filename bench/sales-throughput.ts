/**
 * Sales per second for 8 registers selling the same five products at once, through the
 * whole HTTP path (bearer auth, validation, pricing, the remaining-count check, the sale,
 * its lines and tenders and the journal entry in one transaction). Prints figures only;
 * machines differ too much for a timed assertion.
 *
 *   npx tsx bench/sales-throughput.ts [--sales 2000] [--registers 8] [--db pglite|postgres]
 *
 * PGlite runs in memory; PostgreSQL on a fresh database on the server at
 * BENCH_DATABASE_URL / TEST_DATABASE_URL / 127.0.0.1:5432, dropped afterwards (skipped,
 * and said so, when no server answers).
 */
import { createThrowawayDatabase } from './throwaway-postgres.js';
import { randomUUID } from 'node:crypto';
import { createApp } from '../server/app.js';
import { createUser } from '../server/auth/users.js';
import { readConfig } from '../server/config.js';
import { openPglite, openPostgres, type OpenDatabase } from '../server/db.js';
import { migrateToLatest } from '../server/migrate.js';
import { errorText, printResult, type BenchResult } from './result.js';
import { runPgbench, runPgliteBaseline, type BaselineFigures } from './sale-baseline.js';
import { argument, percentile, BENCH_PRODUCTS, BENCH_PRICE_FEN } from './common.js';
import { nodeCpuMs, postgresCpuReader } from './cpu-time.js';
import { fenToAmount } from '../pos-ui/src/shared/money.js';

const totalSales = Number(argument('sales') ?? 2000);
const registerCount = Number(argument('registers') ?? 8);
const only = argument('db');

interface Figures extends BaselineFigures {
  p95: number;
  sold: number;
  failures: number;
  busy: number;
  /** Round trips of one sale sent alone. */
  statementsPerSale: number;
  /** Round trips per sale while the registers sold: fewer when sales went in groups. */
  statementsPerSaleUnderLoad: number;
  /** CPU per sale while the registers sold: this process's (the server, and PGlite's engine). */
  nodeCpuMsPerSale: number;
  /** The local PostgreSQL server's CPU per sale, or null (PGlite, or a server elsewhere). */
  postgresCpuMsPerSale: number | null;
}

async function run(
  kind: 'pglite' | 'postgres',
  opened: OpenDatabase,
  postgresCpu: (() => number) | null = null,
): Promise<Figures> {
  await migrateToLatest(opened.db);
  const clock = { now: () => new Date() };
  // Counts the round trips to the database: every query executed (a plugin's result hook
  // runs once per execution, whatever subqueries it has), and BEGIN and COMMIT for every
  // transaction opened (kysely sends those past the plugins).
  let statements = 0;
  const counted = opened.db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      statements += 1;
      return Promise.resolve(args.result);
    },
  });
  const openTransaction = counted.transaction.bind(counted);
  counted.transaction = () => {
    statements += 2;
    return openTransaction();
  };
  const app = createApp({
    db: counted,
    dbKind: kind,
    config: { ...readConfig({}), adminPassword: undefined },
    logger: { info: () => undefined, error: (message, error) => console.error(message, error) },
    now: clock.now,
  });
  const request = async (method: string, path: string, token: string | undefined, body: unknown) =>
    app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const login = async (role: 'cashier' | 'manager', index: number): Promise<string> => {
    const username = `bench-${role}-${index}`;
    await createUser(opened.db, {
      username,
      displayName: username,
      role,
      password: 'bench password 1',
    });
    const response = await request('POST', '/api/auth/login', undefined, {
      username,
      password: 'bench password 1',
    });
    return ((await response.json()) as { token: string }).token;
  };

  const manager = await login('manager', 0);
  const productIds: string[] = [];
  for (const [index, [name, price]] of BENCH_PRODUCTS.entries()) {
    const response = await request('POST', '/api/products', manager, {
      sku: `B-${index}`,
      name,
      category: '馒头',
      price,
      unit: 'piece',
    });
    productIds.push(((await response.json()) as { product: { id: string } }).product.id);
  }
  // A production count for every product, so every sale runs the remaining-count check.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await request('PUT', `/api/production/${today}`, manager, {
    items: productIds.map((productId) => ({ productId, quantity: '1000000' })),
  });
  const registers: { token: string; registerId: string; shiftId: string }[] = [];
  for (let index = 0; index < registerCount; index += 1) {
    const token = await login('cashier', index);
    const registerId = `counter-${index + 1}`;
    const response = await request('POST', '/api/shifts', token, {
      registerId,
      openingFloat: '100.00',
    });
    const { shift } = (await response.json()) as { shift: { id: string } };
    registers.push({ token, registerId, shiftId: shift.id });
  }

  const latencies: number[] = [];
  let failures = 0;
  let busy = 0;
  const sellOne = async (register: (typeof registers)[number], n: number): Promise<void> => {
    const lines = [0, 1, 2].map((offset) => ({
      product: (n + offset * 2) % BENCH_PRODUCTS.length,
      quantity: 1 + ((n + offset) % 3),
    }));
    const total = lines.reduce(
      (sum, line) => sum + BENCH_PRICE_FEN[line.product]! * BigInt(line.quantity),
      0n,
    );
    const body = {
      id: randomUUID(),
      registerId: register.registerId,
      shiftId: register.shiftId,
      createdAt: clock.now().toISOString(),
      lines: lines.map((line) => ({
        productId: productIds[line.product]!,
        quantity: String(line.quantity),
      })),
      tenders:
        n % 3 === 0
          ? [{ method: 'wechat', amount: fenToAmount(total), reference: `wx-${n}` }]
          : [{ method: 'cash', amount: fenToAmount(total), tendered: fenToAmount(total + 50n) }],
    };
    for (;;) {
      const started = performance.now();
      const response = await request('POST', '/api/sales', register.token, body);
      if (response.status === 503) {
        busy += 1;
        continue;
      }
      latencies.push(performance.now() - started);
      if (response.status !== 201) {
        failures += 1;
        console.error(response.status, await response.text());
      }
      return;
    }
  };

  // Warm up (JIT, plans, PGlite's caches), then measure.
  await Promise.all(registers.map((register, index) => sellOne(register, index)));
  latencies.length = 0;
  const perRegister = Math.ceil(totalSales / registerCount);
  statements = 0;
  const nodeCpuBefore = nodeCpuMs();
  const postgresCpuBefore = postgresCpu?.() ?? 0;
  const started = performance.now();
  await Promise.all(
    registers.map(async (register, index) => {
      for (let n = 0; n < perRegister; n += 1) await sellOne(register, index * perRegister + n);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const loadStatements = statements;
  latencies.sort((a, b) => a - b);
  const sold = latencies.length;
  const statementsPerSaleUnderLoad = loadStatements / sold;
  const nodeCpuMsPerSale = (nodeCpuMs() - nodeCpuBefore) / sold;
  const postgresCpuMsPerSale = postgresCpu ? (postgresCpu() - postgresCpuBefore) / sold : null;
  // One sale alone, after the measured run (its latency is not counted).
  statements = 0;
  const measured = latencies.length;
  await sellOne(registers[0]!, perRegister * registerCount + 1);
  latencies.length = measured;
  const statementsPerSale = statements;
  console.log(
    `${kind.padEnd(8)} ${registerCount} registers  ${sold} sales in ${seconds.toFixed(1)} s  ` +
      `${(sold / seconds).toFixed(0).padStart(5)} sales/s   latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms` +
      (failures || busy ? `   (${failures} failed, ${busy} busy retries)` : '') +
      `   round trips per sale: ${statementsPerSale} alone, ${statementsPerSaleUnderLoad.toFixed(2)} under load ` +
      '(sales arriving together share them; BEGIN and COMMIT counted; the session cached)',
  );
  console.log(
    `${kind.padEnd(8)} CPU per sale: this process ${nodeCpuMsPerSale.toFixed(2)} ms` +
      (postgresCpuMsPerSale === null
        ? kind === 'pglite'
          ? ' (the server and PGlite in one)'
          : ' (the PostgreSQL server is not readable here)'
        : `, the PostgreSQL server ${postgresCpuMsPerSale.toFixed(2)} ms`),
  );
  return {
    perSecond: sold / seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    sold,
    failures,
    busy,
    statementsPerSale,
    statementsPerSaleUnderLoad,
    nodeCpuMsPerSale,
    postgresCpuMsPerSale,
  };
}

function compare(kind: string, ours: Figures, baseline: BaselineFigures, what: string): void {
  console.log(
    `${kind.padEnd(8)} baseline (${what}): ${baseline.perSecond.toFixed(0)} sales/s, p50 ${baseline.p50.toFixed(1)} ms, ` +
      `p99 ${baseline.p99.toFixed(1)} ms   ratio ours/baseline ${(ours.perSecond / baseline.perSecond).toFixed(2)} ` +
      `(goal ≥ 0.5; p99 goal < 15 ms: ours ${ours.p99.toFixed(1)} ms)`,
  );
}

/** The machine-readable figures of one database: ours, and the baseline when it ran. */
function report(
  db: 'pglite' | 'postgres',
  ours: Figures,
  baseline: { figures: BaselineFigures; name: string } | { skipped: string },
): void {
  const result: BenchResult = {
    bench: 'sales',
    db,
    figures: {
      sales: ours.sold,
      registers: registerCount,
      perSecond: ours.perSecond,
      p50Ms: ours.p50,
      p95Ms: ours.p95,
      p99Ms: ours.p99,
      statementsPerSale: ours.statementsPerSale,
      statementsPerSaleUnderLoad: ours.statementsPerSaleUnderLoad,
      nodeCpuMsPerSale: ours.nodeCpuMsPerSale,
      postgresCpuMsPerSale: ours.postgresCpuMsPerSale,
      failures: ours.failures,
      busyRetries: ours.busy,
      baseline: 'name' in baseline ? baseline.name : null,
      baselinePerSecond: 'name' in baseline ? baseline.figures.perSecond : null,
      baselineP50Ms: 'name' in baseline ? baseline.figures.p50 : null,
      baselineP99Ms: 'name' in baseline ? baseline.figures.p99 : null,
      ratio: 'name' in baseline ? ours.perSecond / baseline.figures.perSecond : null,
    },
    checks: { 'every sale answered 201': ours.failures === 0 },
  };
  if ('skipped' in baseline) result.notes = [`baseline skipped: ${baseline.skipped}`];
  printResult(result);
}

console.log(
  `sales throughput: ${totalSales} sales, ${registerCount} concurrent registers, 3 lines each, through HTTP`,
);
if (!only || only === 'pglite') {
  const opened = await openPglite('memory://');
  try {
    const ours = await run('pglite', opened);
    const what = 'the minimal SQL in-process, one connection';
    const baseline = await runPgliteBaseline();
    compare('pglite', ours, baseline, what);
    report('pglite', ours, {
      figures: baseline,
      name: 'same minimal inserts in-process (1 connection)',
    });
  } finally {
    await opened.close();
  }
}
if (!only || only === 'postgres') {
  const database = await createThrowawayDatabase('sales');
  if (database) {
    const opened = openPostgres(database.url, { poolSize: registerCount });
    try {
      const ours = await run('postgres', opened, await postgresCpuReader(database.url));
      const what = 'pgbench, 8 clients, prepared';
      let baseline: BaselineFigures | undefined;
      try {
        baseline = await runPgbench(database.url);
      } catch (error) {
        console.log(`pgbench skipped: ${errorText(error)}`);
        report('postgres', ours, { skipped: `pgbench: ${errorText(error).split('\n')[0]!}` });
      }
      if (baseline) {
        compare('postgres', ours, baseline, what);
        report('postgres', ours, {
          figures: baseline,
          name: 'pgbench, same minimal inserts (8 clients, prepared)',
        });
      }
    } finally {
      await opened.close();
      await database.drop();
    }
  }
}

/**
 * Benchmark: close a month holding 100,000 sales, on PGlite and on PostgreSQL.
 * Prints figures; asserts nothing.
 *
 *   npx tsx bench/close-month.ts [--sales 100000] [--db pglite|postgres|both]
 *
 * The sales are written as journal entries in bulk (Dr cash / WeChat / Alipay, Cr 5001,
 * through the normal tables, so every database check runs), with a few costs; then
 * `closePeriod` is timed: closing entries, allocation, digest over every entry, lock.
 */
import { createThrowawayDatabase } from './throwaway-postgres.js';
import { sql } from 'kysely';
import { closePeriod } from '../ledger/books/close-period.js';
import { countOpenShiftsIn } from '../ledger/selling/shifts.js';
import type { OpenDatabase } from '../server/db.js';
import { openPglite, openPostgres } from '../server/db.js';
import { migrateToLatest } from '../server/migrate.js';
import { printResult } from './result.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const SALES = Number(arg('sales', '100000'));
const WHICH = arg('db', 'both');
const CHUNK = 10_000;
const PERIOD = '2025-01';

async function fill(database: OpenDatabase): Promise<number> {
  const started = performance.now();
  for (let from = 1; from <= SALES; from += CHUNK) {
    const to = Math.min(SALES, from + CHUNK - 1);
    await database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO periods (period) VALUES (${PERIOD}) ON CONFLICT DO NOTHING`.execute(
        trx,
      );
      await sql`
        WITH e AS (
          INSERT INTO journal_entries (id, entry_date, period, description, source, source_id, idempotency_key, content_hash)
          SELECT gen_random_uuid(), make_date(2025, 1, 1 + (g % 31)), ${PERIOD}, '销售 bench sale', 'sale', g::text, 'bench:' || g, 'bench'
            FROM generate_series(${from}::int, ${to}::int) AS g
          RETURNING id, entry_date, source_id::int AS g)
        INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
        SELECT id, 1, (ARRAY['1001', '1012.01', '1012.02'])[1 + g % 3], ((g * 7919) % 3000 + 100) / 100.0, 0, ${PERIOD}, entry_date FROM e
        UNION ALL
        SELECT id, 2, '5001', 0, ((g * 7919) % 3000 + 100) / 100.0, ${PERIOD}, entry_date FROM e`.execute(
        trx,
      );
    });
    process.stdout.write(
      `\r  ${database.kind}: ${to.toLocaleString('en')} / ${SALES.toLocaleString('en')} sales posted`,
    );
  }
  await sql`
    WITH e AS (
      INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
      SELECT gen_random_uuid(), make_date(2025, 1, 28), ${PERIOD}, '成本 bench cost', 'manual', 'bench-cost:' || g, 'bench'
        FROM generate_series(1, 40) AS g RETURNING id, entry_date)
    INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
    SELECT id, 1, '5401.01', 2500, 0, ${PERIOD}, entry_date FROM e
    UNION ALL SELECT id, 2, '1002', 0, 2500, ${PERIOD}, entry_date FROM e`.execute(database.db);
  process.stdout.write('\n');
  return (performance.now() - started) / 1000;
}

async function bench(database: OpenDatabase): Promise<void> {
  await migrateToLatest(database.db);
  const fillSeconds = await fill(database);
  const started = performance.now();
  const result = await database.db.transaction().execute((trx) =>
    closePeriod(trx, {
      period: PERIOD,
      closedBy: null,
      now: new Date('2025-02-03T02:00:00Z'),
      timeZone: 'Asia/Shanghai',
      openShiftsIn: countOpenShiftsIn,
    }),
  );
  const closeMs = performance.now() - started;
  console.log(
    `  ${database.kind}: posted ${SALES.toLocaleString('en')} sales in ${fillSeconds.toFixed(1)} s; ` +
      `close took ${closeMs.toFixed(0)} ms (surplus ${result.surplus.toFixed(2)}, ${result.entryCount} entries digested, ` +
      `allocation ${result.allocation.map((a) => `${a.fund} ${a.amount.toFixed(2)}`).join(', ')})`,
  );
  printResult({
    bench: 'close',
    db: database.kind,
    figures: {
      sales: SALES,
      postingSeconds: fillSeconds,
      closeSeconds: closeMs / 1000,
      entriesDigested: result.entryCount,
    },
  });
}

console.log(`Close a month of ${SALES.toLocaleString('en')} sales`);
if (WHICH === 'pglite' || WHICH === 'both') {
  const database = await openPglite('memory://');
  try {
    await bench(database);
  } finally {
    await database.close();
  }
}
if (WHICH === 'postgres' || WHICH === 'both') {
  const throwaway = await createThrowawayDatabase('close');
  if (throwaway) {
    const database = openPostgres(throwaway.url);
    try {
      await bench(database);
    } finally {
      await database.close();
      await throwaway.drop();
    }
  }
}

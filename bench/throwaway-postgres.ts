import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { errorText, printResult, type BenchName } from './result.js';

/** The PostgreSQL server the benchmarks use; each makes its own database there and drops it. */
export const BENCH_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(query: string): Promise<void> {
  const client = new pg.Client({
    connectionString: BENCH_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

export interface ThrowawayDatabase {
  /** Its connection string. */
  url: string;
  /** Drops it, with whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * A fresh database on the benchmarks' server, or undefined when no server answers: then
 * the skip is printed for `bench` (a `BENCH_RESULT` line with `skipped`), so that
 * `npm run bench` shows the row as skipped rather than missing.
 *
 * @example const database = await createThrowawayDatabase('sales'); if (database) try { … } finally { await database.drop(); }
 */
export async function createThrowawayDatabase(
  bench: BenchName,
): Promise<ThrowawayDatabase | undefined> {
  const name = `xmf_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    await admin(`CREATE DATABASE ${name}`);
  } catch (error) {
    console.log(`postgres skipped: no server at ${BENCH_ADMIN_URL} (${errorText(error)})`);
    printResult({
      bench,
      db: 'postgres',
      figures: {},
      skipped: `no server at ${new URL(BENCH_ADMIN_URL).host} (${errorText(error)})`,
    });
    return undefined;
  }
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

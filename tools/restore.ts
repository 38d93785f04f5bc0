import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { readConfig } from '../server/config.js';
import { lockDataDir } from '../server/data-dir-lock.js';
import { postgresTool, withoutPassword } from './postgres-client-tool.js';

/**
 * `npm run restore -- FILE`: brings a backup made by `npm run backup` back into an EMPTY
 * data directory (DATA_DIR) or an EMPTY PostgreSQL database (DATABASE_URL). It refuses a
 * place that already holds books, so a restore can never overwrite or mix with live data.
 * See docs/backup.md.
 */

const GZIP_MAGIC = [0x1f, 0x8b];
const PG_DUMP_MAGIC = 'PGDMP';

async function restorePglite(file: string, bytes: Buffer, dataDir: string): Promise<void> {
  const release = lockDataDir(dataDir);
  try {
    const target = join(dataDir, 'pglite');
    if (existsSync(target) && readdirSync(target).length > 0)
      throw new Error(
        `${dataDir} already holds a database; restore only into an empty data directory`,
      );
    const pglite = await PGlite.create(target, { loadDataDir: new Blob([bytes]) });
    try {
      const check = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM sales');
      console.log(`Restored ${file} into ${dataDir} (${check.rows[0]!.n} sales).`);
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

async function restorePostgres(file: string, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'S')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    if (Number(tables.rows[0]!.n) > 0)
      throw new Error('the database is not empty; restore only into a new, empty database');
  } finally {
    await client.end();
  }
  const { url, env } = withoutPassword(databaseUrl);
  const run = spawnSync(
    postgresTool('pg_restore'),
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${url}`,
      file,
    ],
    { env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`pg_restore failed (exit ${run.status ?? run.signal})`);
  console.log(`Restored ${file} into ${withoutPassword(databaseUrl).url}.`);
}

async function main(): Promise<void> {
  const given = process.argv[2];
  if (!given) throw new Error('name the backup file: npm run restore -- FILE');
  const file = resolve(given);
  const bytes = readFileSync(file);
  const config = readConfig();
  const isGzip = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  const isPgDump = bytes.subarray(0, 5).toString('latin1') === PG_DUMP_MAGIC;
  if (config.databaseUrl) {
    if (!isPgDump)
      throw new Error(`${file} is not a PostgreSQL backup (for PGlite, unset DATABASE_URL)`);
    await restorePostgres(file, config.databaseUrl);
  } else {
    if (!isGzip)
      throw new Error(`${file} is not a PGlite backup (for PostgreSQL, set DATABASE_URL)`);
    await restorePglite(file, bytes, config.dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

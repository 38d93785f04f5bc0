import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openPglite, openPostgres, type DatabaseKind, type OpenDatabase } from '../../server/db.js';
import { migrateToLatest } from '../../server/migrate.js';

export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'postgres'];

/** A fresh, migrated database of the given kind; `close` drops it (PostgreSQL) or frees it. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { poolSize?: number } = {},
): Promise<OpenDatabase> {
  if (kind === 'pglite') {
    const opened = await openPglite('memory://');
    await migrateToLatest(opened.db);
    return opened;
  }
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available');
  const name = `xmf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened = openPostgres(url.toString(), { poolSize: options.poolSize ?? 10 });
  await migrateToLatest(opened.db);
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await withAdminClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

/** A client on `url` (an administrator's connection) for `work`, then closed. */
export async function withAdminClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Terminates every other connection to the database `name` (what a PostgreSQL restart or
 * failover does to an app) and returns how many. The pids are chosen first, so that no
 * filter order can terminate anything else.
 */
export async function terminateConnections(client: pg.Client, name: string): Promise<number> {
  const others = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  for (const { pid } of others.rows)
    await client.query('SELECT pg_terminate_backend($1, 10000)', [pid]);
  return others.rows.length;
}

export interface TestDatabase {
  readonly kind: DatabaseKind;
  /** The open database; valid inside tests (after beforeAll). */
  readonly current: OpenDatabase;
}

/**
 * Runs a suite once per database kind — PGlite and real PostgreSQL — each on its own fresh,
 * migrated database (kysely's `for (const dialect of DIALECTS)`). The PostgreSQL half is
 * skipped, visibly, only when no server is reachable and CI is not set.
 */
export function describeEachDatabase(
  name: string,
  body: (database: TestDatabase) => void,
  options: { poolSize?: number } = {},
): void {
  for (const kind of DATABASE_KINDS) {
    const skip = kind === 'postgres' && inject('postgresAdminUrl') === null;
    describe.skipIf(skip)(`${name} [${kind}]`, () => {
      let opened: OpenDatabase | undefined;
      const handle: TestDatabase = {
        kind,
        get current() {
          if (!opened)
            throw new Error('The test database is not open yet (use it inside tests or hooks).');
          return opened;
        },
      };
      beforeAll(async () => {
        opened = await openTestDatabase(kind, options);
      });
      afterAll(async () => {
        await opened?.close();
      });
      body(handle);
    });
  }
}

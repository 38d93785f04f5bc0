import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../ledger/schema/database.js';
import { reconnectingPool } from './reconnecting-pool.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives: a directory for PGlite, the URL without password for PostgreSQL. */
  location: string;
  close(): Promise<void>;
  /**
   * PGlite only: a gzipped tar of the data directory, consistent because it is taken while
   * no transaction is open (see server/backup-channel.ts).
   */
  dumpDataDir?: () => Promise<Uint8Array>;
}

// int8 (bigserial ids, counts) arrives as a number from PGlite and a string from pg;
// keep both as strings so the types and the answers agree. NUMERIC is a string in both.
const parseAsText = (value: string): string => value;
pg.types.setTypeParser(pg.types.builtins.INT8, parseAsText);
// DATE stays 'YYYY-MM-DD': a business date is a calendar day, not an instant, and turning
// it into a JS Date would shift it by the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, parseAsText);

/** Statement timeout: no query may hold the database longer than this. */
const STATEMENT_TIMEOUT_MS = 30_000;
/** A new connection that takes longer than this fails the request with a 503. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens PostgreSQL through `pg`. Each pooled connection gets a statement timeout and
 * the UTC time zone, so that business dates are computed in code from one configured
 * zone and never from the server's.
 *
 * PostgreSQL restarting, failing over or terminating backends must not stop the server:
 * a dropped connection is logged and left to the pool to replace, the request that meets
 * it is answered 503 (server/app.ts), and the next one gets a new connection.
 */
export function openPostgres(
  databaseUrl: string,
  options: { poolSize?: number; onConnectionLost?: (error: Error) => void } = {},
): OpenDatabase {
  const onConnectionLost =
    options.onConnectionLost ??
    ((error: Error) =>
      console.error(`PostgreSQL connection lost (the pool replaces it): ${error.message}`));
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: `-c statement_timeout=${STATEMENT_TIMEOUT_MS} -c TimeZone=UTC`,
  });
  // An 'error' event without a listener kills the process. The pool emits one for an idle
  // connection that dies, and a client for itself whenever its connection dies, also while
  // checked out between two queries; each is logged once, from the client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', onConnectionLost));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: reconnectingPool(pool) }),
  });
  return {
    db,
    kind: 'postgres',
    location: redactUrl(databaseUrl),
    close: () => db.destroy(),
  };
}

/**
 * Opens PGlite (PostgreSQL in WebAssembly). `dataDir` is a directory on disk, or
 * `memory://` for tests. PGlite has a single session, so the pool has one connection;
 * Kysely's own PostgresDialect then serialises transactions correctly.
 */
export async function openPglite(dataDir: string): Promise<OpenDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) mkdirSync(location, { recursive: true });
  const pglite = await PGlite.create(location);
  await pglite.exec(`SET TimeZone = 'UTC'`);
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    location,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
    // The pool's only connection is held for the dump, so no transaction is half-way
    // through; the checkpoint makes the copied files complete without replaying WAL.
    dumpDataDir: () =>
      db.connection().execute(async (connection) => {
        await sql`CHECKPOINT`.execute(connection);
        const dump = await pglite.dumpDataDir('gzip');
        return new Uint8Array(await dump.arrayBuffer());
      }),
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { isDatabaseConnectionError } from '../../server/database-connection-error.js';
import {
  describeEachDatabase,
  terminateConnections,
  type TestDatabase,
} from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  setupShop,
  type SaleAnswer,
  type Shop,
} from '../selling/helpers.js';

/** A PostgreSQL client of its own on the app's database, as an administrator would act. */
async function withOutsideClient<T>(
  name: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const url = new URL(inject('postgresAdminUrl')!);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function databaseName(database: TestDatabase): Promise<string> {
  const result = await sql<{ name: string }>`SELECT current_database() AS name`.execute(
    database.current.db,
  );
  return result.rows[0]!.name;
}

/**
 * The same, from another process while this one is blocked: the pool cannot see the
 * connections end before the next request takes one of them — the race a restart makes
 * when a request arrives at that moment.
 */
function terminateAppConnectionsWhileBlocked(name: string): void {
  const url = new URL(inject('postgresAdminUrl')!);
  url.pathname = `/${name}`;
  const script = `
    import pg from 'pg';
    const client = new pg.Client({ connectionString: process.argv[1] });
    await client.connect();
    const others = await client.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    for (const { pid } of others.rows) await client.query('SELECT pg_terminate_backend($1, 10000)', [pid]);
    await client.end();
    console.log(others.rows.length);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, url.toString()], {
    cwd: resolve(import.meta.dirname, '..', '..'),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  expect(Number(run.stdout.trim())).toBeGreaterThan(0);
}

async function salesWithId(database: TestDatabase, id: string): Promise<number> {
  const rows = await database.current.db
    .selectFrom('sales')
    .select('id')
    .where('id', '=', id)
    .execute();
  return rows.length;
}

async function readyShop(database: TestDatabase) {
  const shop = await setupShop(database, { bun: { name: '馒头', price: '2.00' } });
  const registerId = newRegister('loss');
  const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
  return { shop, registerId, shiftId };
}

function bunSale(shop: Shop, registerId: string, shiftId: string) {
  return saleBody(shop.t, {
    registerId,
    shiftId,
    lines: [{ productId: shop.products.bun!.id, quantity: '3' }],
    tenders: [{ method: 'cash', amount: '6.00', tendered: '10.00' }],
  });
}

/**
 * Sends a sale until it is answered other than 503, as a till does; only a clean
 * `database_unavailable` with Retry-After may come before the answer.
 */
async function sellUntilAnswered(shop: Shop, body: Record<string, unknown>): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await sell(shop.t, shop.cashier.token, body);
    if (response.status !== 503 || attempt === 3) return response;
    expect(await errorCode(response)).toBe('database_unavailable');
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  }
}

describeEachDatabase('the server outlives PostgreSQL dropping its connections', (database) => {
  // PGlite runs inside the server's own process, behind a pool of one in-memory
  // connection with no socket: there is nothing to restart, fail over or terminate short
  // of the process itself. What applies to it is the client's side of the contract.
  test('a sale sent twice with the same id is saved once: 201, then 200 with the same answer', async () => {
    const { shop, registerId, shiftId } = await readyShop(database);
    const body = bunSale(shop, registerId, shiftId);
    const first = await sell(shop.t, shop.cashier.token, body);
    expect(first.status).toBe(201);
    const again = await sell(shop.t, shop.cashier.token, body);
    expect(again.status).toBe(200);
    expect((await json<{ sale: SaleAnswer }>(again)).sale).toEqual(
      (await json<{ sale: SaleAnswer }>(first)).sale,
    );
    expect(await salesWithId(database, body.id as string)).toBe(1);
  });

  test.skipIf(database.kind === 'pglite')(
    `after its connections are terminated, reads answer at once and a sale is saved once${
      database.kind === 'pglite'
        ? ' — not for PGlite: it runs in-process, with no connection to lose'
        : ''
    }`,
    async () => {
      const { shop, registerId, shiftId } = await readyShop(database);
      const name = await databaseName(database);
      // Every pooled connection is idle now; the pool learns of their end only from them.
      expect(
        await withOutsideClient(name, (client) => terminateConnections(client, name)),
      ).toBeGreaterThan(0);

      // The process is still here, and reads need no retry.
      for (let i = 0; i < 3; i += 1) {
        const products = await shop.t.request('GET', '/api/products', {
          token: shop.manager.token,
        });
        expect(products.status, await products.clone().text()).toBe(200);
      }

      await withOutsideClient(name, (client) => terminateConnections(client, name));
      const body = bunSale(shop, registerId, shiftId);
      const answer = await sellUntilAnswered(shop, body);
      expect(answer.status, await answer.clone().text()).toBe(201);
      const again = await sell(shop.t, shop.cashier.token, body);
      expect(again.status).toBe(200);
      expect(await salesWithId(database, body.id as string)).toBe(1);
    },
  );

  test.skipIf(database.kind === 'pglite')(
    `a request that is handed a connection already terminated is answered at once${
      database.kind === 'pglite'
        ? ' — not for PGlite: it runs in-process, with no connection to lose'
        : ''
    }`,
    async () => {
      const { shop } = await readyShop(database);
      const name = await databaseName(database);
      // Its first statement fails with the connection's end; a read (or a BEGIN) is safe to
      // send again, and is, on a new connection.
      terminateAppConnectionsWhileBlocked(name);
      const products = await shop.t.request('GET', '/api/products', { token: shop.manager.token });
      expect(products.status, await products.clone().text()).toBe(200);
      terminateAppConnectionsWhileBlocked(name);
      const shift = await shop.t.request('POST', '/api/shifts', {
        token: shop.cashier.token,
        body: { registerId: newRegister('loss'), openingFloat: '100.00' },
      });
      expect(shift.status, await shift.clone().text()).toBe(201);
    },
  );

  test.skipIf(database.kind === 'pglite')(
    `a sale whose connection is terminated mid-transaction answers 503 database_unavailable, saves nothing, and its retry is saved once${
      database.kind === 'pglite'
        ? ' — not for PGlite: it runs in-process, with no connection to lose'
        : ''
    }`,
    async () => {
      const { shop, registerId, shiftId } = await readyShop(database);
      const name = await databaseName(database);
      const body = bunSale(shop, registerId, shiftId);
      await withOutsideClient(name, async (locker) => {
        // Hold the sale inside its transaction: its journal insert waits for this lock.
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE journal_entries IN EXCLUSIVE MODE');
        const pending = sell(shop.t, shop.cashier.token, body);
        for (;;) {
          const waiting = await locker.query(
            `SELECT 1 FROM pg_stat_activity
              WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
            [name],
          );
          if (waiting.rowCount) break;
          await new Promise((resolveWait) => setTimeout(resolveWait, 20));
        }
        await terminateConnections(locker, name);
        const response = await pending;
        expect(response.status, await response.clone().text()).toBe(503);
        expect(await errorCode(response)).toBe('database_unavailable');
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        await locker.query('ROLLBACK');
      });
      expect(await salesWithId(database, body.id as string)).toBe(0);

      const retried = await sellUntilAnswered(shop, body);
      expect(retried.status, await retried.clone().text()).toBe(201);
      expect(await salesWithId(database, body.id as string)).toBe(1);
    },
  );
});

test.each([
  [
    '57P01 admin_shutdown (pg_terminate_backend)',
    Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    }),
    true,
  ],
  [
    '57P03 cannot_connect_now (starting up)',
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    true,
  ],
  [
    '08006 connection_failure',
    Object.assign(new Error('connection failure'), { code: '08006' }),
    true,
  ],
  ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
  [
    'ECONNREFUSED',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    true,
  ],
  ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), true],
  [
    'pg: client not queryable',
    new Error('Client has encountered a connection error and is not queryable'),
    true,
  ],
  [
    'wrapped in a cause',
    new Error('query failed', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) }),
    true,
  ],
  ['23505 unique_violation', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
  [
    '40001 serialization_failure',
    Object.assign(new Error('could not serialize'), { code: '40001' }),
    false,
  ],
  [
    '57014 query_canceled (statement timeout)',
    Object.assign(new Error('canceling statement'), { code: '57014' }),
    false,
  ],
  ['a plain bug', new TypeError('undefined is not a function'), false],
])('a lost connection is told from other errors: %s', (_name, error, expected) => {
  expect(isDatabaseConnectionError(error)).toBe(expected);
});

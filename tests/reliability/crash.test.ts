import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { readConfig } from '../../server/config.js';
import { openConfiguredDatabase } from '../../server/open-configured-database.js';
import type { OpenDatabase } from '../../server/db.js';
import {
  checkBooks,
  planSale,
  prng,
  scaled,
  seedShop,
  type PlannedSale,
  type SeededShop,
} from '../support/reliability-shop.js';
import { startServerChild, troubleIn, type ServerChild } from '../support/server-child.js';
import { terminateConnections, withAdminClient } from '../helpers/databases.js';

/**
 * The server runs as a child process under load and is killed with SIGKILL at random
 * moments, then started again on the same data. A sale whose answer arrived is
 * acknowledged and must survive whole; a sale whose answer was cut off is in doubt, and
 * the register sends it again after the restart, as a tablet does — it must then exist
 * exactly once. At the end the database holds exactly the acknowledged sales, each with
 * all its lines, tenders and its entry, and nothing partial.
 */

const KILLS = scaled(3, 20);
const REGISTERS = scaled(2, 4);
const ADMIN_PASSWORD = 'crash suite admin password';
const SEED = 15_020;

interface Acknowledged {
  total: bigint;
  lines: number;
  tenders: number;
}

async function postSale(
  seeded: SeededShop,
  token: string,
  sale: PlannedSale,
): Promise<'acknowledged' | 'in doubt'> {
  try {
    const response = await seeded.shop.request('POST', '/api/sales', { token, body: sale.body });
    const text = await response.text();
    if (response.status === 201 || response.status === 200) return 'acknowledged';
    if (response.status === 503) return 'in doubt';
    throw new Error(`a sale answered ${response.status}: ${text}`);
  } catch (error) {
    // The connection was cut by the kill: the register does not know whether it was stored.
    if (error instanceof TypeError) return 'in doubt';
    throw error;
  }
}

/**
 * What happens to the server in each round, under load: `strike` returns `'restart'` when
 * the server is gone and must be started again (a SIGKILL), `'same'` when the same process
 * is to go on serving (the database dropped its connections under it).
 */
interface Fault {
  name: string;
  count: number;
  strike: (server: ServerChild) => Promise<'restart' | 'same'>;
}

const sigkill: Fault = {
  name: 'SIGKILLs',
  count: KILLS,
  strike: async (server) => {
    await server.kill();
    return 'restart';
  },
};

async function crashRounds(
  kind: string,
  start: () => Promise<ServerChild>,
  openAfter: () => Promise<OpenDatabase>,
  fault: Fault = sigkill,
): Promise<void> {
  const random = prng(SEED + kind.length);
  const acknowledged = new Map<string, Acknowledged>();
  const inDoubt = new Map<string, { sale: PlannedSale; token: string }>();
  const record = (sale: PlannedSale) =>
    acknowledged.set(sale.body.id, {
      total: sale.total,
      lines: sale.body.lines.length,
      tenders: sale.body.tenders.length,
    });
  const began = Date.now();
  let server = await start();
  const seeded = await seedShop(server.baseUrl, ADMIN_PASSWORD, REGISTERS);
  const logs: string[] = [];
  let resent = 0;
  let starts = 1;
  for (let round = 0; round < fault.count; round += 1) {
    // Sales in doubt from the last kill go again first, as the tablets' queues do.
    for (const [id, { sale, token }] of inDoubt) {
      const outcome = await postSale(seeded, token, sale);
      expect(outcome, `resent sale ${id}`).toBe('acknowledged');
      record(sale);
      inDoubt.delete(id);
      resent += 1;
    }
    let stop = false;
    const load = Promise.all(
      seeded.registers.map(async (register) => {
        while (!stop) {
          const sale = planSale(seeded, register, random);
          const outcome = await postSale(seeded, register.token, sale);
          if (outcome === 'acknowledged') record(sale);
          else inDoubt.set(sale.body.id, { sale, token: register.token });
          if (outcome === 'in doubt' && stop) return;
        }
      }),
    );
    await new Promise((wait) => setTimeout(wait, 200 + Math.floor(random() * 1500)));
    const after = await fault.strike(server);
    stop = true;
    await load;
    if (after === 'restart') {
      logs.push(server.output());
      server = await start();
      starts += 1;
      seeded.shop.baseUrl = server.baseUrl;
    } else {
      expect(server.child.exitCode, 'the server outlived the fault').toBeNull();
    }
  }
  for (const [, { sale, token }] of inDoubt) {
    expect(await postSale(seeded, token, sale)).toBe('acknowledged');
    record(sale);
    resent += 1;
  }
  await server.kill();
  logs.push(server.output());
  const opened = await openAfter();
  try {
    const books = await checkBooks(opened.db, acknowledged);
    // Exactly the acknowledged sales: none lost, none stored twice, none left over.
    expect(books.sales).toBe(acknowledged.size);
    console.info(
      `[crash ${kind}] ${fault.count} ${fault.name}, ${starts} server start(s), ${acknowledged.size} sales acknowledged ` +
        `(${resent} in doubt and sent again), ${books.entries} entries, trial balance ${books.debit} = ${books.credit}, ` +
        `${Math.round((Date.now() - began) / 1000)} s`,
    );
  } finally {
    await opened.close();
  }
  expect(troubleIn(logs.join('\n'))).toEqual([]);
}

describe('reliability: SIGKILL under load [pglite]', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xmf-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  test(`killed ${KILLS} times, restarted on the same directory: every acknowledged sale whole`, async () => {
    const lockPids: number[] = [];
    const lockPid = () =>
      (JSON.parse(readFileSync(join(dataDir, 'xinmofang.lock'), 'utf8')) as { pid: number }).pid;
    await crashRounds(
      'pglite',
      async () => {
        const child = await startServerChild({ dataDir, adminPassword: ADMIN_PASSWORD });
        // Each new server took over the lock its killed predecessor left behind.
        lockPids.push(lockPid());
        expect(lockPid()).toBe(child.child.pid);
        return child;
      },
      // The directory opens cleanly in this process too, taking over the last stale lock.
      () => openConfiguredDatabase(readConfig({ DATA_DIR: dataDir })),
    );
    expect(new Set(lockPids).size).toBe(KILLS + 1);
  }, 1_800_000);
});

const adminUrl = inject('postgresAdminUrl');

/** A database of its own on the test server for one part, dropped after it. */
function throwawayDatabase(prefix: string): { url: string; create: () => Promise<void> } {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl ?? 'postgres://unused');
  url.pathname = `/${name}`;
  afterAll(async () => {
    if (adminUrl)
      await withAdminClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
  });
  return {
    url: url.toString(),
    create: () =>
      withAdminClient(adminUrl!, (client) => client.query(`CREATE DATABASE ${name}`)).then(
        () => undefined,
      ),
  };
}

describe.skipIf(adminUrl === null)('reliability: SIGKILL under load [postgres]', () => {
  const database = throwawayDatabase('xmf_crash');
  test(`killed ${KILLS} times, restarted on the same database: every acknowledged sale whole`, async () => {
    await database.create();
    await crashRounds(
      'postgres',
      () => startServerChild({ databaseUrl: database.url, adminPassword: ADMIN_PASSWORD }),
      async () => openConfiguredDatabase(readConfig({ DATABASE_URL: database.url })),
    );
  }, 1_800_000);
});

describe.skipIf(adminUrl === null)(
  'reliability: PostgreSQL drops every connection under load [postgres]',
  () => {
    const database = throwawayDatabase('xmf_drop');
    let terminated = 0;
    // What a PostgreSQL restart or failover does to the server: every connection it holds
    // ends, mid-statement or idle. The server process itself is left alone.
    const dropConnections: Fault = {
      name: 'times every connection terminated',
      count: KILLS,
      strike: async () => {
        const name = new URL(database.url).pathname.slice(1);
        terminated += await withAdminClient(adminUrl!, (client) =>
          terminateConnections(client, name),
        );
        // The registers go on selling through the recovery.
        await new Promise((wait) => setTimeout(wait, 300));
        return 'same';
      },
    };
    test(`every connection terminated ${KILLS} times while selling: the same server recovers, every acknowledged sale whole`, async () => {
      await database.create();
      await crashRounds(
        'postgres, connections dropped',
        () => startServerChild({ databaseUrl: database.url, adminPassword: ADMIN_PASSWORD }),
        async () => openConfiguredDatabase(readConfig({ DATABASE_URL: database.url })),
        dropConnections,
      );
      expect(terminated, 'connections were there to terminate').toBeGreaterThanOrEqual(KILLS);
      console.info(
        `[crash postgres, connections dropped] ${terminated} connections terminated in all`,
      );
    }, 1_800_000);
  },
);

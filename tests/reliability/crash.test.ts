import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
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

async function crashRounds(
  kind: string,
  start: () => Promise<ServerChild>,
  openAfter: () => Promise<OpenDatabase>,
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
  for (let round = 0; round < KILLS; round += 1) {
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
    await server.kill();
    stop = true;
    await load;
    logs.push(server.output());
    server = await start();
    seeded.shop.baseUrl = server.baseUrl;
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
      `[crash ${kind}] ${KILLS} SIGKILLs, ${acknowledged.size} sales acknowledged (${resent} resent after a kill), ` +
        `${books.entries} entries, trial balance ${books.debit} = ${books.credit}, ${Math.round((Date.now() - began) / 1000)} s`,
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
describe.skipIf(adminUrl === null)('reliability: SIGKILL under load [postgres]', () => {
  const name = `xmf_crash_${randomBytes(4).toString('hex')}`;
  const url = adminUrl ? new URL(adminUrl) : null;
  if (url) url.pathname = `/${name}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl! });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    if (adminUrl) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  test(`killed ${KILLS} times, restarted on the same database: every acknowledged sale whole`, async () => {
    await admin(`CREATE DATABASE ${name}`);
    await crashRounds(
      'postgres',
      () => startServerChild({ databaseUrl: url!.toString(), adminPassword: ADMIN_PASSWORD }),
      async () => openConfiguredDatabase(readConfig({ DATABASE_URL: url!.toString() })),
    );
  }, 1_800_000);
});

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { readConfig } from '../../server/config.js';
import type { OpenDatabase } from '../../server/db.js';
import { openConfiguredDatabase } from '../../server/open-configured-database.js';
import type { Executor } from '../../ledger/core/executor.js';
import {
  checkBooks,
  planSale,
  prng,
  scaled,
  seedShop,
  type SeededShop,
} from '../support/reliability-shop.js';
import { startServerChild, type ServerChild } from '../support/server-child.js';

/**
 * `npm run backup` while sales go on, `npm run restore` into a fresh place: every sale
 * acknowledged before the backup began, every period digest and every published SHA-256
 * comes back unchanged, and a restore into a place that holds books is refused.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const ADMIN_PASSWORD = 'backup suite admin password';
const SALES_BEFORE_BACKUP = scaled(20, 500);
const CLOSED_PERIOD = '2026-05';

interface ToolRun {
  code: number | null;
  output: string;
}

function runTool(script: string, args: string[], env: Record<string, string>): Promise<ToolRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  return new Promise((resolveRun) => child.on('exit', (code) => resolveRun({ code, output })));
}

/** A closed, published month, so that there are digests and SHA-256s to compare. */
async function closeAndPublish(seeded: SeededShop): Promise<void> {
  const token = await seeded.shop.login('admin', ADMIN_PASSWORD);
  for (const [account, amount] of [
    ['5401.01', '850.50'],
    ['5401.01', '120.00'],
  ] as const) {
    await seeded.shop.json('POST', '/api/journal', token, {
      date: `${CLOSED_PERIOD}-04`,
      description: '面粉',
      lines: [
        { account, debit: amount },
        { account: '1002', credit: amount },
      ],
    });
  }
  await seeded.shop.json('POST', `/api/periods/${CLOSED_PERIOD}/close`, token);
  await seeded.shop.json('POST', `/api/statements/${CLOSED_PERIOD}/publish`, token, {});
}

interface Fingerprint {
  periods: { period: string; digest: string | null }[];
  statements: { period: string; version: number; sha256: string; sha256_en: string }[];
}

async function fingerprint(db: Executor): Promise<Fingerprint> {
  const periods = await sql<Fingerprint['periods'][number]>`
    SELECT period, digest FROM periods ORDER BY period`.execute(db);
  const statements = await sql<Fingerprint['statements'][number]>`
    SELECT period, version::int AS version, sha256, sha256_en FROM statements
    ORDER BY period, version`.execute(db);
  return { periods: periods.rows, statements: statements.rows };
}

async function roundTrip(options: {
  kind: string;
  start: () => Promise<ServerChild>;
  env: Record<string, string>;
  restoreEnv: Record<string, string>;
  openSource: () => Promise<OpenDatabase>;
  openRestored: () => Promise<OpenDatabase>;
}): Promise<void> {
  const began = Date.now();
  const backups = mkdtempSync(join(tmpdir(), 'xmf-backups-'));
  try {
    const server = await options.start();
    const seeded = await seedShop(server.baseUrl, ADMIN_PASSWORD, 2);
    await closeAndPublish(seeded);
    const random = prng(15_500);
    const acknowledged = new Map<string, { total: bigint; lines: number; tenders: number }>();
    let stop = false;
    let beforeBackup: Map<string, { total: bigint; lines: number; tenders: number }> | null = null;
    let reachedEnough: () => void = () => undefined;
    const enough = new Promise<void>((resolveEnough) => (reachedEnough = resolveEnough));
    const load = Promise.all(
      seeded.registers.map(async (register) => {
        while (!stop) {
          const sale = planSale(seeded, register, random);
          const response = await seeded.shop.request('POST', '/api/sales', {
            token: register.token,
            body: sale.body,
          });
          await response.arrayBuffer();
          if (response.status === 503) continue;
          expect(response.status).toBe(201);
          acknowledged.set(sale.body.id, {
            total: sale.total,
            lines: sale.body.lines.length,
            tenders: sale.body.tenders.length,
          });
          if (acknowledged.size >= SALES_BEFORE_BACKUP) reachedEnough();
        }
      }),
    );
    await enough;
    // The backup runs while the registers keep selling.
    beforeBackup = new Map(acknowledged);
    const backup = await runTool('tools/backup.ts', ['--out', backups], options.env);
    const duringBackup = acknowledged.size - beforeBackup.size;
    stop = true;
    await load;
    expect(backup.code, backup.output).toBe(0);
    if (options.kind === 'pglite') expect(backup.output).toContain('from the running server');
    const files = readdirSync(backups);
    expect(files).toHaveLength(1);
    const file = join(backups, files[0]!);
    expect(files[0]).toMatch(/^xinmofang-(pglite|postgres)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\./);
    if (options.kind === 'pglite') expect(statSync(file).mode & 0o077).toBe(0);

    // The live place holds books: a restore there is refused and changes nothing.
    const refused = await runTool('tools/restore.ts', [file], options.env);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/not empty|already holds a database|in use/);

    await server.stop();
    const source = await options.openSource();
    const expected = await fingerprint(source.db);
    await source.close();
    expect(expected.statements.length).toBeGreaterThan(0);
    expect(expected.periods.some((period) => period.digest !== null)).toBe(true);

    const restore = await runTool('tools/restore.ts', [file], options.restoreEnv);
    expect(restore.code, restore.output).toBe(0);
    const restored = await options.openRestored();
    try {
      const books = await checkBooks(restored.db, beforeBackup);
      expect(await fingerprint(restored.db)).toEqual(expected);
      console.info(
        `[backup ${options.kind}] ${beforeBackup.size} sales acknowledged before the backup, ${duringBackup} during it, ` +
          `${books.sales} in the backup, all ${beforeBackup.size} restored whole; ${expected.periods.length} period digests and ` +
          `${expected.statements.length} published SHA-256s unchanged; backup ${(statSync(file).size / 1024).toFixed(0)} KiB; ` +
          `${Math.round((Date.now() - began) / 1000)} s`,
      );
    } finally {
      await restored.close();
    }
    if (options.kind === 'pglite') {
      // With no server running, the command reads the directory itself.
      const offline = await runTool('tools/backup.ts', ['--out', backups], options.env);
      expect(offline.code, offline.output).toBe(0);
      expect(offline.output).toContain('from the data directory');
    }
  } finally {
    rmSync(backups, { recursive: true, force: true });
  }
}

describe('reliability: backup under load and restore [pglite]', () => {
  const root = mkdtempSync(join(tmpdir(), 'xmf-backup-'));
  const dataDir = join(root, 'live');
  const restoredDir = join(root, 'restored');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  test('npm run backup while selling, npm run restore into an empty directory', async () => {
    await roundTrip({
      kind: 'pglite',
      start: () => startServerChild({ dataDir, adminPassword: ADMIN_PASSWORD }),
      env: { DATA_DIR: dataDir },
      restoreEnv: { DATA_DIR: restoredDir },
      openSource: () => openConfiguredDatabase(readConfig({ DATA_DIR: dataDir })),
      openRestored: () => openConfiguredDatabase(readConfig({ DATA_DIR: restoredDir })),
    });
  }, 900_000);
});

const adminUrl = inject('postgresAdminUrl');
describe.skipIf(adminUrl === null)('reliability: backup under load and restore [postgres]', () => {
  const suffix = randomBytes(4).toString('hex');
  const names = { live: `xmf_backup_${suffix}`, restored: `xmf_restored_${suffix}` };
  const urlOf = (name: string) => {
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
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
    for (const name of Object.values(names))
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  test('npm run backup (pg_dump) while selling, npm run restore into an empty database', async () => {
    await admin(`CREATE DATABASE ${names.live}`);
    await admin(`CREATE DATABASE ${names.restored}`);
    await roundTrip({
      kind: 'postgres',
      start: () =>
        startServerChild({ databaseUrl: urlOf(names.live), adminPassword: ADMIN_PASSWORD }),
      env: { DATABASE_URL: urlOf(names.live) },
      restoreEnv: { DATABASE_URL: urlOf(names.restored) },
      openSource: () => openConfiguredDatabase(readConfig({ DATABASE_URL: urlOf(names.live) })),
      openRestored: () =>
        openConfiguredDatabase(readConfig({ DATABASE_URL: urlOf(names.restored) })),
    });
  }, 900_000);
});

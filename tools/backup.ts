import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dumpFromRunningServer } from '../server/backup-channel.js';
import { readConfig } from '../server/config.js';
import { lockDataDir } from '../server/data-dir-lock.js';
import { openPglite } from '../server/db.js';
import { postgresTool, withoutPassword } from './postgres-client-tool.js';

/**
 * `npm run backup [-- --out DIR]`: one dated file with a consistent copy of the books, from
 * the database the server uses (the same DATA_DIR / DATABASE_URL). PGlite: a dump of the
 * data directory — from the running server over its backup channel, or read directly when
 * no server holds the directory. PostgreSQL: pg_dump's custom format. See docs/backup.md.
 */

function outDir(argv: string[]): string {
  const at = argv.indexOf('--out');
  if (at === -1) return resolve('backups');
  const value = argv[at + 1];
  if (!value) throw new Error('--out needs a directory');
  return resolve(value);
}

/** 2026-03-10T14-05-09Z: sorts by time and is a valid file name everywhere. */
function stamp(now = new Date()): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
}

async function pgliteDump(dataDir: string): Promise<{ bytes: Uint8Array; from: string }> {
  const fromServer = await dumpFromRunningServer(dataDir);
  if (fromServer) return { bytes: fromServer, from: 'the running server' };
  // No server: this process takes the lock (refused if a server holds it after all).
  const release = lockDataDir(dataDir);
  try {
    const opened = await openPglite(join(dataDir, 'pglite'));
    try {
      return { bytes: await opened.dumpDataDir!(), from: 'the data directory' };
    } finally {
      await opened.close();
    }
  } finally {
    release();
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const dir = outDir(process.argv.slice(2));
  mkdirSync(dir, { recursive: true });
  const kind = config.databaseUrl ? 'postgres' : 'pglite';
  const file = join(dir, `xinmofang-${kind}-${stamp()}.${kind === 'pglite' ? 'tar.gz' : 'dump'}`);
  // Written beside the target and renamed: a half-written backup never has the real name.
  const partial = `${file}.partial`;
  let from: string;
  if (config.databaseUrl) {
    const { url, env } = withoutPassword(config.databaseUrl);
    const run = spawnSync(
      postgresTool('pg_dump'),
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${url}`],
      { env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (run.status !== 0) throw new Error(`pg_dump failed (exit ${run.status ?? run.signal})`);
    from = 'PostgreSQL (pg_dump)';
  } else {
    const dump = await pgliteDump(config.dataDir);
    writeFileSync(partial, dump.bytes, { mode: 0o600 });
    from = dump.from;
  }
  renameSync(partial, file);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const size = statSync(file).size;
  console.log(`Backup written: ${file}`);
  console.log(`  from ${from}, ${(size / 1024).toFixed(0)} KiB, SHA-256 ${sha256}`);
}

main().catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

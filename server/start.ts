import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { consoleLogger, createApp } from './app.js';
import { openBackupChannel } from './backup-channel.js';
import { ensureAdmin } from './bootstrap.js';
import { readConfig } from './config.js';
import { DataDirInUseError } from './data-dir-lock.js';
import { migrateToLatest } from './migrate.js';
import { openConfiguredDatabase } from './open-configured-database.js';
import type { OpenDatabase } from './db.js';
import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** How long in-flight requests get to finish on SIGINT/SIGTERM before we stop anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const config = readConfig();

// Before anything is created (database, data directory, admin): a port another program
// holds would otherwise end in a stack trace after the first start's set-up.
const portProblem = await portUnavailable(config.port, config.host);
if (portProblem) {
  console.error(`Refusing to start: ${portProblem}`);
  process.exit(1);
}

let database: OpenDatabase;
try {
  database = await openConfiguredDatabase(config);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(`Refusing to start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

try {
  await migrateToLatest(database.db);
  const admin = await ensureAdmin(database.db, config.adminPassword);
  if (admin.generatedPassword) {
    console.log('────────────────────────────────────────────────────────');
    console.log(' First start: created the user "admin" with the password');
    console.log(`     ${admin.generatedPassword}`);
    console.log(' It is shown only this once. Log in and keep it safe.');
    console.log('────────────────────────────────────────────────────────');
  } else if (admin.created) {
    console.log('First start: created the user "admin" with the password from ADMIN_PASSWORD.');
  }
} catch (error) {
  await database.close();
  throw error;
}

// --- Backup channel (PGlite): `npm run backup` gets its dump from this process, which
// alone may open the data directory (server/backup-channel.ts). ---
let closeBackupChannel = async (): Promise<void> => undefined;
if (database.dumpDataDir)
  closeBackupChannel = await openBackupChannel(config.dataDir, database.dumpDataDir);
// --- end of the backup channel ---

const app = createApp({
  db: database.db,
  dbKind: database.kind,
  config,
  logger: consoleLogger,
  staticRoot: resolve(import.meta.dirname, '..', 'dist'),
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  // With PORT=0 the real port is known only now; receipts and PDFs must print it.
  if (!process.env.PUBLIC_URL) config.publicUrl = `http://localhost:${info.port}`;
  const where =
    database.kind === 'pglite'
      ? `PGlite, data in ${database.location}`
      : `PostgreSQL at ${database.location}`;
  console.log(`辛馍坊 is running at http://localhost:${info.port}/ (database: ${where})`);
}) as Server;
server.on('error', (error: NodeJS.ErrnoException) => {
  // The port was taken between the check and now.
  console.error(`Refusing to start: ${describeListenError(error, config.port)}`);
  void database.close().finally(() => process.exit(1));
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing in-flight requests, then closing the database.`);
  const forced = setTimeout(() => {
    console.error('In-flight requests did not finish in time; closing anyway.');
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  forced.unref();
  // close() stops accepting connections and calls back once every open request has ended.
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeIdleConnections();
  await closed;
  await closeBackupChannel();
  await database.close();
  console.log('Stopped cleanly.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/** Why the port cannot be listened on, or null when it can (PORT=0 always can). */
async function portUnavailable(port: number, host: string): Promise<string | null> {
  if (port === 0) return null;
  return new Promise((resolveCheck) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      resolveCheck(describeListenError(error, port)),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolveCheck(null)));
  });
}

function describeListenError(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EADDRINUSE')
    return `port ${port} is already in use (another 辛馍坊, or another program). Stop it, or start on another port: PORT=3001 npm start`;
  if (error.code === 'EACCES')
    return `port ${port} needs privileges this user does not have. Use a port above 1023: PORT=3000 npm start`;
  return `cannot listen on port ${port}: ${error.message}`;
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * PGlite lets one process open a data directory, so while the server runs, `npm run
 * backup` cannot read the directory itself: it asks the server for the dump instead. The
 * server listens on a loopback port it writes into `backup-channel.json` in the data
 * directory, and answers only a request carrying the secret in `backup-secret` beside it.
 * Both files are readable by the directory's owner alone (0600): whoever can read the
 * data directory could copy it anyway, and nobody else can ask for it.
 */

const SECRET_FILE = 'backup-secret';
const CHANNEL_FILE = 'backup-channel.json';
const SECRET_HEADER = 'x-backup-secret';

interface ChannelFile {
  pid: number;
  port: number;
}

/** The data directory's backup secret, created (0600) on first use. */
export function backupSecret(dataDir: string): string {
  const path = join(dataDir, SECRET_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    // `wx`: if another process created it in the meantime, read theirs.
    try {
      writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(path, 'utf8').trim();
    }
  }
}

/**
 * Starts the channel for the server holding `dataDir`; `dump` makes the backup. Returns a
 * function that stops it and removes the channel file.
 */
export async function openBackupChannel(
  dataDir: string,
  dump: () => Promise<Uint8Array>,
): Promise<() => Promise<void>> {
  const secret = Buffer.from(backupSecret(dataDir));
  const server: Server = createServer((req, res) => {
    const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ''));
    const allowed =
      req.method === 'POST' &&
      req.url === '/dump' &&
      given.length === secret.length &&
      timingSafeEqual(given, secret);
    if (!allowed) {
      res.writeHead(403).end();
      return;
    }
    dump().then(
      (bytes) => {
        res.writeHead(200, {
          'content-type': 'application/gzip',
          'content-length': String(bytes.byteLength),
        });
        res.end(bytes);
      },
      (error: unknown) => {
        console.error('The backup failed:', error);
        res.writeHead(503).end(error instanceof Error ? error.message : 'backup failed');
      },
    );
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no backup port');
  const channel: ChannelFile = { pid: process.pid, port: address.port };
  const path = join(dataDir, CHANNEL_FILE);
  writeFileSync(path, JSON.stringify(channel), { mode: 0o600 });
  // Connections of a killed backup client must not keep the process from stopping.
  server.unref();
  return async () => {
    rmSync(path, { force: true });
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  };
}

/**
 * Asks the server that holds `dataDir` for a dump. Null when no server answers there (no
 * channel file, or its port refuses): the caller may then open the directory itself.
 */
export async function dumpFromRunningServer(dataDir: string): Promise<Uint8Array | null> {
  let channel: ChannelFile;
  try {
    channel = JSON.parse(readFileSync(join(dataDir, CHANNEL_FILE), 'utf8')) as ChannelFile;
  } catch {
    return null;
  }
  if (!processIsAlive(channel.pid)) return null;
  const secret = readFileSync(join(dataDir, SECRET_FILE), 'utf8').trim();
  return new Promise((resolveDump, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: channel.port,
        method: 'POST',
        path: '/dump',
        headers: { [SECRET_HEADER]: secret },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode === 200) resolveDump(new Uint8Array(Buffer.concat(chunks)));
          else
            reject(
              new Error(
                `the server answered the backup request with ${res.statusCode}: ${Buffer.concat(chunks).toString()}`,
              ),
            );
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A channel file left by a killed server: nobody listens there any more.
      if (error.code === 'ECONNREFUSED') resolveDump(null);
      else reject(error);
    });
    req.end();
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

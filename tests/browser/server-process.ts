import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningServer {
  baseUrl: string;
  /** Everything the server printed, for the report when something fails. */
  output: () => string;
  stop: () => Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 90_000;

/**
 * Starts the real server (`server/start.ts`) on a free port with a fresh PGlite data
 * directory, and resolves once it prints "running at http://localhost:PORT/".
 */
export async function startServer(
  adminPassword: string,
  options: { databaseUrl?: string } = {},
): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'xmf-browser-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dataDir, 'data'),
    ADMIN_PASSWORD: adminPassword,
    // The harness publishes on a loopback address, which only a local test may.
    PUBLISH_LOCAL_TEST: '1',
  };
  // The embedded database, whatever the caller's environment points at, unless the caller
  // names a (fresh) PostgreSQL database.
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (output += chunk));

  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${output}`));
    });
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(forced);
}

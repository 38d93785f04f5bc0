import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 120_000;

export interface ServerChild {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the server printed so far. */
  output: () => string;
  /** SIGKILL: no shutdown handler runs, as in a power cut or the OOM killer. */
  kill: () => Promise<void>;
  /** SIGTERM and wait: the orderly stop. */
  stop: () => Promise<void>;
}

/**
 * Starts the real server (`server/start.ts`) as a child process on a free port, on the
 * PGlite directory `dataDir` or the PostgreSQL `databaseUrl`, and resolves once it prints
 * where it runs.
 */
export async function startServerChild(options: {
  dataDir?: string;
  databaseUrl?: string;
  adminPassword: string;
  env?: Record<string, string>;
}): Promise<ServerChild> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_PASSWORD: options.adminPassword,
    NODE_ENV: 'production',
    // Publishing refuses without the residents' address; the suite's months are published.
    PUBLIC_URL: 'https://xinmofang.example.org',
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.DATA_DIR = options.dataDir;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  child.stderr.on('data', (chunk: string) => (output += chunk));
  // The reliability suite reads every server's log at its end (tests/reliability/server-logs.ts).
  const logDir = inject('serverLogDir') as string | undefined;
  child.once('close', () => {
    if (logDir) writeFileSync(join(logDir, `server-${process.pid}-${child.pid}.log`), output);
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const started = Date.now();
  let port: number | undefined;
  while (port === undefined) {
    const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
    if (match) port = Number(match[1]);
    else if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited before starting:\n${output}`);
    else if (Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start in time:\n${output}`);
    } else await new Promise((wait) => setTimeout(wait, 25));
  }
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    kill: async () => {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (gone()) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** Lines of a server's output that speak of an unhandled rejection or a Node warning. */
export function troubleIn(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /unhandled|UnhandledPromiseRejection|Warning:|\(node:\d+\)/i.test(line));
}

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'xmf-start-process-'));

afterAll(() => {
  // A failing run must not leave servers behind: end the ones this file started.
  for (const pid of processesUsing(scratch, true)) process.kill(pid, 'SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Spawns a command with a fresh data directory and collects what it prints. */
function run(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    // Not a timed assertion: the test's own timeout ends a server that never starts.
    for (;;) {
      const match = output.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`exited before ${pattern}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

/** Processes (other than this one) whose environment names this data directory. */
function processesUsing(dataDir: string, under = false): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      const variables = environ.split('\0');
      const uses = under
        ? variables.some((variable) => variable.startsWith(`DATA_DIR=${dataDir}/`))
        : variables.includes(`DATA_DIR=${dataDir}`);
      if (uses) found.push(Number(entry));
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

test('a port already in use: refused before anything is created, a clear message, exit 1, no stack trace', async () => {
  const holder: Server = createServer();
  await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
  const port = (holder.address() as { port: number }).port;
  const dataDir = join(scratch, 'port-in-use');
  try {
    const server = run(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
      PORT: String(port),
      DATA_DIR: dataDir,
    });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toContain(`port ${port} is already in use`);
    expect(server.output()).toContain('PORT=3001 npm start');
    expect(server.output()).not.toMatch(/^\s+at /m);
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    holder.close();
  }
}, 120_000);

test('SIGTERM to the `npm start` pid stops the server: no process left, data directory released', async () => {
  const dataDir = join(scratch, 'npm-start');
  const npm = run('npm', ['start'], {
    PORT: '0',
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: 'process test password',
  });
  const [, port] = await npm.waitFor(/running at http:\/\/localhost:(\d+)\//);
  expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  expect(existsSync(join(dataDir, 'xinmofang.lock'))).toBe(true);
  expect(processesUsing(dataDir).length).toBeGreaterThan(0);

  npm.child.kill('SIGTERM');
  await npm.exited;
  // npm's exit can come a moment before its child's: wait for the lock to go, as a process
  // manager would wait for the port.
  while (existsSync(join(dataDir, 'xinmofang.lock')) || processesUsing(dataDir).length > 0)
    await new Promise((r) => setTimeout(r, 100));
  expect(npm.output()).toContain('Stopped cleanly.');
  expect(processesUsing(dataDir)).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
}, 240_000);

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'xmf-start-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => resolveExit(code)),
  );
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = output.match(pattern);
      if (match) return match;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; output so far:\n${output}`);
  };
  return { child, exited, waitFor, output: () => output };
}

test('the server starts on PGlite, a second process on the same data directory refuses, SIGTERM stops cleanly', async () => {
  const first = startServer({ ADMIN_PASSWORD: 'first start password' });
  const [, port] = await first.waitFor(/running at http:\/\/localhost:(\d+)\//);
  expect(first.output()).toContain(`PGlite, data in ${join(dataDir, 'pglite')}`);
  const health = await fetch(`http://127.0.0.1:${port}/health`);
  expect(await health.json()).toEqual({ status: 'ok', db: 'pglite' });

  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'first start password' }),
  });
  expect(login.status).toBe(200);

  const second = startServer({});
  expect(await second.exited).toBe(1);
  expect(second.output()).toMatch(
    /Refusing to start: The data directory .* is in use by process \d+/,
  );

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(first.output()).toContain('Stopped cleanly.');
  expect(existsSync(join(dataDir, 'xinmofang.lock'))).toBe(false);

  // The data survived: a restart finds the admin and does not create another.
  const third = startServer({});
  const [, port3] = await third.waitFor(/running at http:\/\/localhost:(\d+)\//);
  expect(third.output()).not.toContain('First start');
  const again = await fetch(`http://127.0.0.1:${port3}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'first start password' }),
  });
  expect(again.status).toBe(200);
  third.child.kill('SIGINT');
  expect(await third.exited).toBe(0);
}, 120_000);

test('without ADMIN_PASSWORD the first start prints a random admin password once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmf-start-'));
  try {
    const server = startServer({ DATA_DIR: dir, ADMIN_PASSWORD: '' });
    const [, password] = await server.waitFor(/the password\n\s+(\S+)\n/);
    const [, port] = await server.waitFor(/running at http:\/\/localhost:(\d+)\//);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test.skipIf(inject('postgresAdminUrl') === null)(
  'with DATABASE_URL the server runs on PostgreSQL',
  async () => {
    const adminUrl = inject('postgresAdminUrl')!;
    const name = `xmf_start_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const server = startServer({
        DATABASE_URL: url.toString(),
        ADMIN_PASSWORD: 'pg admin password',
      });
      const [, port] = await server.waitFor(/running at http:\/\/localhost:(\d+)\//);
      expect(server.output()).toContain('PostgreSQL at postgres://');
      expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({
        status: 'ok',
        db: 'postgres',
      });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  },
  120_000,
);

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

/**
 * The issue's exact scenario: a server in its own pid namespace (as in a container) is
 * killed with SIGKILL and started again the same way. The restarted server gets the pid
 * its predecessor wrote into the lock, and must still come up.
 */
const root = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'xmf-restart-'));
const unshareArgs = ['--pid', '--fork', '--mount-proc'];

function unshareUnavailable(): string | null {
  const probe = spawnSync('unshare', [...unshareArgs, 'true'], { encoding: 'utf8' });
  if (probe.error) return `unshare is not installed (${probe.error.message})`;
  if (probe.status !== 0) return `unshare cannot make a pid namespace here: ${probe.stderr.trim()}`;
  return null;
}
const skipReason = unshareUnavailable();

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startInNamespace() {
  const child = spawn('unshare', [...unshareArgs, 'npx', 'tsx', 'server/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ADMIN_PASSWORD: 'restart scenario password',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? -1 : null))),
  );
  const running = (async () => {
    for (;;) {
      const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
      if (match) return Number(match[1]);
      if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 50));
    }
  })();
  /** SIGKILL to the namespace's init: the kernel kills every process in the namespace. */
  const killNamespace = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
    process.kill(Number(children.split(' ')[0]), 'SIGKILL');
    await exited;
  };
  return { child, running, exited, killNamespace, output: () => output };
}

function lockPid(): number {
  return (JSON.parse(readFileSync(join(dataDir, 'xinmofang.lock'), 'utf8')) as { pid: number }).pid;
}

test.skipIf(skipReason !== null)(
  `a server killed with SIGKILL in a pid namespace starts again on the same data directory${
    skipReason === null ? '' : ` — skipped: ${skipReason}`
  }`,
  async () => {
    const first = startInNamespace();
    const port = await first.running;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const stalePid = lockPid();
    await first.killNamespace();
    // The lock file survived the kill, naming the dead server's pid in its namespace.
    expect(lockPid()).toBe(stalePid);

    const second = startInNamespace();
    try {
      const secondPort = await second.running;
      expect(second.output()).not.toContain('Refusing to start');
      const health = await fetch(`http://127.0.0.1:${secondPort}/health`);
      expect(await health.json()).toEqual({ status: 'ok', db: 'pglite' });
      // The scenario really is the issue's: the new server has the pid of the stale lock.
      expect(lockPid()).toBe(stalePid);
    } finally {
      await second.killNamespace();
    }
  },
  300_000,
);

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../server/data-dir-lock.js';

const LOCK = 'xinmofang.lock';
const lockModule = resolve(import.meta.dirname, '..', '..', 'server', 'data-dir-lock.ts');

function newDir(): string {
  return mkdtempSync(join(tmpdir(), 'xmf-lock-'));
}

function lockOwner(dir: string): { pid: number; startTime: string | null; bootId: string | null } {
  return JSON.parse(readFileSync(join(dir, LOCK), 'utf8')) as {
    pid: number;
    startTime: string | null;
    bootId: string | null;
  };
}

function ownStartTime(): string {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

/**
 * Another process that takes the lock on `dir` and holds it until killed. Resolves once
 * it holds the lock (or with its refusal, if it could not take it).
 */
function startHolder(dir: string) {
  const script =
    `const { lockDataDir } = await import(${JSON.stringify(lockModule)});` +
    `try { lockDataDir(${JSON.stringify(dir)}); console.log('locked'); }` +
    `catch (error) { console.log('refused: ' + error.message); process.exit(3); }` +
    `setInterval(() => {}, 60000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  const outcome = new Promise<string>((resolveOutcome, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('\n')) resolveOutcome(output.trim());
    });
    child.on('exit', (code) => reject(new Error(`holder exited (${code}): ${output}`)));
  });
  return { child, exited, outcome };
}

test('a held lock refuses a second holder in the same process; release frees it', () => {
  const dir = newDir();
  const release = lockDataDir(dir);
  expect(lockOwner(dir).pid).toBe(process.pid);
  expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
  expect(() => lockDataDir(dir)).toThrow(/in use by process \d+ \(this process itself\)/);
  release();
  expect(existsSync(join(dir, LOCK))).toBe(false);
  lockDataDir(dir)();
  // No drafts or set-aside files are left behind.
  expect(readdirSync(dir)).toEqual([]);
});

test('the lock names the owner by pid, start time and boot id', () => {
  const dir = newDir();
  const release = lockDataDir(dir);
  expect(lockOwner(dir)).toEqual({
    pid: process.pid,
    startTime: ownStartTime(),
    bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
  });
  release();
});

// The restarted server in a container gets the pid its killed predecessor wrote: the
// lock must see that it is not held by the process that is asking.
test.each([
  ['its own pid with another start time', () => ({ startTime: '1' })],
  ['its own pid from another boot', () => ({ bootId: '00000000-0000-0000-0000-000000000000' })],
  ['its own pid in the older pid-only format', () => null],
])('a stale lock naming %s is taken over', (_name, differences) => {
  const dir = newDir();
  const changes = differences();
  writeFileSync(
    join(dir, LOCK),
    changes === null
      ? String(process.pid)
      : JSON.stringify({
          pid: process.pid,
          startTime: ownStartTime(),
          bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
          ...changes,
        }),
  );
  const release = lockDataDir(dir);
  expect(lockOwner(dir).startTime).toBe(ownStartTime());
  release();
});

test('a stale lock whose pid now belongs to an unrelated live process is taken over', () => {
  const dir = newDir();
  // Our parent is alive, but it started at another time than the lock says.
  writeFileSync(
    join(dir, LOCK),
    JSON.stringify({ pid: process.ppid, startTime: '1', bootId: null }),
  );
  const release = lockDataDir(dir);
  expect(lockOwner(dir).pid).toBe(process.pid);
  release();
});

test('a stale lock left by a dead process is taken over', () => {
  const dir = newDir();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  writeFileSync(join(dir, LOCK), dead.stdout.toString());
  const release = lockDataDir(dir);
  expect(lockOwner(dir).pid).toBe(process.pid);
  release();
});

test('a lock held by another live process is refused; once it is killed with SIGKILL, the lock is taken over', async () => {
  const dir = newDir();
  const holder = startHolder(dir);
  try {
    expect(await holder.outcome).toBe('locked');
    expect(lockOwner(dir).pid).toBe(holder.child.pid);
    expect(() => lockDataDir(dir)).toThrow(
      new RegExp(`is in use by process ${holder.child.pid}\\. Stop that process first`),
    );
  } finally {
    holder.child.kill('SIGKILL');
    await holder.exited;
  }
  // The killed holder could not remove its file: the next start finds it and takes over.
  expect(lockOwner(dir).pid).toBe(holder.child.pid);
  const release = lockDataDir(dir);
  expect(lockOwner(dir).pid).toBe(process.pid);
  release();
});

test('starters racing for one stale lock: exactly one takes it', async () => {
  const dir = newDir();
  writeFileSync(
    join(dir, LOCK),
    JSON.stringify({ pid: process.pid, startTime: '1', bootId: null }),
  );
  const holders = Array.from({ length: 4 }, () => startHolder(dir));
  try {
    const outcomes = await Promise.all(
      holders.map((holder) => holder.outcome.catch((error: unknown) => (error as Error).message)),
    );
    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    const winner = holders[outcomes.indexOf('locked')]!;
    expect(lockOwner(dir).pid).toBe(winner.child.pid);
    for (const outcome of outcomes.filter((o) => o !== 'locked'))
      expect(outcome).toMatch(/refused: .*in use by process \d+|could not lock/i);
  } finally {
    for (const holder of holders) holder.child.kill('SIGKILL');
    await Promise.all(holders.map((holder) => holder.exited));
  }
}, 60_000);

test('the data directory and its missing parents are created', () => {
  const dir = join(newDir(), 'a', 'b');
  lockDataDir(dir)();
  expect(existsSync(dir)).toBe(true);
});

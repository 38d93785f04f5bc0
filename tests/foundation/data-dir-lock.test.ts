import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../server/data-dir-lock.js';

test('a held lock refuses a second holder; release frees it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmf-lock-'));
  const release = lockDataDir(dir);
  expect(readFileSync(join(dir, 'xinmofang.lock'), 'utf8')).toBe(String(process.pid));
  expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
  release();
  expect(existsSync(join(dir, 'xinmofang.lock'))).toBe(false);
  lockDataDir(dir)();
});

test('a stale lock left by a dead process is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmf-lock-'));
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  writeFileSync(join(dir, 'xinmofang.lock'), dead.stdout.toString());
  const release = lockDataDir(dir);
  expect(readFileSync(join(dir, 'xinmofang.lock'), 'utf8')).toBe(String(process.pid));
  release();
});

test('the data directory and its missing parents are created', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'xmf-lock-')), 'a', 'b');
  lockDataDir(dir)();
  expect(existsSync(dir)).toBe(true);
});

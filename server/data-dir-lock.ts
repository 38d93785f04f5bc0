import { randomBytes } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'xinmofang.lock';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/**
 * Who holds a lock: the pid alone is not an identity, because pids are reused — after a
 * reboot, and at once in a container, where a restarted server often gets the very pid
 * its killed predecessor wrote. The process's start time (clock ticks since boot) and the
 * kernel's boot id make it one: a pid with another start time or boot id is another process.
 */
interface LockOwner {
  pid: number;
  /** Field 22 of /proc/<pid>/stat; null where there is no /proc (or in a file from before). */
  startTime: string | null;
  bootId: string | null;
}

/** Data directories locked by this process, so that it refuses to open one twice. */
const heldHere = new Set<string>();

/**
 * Takes an exclusive lock on a PGlite data directory. PGlite has no lock of its own:
 * two processes on one directory silently lose rows. The lock file names the owner by
 * pid, start time and boot id (see docs/decisions/0021-data-dir-lock.md). A lock whose
 * owner is gone — dead, rebooted away, or its pid now another process, this one
 * included — is taken over; a live owner's lock is refused with a DataDirInUseError.
 * Returns a function that releases the lock.
 *
 * @example
 * const release = lockDataDir('./data');
 * try { ...use ./data... } finally { release(); }
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const key = realpathSync(dataDir);
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(key)) throw inUse(dataDir, process.pid, ' (this process itself)');
  const mine = serialise(currentProcess());
  // Each round either takes the lock, refuses, or removes one stale file; a few rounds
  // cover a race with other starters, and the last refusal names what was found.
  for (let round = 0; round < 5; round += 1) {
    if (createExclusively(path, mine)) {
      heldHere.add(key);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(key);
        // Remove the file only while it is still ours, never a successor's.
        if (readOrNull(path) === mine) rmSync(path, { force: true });
      };
    }
    const found = readOrNull(path);
    if (found === null) continue; // Released between our attempt and our look.
    const owner = parse(found);
    if (owner && isAlive(owner)) throw inUse(dataDir, owner.pid, '');
    removeIfUnchanged(path, found);
  }
  throw new DataDirInUseError(
    `Could not lock the data directory ${dataDir}: other processes keep taking it.`,
  );
}

function inUse(dataDir: string, pid: number, who: string): DataDirInUseError {
  return new DataDirInUseError(
    `The data directory ${dataDir} is in use by process ${pid}${who}. ` +
      'Stop that process first, or set DATA_DIR to another directory. ' +
      '(PGlite allows one process per data directory.)',
  );
}

/**
 * Creates the lock file with its whole content, or returns false if one exists. The
 * content is written to a private file first and then hard-linked into place: link() is
 * atomic and refuses an existing name, so nobody ever reads a half-written lock.
 */
function createExclusively(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, content, { flag: 'wx' });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Removes a stale lock file, but only the one judged stale: if another starter took the
 * lock over in the meantime, its fresh file is what the rename moved, and it is put back.
 */
function removeIfUnchanged(path: string, judged: string): void {
  const aside = `${path}.stale.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readOrNull(aside) !== judged) {
      try {
        linkSync(aside, path);
      } catch {
        // A third starter has created a lock in this instant; it holds the directory.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function isAlive(owner: LockOwner): boolean {
  // A pid is one process at a time: a file naming ours belongs to a dead predecessor,
  // unless this very process took it (checked by the caller through heldHere).
  if (owner.pid === process.pid) return false;
  const me = currentProcess();
  if (owner.bootId !== null && me.bootId !== null && owner.bootId !== me.bootId) return false;
  if (me.startTime !== null) {
    // /proc shows this process's own pid namespace, so it can judge the owner.
    const stat = readProcStat(String(owner.pid));
    if (stat === null) return false;
    if (stat.state === 'Z' || stat.state === 'X') return false; // Killed, not yet reaped.
    return owner.startTime === null || owner.startTime === stat.startTime;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let cachedSelf: LockOwner | undefined;

function currentProcess(): LockOwner {
  if (cachedSelf) return cachedSelf;
  const stat = readProcStat('self');
  // A /proc mounted for another pid namespace names us by another pid: unusable.
  const usable = stat !== null && stat.pid === process.pid;
  let bootId: string | null = null;
  try {
    bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    // Not Linux: the pid and its start time (when known) must do.
  }
  cachedSelf = { pid: process.pid, startTime: usable ? stat.startTime : null, bootId };
  return cachedSelf;
}

function readProcStat(pid: string): { pid: number; state: string; startTime: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // No such process (or no /proc at all).
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the
  // last ")"; the fields from there start at field 3, so field 22 is at index 19.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const startTime = fields[19];
  if (fields[0] === undefined || startTime === undefined) return null;
  return { pid: Number.parseInt(text, 10), state: fields[0], startTime };
}

function serialise(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** The owner a lock file names; a bare pid is the format before start times were kept. */
function parse(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null, bootId: null };
  try {
    const value = JSON.parse(trimmed) as Partial<LockOwner>;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0) return null;
    return {
      pid: value.pid as number,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      bootId: typeof value.bootId === 'string' ? value.bootId : null,
    };
  } catch {
    return null;
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

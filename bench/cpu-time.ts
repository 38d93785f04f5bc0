/**
 * Where a benchmark's CPU goes: this Node process's, and the local PostgreSQL server's
 * (the postmaster and its backends, read from /proc). On a 2-core machine the two compete,
 * so a sale's cost is the sum; printing both says which side to work on (decision 0035).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Milliseconds of CPU used so far by this process (user + system). */
export function nodeCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime, stime, cutime, cstime and the parent pid of a process, or null once it is gone. */
function processTimes(pid: number): { ppid: number; own: number; children: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which may hold spaces, in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = (index: number) => Number(fields[index]);
    return { ppid: at(1), own: at(11) + at(12), children: at(13) + at(14) };
  } catch {
    return null;
  }
}

/**
 * A reader of the CPU milliseconds the PostgreSQL server at `url` has used so far — its
 * postmaster, every live child, and the children it has already reaped — or null when that
 * server is not on this machine or its files cannot be read (then the figure is not shown).
 */
export async function postgresCpuReader(url: string): Promise<(() => number) | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    const pidFile = readFileSync(join(rows[0]!.data_directory, 'postmaster.pid'), 'utf8');
    const postmaster = Number(pidFile.split('\n')[0]);
    if (!processTimes(postmaster)) return null;
    const tickMs = 1000 / clockTicks();
    return () => {
      let ticks = 0;
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const pid = Number(entry);
        const times = processTimes(pid);
        if (!times) continue;
        if (pid === postmaster) ticks += times.own + times.children;
        else if (times.ppid === postmaster) ticks += times.own;
      }
      return ticks * tickMs;
    };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

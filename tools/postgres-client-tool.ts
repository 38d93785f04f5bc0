import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a PostgreSQL client program (pg_dump, pg_restore) lives: on PATH, or in the
 * newest /usr/lib/postgresql/<version>/bin, where Debian installs it without linking.
 */
export function postgresTool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const path = join(root, version, 'bin', name);
      if (existsSync(path)) return path;
    }
  }
  throw new Error(`${name} is not installed (apt-get install postgresql-client)`);
}

/**
 * A connection URL split so that the password never appears on a command line (where
 * `ps` shows it to every user): the URL without it, and an environment carrying it.
 */
export function withoutPassword(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { url: parsed.toString(), env };
}

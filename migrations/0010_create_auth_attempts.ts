import { sql, type Kysely } from 'kysely';

/**
 * Attempt counters for passwords and PINs, one row per key (`pin:<user>`,
 * `password:<user>:<ip>`, `approval:<user>`). An attempt takes its slot here before the
 * slow check, in one statement, so parallel guesses cannot all pass a stale count
 * (docs/decisions/0022-login-limits.md). It replaces the counters on `users`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE auth_attempts (
      key text PRIMARY KEY,
      window_started timestamptz NOT NULL,
      attempts integer NOT NULL CHECK (attempts >= 0)
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

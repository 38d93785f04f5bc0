import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../ledger/schema/database.js';
import { Refusal } from '../../ledger/core/errors.js';
import type { HashingQueue } from './hashing-queue.js';

/** Wrong tries allowed per key within one window, and how long a window (and lock) lasts. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

export interface GuardedCheck {
  /** What is being counted, e.g. `pin:<userId>`; null for a check nobody can be locked by
   * (an unknown username against the decoy hash). */
  key: string | null;
  /** The slow check, run only after an attempt slot was taken. */
  verify: () => Promise<boolean>;
  queue: HashingQueue;
  now: Date;
}

export interface GuardedResult {
  ok: boolean;
  /** This failure used the window's last slot: the key is locked from now on. */
  locked: boolean;
}

/**
 * The one way a password or PIN is checked (logins, approval PINs, changing one's own
 * secret). The attempt is counted before the slow scrypt check, in one atomic upsert that
 * refuses when the window already holds MAX_FAILED_ATTEMPTS; so however many guesses
 * arrive at once, at most that many are ever verified per key and window, and a right
 * secret among them is refused once the slots are gone. A success empties the counter.
 * Throws `login_busy` when the hashing queue is full, `too_many_attempts` when locked.
 */
export async function checkSecretGuarded(
  db: Kysely<Database>,
  check: GuardedCheck,
): Promise<GuardedResult> {
  const ticket = check.queue.admit();
  try {
    let attempt = 0;
    if (check.key !== null) {
      attempt = await reserveAttempt(db, check.key, check.now);
    }
    const ok = await ticket.run(check.verify);
    if (check.key === null) return { ok, locked: false };
    if (ok) {
      await sql`
        UPDATE auth_attempts SET attempts = 0, window_started = ${check.now}::timestamptz
        WHERE key = ${check.key}`.execute(db);
      return { ok, locked: false };
    }
    const locked = attempt >= MAX_FAILED_ATTEMPTS;
    if (locked) {
      // The lock lasts a full window from the failure that used the last slot.
      await sql`
        UPDATE auth_attempts SET window_started = ${check.now}::timestamptz
        WHERE key = ${check.key} AND attempts >= ${MAX_FAILED_ATTEMPTS}::int`.execute(db);
    }
    return { ok, locked };
  } finally {
    ticket.release();
  }
}

/**
 * Takes one attempt slot for `key` and returns its number in the window (1…MAX), or
 * refuses with `too_many_attempts` and the seconds until the window ends. The upsert's
 * row lock makes concurrent reservations for one key take turns on PostgreSQL; PGlite has
 * one connection, so statements are serial there anyway.
 */
async function reserveAttempt(db: Kysely<Database>, key: string, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - LOCKOUT_MS);
  const reserved = await sql<{ attempts: number }>`
    INSERT INTO auth_attempts AS a (key, window_started, attempts)
    VALUES (${key}, ${now}::timestamptz, 1)
    ON CONFLICT (key) DO UPDATE SET
      window_started = CASE WHEN a.window_started <= ${cutoff}::timestamptz
        THEN ${now}::timestamptz ELSE a.window_started END,
      attempts = CASE WHEN a.window_started <= ${cutoff}::timestamptz
        THEN 1 ELSE a.attempts + 1 END
    WHERE a.window_started <= ${cutoff}::timestamptz OR a.attempts < ${MAX_FAILED_ATTEMPTS}::int
    RETURNING attempts`.execute(db);
  const row = reserved.rows[0];
  if (row) return Number(row.attempts);
  const current = await sql<{ window_started: Date | string }>`
    SELECT window_started FROM auth_attempts WHERE key = ${key}`.execute(db);
  const started = current.rows[0] ? new Date(current.rows[0].window_started) : now;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((started.getTime() + LOCKOUT_MS - now.getTime()) / 1000),
  );
  throw new Refusal(
    'too_many_attempts',
    `Too many wrong attempts; try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}

/** Forgets the counters of a user whose secret an admin just reset. */
export async function clearAttempts(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
): Promise<void> {
  await sql`
    DELETE FROM auth_attempts
    WHERE key IN (${`pin:${userId}`}, ${`approval:${userId}`})
       OR key LIKE ${`password:${userId}:%`}`.execute(db);
}

export function pinKey(userId: string): string {
  return `pin:${userId}`;
}
export function passwordKey(userId: string, ip: string | null): string {
  return `password:${userId}:${ip ?? 'unknown'}`;
}
export function approvalKey(userId: string): string {
  return `approval:${userId}`;
}

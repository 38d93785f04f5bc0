import { Refusal } from '../../ledger/core/errors.js';
import type { Deps } from '../app-env.js';

/** Failed or pending logins one address may have per minute, across all usernames. */
export const MAX_LOGINS_PER_IP_PER_MINUTE = 30;
const MINUTE_MS = 60_000;

interface Window {
  started: number;
  count: number;
}

// One table per running app (per `Deps`), so separate apps — and tests — do not share it.
// In memory on purpose: it protects this process's CPU, and a restart forgetting it is
// harmless because the per-user counters in the database still hold.
const windows = new WeakMap<Deps, Map<string, Window>>();

/**
 * Counts a login attempt from `ip` before any slow work, refusing with
 * `too_many_attempts` beyond the minute's limit. Returns a function that forgives the
 * attempt when it succeeds, so a till logging in often is never limited.
 */
export function takeLoginSlot(deps: Deps, ip: string | null): () => void {
  let table = windows.get(deps);
  if (!table) {
    table = new Map();
    windows.set(deps, table);
  }
  const key = ip ?? 'unknown';
  const now = deps.now().getTime();
  let window = table.get(key);
  if (!window || now - window.started >= MINUTE_MS || now < window.started) {
    window = { started: now, count: 0 };
    table.set(key, window);
    if (table.size > 10_000) pruneOld(table, now);
  }
  if (window.count >= MAX_LOGINS_PER_IP_PER_MINUTE) {
    const retryAfterSeconds = Math.max(1, Math.ceil((window.started + MINUTE_MS - now) / 1000));
    throw new Refusal(
      'too_many_attempts',
      `Too many logins from this address; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
  window.count += 1;
  const counted = window;
  let forgiven = false;
  return () => {
    if (forgiven) return;
    forgiven = true;
    counted.count = Math.max(0, counted.count - 1);
  };
}

function pruneOld(table: Map<string, Window>, now: number): void {
  for (const [key, window] of table) if (now - window.started >= MINUTE_MS) table.delete(key);
}

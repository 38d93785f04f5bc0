import type { Role } from '../../ledger/schema/database.js';

/** What a request's session resolves to: the session and its user, as stored. */
export interface SessionRow {
  sessionId: string;
  csrf_token: string;
  expires_at: Date;
  revoked_at: Date | null;
  userId: string;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
}

/** How long a resolved session is trusted without asking the database again. */
export const SESSION_CACHE_MS = 5_000;
/** Sessions kept at most; the oldest go first (a shop has a handful). */
const MAX_ENTRIES = 10_000;

/**
 * Valid sessions by token hash, for a few seconds: a till posting a sale every few
 * seconds need not look its session up every time (decision 0033). Whatever this process
 * changes about a session or a user — logout, a password or PIN change, a role change or
 * deactivation — forgets the user's entries once it has committed, so here it takes
 * effect at once; a change made outside this process (another server, raw SQL) takes
 * effect within SESSION_CACHE_MS. Expiry is checked on every request against the
 * session's own `expires_at`, never cached.
 */
export class SessionCache {
  readonly #entries = new Map<string, { row: SessionRow; until: number }>();

  constructor(private readonly ttlMs = SESSION_CACHE_MS) {}

  /** The session for `tokenHash`, from here when fresh, else from `load` (kept if valid). */
  async resolve(
    tokenHash: string,
    nowMs: number,
    load: () => Promise<SessionRow | undefined>,
  ): Promise<SessionRow | undefined> {
    const cached = this.#entries.get(tokenHash);
    if (cached && cached.until > nowMs) return cached.row;
    this.#entries.delete(tokenHash);
    const row = await load();
    if (row && !row.revoked_at && row.active) {
      if (this.#entries.size >= MAX_ENTRIES) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
      this.#entries.set(tokenHash, { row, until: nowMs + this.ttlMs });
    }
    return row;
  }

  /** Forgets every session of a user: call after the change has committed. */
  forgetUser(userId: string): void {
    for (const [hash, entry] of this.#entries) {
      if (entry.row.userId === userId) this.#entries.delete(hash);
    }
  }
}

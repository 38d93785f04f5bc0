import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../ledger/schema/database.js';
import { Refusal } from '../../ledger/core/errors.js';
import type { AppEnv, Auth } from '../app-env.js';
import { hashToken } from './secrets.js';

export const SESSION_COOKIE = 'xmf_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer` or the session cookie, and refuses
 * cookie-authenticated writes without the session's CSRF token. A browser also sends
 * Origin on writes; one that names another site is refused whatever the credentials.
 * Every answer to a request that carries credentials is `Cache-Control: no-store`: it
 * may show what only that user may see (an aid recipient, a till's takings), and no
 * browser or proxy cache may keep it. Anonymous answers (public pages) stay cacheable.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const credentialed =
    c.req.header('authorization') !== undefined || getCookie(c, SESSION_COOKIE) !== undefined;
  if (credentialed) c.header('Cache-Control', 'no-store');
  await resolveCaller(c, next);
  // A handler may have built its own Response; make sure it says no-store too.
  if (credentialed || c.var.auth) c.res.headers.set('Cache-Control', 'no-store');
});

const resolveCaller = createMiddleware<AppEnv>(async (c, next) => {
  const { db, now, sessions } = c.var.deps;
  const method = c.req.method.toUpperCase();
  const unsafe = !SAFE_METHODS.has(method);

  if (unsafe) {
    const origin = c.req.header('origin');
    if (origin && origin !== 'null') {
      const requestHost = c.req.header('host');
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (!requestHost || originHost !== requestHost) {
        throw new Refusal('csrf_failed', 'Cross-site request refused (Origin does not match).');
      }
    }
  }

  const authorization = c.req.header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const token = bearer ?? getCookie(c, SESSION_COOKIE);
  c.set('auth', undefined);
  if (!token) return next();

  // Wall-clock time for the cache; `now` (injectable) decides expiry.
  const tokenHash = hashToken(token);
  const row = await sessions.resolve(tokenHash, Date.now(), () =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as sessionId',
        'sessions.csrf_token',
        'sessions.expires_at',
        'sessions.revoked_at',
        'users.id as userId',
        'users.username',
        'users.display_name',
        'users.role',
        'users.active',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst(),
  );

  if (!row || row.revoked_at || !row.active) {
    if (bearer) throw new Refusal('unauthenticated', 'The token is not valid.');
    return next(); // A stale cookie is the same as none: public pages still work.
  }
  if (row.expires_at.getTime() <= now().getTime()) {
    throw new Refusal('session_expired', 'The session has expired; please log in again.');
  }
  const auth: Auth = {
    user: { id: row.userId, username: row.username, displayName: row.display_name, role: row.role },
    sessionId: row.sessionId,
    csrfToken: row.csrf_token,
    via: bearer ? 'bearer' : 'cookie',
  };
  if (unsafe && auth.via === 'cookie' && c.req.header(CSRF_HEADER) !== auth.csrfToken) {
    throw new Refusal('csrf_failed', 'Missing or wrong CSRF token (send the X-CSRF-Token header).');
  }
  c.set('auth', auth);
  return next();
});

/**
 * What each role may do, beyond its own name. A manager can do everything a cashier
 * can; an admin can do everything (DESIGN.md, Roles).
 */
const IMPLIED_ROLES: Record<Role, readonly Role[]> = {
  cashier: ['cashier'],
  manager: ['manager', 'cashier'],
  accountant: ['accountant'],
  admin: ['admin', 'manager', 'cashier', 'accountant'],
};

export function hasRole(role: Role, wanted: Role): boolean {
  return IMPLIED_ROLES[role].includes(wanted);
}

/** Lets the request through only for a logged-in user holding one of `roles`. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.var.auth;
    if (!auth) throw new Refusal('unauthenticated', 'Please log in.');
    if (!roles.some((role) => hasRole(auth.user.role, role))) {
      throw new Refusal('forbidden', `This needs the role ${roles.join(' or ')}.`);
    }
    return next();
  });
}

/** The logged-in user; only for handlers behind `requireRole`. */
export function currentAuth(c: { var: { auth: Auth | undefined } }): Auth {
  const auth = c.var.auth;
  if (!auth) throw new Refusal('unauthenticated', 'Please log in.');
  return auth;
}

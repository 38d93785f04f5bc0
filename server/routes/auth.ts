import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { Refusal } from '../../ledger/core/errors.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { checkSecretGuarded, passwordKey, pinKey } from '../auth/attempts.js';
import { clientIp } from '../auth/client-ip.js';
import { loginHashing } from '../auth/hashing-queue.js';
import { takeLoginSlot } from '../auth/login-rate.js';
import { currentAuth, SESSION_COOKIE } from '../auth/middleware.js';
import { hashNewSecret, PIN_ROLES } from '../auth/users.js';
import { hashSecret, hashToken, newToken, verifySecret } from '../auth/secrets.js';
import { loginAnswerSchema, meAnswerSchema } from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { readJson } from '../validate.js';

/** Failed attempts before a lockout, and how long it lasts (server/auth/attempts.ts). */
export { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from '../auth/attempts.js';

const pinSchema = z.string().regex(/^\d{4,6}$/, 'a PIN of 4 to 6 digits');

const loginBody = z.union([
  z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  z.strictObject({ username: z.string().min(1).max(64), pin: pinSchema }),
]);

const changeSecretBody = z.union([
  z.strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(10, 'at least 10 characters').max(256),
  }),
  z.strictObject({ currentPin: pinSchema, newPin: pinSchema }),
]);

// A hash to check against when the username is unknown, so that the answer takes as long
// as for a known user and does not reveal which usernames exist.
const decoyHash = hashSecret('decoy-secret-never-matches');

/** Sets Retry-After for the refusals that carry `retryAfterSeconds`, then rethrows. */
async function withRetryAfter<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const seconds = (error as Refusal).details as { retryAfterSeconds?: unknown } | undefined;
    if (error instanceof Refusal && typeof seconds?.retryAfterSeconds === 'number') {
      c.header('Retry-After', String(seconds.retryAfterSeconds));
    }
    throw error;
  }
}

export const authRoutes = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const deps = c.var.deps;
    const { db, now, config } = deps;
    // The answer carries the session token: no cache may keep it.
    c.header('Cache-Control', 'no-store');
    const body = await readJson(c, loginBody);
    const secret = 'password' in body ? body.password : body.pin;
    const method = 'password' in body ? 'password' : 'pin';
    const username = body.username.trim().toLowerCase();
    const ip = clientIp(c);
    const at = now();

    const { user, ok, locked } = await withRetryAfter(c, async () => {
      const forgive = takeLoginSlot(deps, ip);
      const found = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const stored = !found?.active
        ? null
        : method === 'password'
          ? found.password_hash
          : PIN_ROLES.includes(found.role)
            ? found.pin_hash
            : null;
      if (!found || !stored) {
        // Unknown, deactivated, or no such secret (an admin's PIN): the same answer and
        // about the same time as a wrong secret, and nobody's counter moves.
        await checkSecretGuarded(db, {
          key: null,
          now: at,
          queue: loginHashing,
          verify: async () => verifySecret(secret, await decoyHash),
        });
        return { user: undefined, ok: false, locked: false };
      }
      const result = await checkSecretGuarded(db, {
        key: method === 'pin' ? pinKey(found.id) : passwordKey(found.id, ip),
        now: at,
        queue: loginHashing,
        verify: () => verifySecret(secret, stored),
      });
      if (result.ok) forgive();
      return { user: found, ...result };
    });
    if (!user || !ok) {
      if (user) {
        await audit(db, {
          actorId: user.id,
          action: locked ? 'login_locked' : 'login_failed',
          subject: user.username,
          details: { method },
          ip,
        });
      }
      throw new Refusal('invalid_credentials', 'Wrong username, password or PIN.');
    }

    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(at.getTime() + config.sessionTtlHours * 3600_000);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id: randomUUID(),
          token_hash: hashToken(token),
          csrf_token: csrfToken,
          user_id: user.id,
          expires_at: expiresAt,
        })
        .execute();
      await audit(trx, {
        actorId: user.id,
        action: 'login',
        subject: user.username,
        details: { method },
        ip,
      });
    });
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      expires: expiresAt,
    });
    return c.json({
      user: {
        id: user.id,
        username: user.username,
        role: user.role,
        displayName: user.display_name,
      },
      token,
      csrfToken,
      expiresAt: expiresAt.toISOString(),
    });
  })
  .post('/logout', async (c) => {
    const auth = currentAuth(c);
    const { db, now, sessions } = c.var.deps;
    await db
      .updateTable('sessions')
      .set({ revoked_at: now() })
      .where('id', '=', auth.sessionId)
      .execute();
    sessions.forgetUser(auth.user.id);
    await audit(db, { actorId: auth.user.id, action: 'logout', subject: auth.user.username });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  })
  .get('/me', (c) => {
    const auth = currentAuth(c);
    return c.json({
      user: {
        id: auth.user.id,
        username: auth.user.username,
        role: auth.user.role,
        displayName: auth.user.displayName,
      },
      csrfToken: auth.csrfToken,
    });
  })
  .post('/password', async (c) => {
    const auth = currentAuth(c);
    const { db, now } = c.var.deps;
    const body = await readJson(c, changeSecretBody);
    const ip = clientIp(c);
    const method = 'currentPassword' in body ? 'password' : 'pin';
    if (method === 'pin' && !PIN_ROLES.includes(auth.user.role)) {
      throw new Refusal('invalid_input', 'Admins and accountants log in by password only.', [
        { path: 'newPin', problem: 'not_allowed' },
      ]);
    }
    const current = 'currentPassword' in body ? body.currentPassword : body.currentPin;
    const replacement = 'currentPassword' in body ? body.newPassword : body.newPin;
    const row = await db
      .selectFrom('users')
      .select(['password_hash', 'pin_hash'])
      .where('id', '=', auth.user.id)
      .executeTakeFirstOrThrow();
    const stored = method === 'password' ? row.password_hash : row.pin_hash;
    const at = now();
    const { ok } = await withRetryAfter(c, () =>
      checkSecretGuarded(db, {
        key: method === 'pin' ? pinKey(auth.user.id) : passwordKey(auth.user.id, ip),
        now: at,
        queue: loginHashing,
        verify: async () =>
          (await verifySecret(current, stored ?? (await decoyHash))) && stored !== null,
      }),
    );
    if (!ok) {
      await audit(db, {
        actorId: auth.user.id,
        action: `${method}_change_failed`,
        subject: auth.user.username,
        ip,
      });
      throw new Refusal(
        'invalid_credentials',
        `The current ${method === 'pin' ? 'PIN' : 'password'} is wrong.`,
      );
    }
    const hash = await hashNewSecret(replacement);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set(method === 'pin' ? { pin_hash: hash } : { password_hash: hash })
        .where('id', '=', auth.user.id)
        .execute();
      // Whoever knew the old secret may hold another session: end all but this one.
      await trx
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('user_id', '=', auth.user.id)
        .where('id', '!=', auth.sessionId)
        .where('revoked_at', 'is', null)
        .execute();
      await audit(trx, {
        actorId: auth.user.id,
        action: `${method}_changed`,
        subject: auth.user.username,
        ip,
      });
    });
    c.var.deps.sessions.forgetUser(auth.user.id);
    return c.json({ ok: true });
  });

documentRoute({
  method: 'post',
  path: '/api/auth/login',
  response: { 200: loginAnswerSchema },
  summary:
    'Log in with a password or a PIN; sets the session cookie and returns a bearer token and CSRF token',
  tag: 'auth',
  roles: ['public'],
  body: loginBody,
  responses: {
    200: '{"user","token","csrfToken","expiresAt"}',
    401: 'invalid_credentials (also for a deactivated user, or a PIN of an admin or accountant)',
    429: 'too_many_attempts (5 wrong per user and PIN, or per user and address for passwords, in 5 minutes; 30 per address per minute)',
    503: 'login_busy (too many logins being checked at once; Retry-After)',
  },
  errors: ['invalid_credentials', 'too_many_attempts', 'login_busy'],
});
documentRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: 'End the session',
  tag: 'auth',
  roles: ['cashier', 'manager', 'accountant', 'admin'],
  responses: { 200: 'ok' },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/auth/me',
  response: { 200: meAnswerSchema },
  summary: 'The logged-in user and the CSRF token',
  tag: 'auth',
  roles: ['cashier', 'manager', 'accountant', 'admin'],
  responses: { 200: '{"user","csrfToken"}' },
  errors: [],
});
documentRoute({
  method: 'post',
  path: '/api/auth/password',
  summary:
    'Change your own password (currentPassword + newPassword) or, for cashiers and managers, your PIN (currentPin + newPin); ends your other sessions',
  tag: 'auth',
  roles: ['cashier', 'manager', 'accountant', 'admin'],
  body: changeSecretBody,
  responses: {
    200: 'ok',
    401: 'invalid_credentials (the current secret is wrong) or unauthenticated',
  },
  errors: ['invalid_credentials', 'too_many_attempts', 'login_busy'],
});

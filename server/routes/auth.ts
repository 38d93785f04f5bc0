import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { sql } from 'kysely';
import { z } from 'zod';
import { Refusal } from '../../ledger/errors.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, SESSION_COOKIE } from '../auth/middleware.js';
import { hashSecret, hashToken, newToken, verifySecret } from '../auth/secrets.js';
import { documentRoute } from '../openapi.js';
import { readJson } from '../validate.js';

/** Failed attempts before a lockout, and how long it lasts. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

const loginBody = z.union([
  z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  z.strictObject({
    username: z.string().min(1).max(64),
    pin: z.string().regex(/^\d{4,6}$/, 'a PIN of 4 to 6 digits'),
  }),
]);

// A hash to check against when the username is unknown, so that the answer takes as long
// as for a known user and does not reveal which usernames exist.
const decoyHash = hashSecret('decoy-secret-never-matches');

export const authRoutes = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const { db, now, config } = c.var.deps;
    const body = await readJson(c, loginBody);
    const secret = 'password' in body ? body.password : body.pin;
    const method = 'password' in body ? 'password' : 'pin';
    const username = body.username.trim().toLowerCase();
    const ip = c.req.header('x-forwarded-for') ?? null;

    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    if (!user || !user.active) {
      await verifySecret(secret, await decoyHash);
      throw new Refusal('invalid_credentials', 'Wrong username, password or PIN.');
    }
    const at = now();
    if (user.locked_until && user.locked_until.getTime() > at.getTime()) {
      const retryAfterSeconds = Math.ceil((user.locked_until.getTime() - at.getTime()) / 1000);
      c.header('Retry-After', String(retryAfterSeconds));
      throw new Refusal(
        'too_many_attempts',
        `Too many wrong attempts; try again in ${retryAfterSeconds} s.`,
        {
          retryAfterSeconds,
        },
      );
    }
    const stored = method === 'password' ? user.password_hash : user.pin_hash;
    const ok = stored ? await verifySecret(secret, stored) : false;
    if (!ok) {
      // One atomic statement, so parallel guesses cannot slip past the count.
      const lockUntil = new Date(at.getTime() + LOCKOUT_MS);
      const updated = await db
        .updateTable('users')
        .set({
          failed_attempts: sql<number>`CASE WHEN failed_attempts + 1 >= ${MAX_FAILED_ATTEMPTS} THEN 0 ELSE failed_attempts + 1 END`,
          locked_until: sql<Date>`CASE WHEN failed_attempts + 1 >= ${MAX_FAILED_ATTEMPTS} THEN ${lockUntil.toISOString()}::timestamptz ELSE locked_until END`,
        })
        .where('id', '=', user.id)
        .returning(['locked_until'])
        .executeTakeFirstOrThrow();
      const lockedNow = updated.locked_until?.getTime() === lockUntil.getTime();
      await audit(db, {
        actorId: user.id,
        action: lockedNow ? 'login_locked' : 'login_failed',
        subject: user.username,
        details: { method },
        ip,
      });
      throw new Refusal('invalid_credentials', 'Wrong username, password or PIN.');
    }

    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(at.getTime() + config.sessionTtlHours * 3600_000);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_attempts: 0, locked_until: null })
        .where('id', '=', user.id)
        .execute();
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
    const { db, now } = c.var.deps;
    await db
      .updateTable('sessions')
      .set({ revoked_at: now() })
      .where('id', '=', auth.sessionId)
      .execute();
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
  });

documentRoute({
  method: 'post',
  path: '/api/auth/login',
  summary:
    'Log in with a password or a PIN; sets the session cookie and returns a bearer token and CSRF token',
  tag: 'auth',
  roles: ['public'],
  body: loginBody,
  responses: {
    200: '{"user","token","csrfToken","expiresAt"}',
    400: 'invalid_input',
    401: 'invalid_credentials',
    429: 'too_many_attempts',
  },
});
documentRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: 'End the session',
  tag: 'auth',
  roles: ['cashier', 'manager', 'accountant', 'admin'],
  responses: { 200: 'ok', 401: 'unauthenticated' },
});
documentRoute({
  method: 'get',
  path: '/api/auth/me',
  summary: 'The logged-in user and the CSRF token',
  tag: 'auth',
  roles: ['cashier', 'manager', 'accountant', 'admin'],
  responses: { 200: '{"user","csrfToken"}', 401: 'unauthenticated' },
});

import { expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../server/app.js';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code ?? `(no error code; status ${response.status})`;
}

describeEachDatabase('foundation: health, auth, users', (database) => {
  const api = () => createTestApp(database);

  async function countUsers(): Promise<number> {
    const row = await database.current.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test('GET /health names the database kind', async () => {
    const response = await api().request('GET', '/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: database.kind });
  });

  test('admin creates a cashier who logs in by PIN; the 6th wrong PIN is locked out for 5 minutes', async () => {
    const t = api();
    const admin = await t.login('admin', { password: 'admin password 123' });
    const created = await t.request('POST', '/api/users', {
      token: admin.token,
      body: {
        username: `li-${database.kind}`,
        displayName: '李师傅',
        role: 'cashier',
        pin: '2468',
      },
    });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as {
      user: { id: string; username: string; role: string };
    };
    expect(user).toMatchObject({ username: `li-${database.kind}`, role: 'cashier' });

    const good = await t.request('POST', '/api/auth/login', {
      body: { username: user.username, pin: '2468' },
    });
    expect(good.status).toBe(200);
    const session = (await good.json()) as {
      token: string;
      csrfToken: string;
      user: { role: string };
    };
    expect(session.user.role).toBe('cashier');
    expect(good.headers.get('set-cookie')).toMatch(/xmf_session=.*HttpOnly.*SameSite=Strict/i);

    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await t.request('POST', '/api/auth/login', {
        body: { username: user.username, pin: '0000' },
      });
      expect(wrong.status, `attempt ${attempt}`).toBe(401);
      expect(await errorCode(wrong)).toBe('invalid_credentials');
    }
    const sixth = await t.request('POST', '/api/auth/login', {
      body: { username: user.username, pin: '2468' },
    });
    expect(sixth.status).toBe(429);
    expect(await errorCode(sixth)).toBe('too_many_attempts');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(290);

    t.clock.advance(5 * 60 * 1000 + 1000);
    const afterLockout = await t.request('POST', '/api/auth/login', {
      body: { username: user.username, pin: '2468' },
    });
    expect(afterLockout.status).toBe(200);

    const actions = await database.current.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', user.username)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'user_created',
      'login',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_locked',
      'login',
    ]);
  });

  test('only an admin may create users; without login it is 401', async () => {
    const t = api();
    const cashier = await t.login('cashier');
    const body = {
      username: 'sneaky',
      displayName: 'x',
      role: 'admin',
      password: 'long enough password',
    };
    const before = await countUsers();
    const forbidden = await t.request('POST', '/api/users', { token: cashier.token, body });
    expect(forbidden.status).toBe(403);
    expect(await errorCode(forbidden)).toBe('forbidden');
    const anonymous = await t.request('POST', '/api/users', { body });
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe('unauthenticated');
    expect(await countUsers()).toBe(before);
  });

  test.each([
    ['malformed JSON', '{"username": ', 400, 'malformed_json'],
    [
      'wrong type',
      { username: 'ab', displayName: 'x', role: 'cashier', pin: 2468 },
      400,
      'invalid_input',
    ],
    [
      'unknown field',
      { username: 'ab', displayName: 'x', role: 'cashier', pin: '2468', salary: '1' },
      400,
      'invalid_input',
    ],
    [
      'unknown role',
      { username: 'ab', displayName: 'x', role: 'king', pin: '2468' },
      400,
      'invalid_input',
    ],
    ['no secret', { username: 'ab', displayName: 'x', role: 'cashier' }, 400, 'invalid_input'],
    [
      'accountant without password',
      { username: 'ab', displayName: 'x', role: 'accountant', pin: '2468' },
      400,
      'invalid_input',
    ],
    [
      'PIN too short',
      { username: 'ab', displayName: 'x', role: 'cashier', pin: '12' },
      400,
      'invalid_input',
    ],
    [
      'oversized body',
      { username: 'ab', displayName: 'x'.repeat(MAX_BODY_BYTES), role: 'cashier', pin: '2468' },
      413,
      'body_too_large',
    ],
  ])('bad input is refused and writes nothing: %s', async (_name, body, status, code) => {
    const t = api();
    const admin = await t.login('admin');
    const before = await countUsers();
    const response = await t.request('POST', '/api/users', { token: admin.token, body });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
    expect(text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(await countUsers()).toBe(before);
  });

  test('a taken username is 409 username_taken', async () => {
    const t = api();
    const admin = await t.login('admin');
    const body = {
      username: `dup-${database.kind}`,
      displayName: 'x',
      role: 'cashier',
      pin: '1357',
    };
    expect((await t.request('POST', '/api/users', { token: admin.token, body })).status).toBe(201);
    const again = await t.request('POST', '/api/users', { token: admin.token, body });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('username_taken');
  });

  test('wrong password and unknown user give the same answer', async () => {
    const t = api();
    const admin = await t.login('admin', { password: 'the real password' });
    const wrong = await t.request('POST', '/api/auth/login', {
      body: { username: admin.username, password: 'nope nope' },
    });
    const unknown = await t.request('POST', '/api/auth/login', {
      body: { username: 'nobody-here', password: 'nope nope' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  test('cookie-authenticated writes need the CSRF token; a foreign Origin is refused', async () => {
    const t = api();
    const admin = await t.login('admin', { password: 'cookie admin pass' });
    const login = await t.request('POST', '/api/auth/login', {
      body: { username: admin.username, password: 'cookie admin pass' },
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const body = {
      username: `csrf-${database.kind}`,
      displayName: 'x',
      role: 'cashier',
      pin: '1234',
    };
    const before = await countUsers();

    const missing = await t.request('POST', '/api/users', { body, headers: { cookie } });
    expect(missing.status).toBe(403);
    expect(await errorCode(missing)).toBe('csrf_failed');
    const forged = await t.request('POST', '/api/users', {
      body,
      headers: { cookie, 'x-csrf-token': 'forged' },
    });
    expect(await errorCode(forged)).toBe('csrf_failed');
    const foreign = await t.request('POST', '/api/users', {
      body,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        origin: 'https://evil.example',
        host: 'localhost',
      },
    });
    expect(await errorCode(foreign)).toBe('csrf_failed');
    expect(await countUsers()).toBe(before);

    const me = await t.request('GET', '/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { csrfToken: string }).csrfToken).toBe(csrfToken);

    const ok = await t.request('POST', '/api/users', {
      body,
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(ok.status).toBe(201);
  });

  test('an expired session is 401 session_expired; a logged-out token is refused', async () => {
    const t = api();
    const accountant = await t.login('accountant');
    expect((await t.request('GET', '/api/auth/me', { token: accountant.token })).status).toBe(200);
    t.clock.advance(13 * 3600_000);
    const expired = await t.request('GET', '/api/auth/me', { token: accountant.token });
    expect(expired.status).toBe(401);
    expect(await errorCode(expired)).toBe('session_expired');

    const other = await t.login('accountant');
    expect((await t.request('POST', '/api/auth/logout', { token: other.token })).status).toBe(200);
    const after = await t.request('GET', '/api/auth/me', { token: other.token });
    expect(after.status).toBe(401);
    expect(await errorCode(after)).toBe('unauthenticated');
  });

  test('session tokens are stored hashed, secrets are scrypt hashes', async () => {
    const t = api();
    const user = await t.login('manager', { pin: '8642' });
    const sessions = await database.current.db
      .selectFrom('sessions')
      .select('token_hash')
      .execute();
    expect(sessions.some((s) => s.token_hash === user.token)).toBe(false);
    const row = await database.current.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(row.pin_hash).toMatch(/^scrypt\$/);
    expect(row.pin_hash).not.toContain('8642');
  });

  test('unknown API paths are JSON 404; the OpenAPI document lists the routes', async () => {
    const t = api();
    const missing = await t.request('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('not_found');
    const doc = (await (await t.request('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users']),
    );
  });

  test('the audit log is append-only in the database', async () => {
    const db = database.current.db;
    await expect(db.updateTable('audit_log').set({ action: 'tampered' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  test('responses carry secure headers', async () => {
    const response = await api().request('GET', '/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

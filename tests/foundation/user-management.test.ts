import { expect, test } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

async function errorCode(response: Response): Promise<string> {
  const body = (await response.clone().json()) as { error?: { code?: string } };
  return body.error?.code ?? `(no error code; status ${response.status})`;
}

let counter = 0;
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid % 10000}-${counter}`;
}

describeEachDatabase('foundation: user management', (database) => {
  const db = () => database.current.db;

  async function auditActions(subject: string): Promise<string[]> {
    const rows = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', subject)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.action);
  }

  test('an admin deactivates a user: their sessions end, their login is refused like a wrong password, and reactivation lets them back', async () => {
    const t = createTestApp(database);
    const admin = await t.login('admin');
    const username = uniqueName('wang');
    const cashier = await t.login('cashier', {
      username,
      password: 'cashier password 1',
      pin: '4321',
    });

    const list = await t.request('GET', '/api/users', { token: admin.token });
    expect(list.status).toBe(200);
    const { users } = (await list.json()) as {
      users: { id: string; username: string; active: boolean; hasPin: boolean }[];
    };
    expect(users.find((user) => user.id === cashier.userId)).toMatchObject({
      username,
      active: true,
      hasPin: true,
    });

    const off = await t.request('PATCH', `/api/users/${cashier.userId}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(off.status, await off.clone().text()).toBe(200);
    expect(((await off.json()) as { user: { active: boolean } }).user.active).toBe(false);

    const stale = await t.request('GET', '/api/auth/me', { token: cashier.token });
    expect(stale.status).toBe(401);
    const byPin = await t.request('POST', '/api/auth/login', { body: { username, pin: '4321' } });
    const wrong = await t.request('POST', '/api/auth/login', {
      body: { username, pin: '9999' },
    });
    expect(byPin.status).toBe(401);
    expect(await byPin.json()).toEqual(await wrong.json());
    const revoked = await db()
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', cashier.userId)
      .execute();
    expect(revoked.every((session) => session.revoked_at !== null)).toBe(true);

    const on = await t.request('PATCH', `/api/users/${cashier.userId}`, {
      token: admin.token,
      body: { active: true, displayName: '王师傅' },
    });
    expect(on.status).toBe(200);
    const back = await t.request('POST', '/api/auth/login', { body: { username, pin: '4321' } });
    expect(back.status).toBe(200);
    expect((await auditActions(username)).filter((a) => a === 'user_updated')).toHaveLength(2);
  });

  test('an admin resets a PIN and a password, changes a role; old secrets stop working', async () => {
    const t = createTestApp(database);
    const admin = await t.login('admin');
    const username = uniqueName('zhao');
    const user = await t.login('cashier', { username, password: 'old password 12', pin: '1111' });

    const reset = await t.request('PATCH', `/api/users/${user.userId}`, {
      token: admin.token,
      body: { pin: '2222', password: 'new password 34', role: 'manager' },
    });
    expect(reset.status, await reset.clone().text()).toBe(200);
    expect(((await reset.json()) as { user: { role: string } }).user.role).toBe('manager');
    expect((await t.request('GET', '/api/auth/me', { token: user.token })).status).toBe(401);
    for (const [body, status] of [
      [{ username, pin: '1111' }, 401],
      [{ username, password: 'old password 12' }, 401],
      [{ username, pin: '2222' }, 200],
      [{ username, password: 'new password 34' }, 200],
    ] as const) {
      const answer = await t.request('POST', '/api/auth/login', { body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
    }

    // Promoting to accountant keeps no PIN: it must be removed in the same change.
    const withPin = await t.request('PATCH', `/api/users/${user.userId}`, {
      token: admin.token,
      body: { role: 'accountant' },
    });
    expect(withPin.status).toBe(400);
    expect(await errorCode(withPin)).toBe('invalid_input');
    const promoted = await t.request('PATCH', `/api/users/${user.userId}`, {
      token: admin.token,
      body: { role: 'accountant', pin: null },
    });
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as { user: { hasPin: boolean } }).user.hasPin).toBe(false);
    const details = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('subject', '=', username)
      .where('action', '=', 'user_updated')
      .orderBy('id')
      .execute();
    expect(JSON.stringify(details)).not.toContain('new password 34');
    expect(JSON.stringify(details)).not.toContain('2222');
  });

  test('PATCH refusals write nothing: not an admin, unknown user, bad id, self-deactivation, empty body', async () => {
    const t = createTestApp(database);
    const admin = await t.login('admin');
    const manager = await t.login('manager', { pin: '5555' });
    const before = await db().selectFrom('users').selectAll().orderBy('id').execute();
    const cases: [string, string, unknown, number, string][] = [
      [manager.token, `/api/users/${admin.userId}`, { active: false }, 403, 'forbidden'],
      [
        admin.token,
        '/api/users/00000000-0000-4000-8000-000000000000',
        { active: false },
        404,
        'not_found',
      ],
      [admin.token, '/api/users/not-a-uuid', { active: false }, 400, 'invalid_input'],
      [admin.token, `/api/users/${admin.userId}`, { active: false }, 400, 'invalid_input'],
      [admin.token, `/api/users/${admin.userId}`, { role: 'cashier' }, 400, 'invalid_input'],
      [admin.token, `/api/users/${manager.userId}`, {}, 400, 'invalid_input'],
      [admin.token, `/api/users/${manager.userId}`, { password: 'short' }, 400, 'invalid_input'],
      [admin.token, `/api/users/${manager.userId}`, { username: 'renamed' }, 400, 'invalid_input'],
    ];
    for (const [token, path, body, status, code] of cases) {
      const answer = await t.request('PATCH', path, { token, body });
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(await errorCode(answer)).toBe(code);
    }
    expect(await db().selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
  });

  test('a user changes their own password, and a cashier their own PIN; other sessions end', async () => {
    const t = createTestApp(database);
    const username = uniqueName('sun');
    const me = await t.login('cashier', { username, password: 'my old password', pin: '3333' });
    const second = await t.request('POST', '/api/auth/login', {
      body: { username, pin: '3333' },
    });
    const secondToken = ((await second.json()) as { token: string }).token;

    const wrong = await t.request('POST', '/api/auth/password', {
      token: me.token,
      body: { currentPassword: 'not my password', newPassword: 'my new password' },
    });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('invalid_credentials');

    const changed = await t.request('POST', '/api/auth/password', {
      token: me.token,
      body: { currentPassword: 'my old password', newPassword: 'my new password' },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: me.token })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: secondToken })).status).toBe(401);

    const pin = await t.request('POST', '/api/auth/password', {
      token: me.token,
      body: { currentPin: '3333', newPin: '4444' },
    });
    expect(pin.status).toBe(200);
    for (const [body, status] of [
      [{ username, password: 'my old password' }, 401],
      [{ username, password: 'my new password' }, 200],
      [{ username, pin: '3333' }, 401],
      [{ username, pin: '4444' }, 200],
    ] as const) {
      const answer = await t.request('POST', '/api/auth/login', { body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
    }
    expect(await auditActions(username)).toEqual(
      expect.arrayContaining(['password_change_failed', 'password_changed', 'pin_changed']),
    );

    // An accountant has no PIN to set.
    const accountant = await t.login('accountant');
    const noPin = await t.request('POST', '/api/auth/password', {
      token: accountant.token,
      body: { currentPin: '1234', newPin: '5678' },
    });
    expect(noPin.status).toBe(400);
    expect(await errorCode(noPin)).toBe('invalid_input');
    const anonymous = await t.request('POST', '/api/auth/password', {
      body: { currentPassword: 'x', newPassword: 'long enough new' },
    });
    expect(anonymous.status).toBe(401);
  });

  test('the OpenAPI document describes the new user routes with their bodies', async () => {
    const t = createTestApp(database);
    const doc = (await (await t.request('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.paths['/api/users/{id}']?.patch?.requestBody).toBeDefined();
    expect(doc.paths['/api/auth/password']?.post?.requestBody).toBeDefined();
  });
});

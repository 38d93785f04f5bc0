import { describe, expect, test } from 'vitest';
import { SessionCache, type SessionRow } from '../../server/auth/session-cache.js';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

function row(overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    sessionId: 's1',
    csrf_token: 'csrf',
    expires_at: new Date('2030-01-01T00:00:00Z'),
    revoked_at: null,
    userId: 'u1',
    username: 'li',
    display_name: '李',
    role: 'cashier',
    active: true,
    ...overrides,
  };
}

describe('SessionCache', () => {
  test('a valid session is served from memory for its time to live, then read again', async () => {
    const cache = new SessionCache(5_000);
    let loads = 0;
    const load = () => {
      loads += 1;
      return Promise.resolve(row());
    };
    await cache.resolve('h', 1_000, load);
    await cache.resolve('h', 5_999, load);
    expect(loads).toBe(1);
    await cache.resolve('h', 6_000, load);
    expect(loads).toBe(2);
  });

  test('revoked, inactive and unknown sessions are never kept', async () => {
    const cache = new SessionCache(5_000);
    for (const stored of [row({ revoked_at: new Date() }), row({ active: false }), undefined]) {
      let loads = 0;
      const load = () => {
        loads += 1;
        return Promise.resolve(stored);
      };
      expect(await cache.resolve('h', 0, load)).toEqual(stored);
      await cache.resolve('h', 1, load);
      expect(loads).toBe(2);
    }
  });

  test('forgetUser drops every session of that user and no other', async () => {
    const cache = new SessionCache(5_000);
    let loads = 0;
    const load = (userId: string) => () => {
      loads += 1;
      return Promise.resolve(row({ userId }));
    };
    await cache.resolve('a1', 0, load('a'));
    await cache.resolve('a2', 0, load('a'));
    await cache.resolve('b1', 0, load('b'));
    cache.forgetUser('a');
    await cache.resolve('a1', 1, load('a'));
    await cache.resolve('a2', 1, load('a'));
    await cache.resolve('b1', 1, load('b'));
    expect(loads).toBe(5);
  });
});

describeEachDatabase('foundation: a cached session ends at once', (database) => {
  const me = async (t: ReturnType<typeof createTestApp>, token: string) =>
    t.request('GET', '/api/auth/me', { token });

  test('logout: the token, just used (and so cached), is refused on the next request', async () => {
    const t = createTestApp(database);
    const cashier = await t.login('cashier');
    expect((await me(t, cashier.token)).status).toBe(200);
    expect((await t.request('POST', '/api/auth/logout', { token: cashier.token })).status).toBe(
      200,
    );
    expect((await me(t, cashier.token)).status).toBe(401);
  });

  test('deactivation and a role change by an admin take effect on the next request', async () => {
    const t = createTestApp(database);
    const admin = await t.login('admin');
    const cashier = await t.login('cashier');
    const other = await t.login('cashier');
    expect((await me(t, cashier.token)).status).toBe(200);
    expect((await me(t, other.token)).status).toBe(200);

    const promoted = await t.request('PATCH', `/api/users/${other.userId}`, {
      token: admin.token,
      body: { role: 'manager' },
    });
    expect(promoted.status, await promoted.clone().text()).toBe(200);
    const seen = (await (await me(t, other.token)).json()) as { user: { role: string } };
    expect(seen.user.role).toBe('manager');

    const off = await t.request('PATCH', `/api/users/${cashier.userId}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(off.status, await off.clone().text()).toBe(200);
    expect((await me(t, cashier.token)).status).toBe(401);
  });

  test("a password change ends the user's other sessions at once", async () => {
    const t = createTestApp(database);
    const first = await t.login('accountant', { password: 'my old password' });
    const again = await t.request('POST', '/api/auth/login', {
      body: { username: first.username, password: 'my old password' },
    });
    const second = (await again.json()) as { token: string };
    expect((await me(t, second.token)).status).toBe(200);
    const changed = await t.request('POST', '/api/auth/password', {
      token: first.token,
      body: { currentPassword: 'my old password', newPassword: 'my new password' },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await me(t, second.token)).status).toBe(401);
    expect((await me(t, first.token)).status).toBe(200);
  });
});

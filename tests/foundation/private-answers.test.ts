import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { createTestApp, silentLogger, TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

function socketEnv(address: string) {
  return { incoming: { socket: { remoteAddress: address, remotePort: 40000 } } };
}

describeEachDatabase('foundation: private answers and client addresses', (database) => {
  test('every answer to a logged-in request says Cache-Control: no-store; public ones do not', async () => {
    const t = createTestApp(database);
    const accountant = await t.login('accountant');
    const admin = await t.login('admin');

    const recipient = await t.request('GET', `/api/disbursements/${randomUUID()}/recipient`, {
      token: accountant.token,
    });
    expect(recipient.status).toBe(404);
    expect(recipient.headers.get('cache-control')).toBe('no-store');
    for (const [path, token] of [
      ['/api/auth/me', accountant.token],
      ['/api/users', admin.token],
      ['/api/public/statements', accountant.token],
    ] as const) {
      const answer = await t.request('GET', path, { token });
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toBe('no-store');
    }
    // A refusal to a logged-in caller, and the login answer (it carries the token).
    const forbidden = await t.request('GET', '/api/users', { token: accountant.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('cache-control')).toBe('no-store');
    const login = await t.request('POST', '/api/auth/login', {
      body: { username: 'nobody-at-all', password: 'wrong password' },
    });
    expect(login.headers.get('cache-control')).toBe('no-store');

    const publicList = await t.request('GET', '/api/public/statements');
    expect(publicList.status).toBe(200);
    expect(publicList.headers.get('cache-control')).not.toBe('no-store');
  });

  async function loginAuditIp(
    trustedProxy: string[],
    socket: string,
    forwardedFor: string | undefined,
  ): Promise<string | null> {
    const clock = new TestClock();
    const app = createApp({
      db: database.current.db,
      dbKind: database.kind,
      config: { ...readConfig({}), adminPassword: undefined, trustedProxy },
      logger: silentLogger,
      now: clock.now,
    });
    const username = `nobody-${randomUUID().slice(0, 8)}`;
    const t = createTestApp(database);
    const user = await t.login('cashier', { username, password: 'right password here' });
    const answer = await app.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
        },
        body: JSON.stringify({ username, password: 'wrong password' }),
      },
      socketEnv(socket),
    );
    expect(answer.status).toBe(401);
    const row = await database.current.db
      .selectFrom('audit_log')
      .select('ip')
      .where('actor_id', '=', user.userId)
      .where('action', '=', 'login_failed')
      .executeTakeFirstOrThrow();
    return row.ip;
  }

  test('the audit log records the socket address; X-Forwarded-For only from a configured proxy', async () => {
    // No proxy configured: a client cannot choose the address it is logged under.
    expect(await loginAuditIp([], '198.51.100.4', '1.2.3.4')).toBe('198.51.100.4');
    expect(await loginAuditIp([], '::ffff:198.51.100.4', undefined)).toBe('198.51.100.4');
    // Behind a proxy on loopback: the entry the proxy appended, not what the client wrote.
    expect(await loginAuditIp(['loopback'], '127.0.0.1', '1.2.3.4, 198.51.100.9')).toBe(
      '198.51.100.9',
    );
    // A request that bypasses the proxy is not believed.
    expect(await loginAuditIp(['10.0.0.2'], '198.51.100.4', '1.2.3.4')).toBe('198.51.100.4');
    expect(await loginAuditIp(['10.0.0.2'], '10.0.0.2', '203.0.113.5, 10.0.0.2')).toBe(
      '203.0.113.5',
    );
  });

  test('TRUSTED_PROXY is read from the environment and must be addresses or loopback', () => {
    expect(readConfig({}).trustedProxy).toEqual([]);
    expect(readConfig({ TRUSTED_PROXY: 'loopback, 10.0.0.2' }).trustedProxy).toEqual([
      'loopback',
      '10.0.0.2',
    ]);
    expect(() => readConfig({ TRUSTED_PROXY: 'my-proxy.local' })).toThrow(/TRUSTED_PROXY/);
  });
});

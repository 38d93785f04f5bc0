import { randomUUID } from 'node:crypto';
import { expect, test, vi } from 'vitest';
import { createUser } from '../../server/auth/users.js';
import type { TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  saleBody,
  setupShop,
} from '../selling/helpers.js';

// Each test pays for dozens of scrypt checks (~100 ms each when the machine is idle); on a
// loaded 2-core machine that is many times slower, so these get more room than the default.
vi.setConfig({ testTimeout: 180_000 });

/**
 * A request as if it came over a socket from `ip`: hono's node adapter reads the peer
 * address from `env.incoming.socket`, which is what `clientIp` trusts.
 */
function fromIp(
  t: TestApp,
  ip: string,
  method: string,
  path: string,
  { body, token, headers }: { body?: unknown; token?: string; headers?: Record<string, string> },
): Promise<Response> {
  return Promise.resolve(
    t.app.request(
      path,
      {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      { incoming: { socket: { remoteAddress: ip, remotePort: 40000, remoteFamily: 'IPv4' } } },
    ),
  );
}

let userCounter = 0;
function uniqueName(prefix: string): string {
  userCounter += 1;
  return `${prefix}-${process.pid % 10000}-${userCounter}`;
}

function statusCounts(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

describeEachDatabase('foundation: login limits', (database) => {
  async function shopWithCashierPin(pin: string) {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const username = uniqueName('li');
    await createUser(database.current.db, {
      username,
      displayName: '李',
      role: 'cashier',
      pin,
    });
    return { shop, username };
  }

  test('300 concurrent wrong PINs: at most 5 are really checked, none gets in, and the user is locked', async () => {
    const { shop, username } = await shopWithCashierPin('2468');
    const { t } = shop;
    const guesses = Array.from({ length: 300 }, (_, index) =>
      fromIp(t, `10.1.${Math.floor(index / 200)}.${index % 200}`, 'POST', '/api/auth/login', {
        body: { username, pin: String(1000 + index) },
      }),
    );
    const answers = await Promise.all(guesses);
    const counts = statusCounts(answers);
    for (const answer of answers) expect([401, 429, 503]).toContain(answer.status);
    // A 401 is a guess that was really checked against the PIN.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(5);
    expect(counts[429] ?? 0).toBeGreaterThan(0);

    // The right PIN, from a fresh address, is refused while the window lasts …
    const locked = await fromIp(t, '10.9.9.9', 'POST', '/api/auth/login', {
      body: { username, pin: '2468' },
    });
    expect(locked.status).toBe(429);
    expect(await errorCode(locked)).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // … and accepted once it is over.
    t.clock.advance(5 * 60 * 1000 + 1000);
    const after = await fromIp(t, '10.9.9.9', 'POST', '/api/auth/login', {
      body: { username, pin: '2468' },
    });
    expect(after.status).toBe(200);
    console.log(`[${database.kind}] 300 concurrent wrong PINs answered`, counts);
  });

  test('59 wrong PINs and then the right one while they are in flight: the right one does not get in', async () => {
    const { shop, username } = await shopWithCashierPin('1357');
    const { t } = shop;
    const wrong = Array.from({ length: 59 }, (_, index) =>
      fromIp(t, `10.2.0.${index + 1}`, 'POST', '/api/auth/login', {
        body: { username, pin: String(2000 + index) },
      }),
    );
    // Sent as soon as the first guess is answered, while the others are still running.
    await Promise.any(wrong);
    const right = await fromIp(t, '10.2.1.1', 'POST', '/api/auth/login', {
      body: { username, pin: '1357' },
    });
    const answers = await Promise.all(wrong);
    expect(right.status).not.toBe(200);
    expect([429, 503]).toContain(right.status);
    for (const answer of answers) expect([401, 429, 503]).toContain(answer.status);
    expect(statusCounts(answers)[401] ?? 0).toBeLessThanOrEqual(5);
    // The counter was not reset: the user is still locked.
    const again = await fromIp(t, '10.2.1.2', 'POST', '/api/auth/login', {
      body: { username, pin: '1357' },
    });
    expect(await errorCode(again)).toBe('too_many_attempts');
  });

  test('the username is trimmed and lower-cased for the lockout: " LI " and "li" are one user', async () => {
    const { shop, username } = await shopWithCashierPin('9753');
    const { t } = shop;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await fromIp(t, '10.3.0.1', 'POST', '/api/auth/login', {
        body: { username: `  ${username.toUpperCase()} `, pin: '0000' },
      });
      expect(wrong.status).toBe(401);
    }
    const right = await fromIp(t, '10.3.0.2', 'POST', '/api/auth/login', {
      body: { username, pin: '9753' },
    });
    expect(await errorCode(right)).toBe('too_many_attempts');
  });

  test('59 wrong approval PINs and then the right one in flight: no discount is approved', async () => {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const { t, cashier, manager, products } = shop;
    const register = newRegister('appr');
    const shiftId = await openShift(t, cashier.token, register);
    const discountedSale = (pin: string) =>
      saleBody(t, {
        id: randomUUID(),
        registerId: register,
        shiftId,
        lines: [{ productId: products.bun!.id, quantity: '10', discount: '3.00' }],
        tenders: [{ method: 'cash', amount: '12.00' }],
        approverPin: pin,
        approver: manager.username,
      });
    const wrong = Array.from({ length: 59 }, (_, index) =>
      t.request('POST', '/api/sales', {
        token: cashier.token,
        body: discountedSale(String(3000 + index)),
      }),
    );
    await Promise.any(wrong);
    const right = await t.request('POST', '/api/sales', {
      token: cashier.token,
      body: discountedSale('8642'),
    });
    const answers = await Promise.all(wrong);
    expect(right.status).not.toBe(201);
    for (const answer of [...answers, right]) expect([403, 429, 503]).toContain(answer.status);
    const checked = answers.filter((answer) => answer.status === 403).length;
    expect(checked).toBeLessThanOrEqual(5);

    const sales = await database.current.db
      .selectFrom('sales')
      .select('id')
      .where('shift_id', '=', shiftId)
      .execute();
    expect(sales).toEqual([]);
    console.log(
      `[${database.kind}] 60 concurrent approval PINs answered`,
      statusCounts([...answers, right]),
    );
  });

  test('with 40 bogus logins in flight a sale still posts, and the flood is told login_busy', async () => {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const { t, cashier, products } = shop;
    const register = newRegister('busy');
    const shiftId = await openShift(t, cashier.token, register);
    const bogus = Array.from({ length: 40 }, (_, index) =>
      fromIp(t, `10.4.0.${index + 1}`, 'POST', '/api/auth/login', {
        body: { username: `nobody-${index}`, password: 'not a real password' },
      }),
    );
    const sale = await t.request('POST', '/api/sales', {
      token: cashier.token,
      body: saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.bun!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      }),
    });
    const answers = await Promise.all(bogus);
    expect(sale.status, await sale.clone().text()).toBe(201);
    const busy = answers.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(await errorCode(busy[0]!)).toBe('login_busy');
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    for (const answer of answers) expect([401, 503]).toContain(answer.status);
  });

  test('one address gets 30 failed logins a minute, whatever the usernames', async () => {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const { t } = shop;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const answer = await fromIp(t, '10.5.0.1', 'POST', '/api/auth/login', {
        body: { username: `ghost-${attempt}`, password: 'wrong password' },
      });
      expect(answer.status, `attempt ${attempt}`).toBe(401);
    }
    const limited = await fromIp(t, '10.5.0.1', 'POST', '/api/auth/login', {
      body: { username: 'ghost-last', password: 'wrong password' },
    });
    expect(limited.status).toBe(429);
    expect(await errorCode(limited)).toBe('too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await fromIp(t, '10.5.0.2', 'POST', '/api/auth/login', {
      body: { username: 'ghost-other', password: 'wrong password' },
    });
    expect(other.status).toBe(401);
    t.clock.advance(61_000);
    const later = await fromIp(t, '10.5.0.1', 'POST', '/api/auth/login', {
      body: { username: 'ghost-later', password: 'wrong password' },
    });
    expect(later.status).toBe(401);
  });

  test('admins have no PIN path: 5 wrong PINs do not lock them out, and they log in by password', async () => {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const { t } = shop;
    const admin = await t.login('admin', { password: 'admin password 456' });
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const wrong = await fromIp(t, '10.6.0.1', 'POST', '/api/auth/login', {
        body: { username: admin.username, pin: String(1000 + attempt) },
      });
      expect(wrong.status, `attempt ${attempt}`).toBe(401);
      expect(await errorCode(wrong)).toBe('invalid_credentials');
    }
    const byPassword = await fromIp(t, '10.6.0.2', 'POST', '/api/auth/login', {
      body: { username: admin.username, password: 'admin password 456' },
    });
    expect(byPassword.status).toBe(200);

    // An admin or accountant cannot be given a PIN.
    const withPin = await t.request('POST', '/api/users', {
      token: admin.token,
      body: {
        username: uniqueName('boss'),
        displayName: 'x',
        role: 'admin',
        password: 'long enough password',
        pin: '2468',
      },
    });
    expect(withPin.status).toBe(400);
    expect(await errorCode(withPin)).toBe('invalid_input');
    const patched = await t.request('PATCH', `/api/users/${admin.userId}`, {
      token: admin.token,
      body: { pin: '2468' },
    });
    expect(patched.status).toBe(400);
    expect(await errorCode(patched)).toBe('invalid_input');
  });

  test("a stranger's wrong passwords lock the admin out only from the stranger's address", async () => {
    const shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
    const { t } = shop;
    const admin = await t.login('admin', { password: 'admin password 789' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await fromIp(t, '203.0.113.7', 'POST', '/api/auth/login', {
        body: { username: admin.username, password: `guess number ${attempt}` },
      });
      expect(wrong.status).toBe(401);
    }
    const strangerAgain = await fromIp(t, '203.0.113.7', 'POST', '/api/auth/login', {
      body: { username: admin.username, password: 'admin password 789' },
    });
    expect(await errorCode(strangerAgain)).toBe('too_many_attempts');
    const fromTheOffice = await fromIp(t, '192.168.1.20', 'POST', '/api/auth/login', {
      body: { username: admin.username, password: 'admin password 789' },
    });
    expect(fromTheOffice.status).toBe(200);
    expect((await json<{ user: { role: string } }>(fromTheOffice)).user.role).toBe('admin');
  });
});

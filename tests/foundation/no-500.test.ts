import { expect, test } from 'vitest';
import type { Role } from '../../ledger/schema/database.js';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { ROLES, runHostileRequests, seedIds, send } from '../support/hostile-requests.js';

/**
 * Non-negotiable 4: bad input gets a clear 4xx with a stable code, never a 500.
 *
 * Every operation of the live `/api/openapi.json` is sent hostile values taken from its own
 * schema — for each body property: wrong types, a missing required field, extra fields,
 * NUL, lone surrogates, 1 MB strings, 1e309 / NaN / -0, deep nesting; for each query
 * parameter and each path parameter: wrong, NUL, surrogate, traversal and short-month
 * values. Each role keeps one valid session the whole time (logout is tested on sessions
 * of its own), and the test checks that the handlers were really reached: a fuzz answered
 * 401 by the authentication middleware proves nothing about the handlers. The generators
 * are in tests/support/hostile-requests.ts, shared with the reliability suite's larger run
 * (tests/reliability/hostile-input.test.ts).
 */

const MIN_REQUESTS = 2_000;
const MIN_REACHED_SHARE = 0.9;

describeEachDatabase('foundation: no route answers bad input with a 500', (database) => {
  test('every operation of the live OpenAPI document, fuzzed from its own schema, with live sessions', async () => {
    const t = createTestApp(database);
    const run = await runHostileRequests(t, { label: `${database.kind} no-500 fuzz` });
    console.log(run.summary);
    if (run.failures.length > 0) console.log(run.failures.slice(0, 60).join('\n'));

    expect(run.operations.length).toBeGreaterThan(40);
    expect(run.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(run.logoutsThatDidNot).toBe(0);
    expect(run.sessionsLost).toEqual([]);
    expect(run.loggedOut).toEqual([]);
    expect(run.reachedShare).toBeGreaterThanOrEqual(MIN_REACHED_SHARE);
    expect(run.failures).toEqual([]);
  }, 300_000);
});

describeEachDatabase(
  'foundation: hostile text and bad path parameters are invalid_input',
  (database) => {
    test('the probe’s cases, each refused at the edge with invalid_input', async () => {
      const t = createTestApp(database);
      const sessions = Object.fromEntries(
        await Promise.all(ROLES.map(async (role) => [role, (await t.login(role)).token] as const)),
      ) as Record<Role, string>;
      const [productId] = await seedIds(t, sessions);
      const cases: { role?: Role; method: string; url: string; body?: string }[] = [
        { method: 'POST', url: '/api/auth/login', body: '{"username":"a\\u0000","password":"x"}' },
        { method: 'POST', url: '/api/auth/login', body: '{"username":"a","password":"\\ud800"}' },
        {
          role: 'manager',
          method: 'PATCH',
          url: `/api/products/${productId}`,
          body: '{"name":"\\udc00x"}',
        },
        { role: 'manager', method: 'PUT', url: '/api/categories/%00', body: '{}' },
        {
          role: 'manager',
          method: 'PUT',
          url: '/api/categories/bread',
          body: '{"nameEn":"\\ud800"}',
        },
        {
          role: 'cashier',
          method: 'PUT',
          url: '/api/production/2026-03-10/leftovers',
          body: `{"items":[{"productId":"${productId}","disposition":"waste","quantity":"1","reason":"\\ud83d"}]}`,
        },
        { role: 'manager', method: 'PUT', url: '/api/categories/bread', body: '{"\\u0000":1}' },
        {
          role: 'manager',
          method: 'PUT',
          url: '/api/categories/bread',
          body: `{"nameEn":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        },
        { role: 'accountant', method: 'GET', url: '/api/disbursements/not-a-uuid/recipient' },
        { role: 'accountant', method: 'POST', url: '/api/periods/0000-01/close' },
        { role: 'accountant', method: 'POST', url: '/api/periods/1999-12/close' },
        { role: 'accountant', method: 'GET', url: '/api/periods/0000-01/verify' },
        { role: 'accountant', method: 'GET', url: '/api/hardship-vouchers?period=%00' },
        {
          role: 'accountant',
          method: 'GET',
          url: '/api/reports/trial-balance?period=2026-01&%00=1',
        },
        { method: 'GET', url: '/api/public/statements/2026-01/versions/1%00.pdf' },
      ];
      const answers: string[] = [];
      for (const { role, method, url, body } of cases) {
        const answer = await send(t, {
          method,
          url,
          body,
          token: role ? sessions[role] : undefined,
        });
        answers.push(
          `${method} ${url.slice(0, 60)} → ${answer.status} ${answer.code ?? answer.problem ?? ''}`,
        );
      }
      expect(answers).toEqual(
        cases.map(({ method, url }) => `${method} ${url.slice(0, 60)} → 400 invalid_input`),
      );
    });
  },
);

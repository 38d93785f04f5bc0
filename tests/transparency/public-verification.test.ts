import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { publishUrlProblem, readConfig } from '../../server/config.js';
import { createTestApp, silentLogger, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const PRIVATE_NAME = '司马秀英';

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

test('publishing needs a public address: unset or loopback PUBLIC_URL is a problem unless a local test', () => {
  expect(publishUrlProblem(readConfig({}))).toMatch(/PUBLIC_URL is not set/);
  for (const url of [
    'http://localhost:3000',
    'http://127.0.0.1:8080/',
    'http://[::1]/',
    'http://shop.localhost',
  ])
    expect(publishUrlProblem(readConfig({ PUBLIC_URL: url }))).toMatch(/loopback/);
  expect(publishUrlProblem(readConfig({ PUBLIC_URL: 'https://xinmofang.example.org' }))).toBeNull();
  expect(publishUrlProblem(readConfig({ PUBLISH_LOCAL_TEST: '1' }))).toBeNull();
});

describeEachDatabase('transparency: residents can recompute a published digest', (database) => {
  let t: TestApp;
  let accountant: string;
  const db = () => database.current.db;

  test('setup: two closed months, the second with a private name typed into a memo', async () => {
    t = createTestApp(database);
    t.clock.set('2026-12-20T04:00:00Z');
    accountant = (await t.login('accountant')).token;
    await post(
      db(),
      '2026-10-03',
      [
        ['1001', '520.00', null],
        ['5001', null, '520.00'],
      ],
      '现金销售',
    );
    expect(
      (await t.request('POST', '/api/periods/2026-10/close', { token: accountant })).status,
    ).toBe(200);
    const aid = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'hardship',
        date: '2026-11-08',
        amount: '50.00',
        category: 'aid_cash',
        description: '医药费补助',
        paidFrom: 'bank',
        recipient: { name: PRIVATE_NAME, reason: '重病' },
      },
    });
    expect(aid.status).toBe(201);
    await post(
      db(),
      '2026-11-09',
      [
        ['1001', '80.00', null],
        ['5001', null, '80.00'],
      ],
      `现金销售（${PRIVATE_NAME}代收）`,
    );
    expect(
      (await t.request('POST', '/api/periods/2026-11/close', { token: accountant })).status,
    ).toBe(200);
  });

  test('publishing with PUBLIC_URL unset is refused with public_url_required, nothing written', async () => {
    const app = createApp({
      db: db(),
      dbKind: database.kind,
      config: { ...readConfig({}), adminPassword: undefined },
      logger: silentLogger,
      now: t.clock.now,
    });
    const refused = await app.request('/api/statements/2026-10/publish', {
      method: 'POST',
      headers: { authorization: `Bearer ${accountant}` },
    });
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe('public_url_required');
    const loopback = createApp({
      db: db(),
      dbKind: database.kind,
      config: { ...readConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }), adminPassword: undefined },
      logger: silentLogger,
      now: t.clock.now,
    });
    const alsoRefused = await loopback.request('/api/statements/2026-10/publish', {
      method: 'POST',
      headers: { authorization: `Bearer ${accountant}` },
    });
    expect(await errorCode(alsoRefused)).toBe('public_url_required');
    expect((await t.request('GET', '/api/public/statements')).status).toBe(200);
    const none = (await (await t.request('GET', '/api/public/statements')).json()) as {
      statements: unknown[];
    };
    expect(none.statements).toEqual([]);
  });

  test('the public canonical export of a published month needs no login, equals the accountant’s, and hashes to the digest', async () => {
    expect(
      (await t.request('GET', '/api/public/statements/2026-10/versions/1/canonical')).status,
    ).toBe(404);
    expect(
      (await t.request('POST', '/api/statements/2026-10/publish', { token: accountant })).status,
    ).toBe(201);
    const answer = (await (await t.request('GET', '/api/public/statements/2026-10')).json()) as {
      statement: { digest: { value: string } };
    };
    const resident = await t.request('GET', '/api/public/statements/2026-10/versions/1/canonical');
    expect(resident.status).toBe(200);
    expect(resident.headers.get('content-disposition')).toContain(
      'xinmofang-journal-2026-10-v1.canonical.txt',
    );
    const bytes = new Uint8Array(await resident.arrayBuffer());
    expect(sha256(bytes)).toBe(answer.statement.digest.value);
    expect(resident.headers.get('x-content-sha256')).toBe(answer.statement.digest.value);
    const accountantExport = await t.request(
      'GET',
      '/api/export/journal?format=canonical&period=2026-10',
      { token: accountant },
    );
    expect(new Uint8Array(await accountantExport.arrayBuffer())).toEqual(bytes);
    expect(
      (await t.request('GET', '/api/public/statements/2026-10/versions/2/canonical')).status,
    ).toBe(404);
  });

  test('a month whose journal holds a private name typed by staff is withheld, not served', async () => {
    expect(
      (await t.request('POST', '/api/statements/2026-11/publish', { token: accountant })).status,
    ).toBe(201);
    const withheld = await t.request('GET', '/api/public/statements/2026-11/versions/1/canonical');
    expect(withheld.status).toBe(409);
    const text = await withheld.text();
    expect(text).toContain('canonical_withheld');
    expect(text).not.toContain(PRIVATE_NAME);
  });

  test('a missing version says it does not exist and lists those that do', async () => {
    const missing = await t.request('GET', '/api/public/statements/2026-10/versions/7');
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as {
      error: { code: string; message: string; details: { versions: number[] } };
    };
    expect(body.error.message).toMatch(/Version 7 of 2026-10 does not exist/);
    expect(body.error.details.versions).toEqual([1]);
  });
});

import { expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { parseDocumentedAnswer, documentedSchema } from '../helpers/contract.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

/**
 * The OpenAPI document's response schemas are what the browser's types are generated
 * from (npm run gen:api); here real answers are parsed with them, so a handler that
 * sends a field the schema lacks, drops one it promises, or changes a type fails.
 */
describeEachDatabase('contract: public answers match their documented schemas', (database) => {
  let t: TestApp;
  const db = () => database.current.db;

  async function documented(path: string) {
    const response = await t.request('GET', path);
    return { status: response.status, body: await parseDocumentedAnswer('GET', path, response) };
  }

  test('setup: a month with sales, costs and aid, published, corrected and published again', async () => {
    t = createTestApp(database);
    t.clock.set('2026-11-28T04:00:00Z');
    const accountant = (await t.login('accountant')).token;
    const admin = (await t.login('admin')).token;
    await post(db(), '2026-09-01', [
      ['1002', '50000.00', null],
      ['3001', null, '50000.00'],
    ]);
    await post(db(), '2026-09-15', [
      ['1001', '8888.88', null],
      ['5001', null, '8888.88'],
    ]);
    await post(db(), '2026-09-20', [
      ['5401.01', '2345.67', null],
      ['1002', null, '2345.67'],
    ]);
    expect(
      (await t.request('POST', '/api/periods/2026-09/close', { token: accountant })).status,
    ).toBe(200);
    expect(
      (await t.request('POST', '/api/statements/2026-09/publish', { token: accountant })).status,
    ).toBe(201);
    const aid = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'hardship',
        date: '2026-10-08',
        amount: '300.00',
        category: 'aid_cash',
        description: '医药费补助',
        paidFrom: 'bank',
        recipient: { name: '某某', phone: '13900000000', reason: '重病' },
      },
    });
    expect(aid.status).toBe(201);
    expect(
      (await t.request('POST', '/api/periods/2026-10/close', { token: accountant })).status,
    ).toBe(200);
    expect(
      (await t.request('POST', '/api/statements/2026-10/publish', { token: accountant })).status,
    ).toBe(201);
    expect(
      (
        await t.request('POST', '/api/periods/2026-10/reopen', {
          token: admin,
          body: { reason: '补录十月电费' },
        })
      ).status,
    ).toBe(200);
    await post(db(), '2026-10-30', [
      ['5602.02', '43.21', null],
      ['1002', null, '43.21'],
    ]);
    expect(
      (await t.request('POST', '/api/periods/2026-10/close', { token: accountant })).status,
    ).toBe(200);
    expect(
      (
        await t.request('POST', '/api/statements/2026-10/publish', {
          token: accountant,
          body: { note: '补录十月电费 43.21 元。' },
        })
      ).status,
    ).toBe(201);
  });

  test('the statement list', async () => {
    const { status, body } = await documented('/api/public/statements');
    expect(status).toBe(200);
    const { statements } = body as { statements: { period: string; version: number }[] };
    expect(statements.map((s) => `${s.period} v${s.version}`)).toEqual([
      '2026-10 v2',
      '2026-10 v1',
      '2026-09 v1',
    ]);
  });

  test('a month, its latest version with a correction, and an earlier version', async () => {
    const latest = await documented('/api/public/statements/2026-10');
    expect(latest.status).toBe(200);
    const answer = latest.body as {
      statement: { version: number; spending: unknown[]; correction: unknown };
      versions: unknown[];
    };
    expect(answer.statement.version).toBe(2);
    expect(answer.statement.correction).not.toBeNull();
    expect(answer.statement.spending.length).toBeGreaterThan(0);
    expect(answer.versions).toHaveLength(2);
    const first = await documented('/api/public/statements/2026-10/versions/1');
    expect(first.status).toBe(200);
    expect((first.body as { statement: { version: number } }).statement.version).toBe(1);
  });

  test('fund history', async () => {
    const { status, body } = await documented('/api/public/funds');
    expect(status).toBe(200);
    expect((body as { history: { period: string }[] }).history.map((h) => h.period)).toEqual([
      '2026-09',
      '2026-10',
    ]);
  });

  test('a month never published answers the documented error envelope', async () => {
    const { status, body } = await documented('/api/public/statements/2025-01');
    expect(status).toBe(404);
    expect((body as { error: { code: string } }).error.code).toBe('not_found');
  });

  test('a schema that lies is caught: the list schema refuses a summary missing a field', () => {
    const schema = documentedSchema('GET', '/api/public/statements', 200);
    const honest = { statements: [] };
    expect(schema.safeParse(honest).success).toBe(true);
    const lying = {
      statements: [
        {
          period: '2026-09',
          version: 1,
          current: true,
          sha256: 'a'.repeat(64),
          publishedAt: '2026-10-01T00:00:00.000Z',
          pdfUrl: '/x.pdf',
          pdfUrlEn: '/x.en.pdf',
          correction: null,
          surplus: '1.00',
          funds: [],
        },
      ],
    };
    // sha256En is missing: the drift issue 10 found between the client's copy and the server.
    expect(schema.safeParse(lying).success).toBe(false);
    expect(() => documentedSchema('GET', '/api/public/no-such-thing', 200)).toThrow(
      /not in the OpenAPI document/,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

describeEachDatabase('books: the private registers are for accountants only', (database) => {
  let t: TestApp;
  let accountant: string;
  let disbursementId = '';

  beforeAll(async () => {
    t = createTestApp(database);
    t.clock.set('2026-11-20T04:00:00Z');
    accountant = (await t.login('accountant')).token;
    // Money in the hardship fund, then one aid payment with the recipient's private details.
    await post(database.current.db, '2026-11-03', [
      ['3104.01', '800.00', null],
      ['3104.13', null, '800.00'],
    ]);
    const aid = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        id: randomUUID(),
        fund: 'hardship',
        date: '2026-11-10',
        amount: '120.00',
        category: 'aid_cash',
        description: '临时生活补助',
        paidFrom: 'bank',
        recipient: { name: '测试受助人', phone: '13800000000' },
      },
    });
    expect(aid.status, await aid.clone().text()).toBe(201);
    disbursementId = ((await aid.json()) as { disbursement: { id: string } }).disbursement.id;
  });

  test('the accountant reads both registers; the aid register names the recipient', async () => {
    const vouchers = await t.request('GET', '/api/hardship-vouchers?period=2026-11', {
      token: accountant,
    });
    expect(vouchers.status).toBe(200);
    const recipient = await t.request('GET', `/api/disbursements/${disbursementId}/recipient`, {
      token: accountant,
    });
    expect(recipient.status).toBe(200);
    expect(((await recipient.json()) as { recipient: { name: string } }).recipient.name).toBe(
      '测试受助人',
    );
  });

  test('a cashier and a manager get 403 from every private register and from the spending list', async () => {
    for (const role of ['cashier', 'manager'] as const) {
      const token = (await t.login(role)).token;
      for (const path of [
        '/api/hardship-vouchers?period=2026-11',
        `/api/disbursements/${disbursementId}/recipient`,
        '/api/disbursements?period=2026-11',
      ]) {
        const response = await t.request('GET', path, { token });
        expect([role, path, response.status]).toEqual([role, path, 403]);
        expect(await response.text()).not.toContain('测试受助人');
      }
    }
  });

  test('GET /api/disbursements documents ?period, and the listing honours it', async () => {
    const doc = (await (await t.request('GET', '/api/openapi.json')).json()) as OpenApi;
    const parameters = doc.paths['/api/disbursements']!.get!.parameters ?? [];
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toContain('query:period');
    for (const [period, count] of [
      ['2026-11', 1],
      ['2026-10', 0],
    ] as const) {
      const response = await t.request('GET', `/api/disbursements?period=${period}`, {
        token: accountant,
      });
      const { disbursements } = (await response.json()) as { disbursements: unknown[] };
      expect([period, disbursements.length]).toEqual([period, count]);
    }
    const bad = await t.request('GET', '/api/disbursements?period=2026-13', { token: accountant });
    expect(bad.status).toBe(400);
  });
});

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { TestClock } from '../helpers/app.js';
import { parseDocumentedAnswer } from '../helpers/contract.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';
import {
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  setupShop,
  type Shop,
} from '../selling/helpers.js';

/**
 * The accountant console is typed from these endpoints' documented response schemas
 * (npm run gen:api). Real answers — after sales, a close, a publication, a bill import and
 * its settlement, spending and a reversal — are parsed with them, so a handler that sends
 * a field the schema lacks, drops one it promises, or changes a type fails here.
 */
const WECHAT_BILL = readFileSync(
  new URL('../books/fixtures/wechat-2026-11-03.csv', import.meta.url),
);
const bj = (time: string) => new Date(`2026-11-03T${time}+08:00`).toISOString();

describeEachDatabase(
  'contract: the accountant console’s answers match their documented schemas',
  (database) => {
    let shop: Shop;
    let accountant: string;
    let admin: string;
    const db = () => database.current.db;
    const ids: Record<string, string> = {};

    async function documented(
      method: string,
      path: string,
      options: { token?: string; body?: unknown; status?: number } = {},
    ): Promise<Record<string, unknown>> {
      const response = await shop.t.request(method, path, {
        token: options.token ?? accountant,
        ...(options.body === undefined ? {} : { body: options.body }),
      });
      expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(
        options.status ?? 200,
      );
      return (await parseDocumentedAnswer(method, path, response)) as Record<string, unknown>;
    }

    beforeAll(async () => {
      shop = await setupShop(
        database,
        { mantou: { name: '老面馒头', price: '2.50' } },
        { clock: new TestClock(new Date(bj('07:00:00'))) },
      );
      const registerId = newRegister('counter');
      const shiftId = await openShift(shop.t, shop.cashier.token, registerId);
      shop.t.clock.set(bj('08:15:00'));
      const sale = await sell(
        shop.t,
        shop.cashier.token,
        saleBody(shop.t, {
          registerId,
          shiftId,
          lines: [{ productId: shop.products.mantou!.id, quantity: '5' }],
          tenders: [{ method: 'wechat', amount: '12.50', reference: '4200001234202611030001' }],
        }),
      );
      expect(sale.status).toBe(201);
      ids.sale = (await json<{ sale: { id: string } }>(sale)).sale.id;
      shop.t.clock.set('2026-11-04T02:00:00Z');
      accountant = (await shop.t.login('accountant')).token;
      admin = (await shop.t.login('admin')).token;
      await post(db(), '2026-10-05', [
        ['1001', '5000.00', null],
        ['5001', null, '5000.00'],
      ]);
      await post(db(), '2026-10-10', [
        ['5401.01', '1800.00', null],
        ['1002', null, '1800.00'],
      ]);
    });

    test('journal: post, list, one, reverse', async () => {
      const id = randomUUID();
      const posted = await documented('POST', '/api/journal', {
        status: 201,
        body: {
          id,
          date: '2026-11-02',
          description: '面粉采购 发票 No.123',
          lines: [
            { account: '5401.01', debit: '300.00', memo: '面粉' },
            { account: '1002', credit: '300.00' },
          ],
        },
      });
      expect((posted.entry as { id: string }).id).toBe(id);
      ids.entry = id;
      await documented('GET', '/api/journal?period=2026-11');
      await documented('GET', `/api/journal/${id}`);
      await documented('POST', `/api/journal/${id}/reverse`, {
        status: 201,
        body: { date: '2026-11-03', reason: '金额录错' },
      });
    });

    test('accounts and reports', async () => {
      await documented('GET', '/api/accounts');
      await documented('GET', '/api/reports/trial-balance?period=2026-10');
      await documented(
        'GET',
        '/api/reports/general-ledger?account=1002&from=2026-10-01&to=2026-11-30',
      );
      await documented('GET', '/api/reports/income-statement?period=2026-10');
      await documented('GET', '/api/reports/balance-sheet?period=2026-10');
      await documented('GET', '/api/reports/funds?period=2026-10');
      await documented('GET', '/api/reports/daily?date=2026-11-03');
      await documented('GET', '/api/reports/daily/sales?date=2026-11-03&tender=wechat');
      await documented('GET', '/api/reports/attention');
      await documented('GET', '/api/books/dashboard');
    });

    test('month close: preview, close, periods, verify, publish, reopen', async () => {
      await documented('GET', '/api/periods/2026-10/close-preview');
      await documented('POST', '/api/periods/2026-10/close');
      await documented('GET', '/api/periods');
      await documented('GET', '/api/periods/2026-10/verify');
      await documented('POST', '/api/statements/2026-10/publish', { status: 201 });
      await documented('POST', '/api/periods/2026-10/reopen', {
        token: admin,
        body: { reason: '漏记一笔费用' },
      });
      await documented('POST', '/api/periods/2026-10/close');
    });

    test('fund spending', async () => {
      await documented('GET', '/api/disbursement-categories');
      const aid = await documented('POST', '/api/disbursements', {
        status: 201,
        body: {
          id: randomUUID(),
          fund: 'hardship',
          date: '2026-11-02',
          amount: '30.00',
          category: 'aid_cash',
          description: '临时补助',
          paidFrom: 'bank',
          recipient: { name: '某某', phone: '13900000000' },
        },
      });
      await documented('GET', '/api/disbursements?period=2026-11');
      await documented(
        'GET',
        `/api/disbursements/${(aid.disbursement as { id: string }).id}/recipient`,
      );
      await documented('POST', '/api/fund-transfers', {
        status: 201,
        body: {
          id: randomUUID(),
          fromFund: 'operations',
          toFund: 'events',
          amount: '10.00',
          date: '2026-11-02',
          reason: '理事会决议',
        },
      });
      await documented('GET', '/api/hardship-vouchers?period=2026-11');
    });

    test('reconciliation: import, list, one, settle', async () => {
      const imported = await documented('POST', '/api/reconciliations', {
        status: 201,
        body: {
          provider: 'wechat',
          fileName: 'wechat.csv',
          contentBase64: WECHAT_BILL.toString('base64'),
        },
      });
      const id = (imported.reconciliation as { id: string }).id;
      await documented('GET', '/api/reconciliations');
      await documented('GET', `/api/reconciliations/${id}`);
      await documented('POST', `/api/reconciliations/${id}/settle`, {
        status: 201,
        body: { id: randomUUID(), date: '2026-11-04' },
      });
    });

    test('admin: users, allocation rules, audit log', async () => {
      const created = await documented('POST', '/api/users', {
        token: admin,
        status: 201,
        body: {
          username: `acct${process.pid}`,
          displayName: '王会计',
          password: 'a-long-password-1',
          role: 'accountant',
        },
      });
      await documented('GET', '/api/users', { token: admin });
      await documented('PATCH', `/api/users/${(created.user as { id: string }).id}`, {
        token: admin,
        body: { active: false },
      });
      await documented('GET', '/api/allocation-rules');
      await documented('POST', '/api/allocation-rules', {
        token: admin,
        status: 201,
        body: {
          effectiveFrom: '2026-12',
          shares: [
            { fund: 'operations', percent: '50' },
            { fund: 'events', percent: '25' },
            { fund: 'hardship', percent: '25' },
          ],
        },
      });
      await documented('GET', '/api/audit-log', { token: admin });
    });
  },
);

import { expect, test } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';
import { errorCode, json } from '../selling/helpers.js';

interface Answer {
  funds: {
    fund: string;
    name: string;
    nameEn: string;
    categories: { key: string; name: string; nameEn: string; isAid: boolean }[];
  }[];
}

describeEachDatabase('books: disbursement categories', (database) => {
  test('each fund’s categories are exactly what POST /api/disbursements accepts for it', async () => {
    const t = createTestApp(database);
    t.clock.set('2026-11-20T02:00:00Z');
    const { token } = await t.login('accountant');
    const db = database.current.db;
    await post(db, '2026-11-02', [
      ['1002', '10000.00', null],
      ['3001', null, '10000.00'],
    ]);
    for (const account of ['3104.11', '3104.12', '3104.13']) {
      await post(db, '2026-11-02', [
        ['3104.01', '100.00', null],
        [account, null, '100.00'],
      ]);
    }

    const response = await t.request('GET', '/api/disbursement-categories', { token });
    expect(response.status).toBe(200);
    const { funds } = await json<Answer>(response);
    expect(funds.map((fund) => [fund.fund, fund.categories.length])).toEqual([
      ['operations', 4],
      ['events', 3],
      ['hardship', 4],
    ]);
    expect(funds[2]!.categories.every((category) => category.isAid)).toBe(true);
    expect(funds[0]!.categories[0]).toEqual({
      key: 'center_rent',
      name: '服务中心房租',
      nameEn: 'Service-center rent',
      isAid: false,
    });

    for (const fund of funds) {
      for (const category of fund.categories) {
        const accepted = await t.request('POST', '/api/disbursements', {
          token,
          body: {
            fund: fund.fund,
            date: '2026-11-10',
            amount: '1.00',
            category: category.key,
            description: `测试 ${category.name}`,
            paidFrom: 'bank',
            ...(category.isAid ? { recipient: { name: '测试家庭' } } : { recipient: '供应商' }),
          },
        });
        expect([category.key, accepted.status]).toEqual([category.key, 201]);
        // The same category under another fund is refused.
        const other = funds.find((candidate) => candidate.fund !== fund.fund)!;
        const refused = await t.request('POST', '/api/disbursements', {
          token,
          body: {
            fund: other.fund,
            date: '2026-11-10',
            amount: '1.00',
            category: category.key,
            description: 'wrong fund',
            paidFrom: 'bank',
          },
        });
        expect([category.key, await errorCode(refused)]).toEqual([
          category.key,
          'category_unknown',
        ]);
      }
    }
    const cashier = await t.login('cashier');
    const forbidden = await t.request('GET', '/api/disbursement-categories', {
      token: cashier.token,
    });
    expect(forbidden.status).toBe(403);
  });
});

import { expect, test } from 'vitest';
import { D } from '../../ledger/core/money.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  saleBody,
  sell,
  setupShop,
  SHOP_DATE,
  type SaleAnswer,
} from '../selling/helpers.js';

interface Daily {
  byProduct: { productId: string; total: string }[];
  byCategory: { category: string; total: string }[];
  byTender: { method: string; count: number; amount: string }[];
  byHour: { hour: string; count: number; total: string }[];
  sales: { count: number; total: string };
}

interface Entries {
  figure: { by: string; value: string | null };
  sales: {
    saleId: string;
    receiptNumber: string;
    amount: string;
    total: string;
    entryId: string;
  }[];
  amount: string;
  truncated: boolean;
}

describeEachDatabase('books: from a daily sales figure to its entries and receipts', (database) => {
  test('every figure of the summary opens the sales that make it, each with its entry and receipt', async () => {
    const shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      cake: { name: '枣糕', price: '12.00', category: '糕点' },
    });
    const { t, products, cashier } = shop;
    const registerId = newRegister('drill');
    const opened = await t.request('POST', '/api/shifts', {
      token: cashier.token,
      body: { registerId, openingFloat: '100.00', openedAt: '2026-03-09T09:55:00Z' },
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const shiftId = (await json<{ shift: { id: string } }>(opened)).shift.id;
    const sold: SaleAnswer[] = [];
    for (const [createdAt, lines, tenders, discount] of [
      // The evening before (another business day): must not appear.
      ['2026-03-09T10:00:00Z', [['bun', '1']], [['cash', '1.50']]],
      ['2026-03-10T02:05:00Z', [['bun', '4']], [['cash', '6.00']]],
      [
        '2026-03-10T02:40:00Z',
        [
          ['bun', '2'],
          ['cake', '1'],
        ],
        [['wechat', '14.00']],
        '1.00',
      ],
      [
        '2026-03-10T05:10:00Z',
        [['cake', '2']],
        [
          ['alipay', '10.00'],
          ['cash', '14.00'],
        ],
      ],
    ] as [string, [string, string][], [string, string][], string?][]) {
      t.clock.set(createdAt < '2026-03-10T02:00:00Z' ? '2026-03-10T02:00:00Z' : createdAt);
      const response = await sell(
        t,
        cashier.token,
        saleBody(t, {
          registerId,
          shiftId,
          createdAt,
          lines: lines.map(([key, quantity]) => ({ productId: products[key]!.id, quantity })),
          tenders: tenders.map(([method, amount]) => ({
            method,
            amount,
            ...(method === 'cash' ? {} : { reference: `${method}-${createdAt}` }),
          })),
          ...(discount ? { discount } : {}),
        }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      sold.push((await json<{ sale: SaleAnswer }>(response)).sale);
    }
    const accountant = (await t.login('accountant')).token;
    const daily = await json<Daily>(
      await t.request('GET', `/api/reports/daily?date=${SHOP_DATE}`, { token: accountant }),
    );
    const drill = async (query: string) => {
      const response = await t.request(
        'GET',
        `/api/reports/daily/sales?date=${SHOP_DATE}${query}`,
        {
          token: accountant,
        },
      );
      expect(response.status, await response.clone().text()).toBe(200);
      return json<Entries>(response);
    };

    const figures: [string, string, number | undefined][] = [
      ['', daily.sales.total, daily.sales.count],
      ...daily.byProduct.map(
        (row) => [`&product=${row.productId}`, row.total, undefined] as [string, string, undefined],
      ),
      ...daily.byCategory.map(
        (row) =>
          [`&category=${encodeURIComponent(row.category)}`, row.total, undefined] as [
            string,
            string,
            undefined,
          ],
      ),
      ...daily.byTender.map(
        (row) => [`&tender=${row.method}`, row.amount, row.count] as [string, string, number],
      ),
      ...daily.byHour.map(
        (row) => [`&hour=${row.hour}`, row.total, row.count] as [string, string, number],
      ),
    ];
    // 1 whole day + 2 products + 2 categories + 3 tenders + 2 hours.
    expect(figures).toHaveLength(10);
    for (const [query, figure, count] of figures) {
      const entries = await drill(query);
      expect(entries.amount, query).toBe(figure);
      expect(entries.truncated).toBe(false);
      if (count !== undefined) expect(entries.sales, query).toHaveLength(count);
      expect(
        entries.sales.reduce((sum, sale) => sum.plus(sale.amount), D('0')).toFixed(2),
        query,
      ).toBe(figure);
      expect(entries.sales.map((sale) => sale.saleId)).not.toContain(sold[0]!.id);
    }

    // The 13:xx hour is the split-tender sale alone; its WeChat-less tenders show their parts.
    const afternoon = await drill('&hour=13');
    expect(afternoon.sales.map((sale) => sale.saleId)).toEqual([sold[3]!.id]);
    expect((await drill('&tender=cash')).sales.map((sale) => sale.amount)).toEqual([
      '6.00',
      '14.00',
    ]);

    // From each sale on to its journal entry, and from the entry to the receipt.
    for (const sale of (await drill('')).sales) {
      const entry = await json<{ entry: { source: string; sourceId: string } }>(
        await t.request('GET', `/api/journal/${sale.entryId}`, { token: accountant }),
      );
      expect(entry.entry).toMatchObject({ source: 'sale', sourceId: sale.saleId });
      const receipt = await t.request(
        'GET',
        `/api/sales/${entry.entry.sourceId}/receipt?format=text`,
        {
          token: accountant,
        },
      );
      expect(receipt.status).toBe(200);
      expect(await receipt.text()).toContain(sale.receiptNumber);
    }
  });

  test('bad figures are refused with invalid_input; a cashier may not look', async () => {
    const shop = await setupShop(database, {});
    const accountant = (await shop.t.login('accountant')).token;
    for (const query of [
      `date=${SHOP_DATE}&tender=cash&hour=07`,
      `date=${SHOP_DATE}&hour=24`,
      `date=${SHOP_DATE}&tender=cheque`,
      `date=2026-02-30`,
      `date=${SHOP_DATE}&product=not-a-uuid`,
    ]) {
      const response = await shop.t.request('GET', `/api/reports/daily/sales?${query}`, {
        token: accountant,
      });
      expect(response.status, query).toBe(400);
      expect(await errorCode(response)).toBe('invalid_input');
    }
    const empty = await shop.t.request('GET', `/api/reports/daily/sales?date=2026-01-01`, {
      token: accountant,
    });
    expect(await json(empty)).toMatchObject({ sales: [], amount: '0.00', truncated: false });
    const asCashier = await shop.t.request('GET', `/api/reports/daily/sales?date=${SHOP_DATE}`, {
      token: shop.cashier.token,
    });
    expect(asCashier.status).toBe(403);
    // Reading a receipt is all an accountant may do under /api/sales.
    const someSale = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['POST', '/api/sales'],
      ['GET', `/api/sales/${someSale}`],
      ['POST', `/api/sales/${someSale}/refunds`],
      ['POST', `/api/sales/${someSale}/receipt`],
    ] as const) {
      const response = await shop.t.request(method, path, {
        token: accountant,
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect([method, path, response.status]).toEqual([method, path, 403]);
    }
    const missing = await shop.t.request('GET', `/api/sales/${someSale}/receipt`, {
      token: accountant,
    });
    expect(missing.status).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { parseDocumentedAnswer } from '../helpers/contract.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { newRegister, setupShop, type Shop } from '../selling/helpers.js';

/**
 * The tablet POS is typed from these answers' documented schemas (server/schemas/pos-selling.ts):
 * each real answer of a POS endpoint is parsed with its schema, so a handler that adds,
 * drops or retypes a field breaks this test before it breaks the till.
 */
describeEachDatabase('contract: the POS endpoints answer their documented schemas', (database) => {
  let shop: Shop;
  const register = newRegister('pos');

  async function documented(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    status = 200,
  ): Promise<Record<string, unknown>> {
    const response = await shop.t.request(method, path, { token, body });
    expect(response.status, await response.clone().text()).toBe(status);
    return (await parseDocumentedAnswer(method, path, response)) as Record<string, unknown>;
  }

  test('login, me, catalog, shift, sale, refund, register lists, cash, close, reports, production, products', async () => {
    shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      cake: { name: '枣糕', price: '12.00', unit: 'jin', category: '糕点' },
    });
    const { t, cashier, manager, products } = shop;
    const login = await t.request('POST', '/api/auth/login', {
      body: { username: cashier.username, pin: '1357' },
    });
    expect(login.status).toBe(200);
    await parseDocumentedAnswer('POST', '/api/auth/login', login);
    const token = cashier.token;
    await documented('GET', '/api/auth/me', token);
    const production = await t.request('PUT', '/api/production/2026-03-10', {
      token: manager.token,
      body: { items: [{ productId: products.bun!.id, quantity: '40' }] },
    });
    expect(production.status).toBe(200);
    const catalog = await documented('GET', '/api/catalog', token);
    const listed = catalog.products as { id: string; remaining: string | null }[];
    expect(listed.find((product) => product.id === products.bun!.id)?.remaining).toBe('40');

    const shiftId = randomUUID();
    const opened = { id: shiftId, registerId: register, openingFloat: '200.00' };
    await documented('POST', '/api/shifts', token, opened, 201);
    await documented('POST', '/api/shifts', token, opened, 200);
    await documented('GET', '/api/shifts', token);
    await documented('GET', `/api/shifts/${shiftId}`, token);

    const saleId = randomUUID();
    const sale = {
      id: saleId,
      registerId: register,
      shiftId,
      createdAt: t.clock.now().toISOString(),
      receiptNumber: 'P1-000001',
      lines: [
        { productId: products.bun!.id, quantity: '2' },
        { productId: products.cake!.id, quantity: '1.5' },
      ],
      tenders: [
        { method: 'cash', amount: '1.00', tendered: '1.00' },
        { method: 'wechat', amount: '20.00', reference: '4200000001' },
      ],
    };
    const posted = await documented('POST', '/api/sales', token, sale, 201);
    expect((posted.sale as { receiptNumber: string }).receiptNumber).toBe('P1-000001');
    await documented('POST', '/api/sales', token, sale, 200);
    await documented('GET', `/api/sales/${saleId}`, token);
    await documented(
      'POST',
      `/api/sales/${saleId}/refunds`,
      token,
      {
        id: randomUUID(),
        reason: '顾客退货',
        lines: [{ productId: products.bun!.id, quantity: '1' }],
      },
      201,
    );
    await documented('GET', `/api/sales/${saleId}`, token);
    await documented('GET', `/api/registers/${register}/sales`, token);
    await documented('GET', `/api/registers/${register}/sales?q=P1-0000`, token);
    await documented('GET', `/api/registers/${register}/staff`, token);
    await documented(
      'POST',
      `/api/shifts/${shiftId}/cash-movements`,
      token,
      {
        id: randomUUID(),
        kind: 'paid_out',
        purpose: 'ingredients',
        amount: '5.00',
        reason: '买面粉',
      },
      201,
    );
    const x = await documented('GET', `/api/shifts/${shiftId}/x-report`, token);
    expect((x.xReport as { expectedCash: unknown }).expectedCash).toBeNull();
    await documented('GET', `/api/shifts/${shiftId}/x-report`, manager.token);
    const closed = await documented('POST', `/api/shifts/${shiftId}/close`, token, {
      counts: [{ denomination: '100', count: 2 }],
    });
    expect(closed.overShort).toBeDefined();
    await documented('GET', `/api/shifts/${shiftId}/z-report`, token);

    // The manager screen: production, leftovers, products.
    const day = await documented('GET', '/api/production/2026-03-10', manager.token);
    expect((day.products as { sold: string }[]).length).toBe(2);
    await documented('PUT', '/api/production/2026-03-10/leftovers', token, {
      items: [
        {
          productId: products.bun!.id,
          disposition: 'donated',
          quantity: '3',
          reason: '送社区食堂',
        },
      ],
    });
    const list = await documented('GET', '/api/products', manager.token);
    expect((list.products as unknown[]).length).toBeGreaterThanOrEqual(2);
    await documented('PATCH', `/api/products/${products.cake!.id}`, manager.token, {
      active: false,
    });
    await documented(
      'POST',
      '/api/products',
      manager.token,
      { sku: `NEW-${register}`, name: '花卷', category: '馒头', price: '2.00', unit: 'piece' },
      201,
    );
  });
});

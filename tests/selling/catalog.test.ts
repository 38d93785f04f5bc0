import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  setupShop,
  SHOP_DATE,
  type SaleAnswer,
  type Shop,
} from './helpers.js';

interface CatalogAnswer {
  date: string;
  products: {
    id: string;
    price: string;
    soldOut: boolean;
    remaining: string | null;
    category: string;
  }[];
}

describeEachDatabase('selling: catalog, prices and production', (database) => {
  let shop: Shop;
  let register: string;
  let shiftId: string;

  beforeAll(async () => {
    shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      date: { name: '枣糕', price: '4.00', category: '糕点' },
      dough: { name: '发面', price: '5.00', unit: 'jin', category: '面食' },
    });
    register = newRegister();
    shiftId = await openShift(shop.t, shop.cashier.token, register);
  });

  async function catalog(): Promise<CatalogAnswer> {
    const response = await shop.t.request('GET', '/api/catalog', { token: shop.cashier.token });
    expect(response.status).toBe(200);
    return json<CatalogAnswer>(response);
  }

  test('price history: a sale is priced at the price in effect at its createdAt, wherever it arrives', async () => {
    const { t, manager, cashier, products } = shop;
    const beforeChange = t.clock.now().toISOString();
    t.clock.advance(120_000);
    const patched = await t.request('PATCH', `/api/products/${products.date!.id}`, {
      token: manager.token,
      body: { price: '4.50' },
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await json<{ product: { price: string } }>(patched)).product.price).toBe('4.50');
    // A future price is announced now and applies from its moment.
    const future = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const scheduled = await t.request('PATCH', `/api/products/${products.date!.id}`, {
      token: manager.token,
      body: { price: '5.00', effectiveFrom: future },
    });
    expect(scheduled.status).toBe(200);
    expect((await json<{ product: { price: string } }>(scheduled)).product.price).toBe('4.50');
    // Back-dating a price would re-price sales already made: refused.
    const backdated = await t.request('PATCH', `/api/products/${products.date!.id}`, {
      token: manager.token,
      body: { price: '3.00', effectiveFrom: beforeChange },
    });
    expect(backdated.status).toBe(400);

    t.clock.advance(60_000);
    // A sale made offline before the change, synced now: the old price.
    const offline = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        createdAt: beforeChange,
        offline: true,
        lines: [{ productId: products.date!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '8.00' }],
      }),
    );
    expect(offline.status, await offline.clone().text()).toBe(201);
    expect((await json<{ sale: SaleAnswer }>(offline)).sale.lines[0]!.unitPrice).toBe('4.00');
    // A sale made now: the new price; the client's stale price would be tenders_mismatch.
    const stale = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.date!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '8.00' }],
      }),
    );
    expect(await errorCode(stale)).toBe('tenders_mismatch');
    const current = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.date!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '9.00' }],
      }),
    );
    expect(current.status).toBe(201);
    // After the scheduled moment, the scheduled price.
    t.clock.advance(3600_000);
    const later = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.date!.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: '5.00' }],
      }),
    );
    expect(later.status, await later.clone().text()).toBe(201);

    const history = await t.request('GET', `/api/products/${products.date!.id}`, {
      token: manager.token,
    });
    const { product } = await json<{ product: { prices: { price: string }[] } }>(history);
    expect(product.prices.map((entry) => entry.price)).toEqual(['5.00', '4.50', '4.00']);
    // Price rows are history: the database refuses to change them.
    await expect(
      database.current.db.updateTable('product_prices').set({ price: '1.00' }).execute(),
    ).rejects.toThrow(/entry_immutable/);
  });

  test('production: remaining = baked − sold + refunded; sold out online, accepted and flagged offline', async () => {
    const { t, manager, cashier, products } = shop;
    const put = await t.request('PUT', `/api/production/${SHOP_DATE}`, {
      token: manager.token,
      body: {
        items: [
          { productId: products.bun!.id, quantity: '5' },
          { productId: products.dough!.id, quantity: '2.5' },
        ],
      },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    let listed = await catalog();
    expect(listed.date).toBe(SHOP_DATE);
    const bun = () => listed.products.find((product) => product.id === products.bun!.id)!;
    const date2 = () => listed.products.find((product) => product.id === products.date!.id)!;
    expect(bun()).toMatchObject({ remaining: '5', soldOut: false });
    expect(date2()).toMatchObject({ remaining: null, soldOut: false });

    const three = saleBody(t, {
      registerId: register,
      shiftId,
      lines: [{ productId: products.bun!.id, quantity: '3' }],
      tenders: [{ method: 'cash', amount: '4.50' }],
    });
    expect((await sell(t, cashier.token, three)).status).toBe(201);
    listed = await catalog();
    expect(bun()).toMatchObject({ remaining: '2', soldOut: false });

    const tooMany = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [
          { productId: products.bun!.id, quantity: '2' },
          { productId: products.bun!.id, quantity: '1' },
        ],
        tenders: [{ method: 'cash', amount: '4.50' }],
      }),
    );
    expect(tooMany.status).toBe(422);
    expect(await errorCode(tooMany)).toBe('sold_out');

    // Made offline: it happened, so the books take it, flagged.
    const offline = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        offline: true,
        lines: [{ productId: products.bun!.id, quantity: '3' }],
        tenders: [{ method: 'cash', amount: '4.50' }],
      }),
    );
    expect(offline.status, await offline.clone().text()).toBe(201);
    expect((await json<{ sale: SaleAnswer }>(offline)).sale).toMatchObject({
      offline: true,
      oversold: true,
    });
    listed = await catalog();
    expect(bun()).toMatchObject({ remaining: '-1', soldOut: true });

    // A replay of an earlier sale still answers with it, sold out or not.
    const replay = await sell(t, cashier.token, three);
    expect(replay.status).toBe(200);
    // A refund puts them back.
    const { sale } = await json<{ sale: SaleAnswer }>(replay);
    const refund = await t.request('POST', `/api/sales/${sale.id}/refunds`, {
      token: cashier.token,
      body: { id: randomUUID(), reason: '顾客退回', shiftId },
    });
    expect(refund.status, await refund.clone().text()).toBe(201);
    listed = await catalog();
    expect(bun()).toMatchObject({ remaining: '2', soldOut: false });

    // Leftovers at the end of the day, for the waste rate.
    const noReason = await t.request('PUT', `/api/production/${SHOP_DATE}/leftovers`, {
      token: cashier.token,
      body: {
        items: [{ productId: products.bun!.id, disposition: 'waste', quantity: '1', reason: ' ' }],
      },
    });
    expect(await errorCode(noReason)).toBe('reason_required');
    const leftovers = await t.request('PUT', `/api/production/${SHOP_DATE}/leftovers`, {
      token: cashier.token,
      body: {
        items: [
          {
            productId: products.bun!.id,
            disposition: 'donated',
            quantity: '1',
            reason: '送社区食堂',
          },
          { productId: products.dough!.id, disposition: 'waste', quantity: '0.5', reason: '发酸' },
        ],
      },
    });
    expect(leftovers.status, await leftovers.clone().text()).toBe(200);
    const day = await json<{
      products: {
        productId: string;
        baked: string | null;
        sold: string;
        leftovers: { disposition: string; quantity: string; reason: string }[];
      }[];
    }>(await t.request('GET', `/api/production/${SHOP_DATE}`, { token: manager.token }));
    const bunDay = day.products.find((row) => row.productId === products.bun!.id)!;
    expect(bunDay).toMatchObject({ baked: '5', sold: '6', refunded: '3', remaining: '2' });
    expect(bunDay.leftovers).toEqual([
      { disposition: 'donated', quantity: '1', reason: '送社区食堂' },
    ]);
    const doughDay = day.products.find((row) => row.productId === products.dough!.id)!;
    expect(doughDay.leftovers).toEqual([{ disposition: 'waste', quantity: '0.5', reason: '发酸' }]);
  });

  test.each([
    ['a negative count', '-1', 'quantity_not_positive'],
    ['four decimals', '1.0001', 'quantity_too_precise'],
  ])('production with %s is refused: %s', async (_name, quantity, code) => {
    const { t, manager, products } = shop;
    const response = await t.request('PUT', `/api/production/${SHOP_DATE}`, {
      token: manager.token,
      body: { items: [{ productId: products.bun!.id, quantity }] },
    });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe(code);
  });

  test('products: a SKU is used once, prices are positive amounts, production needs a manager', async () => {
    const { t, manager, cashier, products } = shop;
    const again = await t.request('POST', '/api/products', {
      token: manager.token,
      body: {
        sku: products.bun!.sku,
        name: '又一个',
        category: '馒头',
        price: '1.00',
        unit: 'piece',
      },
    });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('sku_taken');
    const free = await t.request('POST', '/api/products', {
      token: manager.token,
      body: { sku: 'FREE-1', name: '免费', category: '馒头', price: '0.00', unit: 'piece' },
    });
    expect(await errorCode(free)).toBe('amount_invalid');
    const badUnit = await t.request('POST', '/api/products', {
      token: manager.token,
      body: { sku: 'BAD-1', name: '坏', category: '馒头', price: '1.00', unit: 'box' },
    });
    expect(badUnit.status).toBe(400);
    const byCashier = await t.request('PUT', `/api/production/${SHOP_DATE}`, {
      token: cashier.token,
      body: { items: [] },
    });
    expect(byCashier.status).toBe(403);
    const category = await t.request('PUT', `/api/categories/${encodeURIComponent('糕点')}`, {
      token: manager.token,
      body: { nameEn: 'Cakes', sortOrder: 5 },
    });
    expect(category.status).toBe(200);
    expect((await json<{ category: unknown }>(category)).category).toEqual({
      name: '糕点',
      nameEn: 'Cakes',
      sortOrder: 5,
    });
    const withdrawn = await t.request('PATCH', `/api/products/${products.dough!.id}`, {
      token: manager.token,
      body: { active: false },
    });
    expect(withdrawn.status).toBe(200);
    expect((await catalog()).products.some((product) => product.id === products.dough!.id)).toBe(
      false,
    );
  });
});

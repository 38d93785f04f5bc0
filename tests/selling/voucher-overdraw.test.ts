import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  fundHardship,
  json,
  newRegister,
  openShift,
  rowCounts,
  saleBody,
  sell,
  setupShop,
  type SaleAnswer,
  type Shop,
} from './helpers.js';

interface AttentionAnswer {
  fundOverdrawn: { saleId: string; vouchers: string; registerId: string }[];
}

describeEachDatabase('selling: an offline voucher sale beyond the hardship fund', (database) => {
  const db = () => database.current.db;
  let shop: Shop;
  let register: string;
  let shiftId: string;

  beforeAll(async () => {
    shop = await setupShop(database, { bun: { name: '豆包', price: '2.00' } });
    register = newRegister();
    shiftId = await openShift(shop.t, shop.cashier.token, register);
  });

  const voucherSale = (offline: boolean) =>
    saleBody(shop.t, {
      registerId: register,
      shiftId,
      offline,
      lines: [{ productId: shop.products.bun!.id, quantity: '4' }],
      tenders: [{ method: 'hardship_voucher', amount: '8.00', reference: 'HV-0001' }],
    });

  test('with the fund at ¥0: online is refused as before, nothing written', async () => {
    const before = await rowCounts(db());
    const response = await sell(shop.t, shop.cashier.token, voucherSale(false));
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe('hardship_fund_insufficient');
    expect(await rowCounts(db())).toEqual(before);
  });

  test('with the fund at ¥0: offline is recorded (it happened), flagged on the sale and listed for the accountant', async () => {
    const response = await sell(shop.t, shop.cashier.token, voucherSale(true));
    expect(response.status, await response.clone().text()).toBe(201);
    const { sale } = await json<{ sale: SaleAnswer & { fundOverdrawn: boolean } }>(response);
    expect(sale).toMatchObject({ offline: true, fundOverdrawn: true, total: '8.00' });

    const read = await shop.t.request('GET', `/api/sales/${sale.id}`, {
      token: shop.cashier.token,
    });
    expect((await json<{ sale: { fundOverdrawn: boolean } }>(read)).sale.fundOverdrawn).toBe(true);

    const accountant = await shop.t.login('accountant');
    const attention = await shop.t.request('GET', '/api/reports/attention', {
      token: accountant.token,
    });
    expect(attention.status, await attention.clone().text()).toBe(200);
    const body = await json<AttentionAnswer>(attention);
    expect(body.fundOverdrawn).toEqual([
      expect.objectContaining({ saleId: sale.id, vouchers: '8.00', registerId: register }),
    ]);
    // Nothing about the holder is in the list.
    expect(JSON.stringify(body)).not.toContain('HV-0001');
    const cashierLook = await shop.t.request('GET', '/api/reports/attention', {
      token: shop.cashier.token,
    });
    expect(cashierLook.status).toBe(403);
  });

  test('a voucher sale the fund covers is not flagged, online or offline', async () => {
    // The fund is at −8.00 after the flagged sale: 30.00 in makes 22.00, enough for two.
    await fundHardship(db(), '30.00');
    for (const offline of [false, true]) {
      const response = await sell(shop.t, shop.cashier.token, voucherSale(offline));
      expect(response.status, await response.clone().text()).toBe(201);
      expect((await json<{ sale: { fundOverdrawn: boolean } }>(response)).sale.fundOverdrawn).toBe(
        false,
      );
    }
    const accountant = await shop.t.login('accountant');
    const attention = await shop.t.request('GET', '/api/reports/attention', {
      token: accountant.token,
    });
    expect((await json<AttentionAnswer>(attention)).fundOverdrawn).toHaveLength(1);
  });
});

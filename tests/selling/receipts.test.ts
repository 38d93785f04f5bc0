import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { decodeEscPos } from '../../reports/escpos-decode.js';
import type { ReceiptModel } from '../../reports/receipt-model.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  setupShop,
  type SaleAnswer,
  type Shop,
} from './helpers.js';

describeEachDatabase('selling: receipts', (database) => {
  let shop: Shop;
  let sale: SaleAnswer;

  beforeAll(async () => {
    shop = await setupShop(database, {
      multigrain: { name: '杂粮馒头（全麦）', price: '3.50', category: '杂粮' },
      dough: { name: '老面发糕', price: '6.00', unit: 'jin', category: '糕点' },
    });
    const register = newRegister('counter');
    const shiftId = await openShift(shop.t, shop.cashier.token, register);
    const response = await sell(
      shop.t,
      shop.cashier.token,
      saleBody(shop.t, {
        registerId: register,
        shiftId,
        lines: [
          { productId: shop.products.multigrain!.id, quantity: '2' },
          { productId: shop.products.dough!.id, quantity: '1.5', discount: '0.50' },
        ],
        tenders: [
          { method: 'wechat', amount: '5.00', reference: '4200001234567890' },
          { method: 'cash', amount: '10.50', tendered: '20.00' },
        ],
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    sale = (await json<{ sale: SaleAnswer }>(response)).sale;
  });

  test('the receipt as data: what was recorded, nothing priced again', async () => {
    const response = await shop.t.request('GET', `/api/sales/${sale.id}/receipt`, {
      token: shop.cashier.token,
    });
    expect(response.status).toBe(200);
    const { receipt } = await json<{ receipt: ReceiptModel }>(response);
    expect(receipt).toMatchObject({
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      businessDate: '2026-03-10',
      localTime: '10:00',
      subtotal: '15.50',
      saleDiscount: '0.00',
      total: '15.50',
      late: false,
      reprint: false,
      statementsUrl: 'http://localhost:3000/',
    });
    expect(receipt.lines[1]).toMatchObject({
      quantity: '1.5',
      unit: 'jin',
      unitPrice: '6.00',
      discount: '0.50',
      lineTotal: '8.50',
    });
    expect(receipt.tenders).toEqual([
      { method: 'wechat', amount: '5.00', tendered: null, change: null, referenceLast4: '7890' },
      { method: 'cash', amount: '10.50', tendered: '20.00', change: '9.50', referenceLast4: null },
    ]);
  });

  test.each([58, 80] as const)(
    'ESC/POS for %i mm decodes back from GB18030 to exactly the receipt text',
    async (width) => {
      for (const lang of ['zh-CN', 'en'] as const) {
        const text = await shop.t.request(
          'GET',
          `/api/sales/${sale.id}/receipt?format=text&width=${width}&lang=${lang}`,
          {
            token: shop.cashier.token,
          },
        );
        expect(text.status).toBe(200);
        const lines = (await text.text()).replace(/\n$/, '').split('\n');
        if (lang === 'zh-CN') {
          expect(lines.join('\n')).toContain('杂粮馒头（全麦）');
          expect(lines.join('\n')).toContain('找零');
        }
        const escpos = await shop.t.request(
          'GET',
          `/api/sales/${sale.id}/receipt?format=escpos&width=${width}&lang=${lang}&reprint=true`,
          {
            token: shop.cashier.token,
          },
        );
        expect(escpos.status).toBe(200);
        expect(escpos.headers.get('content-type')).toBe('application/octet-stream');
        const bytes = new Uint8Array(await escpos.arrayBuffer());
        const decoded = decodeEscPos(bytes, { columns: width === 58 ? 32 : 48 });
        expect(decoded.chineseMode).toBe(true);
        expect(decoded.cut).toBe('partial');
        expect(decoded.qrCodes.map((qr) => qr.payload)).toEqual(['http://localhost:3000/']);
        // The reprint adds its mark; everything else is the text, line for line.
        const reprintMark = lang === 'zh-CN' ? '重印' : 'REPRINT';
        const withoutMark = decoded.lines.filter((line) => line.trim() !== reprintMark);
        expect(withoutMark.length).toBe(decoded.lines.length - 1);
        expect(withoutMark.map((line) => line.trimEnd())).toEqual(
          lines.map((line) => line.trimEnd()),
        );
      }
    },
  );

  test('an unknown sale has no receipt; a bad width is refused', async () => {
    const missing = await shop.t.request('GET', `/api/sales/${randomUUID()}/receipt`, {
      token: shop.cashier.token,
    });
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('sale_not_found');
    const badWidth = await shop.t.request(
      'GET',
      `/api/sales/${sale.id}/receipt?format=escpos&width=76`,
      { token: shop.cashier.token },
    );
    expect(badWidth.status).toBe(400);
  });
});

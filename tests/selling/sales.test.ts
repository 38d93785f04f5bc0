import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { getEntry } from '../../ledger/books/journal.js';
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

describeEachDatabase('selling: sales', (database) => {
  const db = () => database.current.db;
  let shop: Shop;
  let register: string;
  let shiftId: string;

  beforeAll(async () => {
    shop = await setupShop(database, {
      bun: { name: '馒头', price: '1.50' },
      roll: { name: '花卷', price: '2.00' },
      multigrain: { name: '杂粮馒头', price: '6.99', unit: 'jin', category: '杂粮' },
      retired: { name: '老面包', price: '3.00' },
    });
    register = newRegister();
    shiftId = await openShift(shop.t, shop.cashier.token, register);
  });

  async function entryLines(entryId: string) {
    const entry = await getEntry(db(), entryId);
    expect(entry).toBeDefined();
    return entry!.lines.map((line) => [
      line.account,
      line.debit.toFixed(2),
      line.credit.toFixed(2),
    ]);
  }

  test('a cash sale: priced by the server, change computed, posted Dr 1001 / Cr 5001 in the same transaction', async () => {
    const { t, cashier, products } = shop;
    const body = saleBody(t, {
      registerId: register,
      shiftId,
      // The client's idea of a price is not even asked for: only product and quantity.
      lines: [{ productId: products.bun!.id, quantity: '4' }],
      tenders: [{ method: 'cash', amount: '6.00', tendered: '10.00' }],
    });
    const response = await sell(t, cashier.token, body);
    expect(response.status, await response.clone().text()).toBe(201);
    const { sale } = await json<{ sale: SaleAnswer }>(response);
    expect(sale).toMatchObject({
      id: body.id,
      total: '6.00',
      change: '4.00',
      late: false,
      offline: false,
    });
    expect(sale.lines[0]).toMatchObject({
      quantity: '4',
      unitPrice: '1.50',
      gross: '6.00',
      total: '6.00',
    });
    expect(await entryLines(sale.entryId)).toEqual([
      ['1001', '6.00', '0.00'],
      ['5001', '0.00', '6.00'],
    ]);
    const fetched = await t.request('GET', `/api/sales/${sale.id}`, { token: cashier.token });
    expect(fetched.status).toBe(200);
    expect((await json<{ sale: SaleAnswer }>(fetched)).sale.total).toBe('6.00');
  });

  test('line totals round half-up to the fen: 1.5 jin × 6.99 = 10.485 → 10.49', async () => {
    const { t, cashier, products } = shop;
    const response = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.multigrain!.id, quantity: '1.5' }],
        tenders: [{ method: 'cash', amount: '10.49', tendered: '20.00' }],
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const { sale } = await json<{ sale: SaleAnswer }>(response);
    expect(sale.lines[0]!.gross).toBe('10.49');
    expect(sale.change).toBe('9.51');
  });

  test('a split tender: WeChat, Alipay and cash, references kept, one debit per tender', async () => {
    const { t, cashier, products } = shop;
    const response = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [
          { productId: products.bun!.id, quantity: '10' },
          { productId: products.roll!.id, quantity: '3', discount: '0.50' },
        ],
        discount: '1.00',
        tenders: [
          { method: 'wechat', amount: '10.00', reference: '4200001234567890' },
          { method: 'alipay', amount: '5.00', reference: '2026031022001' },
          { method: 'cash', amount: '4.50', tendered: '5.00' },
        ],
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const { sale } = await json<{ sale: SaleAnswer }>(response);
    // 10 × 1.50 + (3 × 2.00 − 0.50) − 1.00
    expect(sale.total).toBe('19.50');
    expect(sale.change).toBe('0.50');
    expect(sale.tenders.map((tender) => tender.reference)).toEqual([
      '4200001234567890',
      '2026031022001',
      null,
    ]);
    // The sale discount is spread over the lines in proportion (15.00 : 5.50), exactly.
    const netSum = sale.lines.reduce((sum, line) => sum + Math.round(Number(line.net) * 100), 0);
    expect(netSum).toBe(1950);
    expect(await entryLines(sale.entryId)).toEqual([
      ['1012.01', '10.00', '0.00'],
      ['1012.02', '5.00', '0.00'],
      ['1001', '4.50', '0.00'],
      ['5001', '0.00', '19.50'],
    ]);
  });

  test('the same sale replayed 100 times makes one sale; other content under its id is 409', async () => {
    const { t, cashier, products } = shop;
    const body = saleBody(t, {
      registerId: register,
      shiftId,
      lines: [{ productId: products.roll!.id, quantity: '2' }],
      tenders: [{ method: 'cash', amount: '4.00', tendered: '4.00' }],
    });
    const before = await rowCounts(db());
    const answers: { status: number; body: string }[] = [];
    // Sequential and overlapping replays alike.
    for (let round = 0; round < 10; round += 1) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, () => sell(t, cashier.token, body)),
      );
      for (const response of batch)
        answers.push({ status: response.status, body: await response.text() });
    }
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(99);
    const sales = answers.map((answer) => (JSON.parse(answer.body) as { sale: SaleAnswer }).sale);
    expect(new Set(sales.map((sale) => sale.entryId)).size).toBe(1);
    expect(new Set(sales.map((sale) => sale.receiptNumber)).size).toBe(1);
    const after = await rowCounts(db());
    expect(after.sales - before.sales).toBe(1);
    expect(after.journal_entries - before.journal_entries).toBe(1);

    // The offline flag is not content: the tablet's offline queue may resend it so.
    expect((await sell(t, cashier.token, { ...body, offline: true })).status).toBe(200);
    const changed = await sell(t, cashier.token, {
      ...body,
      lines: [{ productId: products.roll!.id, quantity: '3' }],
      tenders: [{ method: 'cash', amount: '6.00' }],
    });
    expect(changed.status).toBe(409);
    expect(await errorCode(changed)).toBe('idempotency_conflict');
  });

  describe('bad input: each refused with its own code, nothing written', () => {
    type Case = [
      string,
      () => Promise<Record<string, unknown>>,
      number,
      string,
      ('cashier' | 'other')?,
    ];
    const titled = (cases: Case[]) =>
      cases.map(
        ([name, build, status, code, who]) =>
          [`${name} → ${status} ${code}`, build, status, code, who] as Case,
      );
    const cases: Case[] = [
      [
        'unknown product',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: randomUUID(), quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          }),
        422,
        'product_unknown',
      ],
      [
        'inactive product',
        async () => {
          const patched = await shop.t.request(
            'PATCH',
            `/api/products/${shop.products.retired!.id}`,
            {
              token: shop.manager.token,
              body: { active: false },
            },
          );
          expect(patched.status).toBe(200);
          shop.t.clock.advance(1000);
          return saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.retired!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '3.00' }],
          });
        },
        422,
        'product_inactive',
      ],
      ...(['0', '-1', '0.000'] as const).map((quantity): Case => [
        `quantity ${quantity}`,
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          }),
        422,
        'quantity_not_positive',
      ]),
      [
        'quantity with 4 decimals',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.multigrain!.id, quantity: '1.2345' }],
            tenders: [{ method: 'cash', amount: '8.63' }],
          }),
        422,
        'quantity_too_precise',
      ],
      [
        '201 lines',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: Array.from({ length: 201 }, () => ({
              productId: shop.products.bun!.id,
              quantity: '1',
            })),
            tenders: [{ method: 'cash', amount: '301.50' }],
          }),
        422,
        'too_many_lines',
      ],
      [
        "tenders that don't add up",
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
            tenders: [
              { method: 'cash', amount: '1.00' },
              { method: 'wechat', amount: '1.50', reference: 'wx1' },
            ],
          }),
        422,
        'tenders_mismatch',
      ],
      [
        'cash short',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
            tenders: [{ method: 'cash', amount: '3.00', tendered: '2.00' }],
          }),
        422,
        'tender_short',
      ],
      [
        'a hardship voucher while the fund is empty (online)',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
            tenders: [{ method: 'hardship_voucher', amount: '3.00', reference: 'HV-0001' }],
          }),
        422,
        'hardship_fund_insufficient',
      ],
      [
        'a shift that is not open',
        async () => {
          const closedRegister = newRegister();
          const closed = await openShift(shop.t, shop.cashier.token, closedRegister, '0.00');
          const response = await shop.t.request('POST', `/api/shifts/${closed}/close`, {
            token: shop.cashier.token,
            body: { countedCash: '0.00' },
          });
          expect(response.status).toBe(200);
          return saleBody(shop.t, {
            registerId: closedRegister,
            shiftId: closed,
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          });
        },
        409,
        'shift_not_open',
      ],
      [
        "someone else's shift",
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          }),
        403,
        'shift_not_yours',
        'other',
      ],
      [
        'a shift that does not exist',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId: randomUUID(),
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          }),
        404,
        'shift_not_found',
      ],
      [
        "another register's name",
        async () =>
          saleBody(shop.t, {
            registerId: 'counter-elsewhere',
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          }),
        422,
        'register_mismatch',
      ],
      [
        'money as a JSON number',
        async () => ({
          ...saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [],
          }),
          tenders: [{ method: 'cash', amount: 1.5 }],
        }),
        400,
        'invalid_input',
      ],
      [
        "a discount beyond the cashier's limit without approval",
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '10', discount: '3.00' }],
            tenders: [{ method: 'cash', amount: '12.00' }],
          }),
        403,
        'approval_required',
      ],
      [
        'a wrong manager PIN',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '10', discount: '3.00' }],
            tenders: [{ method: 'cash', amount: '12.00' }],
            approverPin: '0000',
            approver: shop.manager.username,
          }),
        403,
        'approval_invalid',
      ],
      [
        "a line discount above the line's amount",
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '1', discount: '2.00' }],
            tenders: [{ method: 'cash', amount: '0.01' }],
            approverPin: '8642',
            approver: shop.manager.username,
          }),
        422,
        'discount_invalid',
      ],
      [
        'a sale dated tomorrow',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            createdAt: new Date(shop.t.clock.now().getTime() + 24 * 3600_000).toISOString(),
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50' }],
          }),
        422,
        'sale_time_invalid',
      ],
      [
        'a reference on cash',
        async () =>
          saleBody(shop.t, {
            registerId: register,
            shiftId,
            lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
            tenders: [{ method: 'cash', amount: '1.50', reference: 'x' }],
          }),
        422,
        'tender_invalid',
      ],
    ];

    test.each(titled(cases))('%s', async (_name, build, status, code, who) => {
      const body = await build();
      const token = who === 'other' ? (await shop.t.login('cashier')).token : shop.cashier.token;
      const before = await rowCounts(db());
      const response = await sell(shop.t, token, body);
      expect(await errorCode(response)).toBe(code);
      expect(response.status).toBe(status);
      expect(await rowCounts(db())).toEqual(before);
    });
  });

  test("a discount beyond the cashier's limit passes with a manager's PIN or a manager's own session", async () => {
    const { t, cashier, manager, products } = shop;
    const withPin = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.bun!.id, quantity: '10', discount: '3.00' }],
        tenders: [{ method: 'cash', amount: '12.00' }],
        approverPin: '8642',
        approver: manager.username,
      }),
    );
    expect(withPin.status, await withPin.clone().text()).toBe(201);
    expect((await json<{ sale: { approvedBy: string } }>(withPin)).sale.approvedBy).toBe(
      manager.userId,
    );

    // The PIN alone (no username) is tried against the managers.
    const pinOnly = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.bun!.id, quantity: '10' }],
        discount: '5.00',
        tenders: [{ method: 'cash', amount: '10.00' }],
        approverPin: '8642',
      }),
    );
    expect(pinOnly.status, await pinOnly.clone().text()).toBe(201);

    const managerRegister = newRegister('mgr');
    const managerShift = await openShift(t, manager.token, managerRegister);
    const bySession = await sell(
      t,
      manager.token,
      saleBody(t, {
        registerId: managerRegister,
        shiftId: managerShift,
        lines: [{ productId: products.bun!.id, quantity: '10' }],
        discount: '7.50',
        tenders: [{ method: 'cash', amount: '7.50' }],
      }),
    );
    expect(bySession.status, await bySession.clone().text()).toBe(201);
  });

  test('guessing a manager PIN from the till: after five wrong PINs, too_many_attempts', async () => {
    const { t, manager, products } = shop;
    const guesser = await t.login('cashier');
    const guesserRegister = newRegister('guess');
    const guesserShift = await openShift(t, guesser.token, guesserRegister);
    const attempt = (pin: string) =>
      sell(
        t,
        guesser.token,
        saleBody(t, {
          registerId: guesserRegister,
          shiftId: guesserShift,
          lines: [{ productId: products.bun!.id, quantity: '10' }],
          discount: '5.00',
          tenders: [{ method: 'cash', amount: '10.00' }],
          approverPin: pin,
          approver: manager.username,
        }),
      );
    for (const pin of ['0001', '0002', '0003', '0004', '0005']) {
      expect(await errorCode(await attempt(pin))).toBe('approval_invalid');
    }
    const locked = await attempt('8642');
    expect(locked.status).toBe(429);
    expect(await errorCode(locked)).toBe('too_many_attempts');
    // The manager is not locked out by someone else's guesses.
    const managerLogin = await t.request('POST', '/api/auth/login', {
      body: { username: manager.username, pin: '8642' },
    });
    expect(managerLogin.status).toBe(200);
  });

  test('a hardship voucher is charged to the hardship fund; its holder stays private', async () => {
    const { t, cashier, products } = shop;
    await fundHardship(db(), '100.00');
    const response = await sell(
      t,
      cashier.token,
      saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: products.bun!.id, quantity: '6' }],
        tenders: [
          {
            method: 'hardship_voucher',
            amount: '9.00',
            reference: 'HV-2026-0042',
            holder: { name: '张秘密', household: '3号楼2单元', phone: '13900001111' },
          },
        ],
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const text = await response.clone().text();
    const { sale } = await json<{ sale: SaleAnswer }>(response);
    expect(await entryLines(sale.entryId)).toEqual([
      ['3104.13', '9.00', '0.00'],
      ['5001', '0.00', '9.00'],
    ]);
    const entry = await getEntry(db(), sale.entryId);
    const everythingPublicish = [
      text,
      JSON.stringify(entry),
      await (await t.request('GET', `/api/sales/${sale.id}`, { token: cashier.token })).text(),
      await (
        await t.request('GET', `/api/sales/${sale.id}/receipt`, { token: cashier.token })
      ).text(),
      await (
        await t.request('GET', `/api/sales/${sale.id}/receipt?format=text`, {
          token: cashier.token,
        })
      ).text(),
    ].join('\n');
    for (const secret of ['张秘密', '3号楼', '13900001111', 'HV-2026-0042']) {
      expect(everythingPublicish).not.toContain(secret);
    }
    const holder = await db()
      .selectFrom('hardship_voucher_holders')
      .selectAll()
      .where('sale_id', '=', sale.id)
      .executeTakeFirstOrThrow();
    expect(holder).toMatchObject({
      voucher_number: 'HV-2026-0042',
      holder_name: '张秘密',
      phone: '13900001111',
    });
  });

  test('sales, lines and tenders are final: the database refuses UPDATE and DELETE', async () => {
    await expect(db().updateTable('sales').set({ total: '0.01' }).execute()).rejects.toThrow(
      /entry_immutable/,
    );
    await expect(db().deleteFrom('sale_lines').execute()).rejects.toThrow(/entry_immutable/);
    await expect(
      db().updateTable('sale_tenders').set({ amount: '0.01' }).execute(),
    ).rejects.toThrow(/entry_immutable/);
  });

  test('a cashier cannot create products; a manager can; the API needs a login', async () => {
    const { t, cashier } = shop;
    const denied = await t.request('POST', '/api/products', {
      token: cashier.token,
      body: { sku: 'NOPE', name: '不行', category: '馒头', price: '1.00', unit: 'piece' },
    });
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('forbidden');
    const anonymous = await t.request('POST', '/api/sales', { body: {} });
    expect(anonymous.status).toBe(401);
  });
});

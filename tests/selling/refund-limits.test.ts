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
  type SaleAnswer,
  type Shop,
} from './helpers.js';

interface RefundAnswer {
  id: string;
  amount: string;
  approvedBy: string | null;
}

describeEachDatabase(
  'selling: the cashier refund limit holds over a sale and a day',
  (database) => {
    const db = () => database.current.db;
    let shop: Shop;

    beforeAll(async () => {
      shop = await setupShop(database, {
        cake: { name: '枣糕', price: '38.40', category: '糕点' },
        bun: { name: '豆包', price: '12.80' },
      });
    });

    /** A fresh cashier with an open shift: each test's refunds count only against itself. */
    async function till() {
      const cashier = await shop.t.login('cashier');
      const registerId = newRegister();
      const shiftId = await openShift(shop.t, cashier.token, registerId);
      return { ...cashier, registerId, shiftId };
    }

    /** 3 × 38.40 + 12.80 = 128.00, paid in cash. */
    async function sale128(seller: { token: string; registerId: string; shiftId: string }) {
      const response = await sell(
        shop.t,
        seller.token,
        saleBody(shop.t, {
          registerId: seller.registerId,
          shiftId: seller.shiftId,
          lines: [
            { productId: shop.products.cake!.id, quantity: '3' },
            { productId: shop.products.bun!.id, quantity: '1' },
          ],
          tenders: [{ method: 'cash', amount: '128.00', tendered: '130.00' }],
        }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      return (await json<{ sale: SaleAnswer }>(response)).sale;
    }

    function refund(saleId: string, token: string, body: Record<string, unknown>) {
      return shop.t.request('POST', `/api/sales/${saleId}/refunds`, {
        token,
        body: { id: randomUUID(), reason: '顾客退回', ...body },
      });
    }

    const oneCake = () => [{ productId: shop.products.cake!.id, quantity: '1' }];
    const oneBun = () => [{ productId: shop.products.bun!.id, quantity: '1' }];

    test('¥128 refunded line by line: the refund that takes the sale past ¥50 needs a manager', async () => {
      const cashier = await till();
      const sale = await sale128(cashier);
      const whole = await refund(sale.id, cashier.token, { shiftId: cashier.shiftId });
      expect(whole.status).toBe(403);
      expect(await errorCode(whole)).toBe('approval_required');

      const first = await refund(sale.id, cashier.token, {
        shiftId: cashier.shiftId,
        lines: oneCake(),
      });
      expect(first.status, await first.clone().text()).toBe(201);
      expect((await json<{ refund: RefundAnswer }>(first)).refund).toMatchObject({
        amount: '38.40',
        approvedBy: null,
      });
      // 38.40 + 38.40 and 38.40 + 12.80 both cross ¥50.
      for (const lines of [oneCake(), oneBun()]) {
        const crossing = await refund(sale.id, cashier.token, { shiftId: cashier.shiftId, lines });
        expect(crossing.status).toBe(403);
        const body = await json<{ error: { code: string; details: Record<string, string> } }>(
          crossing,
        );
        expect(body.error.code).toBe('approval_required');
        expect(body.error.details).toMatchObject({
          reason: 'refund_limit',
          alreadyRefunded: '38.40',
          limit: '50.00',
        });
      }
      // A manager's PIN lets the rest through, and says so on each refund.
      const approval = { approverPin: '8642', approver: shop.manager.username };
      for (const lines of [oneCake(), oneCake(), oneBun()]) {
        const approved = await refund(sale.id, cashier.token, {
          shiftId: cashier.shiftId,
          lines,
          ...approval,
        });
        expect(approved.status, await approved.clone().text()).toBe(201);
        expect((await json<{ refund: RefundAnswer }>(approved)).refund.approvedBy).toBe(
          shop.manager.userId,
        );
      }
      const stored = await db()
        .selectFrom('refunds')
        .select(['amount', 'approved_by'])
        .where('sale_id', '=', sale.id)
        .orderBy('created_at')
        .execute();
      expect(stored.map((row) => [row.amount, row.approved_by !== null])).toEqual([
        ['38.40', false],
        ['38.40', true],
        ['38.40', true],
        ['12.80', true],
      ]);
    });

    test('four line refunds at once: what is paid back without a manager never passes ¥50', async () => {
      const cashier = await till();
      const sale = await sale128(cashier);
      const answers = await Promise.all(
        [oneCake(), oneCake(), oneCake(), oneBun()].map((lines) =>
          refund(sale.id, cashier.token, { shiftId: cashier.shiftId, lines }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      // Exactly one fits under the limit (any single line does; no two do).
      expect(statuses).toEqual([201, 403, 403, 403]);
      for (const answer of answers.filter((a) => a.status === 403))
        expect(await errorCode(answer)).toBe('approval_required');
      const stored = await db()
        .selectFrom('refunds')
        .select(['amount'])
        .where('sale_id', '=', sale.id)
        .where('approved_by', 'is', null)
        .execute();
      const total = stored.reduce((sum, row) => sum + Math.round(Number(row.amount) * 100), 0);
      expect(stored).toHaveLength(1);
      expect(total).toBeLessThanOrEqual(5000);
    });

    test("another cashier's sale, or another register's drawer, needs a manager; with a manager's PIN it is paid", async () => {
      const seller = await till();
      const sale = await sale128(seller);
      const other = await till();
      const refused = await refund(sale.id, other.token, {
        shiftId: other.shiftId,
        lines: oneBun(),
      });
      expect(refused.status).toBe(403);
      expect(
        (await json<{ error: { code: string; details: { reason: string } } }>(refused)).error,
      ).toMatchObject({ code: 'approval_required', details: { reason: 'another_cashiers_sale' } });
      const wrongPin = await refund(sale.id, other.token, {
        shiftId: other.shiftId,
        lines: oneBun(),
        approverPin: '0000',
        approver: shop.manager.username,
      });
      expect(await errorCode(wrongPin)).toBe('approval_invalid');
      const approved = await refund(sale.id, other.token, {
        shiftId: other.shiftId,
        lines: oneBun(),
        approverPin: '8642',
        approver: shop.manager.username,
      });
      expect(approved.status, await approved.clone().text()).toBe(201);
      expect((await json<{ refund: RefundAnswer }>(approved)).refund).toMatchObject({
        amount: '12.80',
        approvedBy: shop.manager.userId,
      });

      // The seller's own sale, paid back from a drawer the seller holds on another register.
      const secondRegister = newRegister();
      const secondShift = await openShift(shop.t, seller.token, secondRegister);
      const elsewhere = await refund(sale.id, seller.token, {
        shiftId: secondShift,
        lines: oneCake(),
      });
      expect(elsewhere.status).toBe(403);
      expect(
        (await json<{ error: { code: string; details: { reason: string } } }>(elsewhere)).error,
      ).toMatchObject({ code: 'approval_required', details: { reason: 'another_register' } });
      const ownDrawer = await refund(sale.id, seller.token, {
        shiftId: seller.shiftId,
        lines: oneCake(),
      });
      expect(ownDrawer.status, await ownDrawer.clone().text()).toBe(201);
      // A manager's own session needs no PIN.
      const byManager = await refund(sale.id, shop.manager.token, {
        shiftId: secondShift,
        lines: oneCake(),
      });
      expect(byManager.status, await byManager.clone().text()).toBe(201);
    });

    test('one cashier, many small refunds of many sales: past ¥150 in 24 hours a manager approves', async () => {
      const cashier = await till();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const sale = await sale128(cashier);
        // 38.40 + 12.80 = 51.20 would cross the sale's limit: one cake per sale.
        const answer = await refund(sale.id, cashier.token, {
          shiftId: cashier.shiftId,
          lines: oneCake(),
        });
        statuses.push(answer.status);
        if (answer.status === 403) {
          expect(
            (await json<{ error: { code: string; details: { reason: string } } }>(answer)).error,
          ).toMatchObject({ code: 'approval_required', details: { reason: 'daily_refund_limit' } });
        }
      }
      // 38.40 × 3 = 115.20 fits; a fourth makes 153.60.
      expect(statuses).toEqual([201, 201, 201, 403]);
    });
  },
);

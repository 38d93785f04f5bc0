import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { getEntry } from '../../ledger/books/journal.js';
import { D } from '../../ledger/core/money.js';
import { closeShift } from '../../ledger/selling/shifts.js';
import { readConfig } from '../../server/config.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  rowCounts,
  saleBody,
  sell,
  setupShop,
  type Shop,
} from './helpers.js';

interface Refused {
  error: { code: string; message: string; details?: { limit?: string; missing?: string[] } };
}

interface CloseAnswer {
  overShort: string;
  zReport: {
    number: number;
    overShort: string;
    overShortEntryId: string | null;
    variance?: { reason: string; approvedBy: string; limit: string } | null;
  };
}

describeEachDatabase(
  'selling: shift close variance approval, items sent for another cashier',
  (database) => {
    const db = () => database.current.db;
    let shop: Shop;
    let manager: { token: string; userId: string; username: string };

    beforeAll(async () => {
      shop = await setupShop(database, { bun: { name: '馒头', price: '1.50' } });
      manager = await shop.t.login('manager', { pin: '2468' });
    });

    /** A shift of `token` on a new register with a float of ¥100 and one ¥1.50 cash sale. */
    async function shiftWithOneSale(token = shop.cashier.token): Promise<string> {
      const register = newRegister('var');
      const shiftId = await openShift(shop.t, token, register, '100.00');
      const sold = await sell(
        shop.t,
        token,
        saleBody(shop.t, {
          registerId: register,
          shiftId,
          lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
          tenders: [{ method: 'cash', amount: '1.50' }],
        }),
      );
      expect(sold.status, await sold.clone().text()).toBe(201);
      return shiftId;
    }

    function close(shiftId: string, body: Record<string, unknown>, token = shop.cashier.token) {
      return shop.t.request('POST', `/api/shifts/${shiftId}/close`, { token, body });
    }

    test('beyond ¥5 over or short: refused without a reason and a manager, figures withheld; each refusal audited', async () => {
      const shiftId = await shiftWithOneSale();
      const before = await rowCounts(db());
      // Expected 101.50; counted 90.00 is 11.50 short.
      const bare = await close(shiftId, { countedCash: '90.00' });
      expect(bare.status).toBe(403);
      const bareText = await bare.clone().text();
      const refused = await json<Refused>(bare);
      expect(refused.error.code).toBe('variance_needs_approval');
      expect(refused.error.details).toEqual({ limit: '5.00', missing: ['reason', 'approval'] });
      expect(bareText).not.toContain('101.50');
      expect(bareText).not.toContain('11.50');

      const reasonOnly = await close(shiftId, { countedCash: '90.00', varianceReason: '找错零钱' });
      expect((await json<Refused>(reasonOnly)).error.details?.missing).toEqual(['approval']);
      const approvalOnly = await close(shiftId, {
        countedCash: '90.00',
        approverPin: '2468',
        approver: manager.username,
      });
      expect((await json<Refused>(approvalOnly)).error.details?.missing).toEqual(['reason']);
      const blankReason = await close(shiftId, {
        countedCash: '90.00',
        varianceReason: '   ',
        approverPin: '2468',
        approver: manager.username,
      });
      expect((await json<Refused>(blankReason)).error.details?.missing).toEqual(['reason']);
      const wrongPin = await close(shiftId, {
        countedCash: '90.00',
        varianceReason: '找错零钱',
        approverPin: '0000',
        approver: manager.username,
      });
      expect(await errorCode(wrongPin)).toBe('approval_invalid');
      // A cashier's own PIN is not a manager's.
      const ownPin = await close(shiftId, {
        countedCash: '90.00',
        varianceReason: '找错零钱',
        approverPin: '1357',
      });
      expect(await errorCode(ownPin)).toBe('approval_invalid');

      const refusals = await db()
        .selectFrom('audit_log')
        .select(['details'])
        .where('action', '=', 'shift_close_variance_refused')
        .where('subject', '=', shiftId)
        .execute();
      expect(refusals).toHaveLength(4);
      const after = await rowCounts(db());
      expect(after).toEqual(before);
      const shift = await shop.t.request('GET', `/api/shifts/${shiftId}`, {
        token: shop.cashier.token,
      });
      expect((await json<{ shift: { status: string } }>(shift)).shift.status).toBe('open');
    });

    test('with a reason and a manager PIN: closed, the Z report and the over/short entry carry them', async () => {
      const shiftId = await shiftWithOneSale();
      const closed = await close(shiftId, {
        countedCash: '90.00',
        varianceReason: '找错零钱',
        approverPin: '2468',
        approver: manager.username,
      });
      expect(closed.status, await closed.clone().text()).toBe(200);
      const answer = await json<CloseAnswer>(closed);
      expect(answer.overShort).toBe('-11.50');
      expect(answer.zReport.variance).toEqual({
        reason: '找错零钱',
        approvedBy: manager.userId,
        limit: '5.00',
      });
      const stored = await json<{ zReport: CloseAnswer['zReport'] }>(
        await shop.t.request('GET', `/api/shifts/${shiftId}/z-report`, {
          token: shop.cashier.token,
        }),
      );
      expect(stored.zReport.variance).toEqual(answer.zReport.variance);
      const entry = await getEntry(db(), answer.zReport.overShortEntryId!);
      expect(entry!.description).toContain('找错零钱');
      // The same close sent again (a lost answer) is the same close, approval or not.
      const again = await close(shiftId, { countedCash: '90.00' });
      expect(again.status).toBe(200);
      expect((await json<CloseAnswer>(again)).zReport.number).toBe(answer.zReport.number);
    });

    test('within the limit (¥5.00 exactly, or over by ¥3.50) no reason or manager is asked for', async () => {
      const exact = await shiftWithOneSale();
      const atLimit = await close(exact, { countedCash: '96.50' });
      expect(atLimit.status, await atLimit.clone().text()).toBe(200);
      const answer = await json<CloseAnswer>(atLimit);
      expect(answer.overShort).toBe('-5.00');
      expect(answer.zReport.variance).toBeNull();
      const over = await shiftWithOneSale();
      const overAnswer = await json<CloseAnswer>(await close(over, { countedCash: '105.00' }));
      expect(overAnswer.overShort).toBe('3.50');
      // One fen beyond the limit is beyond it.
      const beyond = await shiftWithOneSale();
      expect(await errorCode(await close(beyond, { countedCash: '106.51' }))).toBe(
        'variance_needs_approval',
      );
    });

    test('a manager closing with a variance approves it themself but still gives a reason', async () => {
      const shiftId = await shiftWithOneSale(manager.token);
      const bare = await close(shiftId, { countedCash: '120.00' }, manager.token);
      expect((await json<Refused>(bare)).error.details?.missing).toEqual(['reason']);
      const closed = await close(
        shiftId,
        { countedCash: '120.00', varianceReason: '多收一张二十元' },
        manager.token,
      );
      expect(closed.status, await closed.clone().text()).toBe(200);
      expect((await json<CloseAnswer>(closed)).zReport.variance?.approvedBy).toBe(manager.userId);
    });

    test('the limit is configurable (SHIFT_VARIANCE_LIMIT; the ledger takes it as varianceLimit)', async () => {
      expect(readConfig({}).shiftVarianceLimit).toBe('5.00');
      expect(readConfig({ SHIFT_VARIANCE_LIMIT: '20' }).shiftVarianceLimit).toBe('20');
      expect(() => readConfig({ SHIFT_VARIANCE_LIMIT: '-1' })).toThrow(/SHIFT_VARIANCE_LIMIT/);
      expect(() => readConfig({ SHIFT_VARIANCE_LIMIT: '5.001' })).toThrow(/SHIFT_VARIANCE_LIMIT/);
      const shiftId = await shiftWithOneSale();
      const { result } = await closeShift(db(), {
        shiftId,
        countedCash: '90.00',
        userId: shop.cashier.userId,
        isManager: false,
        varianceLimit: D('20.00'),
        now: shop.t.clock.now(),
        timeZone: 'Asia/Shanghai',
      });
      expect(result.overShort.toFixed(2)).toBe('-11.50');
      expect(result.zReport.variance).toBeNull();
    });

    test('a queued sale, shift, refund and cash movement sent by cashier B for cashier A are A’s', async () => {
      const { t } = shop;
      const a = shop.cashier;
      const b = await t.login('cashier', { pin: '1122' });
      const register = newRegister('for');
      const shiftId = randomUUID();
      const opened = await t.request('POST', '/api/shifts', {
        token: b.token,
        body: { id: shiftId, registerId: register, openingFloat: '100.00', cashierId: a.userId },
      });
      expect(opened.status, await opened.clone().text()).toBe(201);
      expect((await json<{ shift: { cashierId: string } }>(opened)).shift.cashierId).toBe(a.userId);

      const body = saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: shop.products.bun!.id, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '3.00' }],
      });
      // Without the name, B may not sell on A's shift.
      expect(await errorCode(await sell(t, b.token, body))).toBe('shift_not_yours');
      const sold = await sell(t, b.token, { ...body, cashierId: a.userId });
      expect(sold.status, await sold.clone().text()).toBe(201);
      const { sale } = await json<{ sale: { id: string; cashierId: string } }>(sold);
      expect(sale.cashierId).toBe(a.userId);
      // Sent again (a lost answer), by A this time: the same sale.
      const replay = await sell(t, a.token, { ...body, cashierId: a.userId });
      expect(replay.status).toBe(200);

      const movement = await t.request('POST', `/api/shifts/${shiftId}/cash-movements`, {
        token: b.token,
        body: {
          id: randomUUID(),
          kind: 'paid_out',
          purpose: 'ingredients',
          amount: '2.00',
          reason: '葱',
          cashierId: a.userId,
        },
      });
      expect(movement.status, await movement.clone().text()).toBe(201);
      const movementRow = await db()
        .selectFrom('cash_movements')
        .select('recorded_by')
        .where('shift_id', '=', shiftId)
        .executeTakeFirstOrThrow();
      expect(movementRow.recorded_by).toBe(a.userId);

      const refund = await t.request('POST', `/api/sales/${sale.id}/refunds`, {
        token: b.token,
        body: { id: randomUUID(), shiftId, reason: '顾客不要了', cashierId: a.userId },
      });
      expect(refund.status, await refund.clone().text()).toBe(201);
      expect((await json<{ refund: { cashierId: string } }>(refund)).refund.cashierId).toBe(
        a.userId,
      );

      const sentFor = await db()
        .selectFrom('audit_log')
        .select(['actor_id', 'subject', 'details'])
        .where('action', '=', 'sent_for_cashier')
        .where('actor_id', '=', b.userId)
        .execute();
      // The shift, the sale (once: the replay wrote nothing), the movement, the refund.
      expect(sentFor).toHaveLength(4);
      expect(sentFor.map((row) => row.subject)).toContain(sale.id);
    });

    test('cashierId must name active register staff, and only register staff may send for others', async () => {
      const { t } = shop;
      const register = newRegister('for');
      const shiftId = await openShift(t, shop.cashier.token, register, '50.00');
      const body = saleBody(t, {
        registerId: register,
        shiftId,
        lines: [{ productId: shop.products.bun!.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: '1.50' }],
      });
      const accountant = await t.login('accountant');
      const admin = await t.login('admin');
      const before = await rowCounts(db());
      for (const cashierId of [accountant.userId, admin.userId, randomUUID()]) {
        expect(await errorCode(await sell(t, shop.cashier.token, { ...body, cashierId }))).toBe(
          'cashier_not_staff',
        );
      }
      const leaver = await t.login('cashier');
      await db()
        .updateTable('users')
        .set({ active: false })
        .where('id', '=', leaver.userId)
        .execute();
      expect(
        await errorCode(await sell(t, shop.cashier.token, { ...body, cashierId: leaver.userId })),
      ).toBe('cashier_not_staff');
      // An admin's session is not a register's: it may not send for a cashier.
      expect(
        await errorCode(await sell(t, admin.token, { ...body, cashierId: shop.cashier.userId })),
      ).toBe('cashier_not_staff');
      expect(await rowCounts(db())).toEqual(before);
      // Naming oneself is the same as not naming anyone.
      const own = await sell(t, shop.cashier.token, { ...body, cashierId: shop.cashier.userId });
      expect(own.status, await own.clone().text()).toBe(201);
    });
  },
);

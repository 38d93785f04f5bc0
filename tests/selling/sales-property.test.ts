import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { createProduct } from '../../ledger/selling/catalog.js';
import type { TenderMethod } from '../../ledger/schema/database.js';
import { getEntry } from '../../ledger/books/journal.js';
import { ZERO } from '../../ledger/core/money.js';
import { postSale } from '../../ledger/selling/post-sale.js';
import { refundSale } from '../../ledger/selling/refund-sale.js';
import { TENDER_ACCOUNTS } from '../../ledger/books/posting-rules.js';
import { openShift } from '../../ledger/selling/shifts.js';
import { createUser } from '../../server/auth/users.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { fundHardship } from './helpers.js';

const TIME_ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-06-15T03:00:00Z');

/** Prices in fen and whether the product sells by weight (three-decimal quantities). */
const CATALOG = [
  { key: 'bun', priceFen: 150n, byWeight: false },
  { key: 'roll', priceFen: 235n, byWeight: false },
  { key: 'cake', priceFen: 1200n, byWeight: false },
  { key: 'dough', priceFen: 699n, byWeight: true },
  { key: 'grain', priceFen: 333n, byWeight: true },
];

/** Fen as a two-decimal string, from an independent BigInt oracle (no decimal.js). */
function yuan(fenAmount: bigint): string {
  const sign = fenAmount < 0n ? '-' : '';
  const abs = fenAmount < 0n ? -fenAmount : fenAmount;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function milliText(milli: bigint): string {
  return `${milli / 1000n}.${String(milli % 1000n).padStart(3, '0')}`;
}

const lineArbitrary = fc.record({
  product: fc.integer({ min: 0, max: CATALOG.length - 1 }),
  units: fc.integer({ min: 1, max: 12 }),
  grams: fc.integer({ min: 1, max: 5000 }),
  discountPermille: fc.integer({ min: 0, max: 200 }),
});

const cartArbitrary = fc.record({
  lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 6 }),
  saleDiscountPermille: fc.integer({ min: 0, max: 150 }),
  methods: fc.array(fc.constantFrom<TenderMethod>('cash', 'wechat', 'alipay', 'hardship_voucher'), {
    minLength: 1,
    maxLength: 3,
  }),
  splitSeeds: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 3 }),
  extraCashFen: fc.integer({ min: 0, max: 10_000 }),
  refund: fc.option(
    fc.record({
      whole: fc.boolean(),
      pick: fc.integer({ min: 0, max: 5 }),
      part: fc.integer({ min: 1, max: 1000 }),
    }),
  ),
});

describeEachDatabase(
  'selling: every sale and refund posts a balanced entry (property)',
  (database) => {
    const db = () => database.current.db;
    let cashierId: string;
    let managerId: string;
    let shiftId: string;
    const register = 'prop-1';
    const productIds: string[] = [];

    beforeAll(async () => {
      const cashier = await createUser(db(), {
        username: `prop-cashier-${process.pid}`,
        displayName: 'P',
        role: 'cashier',
        pin: '1234',
      });
      const manager = await createUser(db(), {
        username: `prop-manager-${process.pid}`,
        displayName: 'M',
        role: 'manager',
        pin: '4321',
      });
      cashierId = cashier.id;
      managerId = manager.id;
      for (const item of CATALOG) {
        const product = await createProduct(db(), {
          sku: `P-${item.key}`,
          name: item.key,
          category: item.byWeight ? '称重' : '个',
          price: yuan(item.priceFen),
          unit: item.byWeight ? 'jin' : 'piece',
          createdBy: manager.id,
          now: new Date(NOW.getTime() - 3600_000),
        });
        productIds.push(product.id);
      }
      shiftId = (
        await openShift(db(), {
          registerId: register,
          openingFloat: '0.00',
          cashierId,
          now: NOW,
          timeZone: TIME_ZONE,
        })
      ).shift.id;
      await fundHardship(db(), '1000000.00', '2026-06-01');
    });

    test('random carts and tenders: debits equal the tenders, credits the total; refunds mirror them', async () => {
      await fc.assert(
        fc.asyncProperty(cartArbitrary, async (cart) => {
          // --- The oracle: the same pricing rules in BigInt fen -------------------------------
          let lineTotal = 0n;
          let grossTotal = 0n;
          const lines = cart.lines.map((line) => {
            const item = CATALOG[line.product]!;
            const milli = item.byWeight ? BigInt(line.grams) : BigInt(line.units) * 1000n;
            const gross = (item.priceFen * milli + 500n) / 1000n; // half-up, all positive
            const discount = (gross * BigInt(line.discountPermille)) / 1000n;
            grossTotal += gross;
            lineTotal += gross - discount;
            return {
              productId: productIds[line.product]!,
              quantity: milliText(milli),
              ...(discount > 0n ? { discount: yuan(discount) } : {}),
            };
          });
          const saleDiscount = (lineTotal * BigInt(cart.saleDiscountPermille)) / 1000n;
          const total = lineTotal - saleDiscount;
          fc.pre(total > 0n);
          expect(grossTotal).toBeGreaterThanOrEqual(total);

          // Split the total across the tenders; one cash tender at most.
          const methods = [...new Set(cart.methods)];
          const weights = methods.map((_, index) => BigInt(cart.splitSeeds[index]!));
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
          let left = total;
          const amounts = methods.map((_, index) => {
            const part =
              index === methods.length - 1 ? left : (total * weights[index]!) / weightSum;
            left -= part;
            return part;
          });
          fc.pre(amounts.every((amount) => amount > 0n));
          const tenders = methods.map((method, index) => ({
            method,
            amount: yuan(amounts[index]!),
            ...(method === 'cash'
              ? { tendered: yuan(amounts[index]! + BigInt(cart.extraCashFen)) }
              : {}),
            ...(method === 'wechat' || method === 'alipay' ? { reference: `ref-${index}` } : {}),
          }));

          const { sale } = await postSale(db(), {
            sale: {
              id: randomUUID(),
              registerId: register,
              shiftId,
              createdAt: NOW,
              lines,
              ...(saleDiscount > 0n ? { discount: yuan(saleDiscount) } : {}),
              tenders,
            },
            cashierId,
            approvedBy: managerId,
            now: NOW,
            timeZone: TIME_ZONE,
          });
          expect(sale.total.toFixed(2)).toBe(yuan(total));
          const entry = (await getEntry(db(), sale.entryId))!;
          const debit = entry.lines.reduce((sum, line) => sum.plus(line.debit), ZERO);
          const credit = entry.lines.reduce((sum, line) => sum.plus(line.credit), ZERO);
          expect(debit.toFixed(2)).toBe(credit.toFixed(2));
          expect(credit.toFixed(2)).toBe(yuan(total));
          expect(
            entry.lines.filter((line) => line.credit.gt(0)).map((line) => line.account),
          ).toEqual(['5001']);
          // One debit per tender, on the tender's account, for what it paid (cash net of change).
          expect(
            entry.lines
              .filter((line) => line.debit.gt(0))
              .map((line) => [line.account, line.debit.toFixed(2)]),
          ).toEqual(tenders.map((tender) => [TENDER_ACCOUNTS[tender.method], tender.amount]));

          if (!cart.refund) return;
          const pickedLine = sale.lines[cart.refund.pick % sale.lines.length]!;
          const quantityMilli = BigInt(pickedLine.quantity.times(1000).toFixed(0));
          const partMilli = (quantityMilli * BigInt(cart.refund.part)) / 1000n;
          const byLines = !cart.refund.whole && partMilli > 0n;
          const { refund } = await refundSale(db(), {
            refund: {
              id: randomUUID(),
              saleId: sale.id,
              shiftId,
              reason: 'property test',
              ...(byLines
                ? { lines: [{ productId: pickedLine.productId, quantity: milliText(partMilli) }] }
                : {}),
            },
            userId: cashierId,
            isManager: false,
            approvedBy: managerId,
            now: NOW,
            timeZone: TIME_ZONE,
          }).catch((error: unknown) => {
            // A line fully discounted to 0.00 has nothing to pay back.
            if ((error as { code?: string }).code === 'total_not_positive')
              return { refund: undefined };
            throw error;
          });
          if (!refund) return;
          expect(refund.amount.lte(sale.total)).toBe(true);
          if (!byLines) expect(refund.amount.toFixed(2)).toBe(sale.total.toFixed(2));
          const reversal = (await getEntry(db(), refund.entryId))!;
          const debits = reversal.lines.filter((line) => line.debit.gt(0));
          const credits = reversal.lines.filter((line) => line.credit.gt(0));
          expect(debits.map((line) => [line.account, line.debit.toFixed(2)])).toEqual([
            ['5001', refund.amount.toFixed(2)],
          ]);
          expect(credits.reduce((sum, line) => sum.plus(line.credit), ZERO).toFixed(2)).toBe(
            refund.amount.toFixed(2),
          );
          // Paid back on the sale's own tender accounts.
          const saleAccounts = new Set(sale.tenders.map((tender) => tender.account));
          for (const line of credits) expect(saleAccounts.has(line.account)).toBe(true);
        }),
        { numRuns: 60 },
      );
    }, 240_000);
  },
);

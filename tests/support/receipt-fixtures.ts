/**
 * Test-only: a hand-written receipt and a fast-check generator of consistent receipts,
 * shared by the receipt-*.test.ts files. Nothing outside tests imports this.
 */
import fc from 'fast-check';
import { D, fen, roundFen, ZERO } from '../../ledger/core/money.js';
import type {
  ReceiptLine,
  ReceiptModel,
  ReceiptTender,
  ReceiptUnit,
} from '../../reports/receipt-model.js';

export function sampleModel(overrides: Partial<ReceiptModel> = {}): ReceiptModel {
  return {
    shop: {
      name: '辛馍坊',
      nameEn: 'Xinmofang Bakery',
      addressLine: '幸福社区服务中心一楼',
      addressLineEn: 'Xingfu Community Service Center',
    },
    registerId: 'counter-1',
    saleId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
    saleIdShort: '1a2b3c4d',
    receiptNumber: 'C1-20241031-0042',
    businessDate: '2024-10-31',
    localTime: '23:30',
    cashierName: '王小明',
    lines: [
      {
        name: '杂粮馒头',
        nameEn: 'Multigrain bun',
        quantity: '2',
        unit: 'piece',
        unitPrice: '3.50',
        discount: '0.00',
        lineTotal: '7.00',
      },
      {
        name: '花卷',
        nameEn: 'Scallion roll',
        quantity: '1.500',
        unit: 'jin',
        unitPrice: '6.00',
        discount: '0.50',
        lineTotal: '8.50',
      },
    ],
    subtotal: '15.50',
    saleDiscount: '0.00',
    total: '15.50',
    tenders: [
      { method: 'cash', amount: '15.50', tendered: '20.00', change: '4.50', referenceLast4: null },
    ],
    late: false,
    refund: null,
    reprint: false,
    footerText: '谢谢惠顾！',
    footerTextEn: 'Thank you!',
    statementsUrl: 'https://xmf.example.org/s',
    ...overrides,
  };
}

// Characters chosen to stress layout: ASCII, CJK, full-width punctuation (two columns),
// ¥ (rewritten to ￥), ×, a four-byte GB18030 character (𰻞) and an emoji.
const NAME_CHARACTERS = [
  ...'abcdefgxyzABC0123456789 -()/.,',
  ...'馒头花卷杂粮枣糕包子豆沙红糖发面',
  ...'，。（）、：！',
  '￥',
  '¥',
  '×',
  '𰻞',
  '🍞',
];

export const nameArbitrary = fc.string({
  unit: fc.constantFrom(...NAME_CHARACTERS),
  minLength: 1,
  maxLength: 60,
});

const lineArbitrary: fc.Arbitrary<ReceiptLine> = fc
  .record({
    name: nameArbitrary,
    nameEn: fc.oneof(nameArbitrary, fc.constant('')),
    quantityMilli: fc.oneof(
      fc.constantFrom(1000, 1500, 500, 2000, 125),
      fc.integer({ min: 1, max: 99_999_999 }),
    ),
    unit: fc.constantFrom<ReceiptUnit>('piece', 'jin', 'kg'),
    priceFen: fc.integer({ min: 1, max: 9_999_999 }),
    discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
  })
  .map(({ name, nameEn, quantityMilli, unit, priceFen, discountPercent }) => {
    const quantity = D(String(quantityMilli)).div(1000);
    const unitPrice = D(String(priceFen)).div(100);
    const gross = roundFen(quantity.times(unitPrice));
    const discount = roundFen(gross.times(D(String(discountPercent)).div(100)));
    return {
      name,
      nameEn,
      quantity: quantity.toFixed(3),
      unit,
      unitPrice: fen(unitPrice),
      discount: fen(discount),
      lineTotal: fen(gross.minus(discount)),
    };
  });

/** Consistent receipts: totals add up, tenders sum to the total, change is right. */
export const modelArbitrary: fc.Arbitrary<ReceiptModel> = fc
  .record({
    lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 40 }),
    saleDiscountShare: fc.constantFrom('0', '0', '0.1', '0.5'),
    cashShare: fc.constantFrom('0', '0.3', '1'),
    extraCashFen: fc.integer({ min: 0, max: 10_000 }),
    otherMethod: fc.constantFrom<'wechat' | 'alipay' | 'hardship_voucher'>(
      'wechat',
      'alipay',
      'hardship_voucher',
    ),
    reference: fc.option(fc.stringMatching(/^[0-9A-Z]{4}$/), { nil: null }),
    cashierName: nameArbitrary,
    footerText: fc.array(nameArbitrary, { maxLength: 3 }).map((parts) => parts.join('\n')),
    refund: fc.option(
      // The model refuses a blank reason; that refusal has its own test.
      fc.record({ reason: nameArbitrary.filter((reason) => reason.trim() !== '') }),
      { nil: null },
    ),
    reprint: fc.boolean(),
    late: fc.boolean(),
    urlPath: fc.stringMatching(/^[a-z0-9/-]{0,80}$/),
  })
  .map((input) => {
    const subtotal = input.lines.reduce((sum, line) => sum.plus(D(line.lineTotal)), ZERO);
    const saleDiscount = roundFen(subtotal.times(D(input.saleDiscountShare)));
    const total = subtotal.minus(saleDiscount);
    const cash = roundFen(total.times(D(input.cashShare)));
    const other = total.minus(cash);
    const tenders: ReceiptTender[] = [];
    if (!cash.isZero() || other.isZero()) {
      const tendered =
        input.refund === null ? cash.plus(D(String(input.extraCashFen)).div(100)) : null;
      tenders.push({
        method: 'cash',
        amount: fen(cash),
        tendered: tendered === null ? null : fen(tendered),
        change: tendered === null ? null : fen(tendered.minus(cash)),
        referenceLast4: null,
      });
    }
    if (!other.isZero()) {
      tenders.push({
        method: input.otherMethod,
        amount: fen(other),
        tendered: null,
        change: null,
        referenceLast4: input.otherMethod === 'hardship_voucher' ? null : input.reference,
      });
    }
    return sampleModel({
      lines: input.lines,
      subtotal: fen(subtotal),
      saleDiscount: fen(saleDiscount),
      total: fen(total),
      tenders,
      cashierName: input.cashierName,
      footerText: input.footerText,
      footerTextEn: input.footerText,
      refund:
        input.refund === null
          ? null
          : {
              reason: input.refund.reason,
              originalSaleId: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
              originalSaleIdShort: '9f8e7d6c',
              originalReceiptNumber: 'C1-20241030-0007',
            },
      reprint: input.reprint,
      late: input.late,
      statementsUrl: `https://xmf.example.org/statements/${input.urlPath}`,
    });
  });

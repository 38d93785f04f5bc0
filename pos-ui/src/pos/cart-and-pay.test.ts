// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import {
  addProduct,
  cartTotals,
  emptyCart,
  lineGrossFen,
  milliText,
  parseQuantity,
  setLineDiscount,
  setSaleDiscount,
  stepQuantity,
  type CartProduct,
} from './cart.js';
import {
  cashTender,
  changeFen,
  classifyPaymentCode,
  isFullyPaid,
  quickAmounts,
  remainingFen,
  type Tender,
} from './payment.js';
import { ScanDetector } from './scan-detector.js';

const mantou: CartProduct = { id: 'm', name: '馒头', nameEn: null, unit: 'piece', priceFen: 150n };
const bun: CartProduct = { id: 'b', name: '豆包', nameEn: null, unit: 'piece', priceFen: 250n };
const cake: CartProduct = { id: 'c', name: '枣糕', nameEn: null, unit: 'jin', priceFen: 1200n };
const dough: CartProduct = { id: 'd', name: '发面', nameEn: null, unit: 'kg', priceFen: 333n };

describe('the cart the cashier sees', () => {
  test('tapping a tile twice makes one line of two; totals in fen', () => {
    let cart = addProduct(emptyCart(), mantou);
    cart = addProduct(cart, mantou);
    cart = addProduct(cart, bun);
    expect(cart.lines.map((line) => line.milli)).toEqual([2000, 1000]);
    expect(cartTotals(cart).totalFen).toBe(550n);
  });

  test('weights: 1.5 斤 × ¥12.00 = ¥18.00; round half up as the server (0.125 kg × ¥3.33 = ¥0.42)', () => {
    const cart = addProduct(emptyCart(), cake, parseQuantity('1.5', 'jin')!);
    expect(cartTotals(cart).totalFen).toBe(1800n);
    expect(lineGrossFen(125, 333n)).toBe(42n); // 0.41625 → 0.42
    expect(lineGrossFen(150, 333n)).toBe(50n); // 0.4995 → 0.50
    expect(lineGrossFen(1500, 1n)).toBe(2n); // 0.015 → 0.02 (half up)
    const weighed = addProduct(emptyCart(), dough, parseQuantity('0.125', 'kg')!);
    expect(cartTotals(weighed).totalFen).toBe(42n);
  });

  test('quantities: whole pieces, weights positive with at most three decimals', () => {
    expect(parseQuantity('2', 'piece')).toBe(2000);
    expect(parseQuantity('1.5', 'piece')).toBeNull();
    expect(parseQuantity('0', 'jin')).toBeNull();
    expect(parseQuantity('1.2345', 'jin')).toBeNull();
    expect(parseQuantity('0.125', 'kg')).toBe(125);
    expect(parseQuantity('-1', 'kg')).toBeNull();
    expect(parseQuantity('abc', 'kg')).toBeNull();
    expect(milliText(1500)).toBe('1.5');
    expect(milliText(2000)).toBe('2');
    expect(milliText(125)).toBe('0.125');
  });

  test('+/−: one piece, 0.1 of a weight; down to zero removes the line', () => {
    let cart = addProduct(emptyCart(), cake, 1500);
    cart = stepQuantity(cart, 0, 1);
    expect(cart.lines[0]!.milli).toBe(1600);
    cart = addProduct(cart, mantou);
    cart = stepQuantity(cart, 1, -1);
    expect(cart.lines).toHaveLength(1);
  });

  test('discounts: 10 % of the gross is the cashier’s own; beyond it a manager approves; never more than the amount', () => {
    let cart = addProduct(addProduct(emptyCart(), bun), bun); // ¥5.00
    cart = setLineDiscount(cart, 0, 50n);
    expect(cartTotals(cart)).toMatchObject({ totalFen: 450n, limitFen: 50n, needsApproval: false });
    cart = setSaleDiscount(cart, 1n);
    expect(cartTotals(cart)).toMatchObject({ totalFen: 449n, needsApproval: true });
    cart = setLineDiscount(cart, 0, 99999n);
    expect(cart.lines[0]!.discountFen).toBe(500n);
  });
});

describe('the pay dialog', () => {
  test('quick amounts: exact, then the next ¥10/¥20/¥50/¥100 above', () => {
    expect(quickAmounts(1850n)).toEqual([1850n, 2000n, 5000n, 10000n]);
    expect(quickAmounts(550n)).toEqual([550n, 1000n, 2000n, 5000n, 10000n]);
    expect(quickAmounts(2000n)).toEqual([2000n, 3000n, 4000n, 5000n, 10000n]);
    expect(quickAmounts(12000n)).toEqual([12000n, 13000n, 14000n, 15000n, 20000n]);
    expect(quickAmounts(0n)).toEqual([]);
  });

  test('change: ¥50 for ¥18.50 gives ¥31.50; the tender covers the total only', () => {
    const tender = cashTender(1850n, 5000n)!;
    expect(tender).toEqual({ method: 'cash', amountFen: 1850n, tenderedFen: 5000n });
    expect(changeFen([tender])).toBe(3150n);
    expect(isFullyPaid(1850n, [tender])).toBe(true);
  });

  test('split: ¥1 cash, then the rest WeChat; paid only when it adds up exactly', () => {
    const tenders: Tender[] = [cashTender(100n, 100n)!];
    expect(remainingFen(1800n, tenders)).toBe(1700n);
    expect(isFullyPaid(1800n, tenders)).toBe(false);
    tenders.push({ method: 'wechat', amountFen: 1700n });
    expect(remainingFen(1800n, tenders)).toBe(0n);
    expect(isFullyPaid(1800n, tenders)).toBe(true);
    expect(changeFen(tenders)).toBe(0n);
  });

  test('payment codes: WeChat 18 digits 10–15, Alipay 16–24 digits 25–30; anything else is not one', () => {
    expect(classifyPaymentCode('134567890123456789')).toBe('wechat');
    expect(classifyPaymentCode('104567890123456789')).toBe('wechat');
    expect(classifyPaymentCode('164567890123456789')).toBeNull();
    expect(classifyPaymentCode('13456789012345678')).toBeNull();
    expect(classifyPaymentCode('2812345678901234')).toBe('alipay');
    expect(classifyPaymentCode('301234567890123456789012')).toBe('alipay');
    expect(classifyPaymentCode('3012345678901234567890123')).toBeNull();
    expect(classifyPaymentCode('3112345678901234')).toBeNull();
    expect(classifyPaymentCode('4200001234567')).toBeNull();
  });
});

describe('the scan detector', () => {
  function detector() {
    let clock = 0;
    const scans: string[] = [];
    const scan = new ScanDetector({ onScan: (code) => scans.push(code), now: () => clock });
    const type = (text: string, gapMs: number) =>
      [...text].map((key) => {
        clock += gapMs;
        return scan.handleKey(key);
      });
    return { scan, scans, type, advance: (ms: number) => (clock += ms) };
  }

  test('fast keys ending in Enter are a scan, kept out of the fields', () => {
    const { scans, type, scan, advance } = detector();
    const swallowed = type('4200001234567', 5);
    advance(5);
    expect(scan.handleKey('Enter')).toBe(true);
    expect(scans).toEqual(['4200001234567']);
    expect(swallowed.slice(1).every(Boolean)).toBe(true);
  });

  test('a person typing (slow keys) is never a scan', () => {
    const { scans, type, scan, advance } = detector();
    expect(type('1.5', 180).some(Boolean)).toBe(false);
    advance(200);
    expect(scan.handleKey('Enter')).toBe(false);
    expect(scans).toEqual([]);
  });

  test('a short fast burst is not a scan either', () => {
    const { scans, type, scan, advance } = detector();
    type('12', 5);
    advance(5);
    expect(scan.handleKey('Enter')).toBe(false);
    expect(scans).toEqual([]);
  });

  test('attached to a window: a scan typed at a focused field leaves the field as it was', () => {
    let clock = 0;
    const scans: string[] = [];
    const detectorOnWindow = new ScanDetector({
      onScan: (code) => scans.push(code),
      now: () => clock,
    });
    const stop = detectorOnWindow.attach(window);
    const input = document.createElement('input');
    input.value = '2';
    document.body.append(input);
    for (const key of [...'134567890123456789', 'Enter']) {
      clock += 4;
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      const typed = input.dispatchEvent(event);
      // What the browser would do for a key the listener let through.
      if (typed && key.length === 1) input.value += key;
    }
    stop();
    expect(scans).toEqual(['134567890123456789']);
    expect(input.value).toBe('2');
  });
});

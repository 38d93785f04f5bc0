import { describe, expect, it } from 'vitest';
import {
  absoluteAmount,
  amountToFen,
  amountShares,
  shareBetween,
  wholeYuanRange,
  fenToAmount,
  formatAmount,
  formatCount,
  formatFen,
  formatPercent,
  formatQuantity,
  formatYuan,
  isNegativeAmount,
  isZeroAmount,
  parseYuan,
  sumAmounts,
} from './money.js';

describe('money formatting (strings only)', () => {
  it.each([
    ['0.00', '0.00'],
    ['5', '5.00'],
    ['12.5', '12.50'],
    ['1234.56', '1,234.56'],
    ['1234567.50', '1,234,567.50'],
    ['-1234567.5', '-1,234,567.50'],
    ['-0.00', '0.00'],
    ['007.10', '7.10'],
    // Beyond a double's exact range the digits survive, because no number is involved.
    ['90071992547409930.99', '90,071,992,547,409,930.99'],
  ])('formatAmount(%s) = %s', (input, expected) => {
    expect(formatAmount(input)).toBe(expected);
  });

  it('leaves text that is not an amount alone rather than breaking the page', () => {
    expect(formatAmount('n/a')).toBe('n/a');
  });

  it('puts the yuan sign after a minus', () => {
    expect(formatYuan('-120.00')).toBe('-¥120.00');
    expect(formatYuan('40891.25')).toBe('¥40,891.25');
  });

  it('reads signs and zeros from the text', () => {
    expect(isNegativeAmount('-0.01')).toBe(true);
    expect(isNegativeAmount('-0.00')).toBe(false);
    expect(isZeroAmount('0.00')).toBe(true);
    expect(isZeroAmount('0.01')).toBe(false);
    expect(absoluteAmount('-120.00')).toBe('120.00');
  });

  it.each([
    ['120.000', '120'],
    ['1200.500', '1,200.5'],
    ['2391.5', '2,391.5'],
    ['0.250', '0.25'],
  ])('formatQuantity(%s) = %s', (input, expected) => {
    expect(formatQuantity(input)).toBe(expected);
  });

  it('adds amounts exactly, in fen', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['4443.05', '2450.23', '1471.22'])).toBe('8364.50');
    expect(sumAmounts(['-120.00', '20.5'])).toBe('-99.50');
    expect(sumAmounts(['0.05', '-0.05'])).toBe('0.00');
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts(['90071992547409930.99', '0.01'])).toBe('90071992547409931.00');
    expect(sumAmounts(['1.00', 'n/a'])).toBe('');
  });

  it('formats counts and percentages', () => {
    expect(formatCount(8433)).toBe('8,433');
    expect(formatPercent('40.0000')).toBe('40%');
    expect(formatPercent('3.2')).toBe('3.2%');
  });
});

describe('money in fen (BigInt, never a float)', () => {
  it.each([
    ['12.50', 1250n],
    ['12.5', 1250n],
    ['12', 1200n],
    ['0.01', 1n],
    ['-3.20', -320n],
    [' ¥1,234.5 ', 123450n],
    ['￥0.10', 10n],
    ['¥-5', -500n],
    ['90071992547409930.99', 9007199254740993099n],
  ])('parseYuan(%j) = %s', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it.each(['', ' ', '0.125', '1.2.3', 'abc', '12,34', '1e3', '--1', '.5', '¥'])(
    'parseYuan(%j) refuses rather than guesses',
    (input) => {
      expect(parseYuan(input)).toBeNull();
    },
  );

  it('reads the API’s amounts and writes them back', () => {
    expect(amountToFen('-12.50')).toBe(-1250n);
    expect(amountToFen('7')).toBe(700n);
    expect(amountToFen('n/a')).toBeNull();
    expect(fenToAmount(1250n)).toBe('12.50');
    expect(fenToAmount(-5n)).toBe('-0.05');
    expect(fenToAmount(0n)).toBe('0.00');
    expect(fenToAmount(amountToFen('0.10')! + amountToFen('0.20')!)).toBe('0.30');
  });

  it('shows fen with the yuan sign', () => {
    expect(formatFen(123450n)).toBe('¥1,234.50');
    expect(formatFen(-120n)).toBe('-¥1.20');
  });

  it('gives charts proportions and axis bounds, never money as a number', () => {
    expect(amountShares(['1.00', '4.00', '-2.00'])).toEqual([0.25, 1, -0.5]);
    expect(amountShares(['0.00', '0.00'])).toEqual([0, 0]);
    expect(amountShares(['0.01', '90071992547409.93'])).toEqual([0, 1]);
    expect(wholeYuanRange(['-0.50', '12.01', '3.00'])).toEqual({ low: -1, high: 13 });
    expect(wholeYuanRange(['4443.05'])).toEqual({ low: 4443, high: 4444 });
    expect(shareBetween('25.00', 0, 100)).toBe(0.25);
    expect(shareBetween('4443.05', 0, 6000)).toBeCloseTo(0.740508, 6);
    expect(shareBetween('1.00', 5, 5)).toBe(0);
  });
});

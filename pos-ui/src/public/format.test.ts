// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { axisLabel, axisLabelIndices, donutPaths, niceScale } from './chart-geometry.js';
import { formatDay, formatPeriod, formatTimestamp } from './date-format.js';
import {
  absoluteAmount,
  formatAmount,
  formatCount,
  formatPercent,
  formatQuantity,
  formatYuan,
  isNegativeAmount,
  isZeroAmount,
  sumAmounts,
} from './money-format.js';
import { parseRoute } from './router.js';

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

describe('dates', () => {
  it('names months in both languages', () => {
    expect(formatPeriod('2025-03', 'zh-CN')).toBe('2025年3月');
    expect(formatPeriod('2025-03', 'en')).toBe('March 2025');
    expect(formatDay('2025-03-05', 'zh-CN')).toBe('3月5日');
    expect(formatDay('2025-03-05', 'en')).toBe('5 Mar');
  });

  it('shows a time with an offset as written', () => {
    expect(formatTimestamp('2025-04-02T10:15:00+08:00')).toBe('2025-04-02 10:15 (UTC+08:00)');
  });

  it('shows a UTC time in the reader’s zone with the offset spelled out', () => {
    expect(formatTimestamp('2025-04-02T02:15:00.000Z')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)$/,
    );
  });
});

describe('chart geometry', () => {
  it('draws one closed path per non-zero slice', () => {
    const paths = donutPaths([50, 0, 50], 80, 80, 76, 46);
    expect(paths[0]).toMatch(/^M.*Z$/);
    expect(paths[1]).toBe('');
    expect(paths[2]).toMatch(/^M.*Z$/);
  });

  it('draws a whole ring as two halves', () => {
    expect(donutPaths([10], 80, 80, 76, 46)[0]!.match(/M/g)).toHaveLength(2);
  });

  it('labels at most seven months under the axis, always the last, never two crowded', () => {
    expect(axisLabelIndices(3)).toEqual([0, 1, 2]);
    expect(axisLabelIndices(12)).toEqual([0, 2, 4, 6, 8, 11]);
    expect(axisLabelIndices(13)).toEqual([0, 3, 6, 9, 12]);
  });

  it('picks round axis ticks from zero', () => {
    expect(niceScale(0, 12345, 4)).toEqual({ min: 0, max: 15000, ticks: [0, 5000, 10000, 15000] });
    expect(axisLabel(15000)).toBe('15,000');
  });
});

describe('routes', () => {
  it.each([
    ['/', { name: 'list' }],
    ['/funds', { name: 'funds' }],
    ['/verify/', { name: 'verify' }],
    ['/statements/2025-03', { name: 'statement', period: '2025-03', version: undefined }],
    ['/statements/2025-03/versions/2', { name: 'statement', period: '2025-03', version: 2 }],
    ['/statements/2025-13', { name: 'not-found' }],
    ['/statements/2025-03.pdf', { name: 'not-found' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });
});

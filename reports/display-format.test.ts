import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatPercent,
  formatPeriod,
  formatQuantity,
  formatTimestamp,
} from './display-format.js';

describe('formatAmount', () => {
  it.each([
    ['0', '0.00'],
    ['5', '5.00'],
    ['12.5', '12.50'],
    ['999.99', '999.99'],
    ['1000', '1,000.00'],
    ['15436.92', '15,436.92'],
    ['-1234.5', '-1,234.50'],
    ['-0.00', '0.00'],
    ['0012.30', '12.30'],
    ['1234567890123456.78', '1,234,567,890,123,456.78'],
  ])('%s → %s', (amount, shown) => {
    expect(formatAmount(amount)).toBe(shown);
  });

  it('refuses what is not a two-decimal amount rather than guess', () => {
    for (const bad of ['1.234', '1e3', '', '¥1', '1,000.00', 'NaN']) {
      expect(() => formatAmount(bad), bad).toThrow();
    }
  });
});

describe('other display text', () => {
  it('formats quantities without trailing zeros', () => {
    expect(formatQuantity('1200.500')).toBe('1,200.5');
    expect(formatQuantity('120.000')).toBe('120');
    expect(formatQuantity('0')).toBe('0');
  });

  it('formats percentages, periods and timestamps', () => {
    expect(formatPercent('3.2')).toBe('3.2%');
    expect(formatPeriod('2025-03', 'zh-CN')).toBe('2025年3月');
    expect(formatPeriod('2025-12', 'en')).toBe('December 2025');
    expect(formatTimestamp('2025-04-02T10:15:00+08:00', 'zh-CN')).toBe('2025-04-02 10:15 北京时间');
    expect(formatTimestamp('2025-04-02T10:15:00+08:00', 'en')).toBe(
      '2025-04-02 10:15 Beijing time',
    );
    expect(formatTimestamp('2025-04-02T02:15:00.123Z', 'en')).toBe('2025-04-02 02:15 (UTC)');
    expect(() => formatTimestamp('2025-04-02 10:15', 'en')).toThrow();
  });
});

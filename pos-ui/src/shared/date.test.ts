import { describe, expect, it } from 'vitest';
import {
  businessDate,
  businessPeriod,
  formatBusinessTime,
  formatDay,
  formatPeriod,
  formatTimestamp,
} from './date.js';

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

describe('business time (Beijing, whatever the device’s zone)', () => {
  it('puts an instant on its Beijing date', () => {
    expect(businessDate(new Date('2025-03-31T16:30:00Z'))).toBe('2025-04-01');
    expect(businessDate(new Date('2025-03-31T15:59:00Z'))).toBe('2025-03-31');
    expect(businessPeriod(new Date('2025-03-31T16:30:00Z'))).toBe('2025-04');
  });

  it('labels Beijing wall-clock times', () => {
    expect(formatBusinessTime('2025-04-02T02:15:00Z', 'zh-CN')).toBe('2025-04-02 10:15 北京时间');
    expect(formatBusinessTime('2025-04-01T16:05:00Z', 'en')).toBe('2025-04-02 00:05 Beijing time');
    expect(formatBusinessTime('not a time', 'en')).toBe('not a time');
  });
});

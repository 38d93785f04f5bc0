import { describe, expect, test } from 'vitest';
import { businessDate, businessTime, instantAt } from './business-time.js';

describe('instantAt: a wall-clock time in the business time zone', () => {
  test.each([
    ['2026-10-01', '05:30:00', 'Asia/Shanghai', '2026-09-30T21:30:00.000Z'],
    ['2026-01-15', '12:00:00', 'UTC', '2026-01-15T12:00:00.000Z'],
    // Either side of a daylight-saving change: the offset of the day itself is used.
    ['2026-03-28', '10:00:00', 'Europe/Berlin', '2026-03-28T09:00:00.000Z'],
    ['2026-03-30', '10:00:00', 'Europe/Berlin', '2026-03-30T08:00:00.000Z'],
    ['2026-07-04', '23:15:00', 'America/New_York', '2026-07-05T03:15:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, expected) => {
    const instant = instantAt(date, time, zone);
    expect(instant.toISOString()).toBe(expected);
    expect([businessDate(instant, zone), businessTime(instant, zone)]).toEqual([date, time]);
  });
});

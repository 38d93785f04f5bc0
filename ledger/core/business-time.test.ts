import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { businessDate, businessTime, instantAt, WALL_CLOCK_PARTS } from './business-time.js';

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

describe('businessDate and businessTime, remembered by the second', () => {
  const zones = ['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York'] as const;
  function direct(instant: Date, timeZone: string): [string, string] {
    const format = new Intl.DateTimeFormat('en-CA', { ...WALL_CLOCK_PARTS, timeZone });
    const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
    return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}:${p.second}`];
  }

  test('the same as formatting afresh, for any instant and zone, asked again or not', () => {
    fc.assert(
      fc.property(
        // Around a few instants, so that seconds and zones repeat and the remembered
        // answers are used; and anywhere in 1900–2100.
        fc.oneof(
          fc.integer({ min: -3000, max: 3000 }).map((ms) => Date.UTC(2026, 9, 31, 15, 59, 59) + ms),
          fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 }),
        ),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const instant = new Date(ms);
          expect([businessDate(instant, zone), businessTime(instant, zone)]).toEqual(
            direct(instant, zone),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

import { businessDate, businessTime } from '../../core/business-time.js';
import { Refusal } from '../../core/errors.js';

const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads a wall-clock time as the bills print it (`2026-11-03 08:15:22`, also
 * `2026/11/3 8:15`) in the business time zone and returns the instant.
 *
 * @example localToInstant('2026-11-03 08:15:22', 'Asia/Shanghai').toISOString() // '2026-11-03T00:15:22.000Z'
 */
export function localToInstant(text: string, timeZone: string, where: string): Date {
  const match = LOCAL_TIME.exec(text.trim());
  if (!match)
    throw new Refusal('bill_layout_invalid', `${where}: "${text}" is not a date and time.`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(year!, month! - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23) {
    throw new Refusal('bill_layout_invalid', `${where}: "${text}" is not a real date and time.`);
  }
  // The zone's offset at the guessed instant; twice, so a guess across an offset change settles.
  let instant = wall;
  for (let pass = 0; pass < 2; pass += 1) {
    const shown = new Date(instant);
    const [h, m, s] = businessTime(shown, timeZone).split(':').map(Number) as [
      number,
      number,
      number,
    ];
    const [y, mo, d] = businessDate(shown, timeZone).split('-').map(Number) as [
      number,
      number,
      number,
    ];
    const offset = Date.UTC(y, mo - 1, d, h, m, s) - Math.floor(instant / 1000) * 1000;
    instant = wall - offset;
  }
  return new Date(instant);
}

/** A business date moved by whole days. */
export function shiftDate(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

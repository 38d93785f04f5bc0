import { Refusal } from './errors.js';

/**
 * Business dates. The shop runs in one time zone (default Asia/Shanghai): a sale at 23:30
 * on 31 October Beijing time belongs to October, whatever the server's clock zone.
 */

export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts a business date and time are read from (en-CA: YYYY-MM-DD, 24 h). */
export const WALL_CLOCK_PARTS: Readonly<Intl.DateTimeFormatOptions> = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

function formatter(timeZone: string): Intl.DateTimeFormat {
  let existing = formatters.get(timeZone);
  if (!existing) {
    existing = new Intl.DateTimeFormat('en-CA', { ...WALL_CLOCK_PARTS, timeZone });
    formatters.set(timeZone, existing);
  }
  return existing;
}

/**
 * The wall-clock parts of recent seconds: a sale asks for the business date of its time
 * and of the server's several times, and `formatToParts` is the costliest step of the
 * sale's own JavaScript. Keyed by the whole second (the parts have no finer unit).
 */
const recentParts = new Map<string, Readonly<Record<string, string>>>();
const RECENT_PARTS_KEPT = 256;

function parts(instant: Date, timeZone: string): Readonly<Record<string, string>> {
  const key = `${Math.floor(instant.getTime() / 1000)} ${timeZone}`;
  let found = recentParts.get(key);
  if (!found) {
    found = Object.freeze(
      Object.fromEntries(
        formatter(timeZone)
          .formatToParts(instant)
          .map((part) => [part.type, part.value]),
      ),
    );
    if (recentParts.size >= RECENT_PARTS_KEPT) recentParts.clear();
    recentParts.set(key, found);
  }
  return found;
}

/**
 * The business date (YYYY-MM-DD) of an instant.
 *
 * @example businessDate(new Date('2026-10-31T15:30:00Z'), 'Asia/Shanghai') // '2026-10-31' (23:30 local)
 */
export function businessDate(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The local wall-clock time HH:MM:SS of an instant in the business time zone. */
export function businessTime(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** The period (YYYY-MM) a business date belongs to. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

/** The next period: '2026-12' → '2027-01'. */
export function nextPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The previous period: '2027-01' → '2026-12'. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** First and last calendar day of a period. */
export function periodBounds(period: string): { first: string; last: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(lastDay).padStart(2, '0')}` };
}

/** True once the period has ended in the business time zone (its last day is over). */
export function periodHasEnded(period: string, now: Date, timeZone: string): boolean {
  return periodOf(businessDate(now, timeZone)) > period;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day
  );
}

/**
 * An instant as ISO 8601 with the business time zone's offset, e.g.
 * '2026-10-31T23:30:00+08:00' — what a resident expects to read, whatever the server's zone.
 */
export function businessIso(instant: Date, timeZone: string): string {
  const offsetName =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = offsetName === 'GMT' ? '+00:00' : offsetName.replace('GMT', '');
  return `${businessDate(instant, timeZone)}T${businessTime(instant, timeZone)}${offset}`;
}

/**
 * Refuses a business date beyond the current month: an accountant may date an accrual at
 * this month's end, but a typo such as 2062 would open a month that can never be closed
 * or removed.
 *
 * @example assertNotInFuture('2062-10-03', new Date(), 'Asia/Shanghai') // throws date_in_future
 */
export function assertNotInFuture(date: string, now: Date, timeZone: string): void {
  const latest = periodBounds(periodOf(businessDate(now, timeZone))).last;
  if (date > latest) {
    throw new Refusal(
      'date_in_future',
      `The date ${date} is after the end of the current month (${latest}).`,
      { latest },
    );
  }
}

/**
 * The instant a wall-clock date and time in the business time zone names, e.g. the
 * opening of the shop at 05:30 in Asia/Shanghai — so nothing writes a fixed '+08:00'.
 *
 * @example instantAt('2026-10-01', '05:30:00', 'Asia/Shanghai') // 2026-09-30T21:30:00Z
 */
export function instantAt(date: string, time: string, timeZone: string): Date {
  const asUtc = new Date(`${date}T${time}Z`);
  // The zone's offset at the guessed instant, read back through Intl; a second pass
  // settles a guess that fell on the other side of a daylight-saving change.
  let instant = asUtc;
  for (let pass = 0; pass < 2; pass += 1) {
    const local = new Date(
      `${businessDate(instant, timeZone)}T${businessTime(instant, timeZone)}Z`,
    );
    instant = new Date(asUtc.getTime() - (local.getTime() - instant.getTime()));
  }
  return instant;
}

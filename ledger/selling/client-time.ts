import { businessDate, periodBounds, periodOf, previousPeriod } from '../core/business-time.js';
import { Refusal } from '../core/errors.js';
import type { Executor } from '../core/executor.js';

/** How far a tablet's clock may run ahead of the server's, or behind the shift's opening. */
export const CLOCK_SKEW_TOLERANCE_MS = 15 * 60 * 1000;

/** The refusal each writer answers for a time it cannot accept. */
export type ClientTimeCode =
  'sale_time_invalid' | 'refund_time_invalid' | 'shift_time_invalid' | 'movement_time_invalid';

export interface ClientTimeCheck {
  code: ClientTimeCode;
  /** The request field, named in the refusal: `createdAt`, `openedAt`, `closedAt`. */
  field: string;
  at: Date;
  now: Date;
  timeZone: string;
  /**
   * An event the time cannot precede (the shift's opening, the sale being refunded). A
   * tablet's clock may lag the one that stamped it by the skew tolerance.
   */
  notBefore?: { at: Date; what: string } | undefined;
}

/**
 * The first month a client time may fall in: the earliest month the books already hold
 * (any row in `periods`, made by the first entry of that month or a close), or the month
 * before the current one when that is earlier — so a new shop's tablet that was offline
 * over a month end still syncs. Anything earlier would open a month before the shop's
 * books began, which every later close would then wait for.
 */
export async function earliestClientPeriod(
  db: Executor,
  now: Date,
  timeZone: string,
): Promise<string> {
  const row = await db
    .selectFrom('periods')
    .select((eb) => eb.fn.min<string>('period').as('first'))
    .executeTakeFirst();
  return earliestClientPeriodOf(row?.first ?? null, now, timeZone);
}

/** `earliestClientPeriod`, given the books' first month (`min(period)`, null when none). */
export function earliestClientPeriodOf(
  firstBooksPeriod: string | null,
  now: Date,
  timeZone: string,
): string {
  const floor = previousPeriod(periodOf(businessDate(now, timeZone)));
  return firstBooksPeriod !== null && firstBooksPeriod < floor ? firstBooksPeriod : floor;
}

function refuse(check: ClientTimeCheck, message: string, earliest: string | null): never {
  const latest = new Date(check.now.getTime() + CLOCK_SKEW_TOLERANCE_MS).toISOString();
  throw new Refusal(check.code, message, {
    field: check.field,
    earliest,
    latest,
    serverTime: check.now.toISOString(),
  });
}

/** Whether `at` is in a month before `period` (in the shop's time zone). */
function isBeforePeriod(at: Date, period: string, timeZone: string): boolean {
  // Compared as instants first: a year before 1000 is formatted with fewer digits, which
  // a comparison of period text alone would put after 2026. A day's margin covers any zone.
  const [year, month] = period.split('-').map(Number) as [number, number];
  const beforeAnyZone = at.getTime() < Date.UTC(year, month - 1, 1) - 24 * 60 * 60 * 1000;
  return beforeAnyZone || periodOf(businessDate(at, timeZone)) < period;
}

/** Only that the time is a time: before the database is touched (a business date needs one). */
export function checkIsTime(check: Pick<ClientTimeCheck, 'code' | 'field' | 'at'>): void {
  if (Number.isNaN(check.at.getTime()))
    throw new Refusal(check.code, `${check.field} is not a time.`, { field: check.field });
}

/**
 * The one check of a time a tablet sends (sales, refunds, shift open and close, cash
 * movements): a real time, no more than the skew tolerance ahead of the server, not before
 * the event it follows (less the tolerance), and not in a month before the shop's books
 * began (`earliestClientPeriod`). Refused with the writer's code and
 * `{ field, earliest, latest, serverTime }`; run it inside the writer's transaction so
 * nothing is written when it refuses.
 *
 * @example await checkClientTime(trx, { code: 'sale_time_invalid', field: 'createdAt', at, now, timeZone, notBefore: { at: shift.openedAt, what: 'the shift opened' } })
 */
export async function checkClientTime(db: Executor, check: ClientTimeCheck): Promise<void> {
  if (!checkClientTimeBeforeBooks(check)) return;
  refuseBeforeBooks(check, await earliestClientPeriod(db, check.now, check.timeZone));
}

/**
 * The part of `checkClientTime` that needs no database. True when the time falls before
 * last month, so that the books' first month must be asked (`refuseBeforeBooks`): most
 * times (a sale made today) need not.
 */
export function checkClientTimeBeforeBooks(check: ClientTimeCheck): boolean {
  checkIsTime(check);
  const { at, now, field } = check;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_TOLERANCE_MS) {
    refuse(check, `${field} ${at.toISOString()} is in the future; check the tablet's clock.`, null);
  }
  if (check.notBefore) {
    const earliest = new Date(check.notBefore.at.getTime() - CLOCK_SKEW_TOLERANCE_MS);
    if (at.getTime() < earliest.getTime()) {
      refuse(
        check,
        `${field} ${at.toISOString()} is before ${check.notBefore.what} (${check.notBefore.at.toISOString()}); check the tablet's clock.`,
        earliest.toISOString(),
      );
    }
  }
  // The earliest period is never after last month: a time from last month on passes.
  const floor = previousPeriod(periodOf(businessDate(now, check.timeZone)));
  return isBeforePeriod(at, floor, check.timeZone);
}

/** Refuses a time before the shop's books begin (`earliestClientPeriod`). */
export function refuseBeforeBooks(check: ClientTimeCheck, firstPeriod: string): void {
  if (isBeforePeriod(check.at, firstPeriod, check.timeZone)) {
    refuse(
      check,
      `${check.field} ${check.at.toISOString()} is before the shop's books begin (${firstPeriod}); check the tablet's clock.`,
      periodBounds(firstPeriod).first,
    );
  }
}

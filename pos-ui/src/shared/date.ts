import { MONTH_NAMES_EN } from '../../../contract/vocabulary.js';
import type { Lang } from './i18n/lang.js';

/**
 * Dates, months and times in the reader's language. The business runs on Beijing time
 * (the server's BUSINESS_TZ, Asia/Shanghai): a till's "today", a shift's start and an
 * entry's date are all Beijing dates, whatever zone the tablet or laptop is set to.
 */

/** The zone business dates and times are written in; the server's BUSINESS_TZ. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const MONTHS_EN = MONTH_NAMES_EN;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a well-formed month, YYYY-MM. */
export function isPeriod(text: string): boolean {
  return PERIOD.test(text);
}

/**
 * A month for a heading.
 *
 * @example formatPeriod('2025-03', 'zh-CN') // '2025年3月'
 */
export function formatPeriod(period: string, lang: Lang): string {
  const match = PERIOD.exec(period);
  if (!match) return period;
  const month = Number(match[2]);
  return lang === 'zh-CN' ? `${match[1]}年${month}月` : `${MONTHS_EN[month - 1]} ${match[1]}`;
}

/** A month for a chart axis: "3月" / "Mar". */
export function formatPeriodShort(period: string, lang: Lang): string {
  const match = PERIOD.exec(period);
  if (!match) return period;
  const month = Number(match[2]);
  return lang === 'zh-CN' ? `${month}月` : MONTHS_EN[month - 1]!.slice(0, 3);
}

/** A business date "2025-03-05" in a table: "3月5日" / "5 Mar". */
export function formatDay(date: string, lang: Lang): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return lang === 'zh-CN' ? `${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]!.slice(0, 3)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const size = Math.abs(minutesEast);
  return `UTC${sign}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

/**
 * A timestamp with its zone spelled out. A time written with an offset is shown as
 * written (the wall clock where it happened, as on the PDF); a UTC time ("Z") is shown in
 * the reader's own zone, because a resident should not have to add eight hours.
 *
 * @example formatTimestamp('2025-04-02T10:15:00+08:00') // '2025-04-02 10:15 (UTC+08:00)'
 */
export function formatTimestamp(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    iso,
  );
  if (!match) return iso;
  if (match[3] !== 'Z') return `${match[1]} ${match[2]} (UTC${match[3]})`;
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const day = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  const time = `${pad(when.getHours())}:${pad(when.getMinutes())}`;
  return `${day} ${time} (${offsetText(-when.getTimezoneOffset())})`;
}

function businessParts(when: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: BUSINESS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(when);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/**
 * The business date (YYYY-MM-DD, Beijing) of an instant: the day a sale at 00:30 Beijing
 * time belongs to even on a device set to UTC.
 *
 * @example businessDate(new Date('2025-03-31T16:30:00Z')) // '2025-04-01'
 */
export function businessDate(when: Date): string {
  const part = businessParts(when);
  return `${part.year}-${part.month}-${part.day}`;
}

/** The business month (YYYY-MM, Beijing) of an instant. */
export function businessPeriod(when: Date): string {
  return businessDate(when).slice(0, 7);
}

/**
 * An instant as Beijing wall-clock time, labelled so nobody adds or subtracts hours.
 *
 * @example formatBusinessTime('2025-04-02T02:15:00Z', 'zh-CN') // '2025-04-02 10:15 北京时间'
 * @example formatBusinessTime('2025-04-02T02:15:00Z', 'en') // '2025-04-02 10:15 Beijing time'
 */
export function formatBusinessTime(iso: string | Date, lang: Lang): string {
  const when = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(when.getTime())) return String(iso);
  const part = businessParts(when);
  const label = lang === 'zh-CN' ? '北京时间' : 'Beijing time';
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${label}`;
}

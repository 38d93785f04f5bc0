import { MONTH_NAMES_EN } from '../contract/vocabulary.js';
import { isMoneyText, isQuantityText } from '../ledger/core/money.js';

/**
 * Display text for the figures of a report. Amounts and quantities arrive as decimal
 * strings and are formatted by string manipulation only, so a figure printed on a
 * statement is exactly the figure in the ledger — never a float's approximation of it.
 */

export type StatementLang = 'zh-CN' | 'en';

const MONTHS_EN = MONTH_NAMES_EN;

const MONTHS_EN_SHORT = MONTHS_EN.map((month) => month.slice(0, 3));

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * An amount with thousands separators and exactly two decimals; a deficit keeps its minus.
 *
 * @example formatAmount('-1234567.5') // '-1,234,567.50'
 */
export function formatAmount(amount: string): string {
  if (!isMoneyText(amount)) throw new Error(`formatAmount: not a money amount: ${amount}`);
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  const text = `${groupThousands(wholeDigits)}.${fraction.padEnd(2, '0')}`;
  // "-0.00" would read as a deficit of nothing; print it as zero.
  return negative && /[1-9]/.test(amount) ? `-${text}` : text;
}

/** The same with the yuan sign, for figures that stand alone (the summary box). */
export function formatYuan(amount: string): string {
  return `¥${formatAmount(amount)}`;
}

/**
 * A quantity without trailing zeros: "120.000" → "120", "12.500" → "12.5".
 *
 * @example formatQuantity('1200.500') // '1,200.5'
 */
export function formatQuantity(quantity: string): string {
  if (!isQuantityText(quantity)) throw new Error(`formatQuantity: not a quantity: ${quantity}`);
  const [whole = '0', fraction = ''] = quantity.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const grouped = groupThousands(whole.replace(/^0+(?=\d)/, ''));
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

/** A percentage given as decimal text, e.g. "3.2" → "3.2%". */
export function formatPercent(percent: string): string {
  if (!/^-?\d{1,3}(\.\d{1,4})?$/.test(percent)) {
    throw new Error(`formatPercent: not a percentage: ${percent}`);
  }
  return `${percent}%`;
}

/** An integer count with thousands separators. */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`formatCount: ${count}`);
  return groupThousands(String(count));
}

function parsePeriod(period: string): { year: string; month: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) throw new Error(`not a period (YYYY-MM): ${period}`);
  return { year: match[1]!, month: Number(match[2]) };
}

/**
 * A month for a heading.
 *
 * @example formatPeriod('2025-03', 'zh-CN') // '2025年3月'
 */
export function formatPeriod(period: string, lang: StatementLang): string {
  const { year, month } = parsePeriod(period);
  return lang === 'zh-CN' ? `${year}年${month}月` : `${MONTHS_EN[month - 1]} ${year}`;
}

/** A month for a chart axis: "3月" / "Mar"; the year is shown separately where it changes. */
export function formatPeriodShort(period: string, lang: StatementLang): string {
  const { month } = parsePeriod(period);
  return lang === 'zh-CN' ? `${month}月` : MONTHS_EN_SHORT[month - 1]!;
}

/** A month under a chart's axis, with its year: "2026年1月" / "Jan 2026". */
export function formatPeriodAxis(period: string, lang: StatementLang): string {
  const { year, month } = parsePeriod(period);
  return lang === 'zh-CN' ? `${year}年${month}月` : `${MONTHS_EN_SHORT[month - 1]!} ${year}`;
}

/** The year of a period, for a chart axis. */
export function periodYear(period: string): string {
  return parsePeriod(period).year;
}

/**
 * A timestamp as written, without converting time zones: the model carries ISO times with
 * the business zone's offset, and the statement shows that wall-clock time, labelled.
 * UTC+08:00 is China's only offset, so it is labelled 北京时间 / Beijing time, as the
 * residents' pages label it; another offset is named as such.
 *
 * @example formatTimestamp('2025-04-02T10:15:00+08:00', 'zh-CN') // '2025-04-02 10:15 北京时间'
 * @example formatTimestamp('2025-04-02T10:15:00+08:00', 'en') // '2025-04-02 10:15 Beijing time'
 */
export function formatTimestamp(iso: string, lang: StatementLang): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    iso,
  );
  if (!match) throw new Error(`formatTimestamp: not an ISO timestamp with offset: ${iso}`);
  if (match[3] === '+08:00')
    return `${match[1]} ${match[2]} ${lang === 'zh-CN' ? '北京时间' : 'Beijing time'}`;
  const zone = match[3] === 'Z' ? 'UTC' : `UTC${match[3]}`;
  return `${match[1]} ${match[2]} (${zone})`;
}

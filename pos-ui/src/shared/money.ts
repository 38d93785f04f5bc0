/**
 * Money in the browser. Figures arrive from the API as decimal strings ("12345.50") and
 * are shown by string manipulation only, so a page prints exactly what the ledger holds,
 * never a float's approximation of it. Arithmetic (a basket's total, change due) is done
 * in integer fen as BigInt — `parseYuan('12.50') === 1250n` — and sent back to the API as
 * a decimal string again with `fenToAmount`. A JS number never holds money.
 */

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;
const QUANTITY = /^-?\d+(\.\d+)?$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitSign(text: string): { negative: boolean; unsigned: string } {
  return text.startsWith('-')
    ? { negative: true, unsigned: text.slice(1) }
    : { negative: false, unsigned: text };
}

/**
 * An amount with thousands separators and exactly two decimals. Text that is not an
 * amount is shown as it came rather than breaking the whole page.
 *
 * @example formatAmount('-1234567.5') // '-1,234,567.50'
 */
export function formatAmount(amount: string): string {
  if (!AMOUNT.test(amount)) return amount;
  const { negative, unsigned } = splitSign(amount);
  const [whole = '0', fraction = ''] = unsigned.split('.');
  const text = `${groupThousands(whole.replace(/^0+(?=\d)/, ''))}.${fraction.padEnd(2, '0')}`;
  // "-0.00" would read as a deficit of nothing.
  return negative && /[1-9]/.test(unsigned) ? `-${text}` : text;
}

/** The same with the yuan sign, for figures that stand alone. */
export function formatYuan(amount: string): string {
  const text = formatAmount(amount);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/**
 * The size of an amount without its sign, for "deficit of …" wording.
 *
 * @example absoluteAmount('-120.00') // '120.00'
 */
export function absoluteAmount(amount: string): string {
  return splitSign(amount).unsigned;
}

/** True for an amount below zero; "-0.00" is not. */
export function isNegativeAmount(amount: string): boolean {
  return amount.startsWith('-') && /[1-9]/.test(amount);
}

/** True for zero in any spelling ("0", "0.00", "-0.00"). */
export function isZeroAmount(amount: string): boolean {
  return AMOUNT.test(amount) && !/[1-9]/.test(amount);
}

/**
 * A quantity without trailing zeros: "120.000" → "120", "1200.500" → "1,200.5".
 *
 * @example formatQuantity('1200.500') // '1,200.5'
 */
export function formatQuantity(quantity: string): string {
  if (!QUANTITY.test(quantity)) return quantity;
  const { negative, unsigned } = splitSign(quantity);
  const [whole = '0', fraction = ''] = unsigned.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const grouped = groupThousands(whole.replace(/^0+(?=\d)/, ''));
  const text = trimmed ? `${grouped}.${trimmed}` : grouped;
  return negative && /[1-9]/.test(unsigned) ? `-${text}` : text;
}

/** A count of things (sales, entries) with thousands separators. */
export function formatCount(count: number): string {
  return Number.isSafeInteger(count) ? groupThousands(String(count)) : String(count);
}

/** A percentage given as decimal text: "40.0000" → "40%", "3.2" → "3.2%". */
export function formatPercent(percent: string): string {
  if (!QUANTITY.test(percent)) return percent;
  return `${formatQuantity(percent)}%`;
}

/** A share's resolution: a billionth, far finer than a pixel. */
const SHARE_SCALE = 1_000_000_000n;

function absFen(fen: bigint): bigint {
  return fen < 0n ? -fen : fen;
}

/**
 * Each amount as a share of the largest in absolute value (−1…1), for chart geometry: a
 * slice's angle or a bar's height is a proportion, never money. Worked out on whole fen
 * (bigint); the figures shown always come from the strings.
 *
 * @example amountShares(['1.00', '4.00']) // [0.25, 1]
 */
export function amountShares(amounts: readonly string[]): number[] {
  const fen = amounts.map((amount) => amountToFen(amount) ?? 0n);
  const largest = fen.reduce((max, value) => (absFen(value) > max ? absFen(value) : max), 0n);
  if (largest === 0n) return fen.map(() => 0);
  return fen.map((value) => Number((value * SHARE_SCALE) / largest) / Number(SHARE_SCALE));
}

/**
 * The whole yuan an axis must cover for these amounts: the lowest rounded down and the
 * highest rounded up, by integer arithmetic. Axis bounds, not money.
 *
 * @example wholeYuanRange(['-0.50', '12.01']) // { low: -1, high: 13 }
 */
export function wholeYuanRange(amounts: readonly string[]): { low: number; high: number } {
  const fen = amounts.map((amount) => amountToFen(amount) ?? 0n);
  const min = fen.reduce((a, b) => (b < a ? b : a), fen[0] ?? 0n);
  const max = fen.reduce((a, b) => (b > a ? b : a), fen[0] ?? 0n);
  const floor = (value: bigint) => (value >= 0n ? value / 100n : -((-value + 99n) / 100n));
  const ceil = (value: bigint) => -floor(-value);
  return { low: Number(floor(min)), high: Number(ceil(max)) };
}

/**
 * Where an amount sits between two axis bounds in yuan, as a fraction (0 at `low`, 1 at
 * `high`), by integer arithmetic on fen.
 *
 * @example shareBetween('25.00', 0, 100) // 0.25
 */
export function shareBetween(amount: string, low: number, high: number): number {
  const lowFen = BigInt(Math.round(low * 100));
  const span = BigInt(Math.round(high * 100)) - lowFen;
  if (span === 0n) return 0;
  const fen = amountToFen(amount) ?? 0n;
  return Number(((fen - lowFen) * SHARE_SCALE) / span) / Number(SHARE_SCALE);
}

/**
 * Typed money (a till's keypad, a form field) in fen: "12", "12.5", "12.50", "-3.20",
 * with an optional ¥/￥ sign, thousands commas and surrounding spaces. Anything else —
 * three decimals, letters, an empty field — is `null`, never a guess.
 *
 * @example parseYuan('12.50') // 1250n
 * @example parseYuan('1,234.5') // 123450n
 * @example parseYuan('0.125') // null
 */
export function parseYuan(text: string): bigint | null {
  const match = /^(-)?[¥￥]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(
    text.trim().replace(/^([¥￥])-/, '-$1'),
  );
  if (!match) return null;
  const fen =
    BigInt(match[2]!.replaceAll(',', '')) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/**
 * An API amount ("-12.50", "7", "7.5") in fen; `null` when it is not an amount.
 *
 * @example amountToFen('-12.50') // -1250n
 */
export function amountToFen(amount: string): bigint | null {
  if (!AMOUNT.test(amount)) return null;
  const { negative, unsigned } = splitSign(amount);
  const [whole = '0', fraction = ''] = unsigned.split('.');
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
}

/**
 * Fen as the API's two-decimal string, for request bodies.
 *
 * @example fenToAmount(1250n) // '12.50'
 * @example fenToAmount(-5n) // '-0.05'
 */
export function fenToAmount(fen: bigint): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Fen shown with the yuan sign and thousands separators.
 *
 * @example formatFen(123450n) // '¥1,234.50'
 */
export function formatFen(fen: bigint): string {
  return formatYuan(fenToAmount(fen));
}

/**
 * The exact sum of two-decimal amounts, for the totals the PDF prints (all funds
 * together, all spending). It counts in fen with BigInt — integers of any size, never a
 * float — and answers a two-decimal string again. An entry that is not an amount makes
 * the total unknown ("") rather than wrong.
 *
 * @example sumAmounts(['0.10', '0.20']) // '0.30' (0.1 + 0.2 as floats is 0.30000000000000004)
 */
export function sumAmounts(amounts: string[]): string {
  let total = 0n;
  for (const amount of amounts) {
    const fen = amountToFen(amount);
    if (fen === null) return '';
    total += fen;
  }
  return fenToAmount(total);
}

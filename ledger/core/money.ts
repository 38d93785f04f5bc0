import { Decimal } from 'decimal.js';

/**
 * The one Decimal used for money and quantities. 40 significant digits is far beyond
 * NUMERIC(18,2) × NUMERIC(12,3), so no intermediate product is ever rounded by the
 * library; rounding happens only where `roundFen` says so. Never `Decimal.set` globally.
 */
export const Money = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 30,
});
export type Money = InstanceType<typeof Money>;

export const ZERO: Money = new Money(0);

const MONEY_PATTERN = /^-?\d{1,16}(\.\d{1,2})?$/;
const QUANTITY_PATTERN = /^\d{1,9}(\.\d{1,3})?$/;

/**
 * Makes a Decimal from a string (or an existing Decimal). Numbers are refused on purpose:
 * money never passes through a JS number.
 *
 * @example D('12.50').plus(D('0.5')).toFixed(2) // '13.00'
 */
export function D(value: string | Money): Money {
  return new Money(value);
}

/** True when `text` is a money amount with at most two decimals, e.g. "12.50". */
export function isMoneyText(text: string): boolean {
  return MONEY_PATTERN.test(text);
}

/** True when `text` is a non-negative quantity with at most three decimals, e.g. "1.5". */
export function isQuantityText(text: string): boolean {
  return QUANTITY_PATTERN.test(text);
}

/**
 * Rounds to the fen, half-up (away from zero at .5) — the rule for prices and line totals.
 *
 * @example roundFen(D('2.345')).toFixed(2) // '2.35'
 */
export function roundFen(amount: Money): Money {
  return amount.toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

/** The canonical two-decimal text of an amount, as it travels in JSON. */
export function fen(amount: Money): string {
  return roundFen(amount).toFixed(2);
}

/**
 * Splits `total` (in fen) by `shares` with the largest-remainder method: every part is
 * floored to the fen, and the leftover fen go one each to the parts with the largest
 * remainders. Ties between equal remainders are broken by `tieBreakKey` (for instance a
 * hash of the period and the fund), never by position in the list, so no fund gains
 * the rounding systematically. Parts always sum exactly to `total`.
 *
 * @example splitByShares(D('100.00'), [{ key: 'a', weight: D('1') }, { key: 'b', weight: D('2') }])
 */
export function splitByShares<K extends string>(
  total: Money,
  shares: readonly { key: K; weight: Money }[],
  tieBreakKey: (key: K) => string = (key) => key,
): Map<K, Money> {
  if (!total.equals(roundFen(total))) throw new Error('splitByShares: total must be whole fen');
  if (shares.length === 0) throw new Error('splitByShares: no shares');
  const weightSum = shares.reduce((sum, share) => sum.plus(share.weight), ZERO);
  if (!weightSum.gt(0) || shares.some((share) => share.weight.isNegative())) {
    throw new Error('splitByShares: weights must be non-negative with a positive sum');
  }
  const totalFen = total.times(100);
  const sign = totalFen.isNegative() ? -1 : 1;
  const absFen = totalFen.abs();
  const parts = shares.map((share) => {
    const exact = absFen.times(share.weight).div(weightSum);
    const floor = exact.floor();
    return { key: share.key, floor, remainder: exact.minus(floor), tie: tieBreakKey(share.key) };
  });
  let leftover = absFen.minus(parts.reduce((sum, part) => sum.plus(part.floor), ZERO)).toNumber();
  const order = [...parts].sort((a, b) => {
    const byRemainder = b.remainder.comparedTo(a.remainder);
    if (byRemainder !== 0) return byRemainder;
    return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
  });
  for (const part of order) {
    if (leftover <= 0) break;
    part.floor = part.floor.plus(1);
    leftover -= 1;
  }
  return new Map(parts.map((part) => [part.key, part.floor.times(sign).div(100)]));
}

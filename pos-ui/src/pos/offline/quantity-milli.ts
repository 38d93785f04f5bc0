/**
 * Quantities (pieces, 斤, kg) have at most three decimals; the tablet counts them in
 * integer thousandths so that remaining counts never drift by a float rounding.
 *
 * @example quantityToMilli('1.5') // 1500
 */
export function quantityToMilli(text: string): number {
  const match = /^(-?)(\d{1,9})(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) throw new Error(`not a quantity with at most three decimals: ${text}`);
  const milli = Number(match[2]) * 1000 + Number((match[3] ?? '').padEnd(3, '0'));
  return match[1] === '-' ? -milli : milli;
}

/** @example milliToQuantity(1500) // '1.500'; milliToQuantity(-250) // '-0.250' */
export function milliToQuantity(milli: number): string {
  if (!Number.isSafeInteger(milli)) throw new Error(`not a whole number of thousandths: ${milli}`);
  const sign = milli < 0 ? '-' : '';
  const whole = Math.abs(milli);
  return `${sign}${Math.floor(whole / 1000)}.${String(whole % 1000).padStart(3, '0')}`;
}

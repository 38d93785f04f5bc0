import { Refusal } from '../core/errors.js';
import { D, isMoneyText, Money } from '../core/money.js';

/** NUMERIC(12,3): nine digits before the point, three after. */
export const MAX_QUANTITY = D('999999999.999');

const DECIMAL_TEXT = /^-?\d{1,40}(\.\d{1,40})?$/;

/**
 * Reads a quantity ("2", "1.5", "0.125") and refuses, each with its own code, what a
 * cart must never hold: zero or less (`quantity_not_positive`, unless `allowZero`), more
 * than three decimals (`quantity_too_precise`) or more than NUMERIC(12,3) holds.
 *
 * @example parseQuantity('1.5', 'lines[0].quantity') // Money 1.5
 */
export function parseQuantity(
  text: string,
  where: string,
  options: { allowZero?: boolean } = {},
): Money {
  if (!DECIMAL_TEXT.test(text)) {
    throw new Refusal('invalid_input', `${where}: "${text}" is not a decimal number.`, [
      { path: where, problem: 'invalid_format' },
    ]);
  }
  const quantity = D(text);
  if (quantity.isNegative() || (quantity.isZero() && !options.allowZero)) {
    throw new Refusal(
      'quantity_not_positive',
      `${where}: the quantity must be ${options.allowZero ? 'zero or more' : 'more than zero'}, not ${text}.`,
      { path: where },
    );
  }
  if (quantity.decimalPlaces() > 3) {
    throw new Refusal(
      'quantity_too_precise',
      `${where}: a quantity has at most three decimals, not ${text}.`,
      { path: where },
    );
  }
  if (quantity.gt(MAX_QUANTITY)) {
    throw new Refusal('quantity_too_large', `${where}: ${text} is more than a till can sell.`, {
      path: where,
    });
  }
  return quantity;
}

/** The quantity as a person writes it: "2", "1.5" (no trailing zeros). */
export function formatQuantity(quantity: Money | string): string {
  return D(quantity).toFixed();
}

/**
 * Reads a non-negative amount of money (at most two decimals), refusing anything else as
 * `amount_invalid`. The HTTP edge checks the same; this is the second check for callers
 * that are not HTTP (the bench, a future import).
 */
export function parseAmount(text: string, where: string): Money {
  if (!isMoneyText(text) || text.startsWith('-')) {
    throw new Refusal(
      'amount_invalid',
      `${where}: "${text}" is not a non-negative amount with at most two decimals.`,
      { path: where },
    );
  }
  return D(text);
}

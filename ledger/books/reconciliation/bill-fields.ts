import { Refusal } from '../../core/errors.js';
import { D, type Money, ZERO } from '../../core/money.js';

const AMOUNT = /^[+-]?\d{1,16}(\.\d{1,2})?$/;

/**
 * A bill's text field without the marks the providers add so that Excel keeps it text:
 * WeChat prefixes every value with a backtick, Alipay sometimes with a tab.
 */
export function cleanField(value: string | undefined): string {
  return (value ?? '').replace(/^[`\t]+/, '').trim();
}

/** A bill amount ("`12.50", "-3.00", "") as money; empty is zero. Never a JS number. */
export function billAmount(value: string | undefined, where: string): Money {
  const text = cleanField(value).replace(/^¥/, '');
  if (text === '' || text === '-') return ZERO;
  if (!AMOUNT.test(text)) {
    throw new Refusal('bill_layout_invalid', `${where}: "${text}" is not an amount.`, { where });
  }
  return D(text.replace(/^\+/, ''));
}

/** Finds each wanted column in a header row; a missing one means this is not that bill. */
export function columnIndexes<K extends string>(
  header: readonly string[],
  wanted: Record<K, string>,
): Record<K, number> | undefined {
  const names = header.map((name) => cleanField(name));
  const indexes = {} as Record<K, number>;
  for (const [key, name] of Object.entries(wanted) as [K, string][]) {
    const index = names.indexOf(name);
    if (index < 0) return undefined;
    indexes[key] = index;
  }
  return indexes;
}

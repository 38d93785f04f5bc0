import { quantityToMilli } from './offline/quantity-milli.js';

/**
 * The cart the cashier sees, in integer fen and thousandths — the server's own arithmetic
 * (ledger/post-sale.ts): a line's gross is round-half-up(quantity × price), its total the
 * gross less its discount, the sale's total the lines' totals less the sale discount.
 * Discounts beyond 10 % of the gross need a manager.
 */
export interface CartProduct {
  id: string;
  name: string;
  nameEn: string | null;
  unit: 'piece' | 'jin' | 'kg';
  /** Price per unit in fen. */
  priceFen: bigint;
}

export interface CartLine {
  product: CartProduct;
  /** Quantity in thousandths of the unit (pieces are whole thousands). */
  milli: number;
  /** Money off this line, in fen. */
  discountFen: bigint;
}

export interface Cart {
  lines: CartLine[];
  /** Money off the whole sale, in fen. */
  saleDiscountFen: bigint;
}

/** What a cashier may give off without a manager, in percent of the gross. */
export const CASHIER_DISCOUNT_LIMIT_PERCENT = 10n;
/** Most quantity on one line: a typo guard (the server refuses silly totals too). */
export const MAX_LINE_MILLI = 9_999_000;

export function emptyCart(): Cart {
  return { lines: [], saleDiscountFen: 0n };
}

/** round-half-up(milli × price / 1000) for non-negative figures. */
export function lineGrossFen(milli: number, priceFen: bigint): bigint {
  return (BigInt(milli) * priceFen * 2n + 1000n) / 2000n;
}

export function lineTotalFen(line: CartLine): bigint {
  return lineGrossFen(line.milli, line.product.priceFen) - line.discountFen;
}

export interface CartTotals {
  grossFen: bigint;
  subtotalFen: bigint;
  discountsFen: bigint;
  totalFen: bigint;
  /** The most a cashier may give off alone. */
  limitFen: bigint;
  needsApproval: boolean;
  items: number;
}

export function cartTotals(cart: Cart): CartTotals {
  let grossFen = 0n;
  let subtotalFen = 0n;
  for (const line of cart.lines) {
    grossFen += lineGrossFen(line.milli, line.product.priceFen);
    subtotalFen += lineTotalFen(line);
  }
  const totalFen = subtotalFen - cart.saleDiscountFen;
  const discountsFen = grossFen - totalFen;
  // round-half-up(gross × 10 / 100), as the server.
  const limitFen = (grossFen * CASHIER_DISCOUNT_LIMIT_PERCENT * 2n + 100n) / 200n;
  return {
    grossFen,
    subtotalFen,
    discountsFen,
    totalFen,
    limitFen,
    needsApproval: discountsFen > limitFen,
    items: cart.lines.length,
  };
}

/** One tap on a tile: a piece product adds one to its line (or a new line). */
export function addProduct(cart: Cart, product: CartProduct, milli = 1000): Cart {
  const index = cart.lines.findIndex(
    (line) => line.product.id === product.id && line.discountFen === 0n,
  );
  if (index >= 0 && product.unit === 'piece') {
    return setQuantity(cart, index, cart.lines[index]!.milli + milli);
  }
  return { ...cart, lines: [...cart.lines, { product, milli, discountFen: 0n }] };
}

export function setQuantity(cart: Cart, index: number, milli: number): Cart {
  if (milli <= 0) return removeLine(cart, index);
  const lines = cart.lines.map((line, at) =>
    at === index ? { ...line, milli: Math.min(milli, MAX_LINE_MILLI) } : line,
  );
  return clampDiscounts({ ...cart, lines });
}

/** + / − on a line: one piece, or 0.1 of a weighed unit. */
export function stepQuantity(cart: Cart, index: number, direction: 1 | -1): Cart {
  const line = cart.lines[index];
  if (!line) return cart;
  const step = line.product.unit === 'piece' ? 1000 : 100;
  return setQuantity(cart, index, line.milli + direction * step);
}

export function removeLine(cart: Cart, index: number): Cart {
  return clampDiscounts({ ...cart, lines: cart.lines.filter((_, at) => at !== index) });
}

export function setLineDiscount(cart: Cart, index: number, discountFen: bigint): Cart {
  const lines = cart.lines.map((line, at) => (at === index ? { ...line, discountFen } : line));
  return clampDiscounts({ ...cart, lines });
}

export function setSaleDiscount(cart: Cart, saleDiscountFen: bigint): Cart {
  return clampDiscounts({ ...cart, saleDiscountFen });
}

/** No discount larger than what it takes off (the server refuses that: discount_invalid). */
function clampDiscounts(cart: Cart): Cart {
  const lines = cart.lines.map((line) => {
    const gross = lineGrossFen(line.milli, line.product.priceFen);
    const discountFen =
      line.discountFen < 0n ? 0n : line.discountFen > gross ? gross : line.discountFen;
    return discountFen === line.discountFen ? line : { ...line, discountFen };
  });
  const subtotal = lines.reduce((sum, line) => sum + lineTotalFen(line), 0n);
  const sale =
    cart.saleDiscountFen < 0n
      ? 0n
      : cart.saleDiscountFen > subtotal
        ? subtotal
        : cart.saleDiscountFen;
  return { lines, saleDiscountFen: sale };
}

/**
 * A quantity typed on the pad: pieces whole, weights positive with at most three
 * decimals. Null when it cannot be sent.
 *
 * @example parseQuantity('1.5', 'jin') // 1500
 * @example parseQuantity('1.5', 'piece') // null
 */
export function parseQuantity(text: string, unit: CartProduct['unit']): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,4}(\.\d{1,3})?$/.test(trimmed)) return null;
  const milli = quantityToMilli(trimmed);
  if (milli <= 0 || milli > MAX_LINE_MILLI) return null;
  if (unit === 'piece' && milli % 1000 !== 0) return null;
  return milli;
}

/** Thousandths as the API's quantity text: '2', '1.5', '0.125'. */
export function milliText(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const fraction = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

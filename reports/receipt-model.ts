import { D, isMoneyText, isQuantityText, roundFen, ZERO } from '../ledger/core/money.js';

/**
 * A sale receipt (or refund slip) as plain data: what `GET /api/sales/{id}/receipt`
 * answers as JSON and what the text and ESC/POS renderings print. The server fills it
 * from the posted sale; nothing here is priced or rounded again. Money is a two-decimal
 * string (CNY), quantities are decimal strings, times are already formatted in the
 * business time zone, because the printer and the tablet must not guess a zone.
 *
 * A hardship-voucher tender carries no holder identity on purpose: a receipt leaves the
 * shop, and aid recipients are never named outside the accountant's login.
 */

export type ReceiptUnit = 'piece' | 'jin' | 'kg';
export type ReceiptTenderMethod = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher';
export type ReceiptLang = 'zh-CN' | 'en';
export type ReceiptWidth = 58 | 80;

export interface ReceiptShop {
  name: string; // 辛馍坊
  nameEn: string;
  addressLine: string;
  addressLineEn: string;
}

export interface ReceiptLine {
  name: string;
  nameEn: string;
  /** Decimal string with at most three places, e.g. "2" or "1.5" (斤). */
  quantity: string;
  unit: ReceiptUnit;
  unitPrice: string;
  /** The line's own discount as a non-negative amount, "0.00" when none. */
  discount: string;
  /** roundFen(quantity × unitPrice) − discount. */
  lineTotal: string;
}

export interface ReceiptTender {
  method: ReceiptTenderMethod;
  /** What this tender pays of the total (or, on a refund slip, pays back). */
  amount: string;
  /** Cash handed over; null for anything but cash (and for cash paid back on a refund). */
  tendered: string | null;
  /** Cash given back; null exactly when `tendered` is. */
  change: string | null;
  /** Last four characters of the WeChat/Alipay transaction reference, never the whole of it. */
  referenceLast4: string | null;
}

export interface ReceiptRefund {
  reason: string;
  originalSaleId: string;
  originalSaleIdShort: string;
  originalReceiptNumber: string;
}

export interface ReceiptModel {
  shop: ReceiptShop;
  registerId: string;
  saleId: string;
  /** A short form a person can read out over the counter, e.g. the first 8 hex digits. */
  saleIdShort: string;
  receiptNumber: string;
  /** YYYY-MM-DD in the business time zone. */
  businessDate: string;
  /** HH:mm or HH:mm:ss in the business time zone (the original sale time for late sales). */
  localTime: string;
  cashierName: string;
  lines: ReceiptLine[];
  /** Σ lineTotal. */
  subtotal: string;
  /** Sale-level discount as a non-negative amount, "0.00" when none. */
  saleDiscount: string;
  /** subtotal − saleDiscount; on a refund slip, the amount paid back. */
  total: string;
  tenders: ReceiptTender[];
  /** Made offline and synced after its month was closed, so posted in a later period. */
  late: boolean;
  /** Present when this slip is a refund, not a sale. */
  refund: ReceiptRefund | null;
  /** Printed again on request: marked so a copy cannot pass as a second purchase. */
  reprint: boolean;
  footerText: string;
  footerTextEn: string;
  /** The residents' statements page, printed as the printer's own QR code. */
  statementsUrl: string;
}

/** Limits that keep a malformed model from producing a metre of paper. */
export const RECEIPT_LIMITS = {
  maxLines: 200,
  maxTenders: 10,
  maxTextLength: 500,
  /** Bytes; a QR code at error correction M stays printable on 58 mm paper up to here. */
  maxUrlLength: 512,
} as const;

const REFERENCE_LAST4_PATTERN = /^[0-9A-Za-z]{1,4}$/;
const TWO_DECIMALS = /\.\d{2}$/;
const URL_PATTERN = /^https?:\/\/[\x21-\x7e]+$/;

/**
 * Lists what is wrong with a receipt model: empty when it is printable. A receipt that
 * does not add up is a bug upstream, so the renderers refuse it rather than print a slip
 * the customer cannot check by hand.
 *
 * @example receiptModelProblems({ ...model, total: '1.00' }) // ['total 1.00 ≠ subtotal − saleDiscount 13.00']
 */
export function receiptModelProblems(model: ReceiptModel): string[] {
  const problems: string[] = [];
  const money = (field: string, value: string): boolean => {
    // Exactly two decimals: the receipt prints the string as it is, and "12.5" is not a price.
    if (
      typeof value !== 'string' ||
      !isMoneyText(value) ||
      value.startsWith('-') ||
      !TWO_DECIMALS.test(value)
    ) {
      problems.push(`${field} is not a non-negative two-decimal amount: ${JSON.stringify(value)}`);
      return false;
    }
    return true;
  };
  const text = (field: string, value: string): void => {
    if (value.length > RECEIPT_LIMITS.maxTextLength) {
      problems.push(`${field} is longer than ${RECEIPT_LIMITS.maxTextLength} characters`);
    }
  };

  text('shop.name', model.shop.name);
  text('shop.nameEn', model.shop.nameEn);
  text('shop.addressLine', model.shop.addressLine);
  text('shop.addressLineEn', model.shop.addressLineEn);
  text('registerId', model.registerId);
  text('saleId', model.saleId);
  text('saleIdShort', model.saleIdShort);
  text('receiptNumber', model.receiptNumber);
  text('businessDate', model.businessDate);
  text('localTime', model.localTime);
  text('cashierName', model.cashierName);
  text('footerText', model.footerText);
  text('footerTextEn', model.footerTextEn);

  if (model.lines.length < 1 || model.lines.length > RECEIPT_LIMITS.maxLines) {
    problems.push(`lines: ${model.lines.length}, expected 1..${RECEIPT_LIMITS.maxLines}`);
  }
  let lineSum = ZERO;
  model.lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    text(`${at}.name`, line.name);
    text(`${at}.nameEn`, line.nameEn);
    if (
      typeof line.quantity !== 'string' ||
      !isQuantityText(line.quantity) ||
      D(line.quantity).isZero()
    ) {
      problems.push(`${at}.quantity is not a positive quantity: ${JSON.stringify(line.quantity)}`);
      return;
    }
    const ok = [
      money(`${at}.unitPrice`, line.unitPrice),
      money(`${at}.discount`, line.discount),
      money(`${at}.lineTotal`, line.lineTotal),
    ].every(Boolean);
    if (!ok) return;
    const expected = roundFen(D(line.quantity).times(D(line.unitPrice))).minus(D(line.discount));
    if (!expected.equals(D(line.lineTotal))) {
      problems.push(
        `${at}.lineTotal ${line.lineTotal} ≠ quantity × unitPrice − discount ${expected.toFixed(2)}`,
      );
    }
    lineSum = lineSum.plus(D(line.lineTotal));
  });

  const totalsOk = [
    money('subtotal', model.subtotal),
    money('saleDiscount', model.saleDiscount),
    money('total', model.total),
  ].every(Boolean);
  if (totalsOk) {
    if (!lineSum.equals(D(model.subtotal))) {
      problems.push(`subtotal ${model.subtotal} ≠ Σ lineTotal ${lineSum.toFixed(2)}`);
    }
    const expectedTotal = D(model.subtotal).minus(D(model.saleDiscount));
    if (!expectedTotal.equals(D(model.total))) {
      problems.push(`total ${model.total} ≠ subtotal − saleDiscount ${expectedTotal.toFixed(2)}`);
    }
  }

  if (model.tenders.length > RECEIPT_LIMITS.maxTenders) {
    problems.push(`tenders: ${model.tenders.length}, at most ${RECEIPT_LIMITS.maxTenders}`);
  }
  let tenderSum = ZERO;
  model.tenders.forEach((tender, index) => {
    const at = `tenders[${index}]`;
    if (!money(`${at}.amount`, tender.amount)) return;
    tenderSum = tenderSum.plus(D(tender.amount));
    if (tender.method === 'cash') {
      // A refund paid back in cash has nothing tendered, so both may be absent; but a
      // slip that shows one without the other cannot be checked by the customer.
      if ((tender.tendered === null) !== (tender.change === null)) {
        problems.push(`${at}: cash has both tendered and change, or neither`);
      } else if (tender.tendered !== null && tender.change !== null) {
        if (money(`${at}.tendered`, tender.tendered) && money(`${at}.change`, tender.change)) {
          const expectedChange = D(tender.tendered).minus(D(tender.amount));
          if (!expectedChange.equals(D(tender.change))) {
            problems.push(`${at}.change ${tender.change} ≠ tendered − amount`);
          }
        }
      }
    } else if (tender.tendered !== null || tender.change !== null) {
      problems.push(`${at}: only cash has tendered and change`);
    }
    if (tender.referenceLast4 !== null && !REFERENCE_LAST4_PATTERN.test(tender.referenceLast4)) {
      problems.push(`${at}.referenceLast4 must be at most 4 letters or digits`);
    }
  });
  if (totalsOk && !tenderSum.equals(D(model.total))) {
    problems.push(`Σ tenders ${tenderSum.toFixed(2)} ≠ total ${model.total}`);
  }

  if (model.refund !== null) {
    text('refund.reason', model.refund.reason);
    text('refund.originalSaleId', model.refund.originalSaleId);
    text('refund.originalSaleIdShort', model.refund.originalSaleIdShort);
    text('refund.originalReceiptNumber', model.refund.originalReceiptNumber);
    if (model.refund.reason.trim() === '') problems.push('refund.reason is empty');
  }

  if (!URL_PATTERN.test(model.statementsUrl)) {
    problems.push('statementsUrl must be an http(s) URL of printable ASCII characters');
  } else if (model.statementsUrl.length > RECEIPT_LIMITS.maxUrlLength) {
    problems.push(`statementsUrl is longer than ${RECEIPT_LIMITS.maxUrlLength} bytes`);
  }
  return problems;
}

/** Throws when the model is not printable; see `receiptModelProblems`. */
export function assertReceiptModel(model: ReceiptModel): void {
  const problems = receiptModelProblems(model);
  if (problems.length > 0) {
    throw new Error(`receipt model is inconsistent: ${problems.join('; ')}`);
  }
}

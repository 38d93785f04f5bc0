import { Refusal } from '../../core/errors.js';
import { ZERO } from '../../core/money.js';
import { MAX_BILL_BYTES, type BillProvider, type ParsedBill } from './bill.js';
import { decodeBillText } from './decode-bill-text.js';
import { parseAlipayBill } from './parse-alipay-bill.js';
import { parseWechatBill } from './parse-wechat-bill.js';

/**
 * Parses a provider's merchant bill from its file bytes, GBK or UTF-8. Pure: no database.
 * Every refusal has a code — `bill_too_large`, `bill_encoding_invalid`,
 * `bill_layout_invalid`, `bill_totals_mismatch` — and nothing is half-parsed.
 *
 * @example const bill = parseBill('wechat', bytes, 'Asia/Shanghai'); bill.totals.net.toFixed(2)
 */
export function parseBill(provider: BillProvider, bytes: Uint8Array, timeZone: string): ParsedBill {
  if (bytes.byteLength > MAX_BILL_BYTES) {
    throw new Refusal('bill_too_large', `A bill file may be at most ${MAX_BILL_BYTES} bytes.`, {
      maxBytes: MAX_BILL_BYTES,
    });
  }
  if (bytes.byteLength === 0) throw new Refusal('bill_layout_invalid', 'The file is empty.');
  const { text, encoding } = decodeBillText(bytes);
  const parsed =
    provider === 'wechat'
      ? { ...parseWechatBill(text, timeZone), period: undefined }
      : parseAlipayBill(text, timeZone);
  const sorted = [...parsed.dates].sort();
  const period =
    parsed.period ??
    (sorted.length > 0 ? { fromDate: sorted[0]!, toDate: sorted.at(-1)! } : undefined);
  if (!period) {
    throw new Refusal('bill_layout_invalid', 'The bill has no transactions and names no period.');
  }
  const outside = sorted.find((date) => date < period.fromDate || date > period.toDate);
  if (outside) {
    throw new Refusal(
      'bill_layout_invalid',
      `A row dated ${outside} lies outside the bill’s period ${period.fromDate} – ${period.toDate}.`,
    );
  }
  const amount = parsed.rows.reduce((sum, row) => sum.plus(row.amount), ZERO);
  const fee = parsed.rows.reduce((sum, row) => sum.plus(row.fee), ZERO);
  return {
    provider,
    encoding,
    fromDate: period.fromDate,
    toDate: period.toDate,
    rows: parsed.rows,
    totals: { amount, fee, net: amount.minus(fee) },
  };
}

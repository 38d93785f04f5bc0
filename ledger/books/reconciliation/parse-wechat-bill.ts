import { businessDate } from '../../core/business-time.js';
import { Refusal } from '../../core/errors.js';
import { ZERO, type Money } from '../../core/money.js';
import { billAmount, cleanField, columnIndexes } from './bill-fields.js';
import { MAX_BILL_ROWS, type BillRow } from './bill.js';
import { csvFields, textLines } from './csv-fields.js';
import { localToInstant } from './local-time.js';

/** The columns of 微信支付商户平台 → 交易账单 (all transactions) that reconciliation reads. */
export const WECHAT_COLUMNS = {
  time: '交易时间',
  transactionId: '微信订单号',
  merchantOrderId: '商户订单号',
  status: '交易状态',
  settledAmount: '应结订单金额',
  refundId: '微信退款单号',
  refundAmount: '退款金额',
  description: '商品名称',
  fee: '手续费',
} as const;

export const WECHAT_SUMMARY_COLUMNS = {
  count: '总交易单数',
  settledAmount: '应结订单总金额',
  refundAmount: '退款总金额',
  fee: '手续费总金额',
} as const;

/**
 * Parses a WeChat Pay merchant transaction bill: the header line, one row per
 * transaction (every value prefixed with a backtick), then a summary header and its row.
 * SUCCESS rows are payments (应结订单金额, 手续费); REFUND rows are refunds (退款金额
 * negated; the fee given back is negative); REVOKED rows moved no money and are skipped.
 * The rows must add up to the summary, so a cut or edited file is refused.
 *
 * @example parseWechatBill(text, 'Asia/Shanghai').rows[0].amount.toFixed(2) // '12.50'
 */
export function parseWechatBill(
  text: string,
  timeZone: string,
): { rows: BillRow[]; dates: string[] } {
  const lines = textLines(text);
  const header = lines[0] === undefined ? [] : csvFields(lines[0]);
  const columns = columnIndexes(header, WECHAT_COLUMNS);
  if (!columns) {
    throw new Refusal(
      'bill_layout_invalid',
      lines[0]?.includes('支付宝')
        ? 'This looks like an Alipay bill; choose Alipay as the provider.'
        : 'The first line is not the header of a WeChat Pay transaction bill (交易时间,公众账号ID,商户号,…).',
    );
  }
  const summaryAt = lines.findIndex((line) => cleanField(csvFields(line)[0]) === '总交易单数');
  if (summaryAt < 0 || lines[summaryAt + 1] === undefined) {
    throw new Refusal(
      'bill_layout_invalid',
      'The summary block (总交易单数,…) is missing: the file may be cut short.',
    );
  }
  const dataLines = lines.slice(1, summaryAt);
  if (dataLines.length > MAX_BILL_ROWS) {
    throw new Refusal('bill_too_large', `A bill may hold at most ${MAX_BILL_ROWS} rows.`);
  }
  const rows: BillRow[] = [];
  const dates: string[] = [];
  let settledSum = ZERO;
  let settledOfPayments = ZERO;
  let refundSum = ZERO;
  let feeSum = ZERO;
  dataLines.forEach((line, index) => {
    const where = `line ${index + 2}`;
    const values = csvFields(line);
    if (values.length < header.length) {
      throw new Refusal(
        'bill_layout_invalid',
        `${where} has ${values.length} fields, the header ${header.length}.`,
      );
    }
    const status = cleanField(values[columns.status]);
    const settled = billAmount(values[columns.settledAmount], `${where} 应结订单金额`);
    const refund = billAmount(values[columns.refundAmount], `${where} 退款金额`);
    const fee = billAmount(values[columns.fee], `${where} 手续费`);
    settledSum = settledSum.plus(settled);
    refundSum = refundSum.plus(refund);
    feeSum = feeSum.plus(fee);
    const occurredAt = localToInstant(
      cleanField(values[columns.time]),
      timeZone,
      `${where} 交易时间`,
    );
    dates.push(businessDate(occurredAt, timeZone));
    if (status === 'REVOKED') return;
    if (status !== 'SUCCESS' && status !== 'REFUND') {
      throw new Refusal('bill_layout_invalid', `${where}: unknown 交易状态 "${status}".`);
    }
    if (status === 'SUCCESS') settledOfPayments = settledOfPayments.plus(settled);
    const refundRow = status === 'REFUND';
    rows.push({
      rowNo: rows.length + 1,
      kind: refundRow ? 'refund' : 'payment',
      occurredAt,
      transactionId: cleanField(values[columns.transactionId]) || null,
      merchantOrderId: cleanField(values[columns.merchantOrderId]) || null,
      refundId: refundRow ? cleanField(values[columns.refundId]) || null : null,
      amount: refundRow ? refund.abs().neg() : settled,
      fee: refundRow ? fee.abs().neg() : fee,
      description: cleanField(values[columns.description]) || null,
    });
  });

  const summaryHeader = csvFields(lines[summaryAt]!);
  const summaryColumns = columnIndexes(summaryHeader, WECHAT_SUMMARY_COLUMNS);
  if (!summaryColumns)
    throw new Refusal('bill_layout_invalid', 'The summary header is not WeChat Pay’s.');
  const summary = csvFields(lines[summaryAt + 1]!);
  const count = cleanField(summary[summaryColumns.count]);
  const mismatches: string[] = [];
  if (count !== String(dataLines.length))
    mismatches.push(`总交易单数 ${count} ≠ ${dataLines.length} rows`);
  const expect = (name: string, stated: Money, candidates: Money[]) => {
    if (!candidates.some((candidate) => candidate.equals(stated))) {
      mismatches.push(`${name} ${stated.toFixed(2)} ≠ ${candidates[0]!.toFixed(2)}`);
    }
  };
  // The providers' documents differ on whether refund rows carry their payment's 应结订单金额;
  // either reading is accepted as long as the figures agree.
  expect('应结订单总金额', billAmount(summary[summaryColumns.settledAmount], '应结订单总金额'), [
    settledOfPayments,
    settledSum,
  ]);
  expect('退款总金额', billAmount(summary[summaryColumns.refundAmount], '退款总金额'), [refundSum]);
  expect('手续费总金额', billAmount(summary[summaryColumns.fee], '手续费总金额'), [feeSum]);
  if (mismatches.length > 0) {
    throw new Refusal(
      'bill_totals_mismatch',
      `The rows do not add up to the bill’s summary: ${mismatches.join('; ')}.`,
      {
        mismatches,
      },
    );
  }
  return { rows, dates };
}

import { businessDate } from '../../core/business-time.js';
import { Refusal } from '../../core/errors.js';
import { billAmount, cleanField, columnIndexes } from './bill-fields.js';
import { MAX_BILL_ROWS, type BillRow } from './bill.js';
import { csvFields, textLines } from './csv-fields.js';
import { localToInstant } from './local-time.js';

/** The columns of 支付宝商家中心 → 业务明细 that reconciliation reads. */
export const ALIPAY_COLUMNS = {
  transactionId: '支付宝交易号',
  merchantOrderId: '商户订单号',
  type: '业务类型',
  description: '商品名称',
  createdAt: '创建时间',
  completedAt: '完成时间',
  received: '商家实收（元）',
  refundId: '退款批次号/请求号',
  fee: '服务费（元）',
} as const;

const PERIOD_LINE =
  /起始日期：\[(\d{4})年(\d{2})月(\d{2})日[^\]]*\]\s*终止日期：\[(\d{4})年(\d{2})月(\d{2})日\s*(\d{2}:\d{2}:\d{2})?\]/;

/**
 * Parses an Alipay merchant 业务明细 bill: `#` comment lines (title, account, 起始日期 and
 * 终止日期), the header, one row per transaction, then `#-----业务明细列表结束-----`,
 * `#合计：…` and `#导出时间：…`. 交易 rows are payments (商家实收, 服务费); 退款 rows are
 * refunds, negative whatever sign the file prints, their 服务费 given back. The period
 * comes from the 起始/终止日期 line (the end is exclusive at midnight) or else the rows.
 *
 * @example parseAlipayBill(text, 'Asia/Shanghai').period // { fromDate: '2026-11-01', toDate: '2026-11-30' }
 */
export function parseAlipayBill(
  text: string,
  timeZone: string,
): { rows: BillRow[]; dates: string[]; period: { fromDate: string; toDate: string } | undefined } {
  const lines = textLines(text);
  const comments = lines.filter((line) => line.trimStart().startsWith('#'));
  const body = lines.filter((line) => !line.trimStart().startsWith('#'));
  const header = body[0] === undefined ? [] : csvFields(body[0]);
  const columns = columnIndexes(header, ALIPAY_COLUMNS);
  if (!columns) {
    throw new Refusal(
      'bill_layout_invalid',
      body[0]?.includes('微信订单号')
        ? 'This looks like a WeChat Pay bill; choose WeChat Pay as the provider.'
        : 'No Alipay 业务明细 header (支付宝交易号,商户订单号,业务类型,…) was found.',
    );
  }
  if (!comments.some((line) => line.includes('业务明细列表结束'))) {
    throw new Refusal(
      'bill_layout_invalid',
      'The line #…业务明细列表结束… is missing: the file may be cut short.',
    );
  }
  const dataLines = body.slice(1);
  if (dataLines.length > MAX_BILL_ROWS) {
    throw new Refusal('bill_too_large', `A bill may hold at most ${MAX_BILL_ROWS} rows.`);
  }
  const rows: BillRow[] = [];
  const dates: string[] = [];
  dataLines.forEach((line, index) => {
    const where = `row ${index + 1}`;
    const values = csvFields(line);
    if (values.length < header.length - 1) {
      throw new Refusal(
        'bill_layout_invalid',
        `${where} has ${values.length} fields, the header ${header.length}.`,
      );
    }
    const type = cleanField(values[columns.type]);
    if (type !== '交易' && type !== '退款') {
      throw new Refusal('bill_layout_invalid', `${where}: unknown 业务类型 "${type}".`);
    }
    const refundRow = type === '退款';
    const time = cleanField(values[columns.completedAt]) || cleanField(values[columns.createdAt]);
    const occurredAt = localToInstant(time, timeZone, `${where} 完成时间`);
    dates.push(businessDate(occurredAt, timeZone));
    const received = billAmount(values[columns.received], `${where} 商家实收`).abs();
    const fee = billAmount(values[columns.fee], `${where} 服务费`).abs();
    rows.push({
      rowNo: rows.length + 1,
      kind: refundRow ? 'refund' : 'payment',
      occurredAt,
      transactionId: cleanField(values[columns.transactionId]) || null,
      merchantOrderId: cleanField(values[columns.merchantOrderId]) || null,
      refundId: refundRow ? cleanField(values[columns.refundId]) || null : null,
      amount: refundRow ? received.neg() : received,
      fee: refundRow ? fee.neg() : fee,
      description: cleanField(values[columns.description]) || null,
    });
  });
  return { rows, dates, period: statedPeriod(comments) };
}

function statedPeriod(comments: string[]): { fromDate: string; toDate: string } | undefined {
  for (const line of comments) {
    const match = PERIOD_LINE.exec(line);
    if (!match) continue;
    const [, fy, fm, fd, ty, tm, td, time] = match;
    const fromDate = `${fy}-${fm}-${fd}`;
    let end = new Date(`${ty}-${tm}-${td}T00:00:00Z`);
    // 终止日期 [2026年12月01日 00:00:00] ends before that midnight.
    if (time === undefined || time === '00:00:00') end = new Date(end.getTime() - 86_400_000);
    const toDate = end.toISOString().slice(0, 10);
    return toDate >= fromDate ? { fromDate, toDate } : undefined;
  }
  return undefined;
}

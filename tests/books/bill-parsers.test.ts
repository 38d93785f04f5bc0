import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { Refusal } from '../../ledger/core/errors.js';
import { D } from '../../ledger/core/money.js';
import { MAX_BILL_BYTES, type BillRow } from '../../ledger/books/reconciliation/bill.js';
import { matchBill, type BookItem } from '../../ledger/books/reconciliation/match-bill.js';
import { parseBill } from '../../ledger/books/reconciliation/parse-bill.js';

const ZONE = 'Asia/Shanghai';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const wechatBytes = fixture('wechat-2026-11-03.csv');
const alipayBytes = fixture('alipay-2026-11-03.gbk.csv');
const wechatText = new TextDecoder().decode(wechatBytes.subarray(3));
const alipayText = iconv.decode(alipayBytes, 'gbk');

function refusalCode(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof Refusal) return error.code;
    throw error;
  }
  return '(no refusal)';
}

const summary = (rows: BillRow[]) =>
  rows.map((row) => [row.kind, row.amount.toFixed(2), row.fee.toFixed(2), row.transactionId]);

describe('WeChat Pay transaction bill', () => {
  test('UTF-8 with BOM: rows, refunds negative with the fee given back, totals, period', () => {
    const bill = parseBill('wechat', wechatBytes, ZONE);
    expect(bill.encoding).toBe('utf-8');
    expect([bill.fromDate, bill.toDate]).toEqual(['2026-11-03', '2026-11-03']);
    expect(summary(bill.rows)).toEqual([
      ['payment', '12.50', '0.08', '4200001234202611030001'],
      ['payment', '8.00', '0.05', '4200001234202611030002'],
      ['payment', '8.00', '0.05', '4200001234202611030003'],
      ['payment', '15.00', '0.09', '4200001234202611030004'],
      ['payment', '20.00', '0.12', '4200001234202611030005'],
      ['refund', '-20.00', '-0.12', '4200001234202611030005'],
    ]);
    expect(bill.rows[5]!.refundId).toBe('50300001234202611030005');
    expect(bill.rows[0]!.occurredAt.toISOString()).toBe('2026-11-03T00:15:22.000Z');
    expect([bill.totals.amount, bill.totals.fee, bill.totals.net].map((m) => m.toFixed(2))).toEqual(
      ['43.50', '0.27', '43.23'],
    );
  });

  test('the same bill in GBK and in UTF-8 without a BOM reads the same', () => {
    const utf8 = parseBill('wechat', Buffer.from(wechatText, 'utf8'), ZONE);
    const gbk = parseBill('wechat', iconv.encode(wechatText, 'gbk'), ZONE);
    expect(gbk.encoding).toBe('gbk');
    expect(summary(gbk.rows)).toEqual(summary(utf8.rows));
    expect(gbk.rows.map((row) => row.description)).toEqual(utf8.rows.map((row) => row.description));
  });

  test('rows that do not add up to the summary are bill_totals_mismatch', () => {
    const edited = wechatText.replace('`12.50,`0.00', '`12.60,`0.00');
    expect(refusalCode(() => parseBill('wechat', Buffer.from(edited), ZONE))).toBe(
      'bill_totals_mismatch',
    );
  });

  test('a bill cut before its summary is bill_layout_invalid', () => {
    const cut = wechatText.slice(0, wechatText.indexOf('总交易单数'));
    expect(refusalCode(() => parseBill('wechat', Buffer.from(cut), ZONE))).toBe(
      'bill_layout_invalid',
    );
  });

  test('an amount that is not money is bill_layout_invalid, never a NaN', () => {
    const edited = wechatText.replace('`0.08,', '`0.0x,');
    expect(refusalCode(() => parseBill('wechat', Buffer.from(edited), ZONE))).toBe(
      'bill_layout_invalid',
    );
  });
});

describe('Alipay 业务明细 bill', () => {
  test('GBK: comment lines skipped, period from 起始/终止日期, refunds negative', () => {
    const bill = parseBill('alipay', alipayBytes, ZONE);
    expect(bill.encoding).toBe('gbk');
    expect([bill.fromDate, bill.toDate]).toEqual(['2026-11-03', '2026-11-03']);
    expect(summary(bill.rows)).toEqual([
      ['payment', '9.50', '0.06', '2026110322001400001'],
      ['payment', '4.00', '0.02', '2026110322001400002'],
      ['payment', '3.00', '0.02', '2026110322001400003'],
      ['refund', '-2.50', '-0.01', '2026110322001400001'],
    ]);
    expect(bill.rows[0]!.merchantOrderId).toBe('XMF20261103130000');
    expect(bill.rows[3]!.refundId).toBe('2026110315100001');
    expect(bill.totals.net.toFixed(2)).toBe('13.91');
  });

  test('UTF-8 with and without a BOM reads the same as GBK', () => {
    const gbk = summary(parseBill('alipay', alipayBytes, ZONE).rows);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(alipayText)]);
    expect(summary(parseBill('alipay', Buffer.from(alipayText), ZONE).rows)).toEqual(gbk);
    expect(summary(parseBill('alipay', bom, ZONE).rows)).toEqual(gbk);
  });
});

describe('bad files', () => {
  test.each([
    ['an Alipay bill uploaded as WeChat Pay', 'wechat', alipayBytes, 'bill_layout_invalid'],
    ['a WeChat Pay bill uploaded as Alipay', 'alipay', wechatBytes, 'bill_layout_invalid'],
    ['some other CSV', 'wechat', Buffer.from('name,amount\n包子,3.00\n'), 'bill_layout_invalid'],
    ['an empty file', 'alipay', Buffer.alloc(0), 'bill_layout_invalid'],
    ['UTF-16', 'wechat', Buffer.from(`\uFEFF${wechatText}`, 'utf16le'), 'bill_encoding_invalid'],
    [
      'bytes that are no text',
      'wechat',
      Buffer.from([0x81, 0xff, 0xfe, 0x80, 0x41]),
      'bill_encoding_invalid',
    ],
    ['a file over the limit', 'wechat', Buffer.alloc(MAX_BILL_BYTES + 1, 0x41), 'bill_too_large'],
  ] as const)('%s → %s', (_name, provider, bytes, code) => {
    expect(refusalCode(() => parseBill(provider, bytes, ZONE))).toBe(code);
  });
});

describe('matching', () => {
  const at = (time: string) => new Date(`2026-11-03T${time}+08:00`);
  const row = (rowNo: number, time: string, amount: string, id: string | null = null): BillRow => ({
    rowNo,
    kind: amount.startsWith('-') ? 'refund' : 'payment',
    occurredAt: at(time),
    transactionId: id,
    merchantOrderId: null,
    refundId: null,
    amount: D(amount),
    fee: D('0'),
    description: null,
  });
  const item = (
    id: string,
    time: string,
    amount: string,
    reference: string | null = null,
  ): BookItem => ({
    kind: amount.startsWith('-') ? 'refund' : 'sale',
    id,
    tenderNo: 1,
    occurredAt: at(time),
    businessDate: '2026-11-03',
    amount: D(amount),
    reference,
    registerId: 'counter-1',
    receiptNumber: null,
  });

  test('nearest time first, each sale used once, the window is ±10 minutes', () => {
    const result = matchBill(
      [row(1, '09:03:05', '8.00'), row(2, '09:07:00', '8.00'), row(3, '09:40:00', '8.00')],
      [item('b', '09:06:00', '8.00'), item('a', '09:02:10', '8.00'), item('c', '09:20:00', '8.00')],
    );
    expect(result.matches.map((match) => [match.rowNo, match.item.id, match.method])).toEqual([
      [1, 'a', 'amount_time'],
      [2, 'b', 'amount_time'],
    ]);
    expect(result.onlyInBill.map((entry) => entry.row.rowNo)).toEqual([3]);
    expect(result.onlyInBooks.map((entry) => entry.item.id)).toEqual(['c']);
  });

  test('a later row takes a sale nearer to it even when an earlier row could have had it', () => {
    const result = matchBill(
      [row(1, '09:05:00', '8.00'), row(2, '09:02:30', '8.00')],
      [item('a', '09:02:10', '8.00'), item('b', '09:06:00', '8.00')],
    );
    expect(result.matches.map((match) => [match.rowNo, match.item.id])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
  });

  test('a reference matches whatever the time; a reference with another amount matches nothing', () => {
    const result = matchBill(
      [row(1, '18:00:00', '12.50', 'T1'), row(2, '08:00:00', '5.00', 'T2')],
      [item('a', '08:00:00', '12.50', 'T1'), item('b', '08:00:00', '4.00', 'T2')],
    );
    expect(result.matches.map((match) => [match.rowNo, match.item.id, match.method])).toEqual([
      [1, 'a', 'reference'],
    ]);
    expect(result.onlyInBill).toEqual([
      { row: expect.objectContaining({ rowNo: 2 }), note: 'amount_differs' },
    ]);
    expect(result.onlyInBooks.map((entry) => [entry.item.id, entry.note])).toEqual([
      ['b', 'amount_differs'],
    ]);
  });

  test('a sale with a reference is not matched by amount and time to a row without it', () => {
    const result = matchBill(
      [row(1, '08:00:30', '3.00', 'OTHER')],
      [item('a', '08:00:00', '3.00', 'T9')],
    );
    expect(result.matches).toEqual([]);
    expect(result.onlyInBooks.map((entry) => entry.note)).toEqual(['reference_not_in_bill']);
  });
});

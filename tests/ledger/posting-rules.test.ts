import fc from 'fast-check';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';
import { D, Money, ZERO } from '../../ledger/core/money.js';
import {
  allocationLines,
  assertBalanced,
  cashMovementLines,
  closingLines,
  disbursementLines,
  fundTransferLines,
  overShortLines,
  refundLines,
  reversalLines,
  saleLines,
  settlementLines,
  type PostingLine,
} from '../../ledger/books/posting-rules.js';
import type { TenderMethod } from '../../ledger/schema/database.js';

/** A line as text, `Dr 1001 12.00 memo` / `Cr 5001 12.00`, so a table reads like a voucher. */
function text(lines: readonly PostingLine[]): string[] {
  return lines.map((line) => {
    const side = line.debit ? `Dr ${line.account} ${line.debit.toFixed(2)}` : '';
    const other = line.credit ? `Cr ${line.account} ${line.credit.toFixed(2)}` : '';
    return `${side}${other}${line.memo ? ` ${line.memo}` : ''}`;
  });
}

describe('posting rules: input → expected lines', () => {
  const table: [string, () => readonly PostingLine[], string[]][] = [
    [
      'cash sale',
      () => saleLines({ total: D('12'), tenders: [{ method: 'cash', amount: D('12') }] }),
      ['Dr 1001 12.00 现金 Cash', 'Cr 5001 12.00'],
    ],
    [
      'sale split over WeChat Pay (with its reference) and Alipay',
      () =>
        saleLines({
          total: D('30.50'),
          tenders: [
            { method: 'wechat', amount: D('20'), reference: 'WX123' },
            { method: 'alipay', amount: D('10.50'), reference: null },
          ],
        }),
      [
        'Dr 1012.01 20.00 微信支付 WeChat Pay WX123',
        'Dr 1012.02 10.50 支付宝 Alipay',
        'Cr 5001 30.50',
      ],
    ],
    [
      'voucher sale draws on the hardship fund; the memo never names the holder',
      () =>
        saleLines({
          total: D('8'),
          tenders: [{ method: 'hardship_voucher', amount: D('8'), reference: null }],
        }),
      ['Dr 3104.13 8.00 困难帮扶券 Hardship voucher', 'Cr 5001 8.00'],
    ],
    [
      'refund back to cash and voucher',
      () =>
        refundLines({
          amount: D('5'),
          tenders: [
            { method: 'cash', amount: D('3') },
            { method: 'hardship_voucher', amount: D('2') },
          ],
        }),
      ['Dr 5001 5.00', 'Cr 1001 3.00 现金 Cash', 'Cr 3104.13 2.00 困难帮扶券 Hardship voucher'],
    ],
    [
      'cash paid out of the drawer',
      () => cashMovementLines({ kind: 'paid_out', account: '5401.02', amount: D('20') }),
      ['Dr 5401.02 20.00', 'Cr 1001 20.00'],
    ],
    [
      'cash paid into the drawer',
      () => cashMovementLines({ kind: 'paid_in', account: '1002', amount: D('200') }),
      ['Dr 1001 200.00', 'Cr 1002 200.00'],
    ],
    [
      'shift short',
      () => overShortLines({ overShort: D('-1.50') }),
      ['Dr 5602.05 1.50', 'Cr 1001 1.50'],
    ],
    [
      'shift over',
      () => overShortLines({ overShort: D('0.30') }),
      ['Dr 1001 0.30', 'Cr 5602.05 0.30'],
    ],
    [
      'WeChat Pay settles to the bank less its fee',
      () => settlementLines({ clearingAccount: '1012.01', amount: D('1000'), fee: D('6') }),
      ['Dr 1002 994.00', 'Dr 5601.01 6.00', 'Cr 1012.01 1000.00'],
    ],
    [
      'settlement without a fee',
      () => settlementLines({ clearingAccount: '1012.02', amount: D('50'), fee: ZERO }),
      ['Dr 1002 50.00', 'Cr 1012.02 50.00'],
    ],
    [
      'disbursement from a fund',
      () =>
        disbursementLines({
          fundAccount: '3104.11',
          paidFrom: '1002',
          amount: D('850'),
          category: '设备 Equipment',
        }),
      ['Dr 3104.11 850.00 设备 Equipment', 'Cr 1002 850.00'],
    ],
    [
      'fund transfer',
      () => fundTransferLines({ fromAccount: '3104.12', toAccount: '3104.13', amount: D('100') }),
      ['Dr 3104.12 100.00', 'Cr 3104.13 100.00'],
    ],
    [
      'month close with a surplus (accounts in code order)',
      () =>
        closingLines({
          resultAccounts: ['5401.01', '5001', '5602.05'],
          totals: new Map([
            ['5001', { debit: D('10'), credit: D('900') }],
            ['5401.01', { debit: D('300'), credit: ZERO }],
            ['5602.05', { debit: D('1'), credit: D('1') }],
          ]),
        }).lines,
      ['Dr 5001 890.00', 'Cr 5401.01 300.00', 'Cr 3103 590.00'],
    ],
    [
      'month close with a deficit',
      () =>
        closingLines({
          resultAccounts: ['5001', '5401.01'],
          totals: new Map([
            ['5001', { debit: ZERO, credit: D('100') }],
            ['5401.01', { debit: D('400'), credit: ZERO }],
          ]),
        }).lines,
      ['Dr 5001 100.00', 'Cr 5401.01 400.00', 'Dr 3103 300.00'],
    ],
    [
      'allocation: the surplus covers the deficit carried in first, the rest to the funds',
      () =>
        allocationLines({
          surplus: D('100'),
          deficitCarriedIn: D('30'),
          parts: [
            { account: '3104.11', amount: D('35'), percent: D('50') },
            { account: '3104.12', amount: D('35'), percent: D('50') },
          ],
        }),
      [
        'Dr 3103 100.00',
        'Cr 3104.01 30.00 弥补以前月份亏损 Covers deficit carried forward',
        'Cr 3104.11 35.00 50%',
        'Cr 3104.12 35.00 50%',
      ],
    ],
    [
      'allocation of a surplus smaller than the deficit: all of it covers',
      () => allocationLines({ surplus: D('20'), deficitCarriedIn: D('30'), parts: [] }),
      ['Dr 3103 20.00', 'Cr 3104.01 20.00 弥补以前月份亏损 Covers deficit carried forward'],
    ],
    [
      'a deficit is carried forward',
      () => allocationLines({ surplus: D('-300'), deficitCarriedIn: ZERO, parts: [] }),
      ['Dr 3104.01 300.00 亏损结转下月 Deficit carried forward', 'Cr 3103 300.00'],
    ],
    [
      'reversal puts every line on the other side',
      () =>
        reversalLines([
          { account: '1001', debit: D('5'), credit: ZERO, memo: '现金 Cash' },
          { account: '5001', debit: ZERO, credit: D('5'), memo: null },
        ]),
      ['Cr 1001 5.00 现金 Cash', 'Dr 5001 5.00'],
    ],
  ];
  test.each(table)('%s', (_name, rule, expected) => {
    const lines = rule();
    expect(text(lines)).toEqual(expected);
    expect(() => assertBalanced(lines)).not.toThrow();
  });

  test('nothing to close or allocate posts nothing', () => {
    expect(closingLines({ resultAccounts: ['5001'], totals: new Map() }).lines).toEqual([]);
    expect(allocationLines({ surplus: ZERO, deficitCarriedIn: ZERO, parts: [] })).toEqual([]);
  });

  test('a rule whose input does not add up throws instead of handing back lines', () => {
    expect(() =>
      saleLines({ total: D('10'), tenders: [{ method: 'cash', amount: D('9.99') }] }),
    ).toThrow(/balances/);
    expect(() =>
      allocationLines({
        surplus: D('100'),
        deficitCarriedIn: ZERO,
        parts: [{ account: '3104.11', amount: D('99'), percent: D('100') }],
      }),
    ).toThrow(/balances/);
    expect(() => overShortLines({ overShort: ZERO })).toThrow();
    expect(() => cashMovementLines({ kind: 'paid_in', account: '1002', amount: D('-1') })).toThrow(
      /positive/,
    );
  });

  test('assertBalanced refuses too few lines, two-sided lines and sub-fen amounts', () => {
    expect(() => assertBalanced([{ account: '1001', debit: D('1') }])).toThrow(/two lines/);
    expect(() =>
      assertBalanced([
        { account: '1001', debit: D('1'), credit: D('1') },
        { account: '5001', credit: D('0') },
      ]),
    ).toThrow(/one side/);
    expect(() =>
      assertBalanced([
        { account: '1001', debit: D('0.001') },
        { account: '5001', credit: D('0.001') },
      ]),
    ).toThrow(/fen/);
  });
});

describe('posting rules: properties', () => {
  const methods: TenderMethod[] = ['cash', 'wechat', 'alipay', 'hardship_voucher'];
  const fen = fc.integer({ min: 1, max: 10_000_000 }).map((n) => D(String(n)).div(100));
  const tenders = fc.array(fc.record({ method: fc.constantFrom(...methods), amount: fen }), {
    minLength: 1,
    maxLength: 10,
  });
  const sum = (items: readonly { amount: Money }[]) =>
    items.reduce((total, item) => total.plus(item.amount), ZERO);

  test('every generated sale and refund balances, and its reversal nets to zero', () => {
    fc.assert(
      fc.property(tenders, (split) => {
        const total = sum(split);
        const sale = saleLines({ total, tenders: split });
        const refund = refundLines({ amount: total, tenders: split });
        for (const lines of [sale, refund]) {
          assertBalanced(lines);
          const debits = lines.reduce((t, line) => t.plus(line.debit ?? ZERO), ZERO);
          expect(debits.eq(total)).toBe(true);
        }
        const reversed = reversalLines(
          sale.map((line) => ({
            account: line.account,
            debit: line.debit ?? ZERO,
            credit: line.credit ?? ZERO,
            memo: line.memo ?? null,
          })),
        );
        const net = new Map<string, Money>();
        for (const line of [...sale, ...reversed]) {
          const signed = (line.debit ?? ZERO).minus(line.credit ?? ZERO);
          net.set(line.account, (net.get(line.account) ?? ZERO).plus(signed));
        }
        expect([...net.values()].every((amount) => amount.isZero())).toBe(true);
      }),
    );
  });

  test('every generated month closes and allocates in balance', () => {
    const totals = fc.array(fc.record({ debit: fen, credit: fen }), { maxLength: 8 });
    fc.assert(
      fc.property(totals, fen, (accountTotals, deficit) => {
        const codes = accountTotals.map((_, index) => `5${String(index).padStart(3, '0')}`);
        const closing = closingLines({
          resultAccounts: codes,
          totals: new Map(codes.map((code, index) => [code, accountTotals[index]!])),
        });
        if (closing.lines.length > 0) assertBalanced(closing.lines);
        const cover = closing.surplus.gt(0) ? Money.min(closing.surplus, deficit) : ZERO;
        const rest = closing.surplus.gt(0) ? closing.surplus.minus(cover) : ZERO;
        const lines = allocationLines({
          surplus: closing.surplus,
          deficitCarriedIn: deficit,
          parts: rest.gt(0) ? [{ account: '3104.11', amount: rest, percent: D('100') }] : [],
        });
        if (!closing.surplus.isZero()) assertBalanced(lines);
      }),
    );
  });
});

describe('entry lines are built only in posting-rules.ts', () => {
  // The probes are text, not files on disk, so the type-aware rules (which need the file
  // in a tsconfig project) are switched off for them; the rule under test needs no types.
  const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });
  test.each([
    ['ledger/selling/probe.ts', "export const l = [{ account: '1001', debit: x }];", 1],
    ['server/routes/probe.ts', "export const l = { account, credit: amount, memo: 'm' };", 1],
    // A read model carries more than a line's keys; a JSON rendering holds strings.
    ['ledger/books/probe.ts', 'export const r = { account, name, debit, credit };', 0],
    ['server/probe.ts', 'export const j = { account, debit: d.toFixed(2) };', 0],
    ['ledger/books/posting-rules.ts', "export const l = [{ account: '1001', debit: x }];", 0],
  ])('%s: %s → %i', async (filePath, code, expected) => {
    const [result] = await eslint.lintText(
      `declare const x: unknown, account: string, amount: unknown, name: string, debit: unknown, credit: unknown, d: { toFixed(n: number): string };\n${code}\n`,
      { filePath },
    );
    const hits = result!.messages.filter((message) => message.ruleId === 'no-restricted-syntax');
    expect(hits).toHaveLength(expected);
  });
});

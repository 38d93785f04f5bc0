import { assert } from '../core/errors.js';
import { Money, ZERO } from '../core/money.js';
import type { TenderMethod } from '../schema/database.js';

// Every debit and credit the system makes is decided here, as pure functions from a plain
// input to entry lines. The use cases (post-sale, refund-sale, shifts, disbursements,
// close-period, the reversal in journal.ts) only look up their input and post what these
// return; a lint rule keeps entry lines from being written anywhere else in ledger/ or
// server/. Each rule asserts its lines balance before handing them back, and postEntry
// (and the database at commit) check again.

/** One line of an entry about to be posted: exactly one of debit and credit, positive. */
export interface PostingLine {
  account: string;
  debit?: Money;
  credit?: Money;
  memo?: string | null;
}

/** The ledger account each tender lands on (debit on a sale, credit on a refund). */
export const TENDER_ACCOUNTS: Record<TenderMethod, string> = {
  cash: '1001',
  wechat: '1012.01',
  alipay: '1012.02',
  hardship_voucher: '3104.13',
};

/** How a tender is named in a journal memo: never with a voucher holder's identity. */
export const TENDER_LABELS: Record<TenderMethod, string> = {
  cash: '现金 Cash',
  wechat: '微信支付 WeChat Pay',
  alipay: '支付宝 Alipay',
  hardship_voucher: '困难帮扶券 Hardship voucher',
};

/** 主营业务收入: every sale is credited here, every refund debited. */
export const SALES_REVENUE_ACCOUNT = '5001';
/** 库存现金: the drawer. */
export const CASH_ACCOUNT = '1001';
/** 现金长短款: what the blind count found over or short. */
export const CASH_OVER_SHORT_ACCOUNT = '5602.05';
/** 本年利润: revenue and expenses are closed into it every month. */
export const PROFIT_ACCOUNT = '3103';
/** 未分配盈余: holds a deficit carried forward until later surpluses cover it. */
export const UNALLOCATED_ACCOUNT = '3104.01';
/** 银行存款: where WeChat Pay and Alipay settle. */
export const BANK_ACCOUNT = '1002';
/** 财务费用—手续费: the payment provider's fee on a settlement. */
export const PAYMENT_FEE_ACCOUNT = '5601.01';

/**
 * Throws (a bug, answered 500) unless the lines make a postable entry: at least two lines,
 * each with exactly one positive side, debits equal to credits. Every rule below calls it.
 *
 * @example assertBalanced([{ account: '1001', debit: D('5') }, { account: '5001', credit: D('5') }]);
 */
export function assertBalanced(lines: readonly PostingLine[]): void {
  assert(lines.length >= 2, `an entry has at least two lines, got ${lines.length}`);
  let debits = ZERO;
  let credits = ZERO;
  for (const line of lines) {
    const sides = [line.debit, line.credit].filter((side) => side !== undefined);
    assert(sides.length === 1, `line on ${line.account} has exactly one side`);
    const amount = sides[0]!;
    assert(amount.gt(0), `line on ${line.account} is positive, got ${amount.toString()}`);
    assert(amount.decimalPlaces() <= 2, `line on ${line.account} is whole fen`);
    if (line.debit) debits = debits.plus(line.debit);
    else credits = credits.plus(amount);
  }
  assert(
    debits.eq(credits),
    `entry balances: debits ${debits.toFixed(2)} ≠ credits ${credits.toFixed(2)}`,
  );
}

function balanced(lines: PostingLine[]): PostingLine[] {
  assertBalanced(lines);
  return lines;
}

/** A debit when positive, a credit of the magnitude when negative. */
function signed(account: string, amount: Money, memo?: string | null): PostingLine {
  return amount.gt(0)
    ? { account, debit: amount, ...(memo === undefined ? {} : { memo }) }
    : { account, credit: amount.neg(), ...(memo === undefined ? {} : { memo }) };
}

export interface SaleTenderInput {
  method: TenderMethod;
  amount: Money;
  /** WeChat / Alipay transaction reference, shown in the memo; null for cash and vouchers. */
  reference?: string | null;
}

/**
 * A sale: Dr each tender's account (a hardship voucher draws on 3104.13, the aid fund),
 * Cr 5001 the sale's total. The tenders must add up to the total.
 *
 * @example saleLines({ total: D('12'), tenders: [{ method: 'cash', amount: D('12') }] })
 * // → Dr 1001 12.00 现金 Cash; Cr 5001 12.00
 */
export function saleLines(input: { total: Money; tenders: readonly SaleTenderInput[] }) {
  return balanced([
    ...input.tenders.map((tender) => ({
      account: TENDER_ACCOUNTS[tender.method],
      debit: tender.amount,
      memo: tender.reference
        ? `${TENDER_LABELS[tender.method]} ${tender.reference}`
        : TENDER_LABELS[tender.method],
    })),
    { account: SALES_REVENUE_ACCOUNT, credit: input.total, memo: null },
  ]);
}

/**
 * A refund: Dr 5001 the amount, Cr each tender's account what goes back on it.
 *
 * @example refundLines({ amount: D('3'), tenders: [{ method: 'wechat', amount: D('3') }] })
 */
export function refundLines(input: {
  amount: Money;
  tenders: readonly { method: TenderMethod; amount: Money }[];
}) {
  return balanced([
    { account: SALES_REVENUE_ACCOUNT, debit: input.amount },
    ...input.tenders.map((tender) => ({
      account: TENDER_ACCOUNTS[tender.method],
      credit: tender.amount,
      memo: TENDER_LABELS[tender.method],
    })),
  ]);
}

/**
 * Cash into or out of the drawer during a shift: paid out is Dr the purpose's account,
 * Cr 1001; paid in the reverse.
 *
 * @example cashMovementLines({ kind: 'paid_out', account: '5401.02', amount: D('20') })
 */
export function cashMovementLines(input: {
  kind: 'paid_in' | 'paid_out';
  account: string;
  amount: Money;
}) {
  return balanced(
    input.kind === 'paid_out'
      ? [
          { account: input.account, debit: input.amount },
          { account: CASH_ACCOUNT, credit: input.amount },
        ]
      : [
          { account: CASH_ACCOUNT, debit: input.amount },
          { account: input.account, credit: input.amount },
        ],
  );
}

/**
 * What the blind count found against what was expected (counted − expected, never zero):
 * short is Dr 5602.05, Cr 1001; over is Dr 1001, Cr 5602.05.
 *
 * @example overShortLines({ overShort: D('-1.50') }) // short by 1.50
 */
export function overShortLines(input: { overShort: Money }) {
  assert(!input.overShort.isZero(), 'a balanced count posts nothing');
  const amount = input.overShort.abs();
  return balanced(
    input.overShort.isNegative()
      ? [
          { account: CASH_OVER_SHORT_ACCOUNT, debit: amount },
          { account: CASH_ACCOUNT, credit: amount },
        ]
      : [
          { account: CASH_ACCOUNT, debit: amount },
          { account: CASH_OVER_SHORT_ACCOUNT, credit: amount },
        ],
  );
}

/**
 * A payment provider settles to the bank, keeping its fee: Dr 1002 amount − fee,
 * Dr 5601.01 fee (when there is one), Cr the clearing account (1012.01 / 1012.02) amount.
 *
 * @example settlementLines({ clearingAccount: '1012.01', amount: D('1000'), fee: D('6') })
 */
export function settlementLines(input: { clearingAccount: string; amount: Money; fee: Money }) {
  assert(input.fee.gte(0) && input.fee.lt(input.amount), 'the fee is less than the amount');
  return balanced([
    { account: BANK_ACCOUNT, debit: input.amount.minus(input.fee) },
    ...(input.fee.gt(0) ? [{ account: PAYMENT_FEE_ACCOUNT, debit: input.fee }] : []),
    { account: input.clearingAccount, credit: input.amount },
  ]);
}

/**
 * A reconciled bill settled to the bank in one entry: Dr the bank (sub-)account what the
 * provider paid out (amount − fee), Dr 5601.01 the fee, Cr the clearing account the matched
 * rows' amount, so those rows' clearing balance becomes zero. Refunds net into `amount`, so
 * either side may turn negative and move to the other column; zero lines are left out.
 *
 * @example reconciledSettlementLines({ bankAccount: '1002', clearingAccount: '1012.01', amount: D('998'), fee: D('5.99'), memos: { net: '净额', fee: '手续费', clearing: '对账单 a.csv' } })
 */
export function reconciledSettlementLines(input: {
  bankAccount: string;
  clearingAccount: string;
  amount: Money;
  fee: Money;
  memos: { net: string; fee: string; clearing: string };
}): PostingLine[] {
  const parts: [string, Money, string][] = [
    [input.bankAccount, input.amount.minus(input.fee), input.memos.net],
    [PAYMENT_FEE_ACCOUNT, input.fee, input.memos.fee],
    [input.clearingAccount, input.amount.neg(), input.memos.clearing],
  ];
  return balanced(
    parts
      .filter(([, amount]) => !amount.isZero())
      .map(([account, amount, memo]) => signed(account, amount, memo)),
  );
}

/**
 * Spending from a fund: Dr the fund's account (memo: the category), Cr where it was paid from.
 *
 * @example disbursementLines({ fundAccount: '3104.11', paidFrom: '1002', amount: D('850'), category: '食材' })
 */
export function disbursementLines(input: {
  fundAccount: string;
  paidFrom: string;
  amount: Money;
  category: string;
}) {
  return balanced([
    { account: input.fundAccount, debit: input.amount, memo: input.category },
    { account: input.paidFrom, credit: input.amount },
  ]);
}

/**
 * Moving money between two funds: Dr the fund it leaves, Cr the fund it joins.
 *
 * @example fundTransferLines({ fromAccount: '3104.12', toAccount: '3104.13', amount: D('100') })
 */
export function fundTransferLines(input: {
  fromAccount: string;
  toAccount: string;
  amount: Money;
}) {
  return balanced([
    { account: input.fromAccount, debit: input.amount },
    { account: input.toAccount, credit: input.amount },
  ]);
}

/**
 * The month-end close of revenue and expenses into 本年利润: each result account with a
 * non-zero net is brought to zero, and the difference (the surplus, negative for a
 * deficit) lands on 3103. `lines` is empty when there is nothing to close.
 *
 * @example closingLines({ resultAccounts: ['5001'], totals: new Map([['5001', { debit: D('0'), credit: D('900') }]]) })
 * // → { surplus: 900, lines: Dr 5001 900; Cr 3103 900 }
 */
export function closingLines(input: {
  /** The revenue and expense accounts' codes. */
  resultAccounts: readonly string[];
  /** The month's debit and credit totals by account code (accounts without any absent). */
  totals: ReadonlyMap<string, { debit: Money; credit: Money }>;
}): { surplus: Money; lines: PostingLine[] } {
  const lines: PostingLine[] = [];
  let surplus = ZERO;
  for (const account of [...input.resultAccounts].sort((a, b) => a.localeCompare(b))) {
    const total = input.totals.get(account);
    if (!total) continue;
    const net = total.debit.minus(total.credit);
    if (net.isZero()) continue;
    surplus = surplus.minus(net);
    lines.push(signed(account, net.neg()));
  }
  if (lines.length === 0) return { surplus, lines };
  if (!surplus.isZero()) lines.push(signed(PROFIT_ACCOUNT, surplus.neg()));
  return { surplus, lines: balanced(lines) };
}

/**
 * The month's result moved out of 本年利润 after the close. A surplus first covers the
 * deficit carried in (Cr 3104.01), the rest goes to the funds by the rule's parts; a
 * deficit is carried forward on 3104.01. `lines` is empty for a zero result.
 *
 * @example allocationLines({ surplus: D('100'), deficitCarriedIn: D('30'), parts: [{ account: '3104.11', amount: D('70'), percent: D('100') }] })
 */
export function allocationLines(input: {
  surplus: Money;
  deficitCarriedIn: Money;
  /** The allocable amount split by the rule; must add up to surplus − cover. */
  parts: readonly { account: string; amount: Money; percent: Money }[];
}): PostingLine[] {
  const { surplus } = input;
  if (surplus.isZero()) return [];
  if (surplus.lt(0)) {
    return balanced([
      {
        account: UNALLOCATED_ACCOUNT,
        debit: surplus.neg(),
        memo: '亏损结转下月 Deficit carried forward',
      },
      { account: PROFIT_ACCOUNT, credit: surplus.neg() },
    ]);
  }
  const cover = deficitCover(surplus, input.deficitCarriedIn);
  const lines: PostingLine[] = [{ account: PROFIT_ACCOUNT, debit: surplus }];
  if (cover.gt(0))
    lines.push({
      account: UNALLOCATED_ACCOUNT,
      credit: cover,
      memo: '弥补以前月份亏损 Covers deficit carried forward',
    });
  for (const part of input.parts) {
    if (part.amount.isZero()) continue;
    lines.push({ account: part.account, credit: part.amount, memo: `${part.percent.toString()}%` });
  }
  return balanced(lines);
}

/** How much of a surplus covers the deficit carried in first: min(surplus, deficit), ≥ 0. */
export function deficitCover(surplus: Money, deficitCarriedIn: Money): Money {
  return surplus.gt(0) ? Money.min(surplus, deficitCarriedIn) : ZERO;
}

/**
 * The reversal of a posted entry: every line on the other side, memos kept.
 *
 * @example reversalLines([{ account: '1001', debit: D('5'), credit: D('0'), memo: null }, …])
 */
export function reversalLines(
  original: readonly { account: string; debit: Money; credit: Money; memo: string | null }[],
) {
  return balanced(
    original.map((line) =>
      line.debit.gt(0)
        ? { account: line.account, credit: line.debit, memo: line.memo }
        : { account: line.account, debit: line.credit, memo: line.memo },
    ),
  );
}

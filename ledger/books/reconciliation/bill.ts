import type { Money } from '../../core/money.js';

/** The payment providers whose merchant bills can be reconciled. */
export const BILL_PROVIDERS = ['wechat', 'alipay'] as const;
export type BillProvider = (typeof BILL_PROVIDERS)[number];

/** The clearing account each provider's money waits on until it is paid out to the bank. */
export const CLEARING_ACCOUNTS: Record<BillProvider, string> = {
  wechat: '1012.01',
  alipay: '1012.02',
};

/** 支付手续费 and 银行存款: where fees are expensed and settlements are paid into. */
export { BANK_ACCOUNT, PAYMENT_FEE_ACCOUNT } from '../posting-rules.js';

/** The largest bill file accepted (decoded bytes): a busy month is well under 2 MB. */
export const MAX_BILL_BYTES = 5 * 1024 * 1024;
/** The most transaction rows one bill may hold. */
export const MAX_BILL_ROWS = 50_000;

/** One money movement in a provider's bill. */
export interface BillRow {
  /** 1-based position among the bill's transaction rows. */
  rowNo: number;
  kind: 'payment' | 'refund';
  /** When the provider recorded it (the file's local time read in the business time zone). */
  occurredAt: Date;
  /** 微信订单号 / 支付宝交易号 (of the original payment, for a refund). */
  transactionId: string | null;
  /** 商户订单号. */
  merchantOrderId: string | null;
  /** 微信退款单号 / 退款批次号. */
  refundId: string | null;
  /** Signed: a payment is positive, a refund negative. */
  amount: Money;
  /** Signed: a fee charged is positive, a fee given back on a refund negative. */
  fee: Money;
  description: string | null;
}

export interface ParsedBill {
  provider: BillProvider;
  encoding: 'utf-8' | 'gbk';
  /** The business dates the bill covers (inclusive). */
  fromDate: string;
  toDate: string;
  rows: BillRow[];
  totals: BillTotals;
}

export interface BillTotals {
  /** Σ amount: payments less refunds. */
  amount: Money;
  /** Σ fee: fees charged less fees given back. */
  fee: Money;
  /** amount − fee: what the provider pays out for these rows. */
  net: Money;
}

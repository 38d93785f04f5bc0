import type { EntryLineDraft } from './entry-lines.js';

/**
 * The common entries, pre-filled: the accountant types the amount (and fee) and checks the
 * accounts. Codes are the chart's (小企业会计准则, server seed).
 */
export interface EntryTemplate {
  key: string;
  name: string;
  nameEn: string;
  description: string;
  lines: TemplateLine[];
}

export type Side = 'debit' | 'credit';

/** A template line: the account, the side its amount goes on, and a memo. */
export interface TemplateLine {
  account: string;
  side: Side;
  memo?: string;
  /** The fee line of a settlement: its own amount, not the main one. */
  fee?: boolean;
}

const line = (account: string, side: Side, options: Partial<TemplateLine> = {}): TemplateLine => ({
  account,
  side,
  ...options,
});

export const ENTRY_TEMPLATES: readonly EntryTemplate[] = [
  {
    key: 'flour',
    name: '面粉及原料采购',
    nameEn: 'Flour and ingredients',
    description: '面粉及原料采购',
    lines: [line('5401.01', 'debit'), line('1002', 'credit')],
  },
  {
    key: 'wages',
    name: '工资',
    nameEn: 'Wages',
    description: '支付工资',
    lines: [line('5401.03', 'debit'), line('1002', 'credit')],
  },
  {
    key: 'utilities',
    name: '水电燃气',
    nameEn: 'Utilities',
    description: '水电燃气费',
    lines: [line('5602.02', 'debit'), line('1002', 'credit')],
  },
  {
    key: 'rent',
    name: '房租',
    nameEn: 'Rent',
    description: '门店房租',
    lines: [line('5602.03', 'debit'), line('1002', 'credit')],
  },
  {
    key: 'cash-to-bank',
    name: '现金存入银行',
    nameEn: 'Cash deposited to the bank',
    description: '现金存入银行',
    lines: [line('1002', 'debit'), line('1001', 'credit')],
  },
  {
    key: 'wechat-settled',
    name: '微信支付结算到账（含手续费）',
    nameEn: 'WeChat Pay settled, with the fee',
    description: '微信支付结算到账',
    lines: [
      line('1002', 'debit'),
      line('5601.01', 'debit', { memo: '手续费', fee: true }),
      line('1012.01', 'credit'),
    ],
  },
  {
    key: 'alipay-settled',
    name: '支付宝结算到账（含手续费）',
    nameEn: 'Alipay settled, with the fee',
    description: '支付宝结算到账',
    lines: [
      line('1002', 'debit'),
      line('5601.01', 'debit', { memo: '手续费', fee: true }),
      line('1012.02', 'credit'),
    ],
  },
  {
    key: 'fund-transfer',
    name: '基金间调拨',
    nameEn: 'Fund transfer',
    description: '基金调拨（理事会决议）',
    lines: [line('3104.11', 'debit'), line('3104.12', 'credit')],
  },
];

/**
 * The form's lines for a template and the amounts typed for it: the main amount on every
 * line, less the fee on the line it is paid from (a settlement: bank = amount − fee).
 */
export function templateLines(template: EntryTemplate, amount = '', fee = ''): EntryLineDraft[] {
  const hasFee = template.lines.some((item) => item.fee);
  return template.lines.map((item, index) => {
    let value = amount;
    if (item.fee) value = fee;
    else if (hasFee && index === 0) value = '';
    return {
      account: item.account,
      debit: item.side === 'debit' ? value : '',
      credit: item.side === 'credit' ? value : '',
      memo: item.memo ?? '',
    };
  });
}

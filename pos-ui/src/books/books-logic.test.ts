// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../shared/api/client.js';
import { buildInitialsIndex, searchAccounts } from './account-search.js';
import { checklistItems } from './close-checklist.js';
import { toCsv } from './csv.js';
import { entryBalance, entryLinesForApi, type EntryLineDraft } from './entry-lines.js';
import { ENTRY_TEMPLATES, templateLines } from './entry-templates.js';

const account = (code: string, name: string, nameEn: string): Schemas['Account'] => ({
  code,
  name,
  nameEn,
  type: 'expense',
  postable: true,
  parent: null,
  normalSide: 'debit',
  active: true,
});
const CHART = [
  account('1001', '库存现金', 'Cash on hand'),
  account('1002', '银行存款', 'Bank deposits'),
  account('5401.01', '面粉及原料', 'Flour and ingredients'),
  account('5601.01', '支付手续费', 'Payment fees'),
  { ...account('5401', '主营业务成本', 'Cost of sales'), postable: false },
];
const line = (account: string, debit = '', credit = ''): EntryLineDraft => ({
  account,
  debit,
  credit,
  memo: '',
});

describe('entry form: live balance in integer fen', () => {
  it('balanced when debits equal credits over two lines', () => {
    const balance = entryBalance([line('5401.01', '1523.40'), line('1002', '', '1523.4')]);
    expect([balance.debit, balance.credit, balance.difference, balance.balanced]).toEqual([
      152340n,
      152340n,
      0n,
      true,
    ]);
  });
  it('shows the difference when unbalanced, without float error', () => {
    const balance = entryBalance([
      line('1002', '0.10'),
      line('1001', '0.20'),
      line('5001', '', '0.30'),
      line('5001', '', '0.01'),
    ]);
    expect(balance.difference).toBe(-1n);
    expect(balance.balanced).toBe(false);
  });
  it('flags a line with a bad amount or both sides', () => {
    const balance = entryBalance([
      line('1002', '12.345'),
      line('1001', '1', '1'),
      line('5001', '', '1'),
    ]);
    expect(balance.invalidLines).toEqual([0, 1]);
    expect(balance.balanced).toBe(false);
  });
  it('sends only lines with an amount, as decimal strings', () => {
    expect(
      entryLinesForApi([line('5401.01', '5'), line('1002', '', '5.00'), line('', '', '')]),
    ).toEqual([
      { account: '5401.01', debit: '5.00' },
      { account: '1002', credit: '5.00' },
    ]);
  });
  it('the WeChat settlement template puts the fee on its own line and balances', () => {
    const template = ENTRY_TEMPLATES.find((item) => item.key === 'wechat-settled')!;
    const lines = templateLines(template, '100.00', '0.60');
    lines[0]!.debit = '99.40';
    expect(entryBalance(lines).balanced).toBe(true);
    expect(lines.map((item) => item.account)).toEqual(['1002', '5601.01', '1012.01']);
  });
});

describe('entry form: account search', () => {
  it('finds by code prefix, Chinese, English and pinyin initials (mf → 面粉)', async () => {
    const initials = await buildInitialsIndex(CHART);
    expect(initials.get('5401.01')).toBe('mfjyl');
    expect(searchAccounts(CHART, 'mf', initials).map((a) => a.code)).toEqual(['5401.01']);
    expect(searchAccounts(CHART, '100', initials).map((a) => a.code)).toEqual(['1001', '1002']);
    expect(searchAccounts(CHART, '银行', initials).map((a) => a.code)).toEqual(['1002']);
    expect(searchAccounts(CHART, 'fee', initials).map((a) => a.code)).toEqual(['5601.01']);
    // Header accounts cannot be posted to and are never offered.
    expect(searchAccounts(CHART, '5401', initials).map((a) => a.code)).toEqual(['5401.01']);
  });
});

describe('close wizard: checklist states', () => {
  const checklist: Schemas['ClosePreview']['checklist'] = {
    ready: false,
    monthEnded: { ok: true, blocking: true, timeZone: 'Asia/Shanghai' },
    periodOpen: { ok: true, blocking: true, status: 'open', laterClosed: null },
    earlierMonthsClosed: { ok: false, blocking: true, openPeriods: ['2026-09'] },
    shiftsClosed: {
      ok: false,
      blocking: true,
      openShifts: [
        {
          id: 's1',
          registerId: 'counter-1',
          cashier: 'wang',
          cashierName: '王收银',
          businessDate: '2026-10-31',
          openedAt: '2026-10-31T07:00:00+08:00',
        },
      ],
    },
    trialBalanceBalanced: { ok: true, blocking: true, debit: '10.00', credit: '10.00' },
    clearingAccounts: {
      ok: false,
      blocking: false,
      accounts: [
        {
          provider: 'wechat',
          account: '1012.01',
          name: '微信支付待结算',
          nameEn: 'WeChat Pay clearing',
          balance: '12.50',
          oldestUnsettledDate: '2026-10-30',
        },
        {
          provider: 'alipay',
          account: '1012.02',
          name: '支付宝待结算',
          nameEn: 'Alipay clearing',
          balance: '0.00',
          oldestUnsettledDate: null,
        },
      ],
    },
  };
  it('passed, blocking and warning, with what to fix', () => {
    const items = checklistItems(checklist);
    expect(items.map((item) => [item.key, item.state])).toEqual([
      ['monthEnded', 'ok'],
      ['periodOpen', 'ok'],
      ['earlierMonthsClosed', 'blocking'],
      ['shiftsClosed', 'blocking'],
      ['trialBalanceBalanced', 'ok'],
      ['clearingAccounts', 'warning'],
    ]);
    expect(items[2]!.detail).toEqual(['2026-09']);
    expect(items[3]!.detail).toEqual(['counter-1 · 王收银 · 2026-10-31']);
    expect(items[5]!.detail).toEqual(['1012.01 微信支付待结算 12.50']);
  });
});

describe('CSV for Excel and WPS', () => {
  it('UTF-8 BOM, CRLF, every cell quoted, quotes doubled', () => {
    const text = toCsv([
      ['科目', '借方'],
      ['面粉, "特一粉"', '1523.40'],
      ['多行\n摘要', null],
    ]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe(
      '"科目","借方"\r\n"面粉, ""特一粉""","1523.40"\r\n"多行\n摘要",""\r\n',
    );
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('allocation rule editor: preview of the split', () => {
  it('splits a surplus in fen, the remainder to the first fund', async () => {
    const { previewSplit } = await import('./xmf-books-admin.js');
    expect(previewSplit('100.01', { operations: '50', events: '30', hardship: '20' })).toEqual({
      operations: '50.01',
      events: '30.00',
      hardship: '20.00',
    });
    expect(previewSplit('-5.00', { operations: '50', events: '30', hardship: '20' }).events).toBe(
      '0.00',
    );
  });
});

import { expect, test } from 'vitest';
import { D } from '../ledger/core/money.js';
import {
  commentText,
  descriptionText,
  ledgerAccountName,
  renderLedgerJournal,
  type LedgerExportAccount,
  type LedgerExportEntry,
} from './journal-ledger-export.js';

const accounts: LedgerExportAccount[] = [
  { code: '1001', name: '库存现金', nameEn: 'Cash on hand', type: 'asset' },
  { code: '1012.01', name: '微信支付待结算', nameEn: 'WeChat Pay clearing', type: 'asset' },
  { code: '2221.01', name: '应交增值税', nameEn: 'VAT payable', type: 'liability' },
  { code: '5001', name: '主营业务收入', nameEn: 'Sales revenue', type: 'revenue' },
];

const sale: LedgerExportEntry = {
  id: '3f1e7c7a-5b7e-4d7a-9a52-0c1f6a3c2b10',
  seq: '42',
  date: '2026-10-03',
  description: '早餐; 豆包\n第二行',
  source: 'sale',
  sourceId: 'b2c1d0e4-1111-4a4a-8b8b-123456789abc',
  reversesId: null,
  lines: [
    { account: '1001', debit: D('5.00'), credit: D('0'), memo: 'note: [2026-01-01]' },
    { account: '1012.01', debit: D('5.30'), credit: D('0'), memo: null },
    { account: '5001', debit: D('0'), credit: D('10.00'), memo: null },
    { account: '2221.01', debit: D('0'), credit: D('0.30'), memo: null },
  ],
};

test('renders a declared, two-tool journal: codes first, CNY amounts, tags, safe text', () => {
  const text = renderLedgerJournal(
    {
      from: '2026-10-01',
      to: '2026-10-31',
      accounts,
      opening: {
        date: '2026-10-01',
        balances: [
          { account: '1001', amount: D('500.00') },
          { account: '1012.01', amount: D('0.00') },
          { account: '5001', amount: D('-500.00') },
        ],
      },
    },
    [sale],
  );
  expect(text).toBe(
    [
      '; 辛馍坊 journal export (xinmofang-journal-ledger/1)',
      '; entries dated 2026-10-01 to 2026-10-31, in journal (sequence) order',
      '; for hledger and ledger-cli; account names begin with their code; debits positive, credits negative',
      '; the transaction code (N) is the entry sequence number; tags carry the entry id and source',
      '',
      'tag id',
      'tag source',
      'tag source-id',
      'tag reverses',
      'tag opening',
      '',
      'commodity CNY',
      '    format 1000.00 CNY',
      '',
      'account 1001 库存现金',
      '    ; type: A',
      '    ; Cash on hand',
      'account 1012.01 微信支付待结算',
      '    ; type: A',
      '    ; WeChat Pay clearing',
      'account 2221.01 应交增值税',
      '    ; type: L',
      '    ; VAT payable',
      'account 5001 主营业务收入',
      '    ; type: R',
      '    ; Sales revenue',
      '',
      '2026-10-01 * 期初余额 Opening balances brought forward from before 2026-10-01',
      '    ; opening: true',
      '    1001 库存现金  500.00 CNY',
      '    5001 主营业务收入  -500.00 CNY',
      '',
      '2026-10-03 * (42) 早餐； 豆包 第二行',
      '    ; id: 3f1e7c7a-5b7e-4d7a-9a52-0c1f6a3c2b10',
      '    ; source: sale',
      '    ; source-id: b2c1d0e4-1111-4a4a-8b8b-123456789abc',
      '    1001 库存现金  5.00 CNY  ; note： ［2026-01-01］',
      '    1012.01 微信支付待结算  5.30 CNY',
      '    5001 主营业务收入  -10.00 CNY',
      '    2221.01 应交增值税  -0.30 CNY',
      '',
      '',
    ].join('\n'),
  );
});

test('without opening balances or a range, the preamble says so and has no opening transaction', () => {
  const text = renderLedgerJournal({ from: null, to: null, accounts, opening: null }, []);
  expect(text).toContain('; entries dated from the beginning to the end,');
  expect(text).not.toContain('opening: true');
  const zeroOpening = renderLedgerJournal(
    {
      from: '2026-10-01',
      to: null,
      accounts,
      opening: { date: '2026-10-01', balances: [{ account: '1001', amount: D('0') }] },
    },
    [],
  );
  expect(zeroOpening).not.toContain('opening: true');
});

test.each([
  ['a;b', 'a；b'],
  ['  tabs\tand\r\nnewlines  ', 'tabs and newlines'],
  ['ideographic\u3000space and\u00a0nbsp', 'ideographic space and nbsp'],
  ['   ', '-'],
])('descriptionText(%j) → %j', (input, expected) => {
  expect(descriptionText(input)).toBe(expected);
});

test.each([
  ['date: 2020-01-01', 'date： 2020-01-01'],
  ['[2020/01/01] :tag:', '［2020/01/01］ ：tag：'],
  ['two  spaces\nand a line', 'two spaces and a line'],
])('commentText(%j) → %j', (input, expected) => {
  expect(commentText(input)).toBe(expected);
});

test.each([
  [{ code: '1012.01', name: '微信支付待结算' }, '1012.01 微信支付待结算'],
  [{ code: '5602', name: 'Admin: general;  costs' }, '5602 Admin： general； costs'],
  [{ code: '5603', name: '  ' }, '5603'],
])('ledgerAccountName(%j) → %j', (account, expected) => {
  expect(ledgerAccountName(account)).toBe(expected);
});

test('an entry naming an account that is not in the chart is a bug, not a silent line', () => {
  expect(() =>
    renderLedgerJournal({ from: null, to: null, accounts: accounts.slice(0, 1), opening: null }, [
      sale,
    ]),
  ).toThrow(/Invariant failed/);
});

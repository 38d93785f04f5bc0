import { describe, expect, test } from 'vitest';
import { receiptModelProblems, type ReceiptModel } from './receipt-model.js';
import { renderReceiptEscPos } from './receipt-escpos.js';
import { renderReceiptText } from './receipt-text.js';
import { sampleModel } from '../tests/support/receipt-fixtures.js';

describe('receipt model', () => {
  test('the sample receipt adds up', () => {
    expect(receiptModelProblems(sampleModel())).toEqual([]);
  });

  const base = sampleModel();
  const [first, second] = base.lines as [
    ReceiptModel['lines'][number],
    ReceiptModel['lines'][number],
  ];
  const cash = base.tenders[0]!;
  const cases: [string, Partial<ReceiptModel>, string][] = [
    [
      'line total off by a fen',
      { lines: [{ ...first, lineTotal: '7.01' }, second] },
      'lines[0].lineTotal',
    ],
    [
      'line total ignores its discount',
      { lines: [first, { ...second, lineTotal: '9.00' }] },
      'lines[1].lineTotal',
    ],
    ['subtotal not the sum of lines', { subtotal: '15.00', total: '15.00' }, 'subtotal 15.00'],
    ['total ignores the sale discount', { saleDiscount: '1.00' }, 'total 15.50'],
    [
      'tenders short of the total',
      { tenders: [{ ...cash, amount: '15.00', change: '5.00' }] },
      'Σ tenders',
    ],
    ['wrong change', { tenders: [{ ...cash, change: '5.50' }] }, 'change 5.50'],
    [
      'cash with tendered but no change',
      { tenders: [{ ...cash, change: null }] },
      'both tendered and change',
    ],
    [
      'a whole payment reference',
      {
        tenders: [
          {
            method: 'wechat',
            amount: '15.50',
            tendered: null,
            change: null,
            referenceLast4: '4200001234',
          },
        ],
      },
      'referenceLast4',
    ],
    [
      'change on a WeChat tender',
      {
        tenders: [
          {
            method: 'wechat',
            amount: '15.50',
            tendered: '20.00',
            change: '4.50',
            referenceLast4: null,
          },
        ],
      },
      'only cash',
    ],
    ['one-decimal money', { lines: [{ ...first, unitPrice: '3.5' }, second] }, 'unitPrice'],
    ['a number where money belongs', { total: 15.5 as unknown as string }, 'total'],
    ['zero quantity', { lines: [{ ...first, quantity: '0' }, second] }, 'quantity'],
    ['no lines', { lines: [], subtotal: '0.00', total: '0.00', tenders: [] }, 'lines: 0'],
    ['too many lines', { lines: Array.from({ length: 201 }, () => first) }, 'lines: 201'],
    ['a script URL', { statementsUrl: 'javascript:alert(1)' }, 'statementsUrl'],
    ['a URL with a space', { statementsUrl: 'https://xmf.example.org/a b' }, 'statementsUrl'],
    [
      'a URL too long for a QR on 58 mm',
      { statementsUrl: `https://x.org/${'a'.repeat(600)}` },
      'statementsUrl',
    ],
    [
      'a refund without a reason',
      {
        refund: {
          reason: '  ',
          originalSaleId: 'x',
          originalSaleIdShort: 'x',
          originalReceiptNumber: 'x',
        },
      },
      'refund.reason',
    ],
  ];
  test.each(cases)('refuses %s', (_name, overrides, problem) => {
    const model = sampleModel(overrides);
    expect(receiptModelProblems(model).join('\n')).toContain(problem);
    // Both renderers refuse rather than print a slip that does not add up.
    expect(() => renderReceiptText(model, { width: 58 })).toThrow(/inconsistent/);
    expect(() => renderReceiptEscPos(model, { width: 80 })).toThrow(/inconsistent/);
  });
});

import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import {
  printableText,
  printerColumns,
  RECEIPT_COLUMNS,
  renderReceiptText,
  wrapColumns,
} from './receipt-text.js';
import { modelArbitrary, nameArbitrary, sampleModel } from '../tests/support/receipt-fixtures.js';

const spaces = (count: number): string => ' '.repeat(count);

/** An oracle that asks the encoder, not the renderer: one GB18030 byte = one column. */
function gbColumns(text: string): number {
  let columns = 0;
  for (const character of text) columns += iconv.encode(character, 'gb18030').length === 1 ? 1 : 2;
  return columns;
}

describe('printer columns', () => {
  test.each([
    ['abc', 3],
    ['馒头', 4],
    ['￥', 2], // U+FFE5, GB2312 A3A4: a full-width cell
    ['×', 2], // U+00D7, GB2312 A1C1: narrow in a terminal, full-width on the printer
    ['1.5斤 × 6.00', 13],
    ['（尾号1234）', 12],
    ['𰻞', 2], // four bytes in GB18030, still one double cell
  ])('%s takes %i columns', (text, columns) => {
    expect(printerColumns(text)).toBe(columns);
    expect(gbColumns(text)).toBe(columns);
  });

  test('half-width ¥ is printed as the full-width ￥ that GBK printers have', () => {
    expect(printableText('¥12.00')).toBe('￥12.00');
    expect([...iconv.encode(printableText('¥'), 'gb18030')]).toEqual([0xa3, 0xa4]);
  });

  test('control and format characters cannot reach the printer', () => {
    expect(printableText('花卷\x1bp\x00\x19\u200d\n枣糕')).toBe('花卷 p   枣糕');
  });
});

describe('wrapping', () => {
  test.each([
    ['杂粮馒头 Multigrain bun', 8, 8, ['杂粮馒头', 'Multigra', 'in bun']],
    ['Jujube cake (red date)', 12, 12, ['Jujube cake', '(red date)']],
    // 禁则: the comma stays with 蒸 instead of starting the next line.
    ['今日现蒸，限量', 8, 8, ['今日现', '蒸，限量']],
    // …and an opening bracket stays with what it opens.
    ['枣糕（红枣）', 6, 6, ['枣糕', '（红', '枣）']],
    ['abcdefghij', 4, 6, ['abcd', 'efghij']],
    ['', 8, 8, ['']],
  ])('%j in %i/%i columns', (text, first, rest, lines) => {
    expect(wrapColumns(text, first, rest)).toEqual(lines);
  });

  test('wrapped lines fit and lose nothing but the spaces they break at', () => {
    fc.assert(
      fc.property(nameArbitrary, fc.integer({ min: 2, max: 48 }), (name, columns) => {
        const text = printableText(name);
        const lines = wrapColumns(text, columns);
        for (const line of lines) {
          expect(gbColumns(line)).toBeLessThanOrEqual(columns);
          expect(line).toBe(line.trim());
        }
        expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderReceiptText', () => {
  test('lays out the sample sale on 58 mm paper in Chinese', () => {
    expect(renderReceiptText(sampleModel(), { width: 58 })).toEqual([
      spaces(10) + '辛馍坊', // printed double width: 12 of 32 columns
      spaces(6) + '幸福社区服务中心一楼',
      '-'.repeat(32),
      '收银台：counter-1',
      '小票号：C1-20241031-0042',
      '销售单：1a2b3c4d',
      '时间：2024-10-31 23:30',
      '收银员：王小明',
      '-'.repeat(32),
      '杂粮馒头' + spaces(20) + '7.00',
      '  2个 × 3.50',
      '花卷' + spaces(24) + '8.50',
      '  1.5斤 × 6.00',
      '  优惠' + spaces(21) + '-0.50',
      '-'.repeat(32),
      '小计' + spaces(23) + '15.50',
      '合计' + spaces(21) + '￥15.50',
      '-'.repeat(32),
      '支付方式',
      '  现金' + spaces(21) + '15.50',
      '    实收' + spaces(19) + '20.00',
      '    找零' + spaces(20) + '4.50',
      '='.repeat(32),
      spaces(11) + '谢谢惠顾！',
      spaces(5) + '扫码查看社区再投资公示',
      spaces(3) + 'https://xmf.example.org/s',
    ]);
  });

  test('English uses the English names and labels, and falls back to Chinese', () => {
    const model = sampleModel();
    model.lines[1] = { ...model.lines[1]!, nameEn: '' };
    const lines = renderReceiptText(model, { width: 80, lang: 'en' });
    expect(lines).toContain('Multigrain bun' + spaces(30) + '7.00');
    expect(lines).toContain('花卷' + spaces(40) + '8.50');
    expect(lines).toContain('  1.5 jin × 6.00');
    expect(lines).toContain('Total' + spaces(36) + '￥15.50');
    expect(lines).toContain('    Change' + spaces(34) + '4.50');
    expect(lines.some((line) => line.includes('合计'))).toBe(false);
  });

  test('a long name wraps under itself and keeps the amount on its first line', () => {
    const model = sampleModel();
    model.lines[0] = { ...model.lines[0]!, name: '杂粮馒头（全麦、燕麦、玉米面，每日现蒸）' };
    const lines = renderReceiptText(model, { width: 58 });
    const at = lines.findIndex((line) => line.startsWith('杂粮馒头'));
    expect(lines.slice(at, at + 3)).toEqual([
      '杂粮馒头（全麦、燕麦、玉米' + spaces(2) + '7.00',
      '面，每日现蒸）',
      '  2个 × 3.50',
    ]);
  });

  test('a split tender shows the reference tail and a sale discount', () => {
    const model = sampleModel({
      saleDiscount: '0.50',
      total: '15.00',
      tenders: [
        { method: 'alipay', amount: '5.00', tendered: null, change: null, referenceLast4: '0042' },
        {
          method: 'cash',
          amount: '10.00',
          tendered: '10.00',
          change: '0.00',
          referenceLast4: null,
        },
      ],
    });
    const lines = renderReceiptText(model, { width: 58 });
    expect(lines).toContain('整单优惠' + spaces(19) + '-0.50');
    expect(lines).toContain('  支付宝（尾号0042）' + spaces(8) + '5.00');
    expect(lines).toContain('    找零' + spaces(20) + '0.00');
  });

  test('every line fits its paper, for any names, quantities and number of lines', () => {
    fc.assert(
      fc.property(
        modelArbitrary,
        fc.constantFrom(58 as const, 80 as const),
        fc.constantFrom('zh-CN' as const, 'en' as const),
        (model, width, lang) => {
          const lines = renderReceiptText(model, { width, lang });
          for (const line of lines) {
            expect(gbColumns(line), line).toBeLessThanOrEqual(RECEIPT_COLUMNS[width]);
            expect(line, 'no trailing spaces').toBe(line.trimEnd());
          }
          // Each item's amount stands flush right on some line.
          for (const item of model.lines) {
            expect(lines.some((line) => line.endsWith(` ${item.lineTotal}`))).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

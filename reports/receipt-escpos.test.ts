import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { decodeEscPos } from './escpos-decode.js';
import type { ReceiptModel, ReceiptWidth } from './receipt-model.js';
import { renderReceiptEscPos } from './receipt-escpos.js';
import { RECEIPT_COLUMNS, renderReceiptText } from './receipt-text.js';
import { modelArbitrary, sampleModel } from '../tests/support/receipt-fixtures.js';

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const LF = 0x0a;

function indexOfSequence(bytes: Uint8Array, sequence: readonly number[], from = 0): number {
  outer: for (let start = from; start <= bytes.length - sequence.length; start++) {
    for (let index = 0; index < sequence.length; index++) {
      if (bytes[start + index] !== sequence[index]) continue outer;
    }
    return start;
  }
  return -1;
}

function countSequence(bytes: Uint8Array, sequence: readonly number[]): number {
  let count = 0;
  for (
    let at = indexOfSequence(bytes, sequence);
    at >= 0;
    at = indexOfSequence(bytes, sequence, at + 1)
  ) {
    count += 1;
  }
  return count;
}

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

function decode(model: ReceiptModel, width: ReceiptWidth, lang: 'zh-CN' | 'en' = 'zh-CN') {
  return decodeEscPos(renderReceiptEscPos(model, { width, lang }), {
    columns: RECEIPT_COLUMNS[width],
  });
}

// Expected GB18030 bytes from an independent encoder (CPython's gb18030 codec).
const GB18030_BYTES: [string, number[]][] = [
  ['馒头', [0xc2, 0xf8, 0xcd, 0xb7]],
  ['花卷', [0xbb, 0xa8, 0xbe, 0xed]],
  ['杂粮馒头', [0xd4, 0xd3, 0xc1, 0xb8, 0xc2, 0xf8, 0xcd, 0xb7]],
  ['枣糕', [0xd4, 0xe6, 0xb8, 0xe2]],
  ['￥', [0xa3, 0xa4]],
];
const SHOP_NAME_BYTES = [0xd0, 0xc1, 0xe2, 0xc9, 0xb7, 0xbb]; // 辛馍坊

describe('ESC/POS rendering decodes back to the text rendering', () => {
  test.each([
    [58, 'zh-CN'],
    [58, 'en'],
    [80, 'zh-CN'],
    [80, 'en'],
  ] as const)('sample receipt, %i mm, %s', (width, lang) => {
    const model = sampleModel({ reprint: true, late: true });
    const decoded = decode(model, width, lang);
    expect(decoded.lines).toEqual(renderReceiptText(model, { width, lang }));
    expect(decoded.qrCodes.map((qr) => qr.payload)).toEqual([model.statementsUrl]);
  });

  test('for any receipt, width and language', () => {
    fc.assert(
      fc.property(
        modelArbitrary,
        fc.constantFrom<ReceiptWidth>(58, 80),
        fc.constantFrom('zh-CN' as const, 'en' as const),
        (model, width, lang) => {
          const columns = RECEIPT_COLUMNS[width];
          const decoded = decode(model, width, lang);
          const text = renderReceiptText(model, { width, lang });
          expect(decoded.lines).toEqual(text);
          for (const line of decoded.details) {
            expect(line.printedColumns, line.content).toBeLessThanOrEqual(columns);
            expect(line.text.length).toBeGreaterThan(0);
          }
          expect(decoded.commands.slice(0, 2)).toEqual(['ESC @', 'FS &']);
          expect(decoded.commands.at(-1)).toBe('GS V 66 0');
          expect(decoded.cut).toBe('partial');
          expect(decoded.qrCodes).toHaveLength(1);
          const [qr] = decoded.qrCodes;
          expect(qr).toMatchObject({
            payload: model.statementsUrl,
            model: 2,
            errorCorrection: 'M',
          });
          // The symbol sits between the caption and the URL printed in letters.
          expect(model.statementsUrl.startsWith(text[qr!.afterLine]!.trim())).toBe(true);
          expect(qr!.moduleSize).toBeGreaterThanOrEqual(3);
          expect(qr!.moduleSize).toBeLessThanOrEqual(6);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('ESC/POS bytes', () => {
  test('start with init, Chinese mode and a centered, bold, double-size shop name', () => {
    const bytes = renderReceiptEscPos(sampleModel(), { width: 58 });
    expect([...bytes.subarray(0, 20)]).toEqual([
      ...[ESC, 0x40], // ESC @
      ...[FS, 0x26], // FS &
      ...[ESC, 0x61, 1], // ESC a 1
      ...[ESC, 0x45, 1], // ESC E 1
      ...[GS, 0x21, 0x11], // GS ! double width and height
      ...SHOP_NAME_BYTES,
      LF,
    ]);
    // Back to normal size before the address, which printers would otherwise double too.
    expect([...bytes.subarray(20, 26)]).toEqual([ESC, 0x45, 0, GS, 0x21, 0x00]);
  });

  test('end with a feed and a partial cut', () => {
    const bytes = renderReceiptEscPos(sampleModel(), { width: 80 });
    expect([...bytes.subarray(-10)]).toEqual([
      ...[ESC, 0x61, 0], // ESC a 0: left, as the next job expects
      ...[ESC, 0x64, 4], // ESC d 4
      ...[GS, 0x56, 0x42, 0], // GS V 66 0
    ]);
  });

  test.each([
    [40, 58, [43, 0], 6],
    [252, 80, [255, 0], 5],
    [253, 80, [0, 1], 5], // k + 3 = 256: the first length that needs pH
    [300, 58, [47, 1], 3],
  ] as const)(
    'QR code for a %i-byte URL on %i mm: pL pH = %j',
    (length, width, lengthBytes, moduleSize) => {
      const url = `https://x.org/${'a'.repeat(length - 14)}`;
      expect(url).toHaveLength(length);
      const bytes = renderReceiptEscPos(sampleModel({ statementsUrl: url }), { width });
      const qrStart = indexOfSequence(bytes, [GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
      expect(qrStart, 'select model 2').toBeGreaterThan(0);
      const expected = [
        ...[GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00], // fn 65: model 2
        ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize], // fn 67: module size
        ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31], // fn 69: error correction M
        ...[GS, 0x28, 0x6b, ...lengthBytes, 0x31, 0x50, 0x30, ...ascii(url)], // fn 80: store
        ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30], // fn 81: print
      ];
      expect([...bytes.subarray(qrStart, qrStart + expected.length)]).toEqual(expected);
      expect(lengthBytes[0] + 256 * lengthBytes[1]).toBe(length + 3);
      expect(decodeEscPos(bytes, { columns: RECEIPT_COLUMNS[width] }).qrCodes[0]!.payload).toBe(
        url,
      );
    },
  );

  test.each(GB18030_BYTES)('GB18030 round-trips %s', (text, expected) => {
    expect([...iconv.encode(text, 'gb18030')]).toEqual(expected);
    expect(iconv.decode(Buffer.from(expected), 'gb18030')).toBe(text);
  });

  test('product names reach the printer as GB18030 and come back unchanged', () => {
    const names = ['馒头', '花卷', '杂粮馒头', '枣糕'];
    const model = sampleModel({
      lines: names.map((name) => ({
        name,
        nameEn: '',
        quantity: '1',
        unit: 'piece' as const,
        unitPrice: '2.00',
        discount: '0.00',
        lineTotal: '2.00',
      })),
      subtotal: '8.00',
      total: '8.00',
      tenders: [
        { method: 'cash', amount: '8.00', tendered: '10.00', change: '2.00', referenceLast4: null },
      ],
    });
    const bytes = renderReceiptEscPos(model, { width: 58 });
    for (const [text, expected] of GB18030_BYTES) {
      expect(indexOfSequence(bytes, expected), text).toBeGreaterThan(0);
    }
    const lines = decodeEscPos(bytes, { columns: 32 }).lines;
    for (const name of names) {
      expect(lines).toContain(name + ' '.repeat(32 - 2 * name.length - 4) + '2.00');
    }
    expect(lines).toContain('合计' + ' '.repeat(22) + '￥8.00');
  });

  test('a product name cannot smuggle printer commands', () => {
    const model = sampleModel();
    model.lines[0] = { ...model.lines[0]!, name: '花卷\x1bp\x00\x19\x7f\x1dV\x00' };
    const bytes = renderReceiptEscPos(model, { width: 58 });
    expect(indexOfSequence(bytes, [ESC, 0x70]), 'ESC p opens the cash drawer').toBe(-1);
    expect(countSequence(bytes, [GS, 0x56]), 'only the final cut').toBe(1);
    expect(decodeEscPos(bytes, { columns: 32 }).lines).toEqual(
      renderReceiptText(model, { width: 58 }),
    );
  });
});

describe('refund slips, reprints and late sales are marked', () => {
  const refund = {
    reason: '顾客退货：馒头太硬',
    originalSaleId: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    originalSaleIdShort: '9f8e7d6c',
    originalReceiptNumber: 'C1-20241030-0007',
  };
  const refundTender = {
    method: 'cash' as const,
    amount: '15.50',
    tendered: null,
    change: null,
    referenceLast4: null,
  };
  const marker = (lines: string[], text: string) => lines.filter((line) => line.trim() === text);
  const bigBoldLines = (model: ReceiptModel, lang: 'zh-CN' | 'en') =>
    decode(model, 80, lang)
      .details.filter((line) => line.bold && line.widthScale === 2)
      .map((line) => line.content);

  test('a refund slip, in both languages', () => {
    const model = sampleModel({ refund, tenders: [refundTender] });
    const zh = renderReceiptText(model, { width: 80 });
    expect(bigBoldLines(model, 'zh-CN')).toEqual(['辛馍坊', '退款单']);
    expect(zh).toContain('原小票号：C1-20241030-0007');
    expect(zh).toContain('原销售单：9f8e7d6c');
    expect(zh).toContain('退款原因：顾客退货：馒头太硬');
    expect(zh).toContain('退款合计' + ' '.repeat(48 - 8 - 7) + '￥15.50');
    expect(zh).toContain('退款方式');
    expect(zh.some((line) => line.trim().startsWith('实收'))).toBe(false);
    expect(marker(zh, '重印')).toEqual([]);

    const en = renderReceiptText(model, { width: 80, lang: 'en' });
    expect(bigBoldLines(model, 'en')).toEqual(['辛馍坊', 'REFUND']);
    expect(en).toContain('Refund total' + ' '.repeat(48 - 12 - 7) + '￥15.50');
    expect(en).toContain('Reason: 顾客退货：馒头太硬');
  });

  test('a reprint, in both languages', () => {
    const model = sampleModel({ reprint: true });
    expect(bigBoldLines(model, 'zh-CN')).toEqual(['辛馍坊', '重印']);
    expect(bigBoldLines(model, 'en')).toEqual(['辛馍坊', 'REPRINT']);
    expect(renderReceiptText(model, { width: 58 })).toContain(' '.repeat(12) + '重印');
  });

  test('a reprinted refund carries both marks; a plain sale neither', () => {
    expect(
      bigBoldLines(sampleModel({ reprint: true, refund, tenders: [refundTender] }), 'zh-CN'),
    ).toEqual(['辛馍坊', '重印', '退款单']);
    const plain = renderReceiptText(sampleModel(), { width: 80 });
    expect(bigBoldLines(sampleModel(), 'zh-CN')).toEqual(['辛馍坊']);
    expect(plain.some((line) => /重印|退款|延迟/.test(line))).toBe(false);
  });

  test('a late sale says so and keeps its original time', () => {
    const lines = renderReceiptText(sampleModel({ late: true }), { width: 58 });
    expect(marker(lines, '离线销售·延迟入账')).toHaveLength(1);
    expect(lines).toContain('时间：2024-10-31 23:30');
    expect(renderReceiptText(sampleModel({ late: true }), { width: 58, lang: 'en' })).toContain(
      '   Offline sale, posted late',
    );
  });
});

describe('decodeEscPos', () => {
  const decodeBytes = (bytes: number[], columns = 32) =>
    decodeEscPos(Uint8Array.from(bytes), { columns });

  test('centers by printed width, as the printer does', () => {
    const decoded = decodeBytes([
      ESC,
      0x40,
      FS,
      0x26,
      ESC,
      0x61,
      1,
      GS,
      0x21,
      0x11,
      ...SHOP_NAME_BYTES,
      LF,
    ]);
    expect(decoded.lines).toEqual([' '.repeat(10) + '辛馍坊']);
    expect(decoded.details[0]).toMatchObject({ printedColumns: 12, widthScale: 2, heightScale: 2 });
  });

  test('right-aligns and reads ASCII without Chinese mode', () => {
    expect(decodeBytes([ESC, 0x40, ESC, 0x61, 2, ...ascii('ab'), LF]).lines).toEqual([
      ' '.repeat(30) + 'ab',
    ]);
  });

  test.each([
    ['Chinese text before FS &', [ESC, 0x40, 0xd0, 0xc1, LF], /outside Chinese mode/],
    ['a lone GB18030 lead byte', [ESC, 0x40, FS, 0x26, 0x41, 0x81, LF], /malformed GB18030/],
    [
      'an unknown command (ESC p, cash drawer)',
      [ESC, 0x70, 0, 25, 250],
      /unknown command ESC 0x70/,
    ],
    ['text never ended by LF', [ESC, 0x40, ...ascii('abc')], /no LF/],
    ['a QR length past the end', [GS, 0x28, 0x6b, 0x10, 0x00, 0x31, 0x50, 0x30], /past the end/],
    [
      'printing a QR code with nothing stored',
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
      /nothing stored/,
    ],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => decodeBytes(bytes)).toThrow(message);
  });
});

import iconv from 'iconv-lite';
import type { ReceiptModel, ReceiptWidth } from './receipt-model.js';
import {
  layoutReceipt,
  type ReceiptAlign,
  type ReceiptRenderOptions,
  type ReceiptTextBlock,
} from './receipt-text.js';

/**
 * The receipt as ESC/POS bytes for the cheap 58 mm / 80 mm thermal printers sold in
 * China (Xprinter, GPrinter, Epson's Chinese models and their many clones). Text goes out
 * in GB18030 with the printer in Chinese (Kanji) mode, where each multi-byte character
 * prints as one double-width cell; that is the column rule `printerColumns` lays out for.
 * The same model and options always give the same bytes.
 */

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const LF = 0x0a;

/** ESC @ (1B 40) — initialize: clears the buffer and any mode a previous job left on. */
const ESC_INIT = [ESC, 0x40] as const;
/** FS & (1C 26) — select Kanji character mode, so bytes ≥ 0x81 start GB18030 characters. */
const FS_KANJI_ON = [FS, 0x26] as const;

/** ESC a n (1B 61 n) — justification: 0 left, 1 center (2 right); applies from a line's start. */
function selectJustification(align: ReceiptAlign): number[] {
  return [ESC, 0x61, { left: 0, center: 1 }[align]];
}

/** ESC E n (1B 45 n) — emphasized (bold) on when n is 1, off when 0; Kanji included. */
function selectEmphasis(bold: boolean): number[] {
  return [ESC, 0x45, bold ? 1 : 0];
}

/**
 * GS ! n (1D 21 n) — character size: high nibble = width − 1, low nibble = height − 1.
 * GS !, unlike ESC !, scales Kanji as well as ASCII, which a Chinese shop name needs.
 */
function selectCharacterSize(widthScale: number, heightScale: number): number[] {
  return [GS, 0x21, ((widthScale - 1) << 4) | (heightScale - 1)];
}

/** ESC d n (1B 64 n) — print and feed n lines. */
function feedLines(count: number): number[] {
  return [ESC, 0x64, count];
}

/**
 * GS V m n (1D 56 42 n) — function B, m = 66: feed to the cutter plus n motion units, then
 * cut partially, leaving a hinge so the slip does not fall on the floor.
 */
const PARTIAL_CUT_AFTER_FEED = [GS, 0x56, 0x42, 0x00] as const;

/** GS ( k pL pH cn fn [parameters] (1D 28 6B ...) with cn = 49 (0x31): a QR code function. */
function qrFunction(fn: number, parameters: readonly number[]): number[] {
  const length = parameters.length + 2; // pL pH count cn and fn plus the parameters
  if (length > 0xffff) throw new Error('QR code function too long');
  return [GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, fn, ...parameters];
}

const QR_ERROR_CORRECTION = { L: 48, M: 49, Q: 50, H: 51 } as const;

/**
 * Byte capacities of QR versions 1–20 at error correction M (ISO/IEC 18004 table 7).
 * The printer picks the version itself; we only need it to choose a module size that
 * keeps the symbol on the paper.
 */
const QR_BYTE_CAPACITY_M = [
  14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
];

/** Printable dots per line at 203 dpi. */
const PRINTABLE_DOTS: Record<ReceiptWidth, number> = { 58: 384, 80: 576 };

/**
 * Dots per QR module: as large as 6 for an easy scan, but no more than ~60% of the paper
 * width, and never below 3, under which phone cameras struggle with thermal print.
 */
export function qrModuleSize(dataLength: number, width: ReceiptWidth): number {
  const index = QR_BYTE_CAPACITY_M.findIndex((capacity) => capacity >= dataLength);
  if (index < 0) throw new Error(`QR payload of ${dataLength} bytes is too long for a receipt`);
  const modules = 17 + 4 * (index + 1);
  return Math.min(6, Math.max(3, Math.floor((PRINTABLE_DOTS[width] * 0.6) / modules)));
}

/**
 * The five GS ( k functions that make a printer draw its own QR code from the data:
 *   fn 65 (0x41) select model:            1D 28 6B 04 00 31 41 32 00   (n1 = 50: model 2)
 *   fn 67 (0x43) set module size:         1D 28 6B 03 00 31 43 n       (n dots per module)
 *   fn 69 (0x45) select error correction: 1D 28 6B 03 00 31 45 31      (49: level M, 15%)
 *   fn 80 (0x50) store data:              1D 28 6B pL pH 31 50 30 d1…dk, pL + 256·pH = k + 3
 *   fn 81 (0x51) print stored symbol:     1D 28 6B 03 00 31 51 30
 * After printing the printer returns to the start of a line, so no LF follows.
 */
export function qrCodeCommands(data: string, moduleSize: number): number[] {
  const payload = [...Buffer.from(data, 'utf8')];
  return [
    ...qrFunction(0x41, [50, 0]),
    ...qrFunction(0x43, [moduleSize]),
    ...qrFunction(0x45, [QR_ERROR_CORRECTION.M]),
    ...qrFunction(0x50, [0x30, ...payload]),
    ...qrFunction(0x51, [0x30]),
  ];
}

/** Printer state we track so a command is sent only when something changes. */
interface PrinterStyle {
  align: ReceiptAlign;
  bold: boolean;
  widthScale: number;
  heightScale: number;
}

function styleCommands(current: PrinterStyle, wanted: PrinterStyle): number[] {
  const bytes: number[] = [];
  if (current.align !== wanted.align) bytes.push(...selectJustification(wanted.align));
  if (current.bold !== wanted.bold) bytes.push(...selectEmphasis(wanted.bold));
  if (current.widthScale !== wanted.widthScale || current.heightScale !== wanted.heightScale) {
    bytes.push(...selectCharacterSize(wanted.widthScale, wanted.heightScale));
  }
  return bytes;
}

function textLine(block: ReceiptTextBlock): number[] {
  // layoutReceipt has already replaced control characters, and no byte of a GB18030
  // multi-byte sequence is below 0x30, so nothing in the text can read as a command.
  return [...iconv.encode(block.text, 'gb18030'), LF];
}

/**
 * Renders the receipt to ESC/POS bytes: init, Chinese mode, the laid-out lines with
 * their alignment and size, the statements QR code, a feed and a partial cut.
 *
 * @example await port.write(renderReceiptEscPos(model, { width: 58 }))
 */
export function renderReceiptEscPos(
  model: ReceiptModel,
  options: ReceiptRenderOptions,
): Uint8Array {
  const blocks = layoutReceipt(model, options);
  const defaults: PrinterStyle = { align: 'left', bold: false, widthScale: 1, heightScale: 1 };
  const bytes: number[] = [...ESC_INIT, ...FS_KANJI_ON];
  let style = defaults;
  for (const block of blocks) {
    if (block.kind === 'qr') {
      const wanted = { ...defaults, align: 'center' as const };
      bytes.push(...styleCommands(style, wanted));
      style = wanted;
      const moduleSize = qrModuleSize(Buffer.byteLength(block.data, 'utf8'), options.width);
      bytes.push(...qrCodeCommands(block.data, moduleSize));
      continue;
    }
    const wanted: PrinterStyle = {
      align: block.align,
      bold: block.bold,
      widthScale: block.widthScale,
      heightScale: block.heightScale,
    };
    bytes.push(...styleCommands(style, wanted));
    style = wanted;
    bytes.push(...textLine(block));
  }
  // Feed before cutting so the QR code clears the tear bar on printers without a cutter,
  // which ignore GS V; leave the printer as ESC @ would for whoever prints next.
  bytes.push(...styleCommands(style, defaults), ...feedLines(4), ...PARTIAL_CUT_AFTER_FEED);
  return Uint8Array.from(bytes);
}

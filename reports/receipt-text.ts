import { TENDER_NAMES, UNIT_NAMES } from '../contract/vocabulary.js';
import { D } from '../ledger/core/money.js';
import {
  assertReceiptModel,
  type ReceiptLang,
  type ReceiptModel,
  type ReceiptTender,
  type ReceiptTenderMethod,
  type ReceiptUnit,
  type ReceiptWidth,
} from './receipt-model.js';

/**
 * The receipt laid out in printer columns. One layout feeds both renderings: the plain
 * text (previews, tests, the receipt API's text form) and the ESC/POS bytes, so the
 * printed slip and its preview cannot drift apart.
 */

export interface ReceiptRenderOptions {
  width: ReceiptWidth;
  /** zh-CN unless asked otherwise: most customers read Chinese. */
  lang?: ReceiptLang;
}

/** Single-width columns per line: 384 dots / 12-dot font on 58 mm, 576 dots on 80 mm. */
export const RECEIPT_COLUMNS: Record<ReceiptWidth, number> = { 58: 32, 80: 48 };

/**
 * Amounts are right-aligned with spaces inside a left-aligned line, so that a label and
 * its amount share one line; the printer's own alignment is needed only for centering.
 */
export type ReceiptAlign = 'left' | 'center';

/** A printed line. `text` carries no alignment padding and no trailing spaces. */
export interface ReceiptTextBlock {
  kind: 'text';
  text: string;
  align: ReceiptAlign;
  bold: boolean;
  /** Character width multiplier (GS !): a double-width line holds half the columns. */
  widthScale: 1 | 2;
  heightScale: 1 | 2;
}

/** The printer's own QR code, printed centered. */
export interface ReceiptQrBlock {
  kind: 'qr';
  data: string;
}

export type ReceiptBlock = ReceiptTextBlock | ReceiptQrBlock;

/**
 * Makes a field safe and predictable to print. Control characters become spaces because
 * a product name must never smuggle a printer command (ESC p opens the cash drawer,
 * GS V cuts). Format characters (zero-width joiners, bidi marks) are invisible in the
 * source but would print as a blank double cell, so they go. ¥ (U+00A5) becomes ￥
 * (U+FFE5): in GB18030 the former is a four-byte sequence that GBK-only printers print
 * as garbage, the latter is the two-byte A3A4 every Chinese printer has. Lone surrogates
 * and private-use characters have no stable GB18030 form, so they print as "?".
 *
 * @example printableText('花卷\x1bp') // '花卷 p': without its ESC, the p is just a letter
 */
export function printableText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\uD800-\uDFFF]|\p{Co}/gu, '?')
    .replace(/\u00A5/gu, '\uFFE5');
}

/**
 * Columns a printable text occupies on a thermal printer in Chinese mode: one for each
 * ASCII character, two for everything else. The printer prints each GB18030 multi-byte
 * character as one full-width cell, so × (A1C1) and ￥ (A3A4) take two columns even
 * though a terminal draws × narrow. Every code point from U+0080 up is multi-byte in
 * GB18030, which is why the rule is this simple.
 *
 * @example printerColumns('花卷 x2') // 7
 */
export function printerColumns(text: string): number {
  let columns = 0;
  for (const character of text) columns += character.codePointAt(0)! < 0x80 ? 1 : 2;
  return columns;
}

type Token = { kind: 'space' } | { kind: 'word'; text: string; columns: number };

// Chinese line-breaking rules (禁则): closing punctuation never starts a line and opening
// punctuation never ends one, so they stick to their neighbour.
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉”’％…·,.;:?!)]}%');
const NO_LINE_END = new Set('（《「『【〔〈“‘([{');

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  const pushWord = (piece: string): void => {
    const last = tokens.at(-1);
    if (
      last?.kind === 'word' &&
      (NO_LINE_START.has([...piece][0]!) || NO_LINE_END.has([...last.text].at(-1)!))
    ) {
      last.text += piece;
      last.columns += printerColumns(piece);
    } else {
      tokens.push({ kind: 'word', text: piece, columns: printerColumns(piece) });
    }
  };
  const flush = (): void => {
    if (word !== '') pushWord(word);
    word = '';
  };
  for (const character of text) {
    if (character === ' ') {
      flush();
      if (tokens.at(-1)?.kind !== 'space') tokens.push({ kind: 'space' });
    } else if (character.codePointAt(0)! < 0x80) {
      word += character;
    } else {
      // Chinese text has no spaces; a line may break before or after any CJK character.
      flush();
      pushWord(character);
    }
  }
  flush();
  return tokens;
}

/**
 * Wraps printable text into lines of at most `firstColumns` (first line) and
 * `restColumns` (the others). Latin words break at spaces and are split only when longer
 * than a whole line; CJK breaks between characters. Never returns an empty list.
 *
 * @example wrapColumns('杂粮馒头 Multigrain bun', 8) // ['杂粮馒头', 'Multigra', 'in bun']
 */
export function wrapColumns(
  text: string,
  firstColumns: number,
  restColumns = firstColumns,
): string[] {
  if (firstColumns < 2 || restColumns < 2) {
    throw new Error('wrapColumns: a line must hold at least one CJK character');
  }
  const lines: string[] = [];
  let current = '';
  let currentColumns = 0;
  let pendingSpace = false;
  const limit = (): number => (lines.length === 0 ? firstColumns : restColumns);
  const newLine = (): void => {
    lines.push(current);
    current = '';
    currentColumns = 0;
    pendingSpace = false;
  };
  const append = (piece: string, columns: number): void => {
    if (pendingSpace && current !== '') {
      current += ' ';
      currentColumns += 1;
    }
    pendingSpace = false;
    current += piece;
    currentColumns += columns;
  };
  for (const token of tokenize(text)) {
    if (token.kind === 'space') {
      pendingSpace = current !== '';
      continue;
    }
    const separator = pendingSpace ? 1 : 0;
    if (currentColumns + separator + token.columns <= limit()) {
      append(token.text, token.columns);
    } else if (current !== '' && token.columns <= restColumns) {
      newLine();
      append(token.text, token.columns);
    } else {
      // A word longer than a whole line (a URL, a run of digits): split it where it falls.
      for (const character of token.text) {
        const columns = printerColumns(character);
        const spaceBefore = pendingSpace && current !== '' ? 1 : 0;
        if (currentColumns + spaceBefore + columns > limit()) newLine();
        append(character, columns);
      }
    }
  }
  lines.push(current);
  return lines;
}

const LABELS = {
  'zh-CN': {
    reprint: '重印',
    refundSlip: '退款单',
    late: '离线销售·延迟入账',
    register: '收银台：',
    receiptNumber: '小票号：',
    sale: '销售单：',
    time: '时间：',
    cashier: '收银员：',
    originalReceipt: '原小票号：',
    originalSale: '原销售单：',
    reason: '退款原因：',
    lineDiscount: '优惠',
    subtotal: '小计',
    saleDiscount: '整单优惠',
    total: '合计',
    refundTotal: '退款合计',
    payment: '支付方式',
    refundedTo: '退款方式',
    tendered: '实收',
    change: '找零',
    reference: (last4: string) => `（尾号${last4}）`,
    quantity: (quantity: string, unit: string) => `${quantity}${unit}`,
    scan: '扫码查看社区再投资公示',
    // The words the statement and the residents' pages use too.
    units: UNIT_NAMES['zh-CN'],
    methods: TENDER_NAMES['zh-CN'],
  },
  en: {
    reprint: 'REPRINT',
    refundSlip: 'REFUND',
    late: 'Offline sale, posted late',
    register: 'Register: ',
    receiptNumber: 'Receipt: ',
    sale: 'Sale: ',
    time: 'Time: ',
    cashier: 'Cashier: ',
    originalReceipt: 'Original receipt: ',
    originalSale: 'Original sale: ',
    reason: 'Reason: ',
    lineDiscount: 'Discount',
    subtotal: 'Subtotal',
    saleDiscount: 'Order discount',
    total: 'Total',
    refundTotal: 'Refund total',
    payment: 'Payment',
    refundedTo: 'Refunded to',
    tendered: 'Tendered',
    change: 'Change',
    reference: (last4: string) => ` (ref ${last4})`,
    quantity: (quantity: string, unit: string) => `${quantity} ${unit}`,
    scan: 'Scan to see how our surplus goes back to the community',
    units: UNIT_NAMES.en,
    methods: TENDER_NAMES.en,
  },
} satisfies Record<
  ReceiptLang,
  {
    units: Record<ReceiptUnit, string>;
    methods: Record<ReceiptTenderMethod, string>;
    [label: string]: unknown;
  }
>;

const CURRENCY = '\uFFE5'; // ￥, the two-byte GB2312 sign; see printableText

/** English when asked and present; the Chinese field otherwise, since it is never empty. */
function pick(zh: string, en: string, lang: ReceiptLang): string {
  return lang === 'en' && en.trim() !== '' ? en : zh;
}

class LayoutBuilder {
  readonly blocks: ReceiptBlock[] = [];

  constructor(readonly columns: number) {}

  private push(
    text: string,
    align: ReceiptAlign,
    style: { bold?: boolean; widthScale?: 1 | 2; heightScale?: 1 | 2 } = {},
  ): void {
    this.blocks.push({
      kind: 'text',
      text: text.replace(/ +$/u, ''),
      align,
      bold: style.bold ?? false,
      widthScale: style.widthScale ?? 1,
      heightScale: style.heightScale ?? 1,
    });
  }

  /** Centered paragraph(s); a double-width line holds half as many characters. */
  centered(
    text: string,
    style: { bold?: boolean; widthScale?: 1 | 2; heightScale?: 1 | 2 } = {},
  ): void {
    const available = Math.floor(this.columns / (style.widthScale ?? 1));
    for (const paragraph of text.split(/\r\n|\r|\n/u)) {
      const clean = printableText(paragraph).trim();
      if (clean === '') continue;
      for (const line of wrapColumns(clean, available)) this.push(line, 'center', style);
    }
  }

  /** Left-aligned text wrapped to the line, each line indented by `indent` columns. */
  left(text: string, indent = 0, style: { bold?: boolean } = {}): void {
    const pad = ' '.repeat(indent);
    for (const line of wrapColumns(printableText(text).trim(), this.columns - indent)) {
      this.push(pad + line, 'left', style);
    }
  }

  /**
   * Label on the left, amount flush right on the same line. A label too long for the
   * space left by the amount wraps underneath, so the amount stays on the first line
   * where the eye looks for it.
   */
  leftRight(
    label: string,
    amount: string,
    indent = 0,
    style: { bold?: boolean; heightScale?: 1 | 2 } = {},
  ): void {
    const amountColumns = printerColumns(amount);
    if (amountColumns > this.columns) throw new Error(`amount too wide to print: ${amount}`);
    const pad = ' '.repeat(indent);
    const clean = printableText(label).trim();
    const firstColumns = this.columns - indent - amountColumns - 1;
    if (firstColumns < 2) {
      this.left(clean, indent, style);
      this.push(' '.repeat(this.columns - amountColumns) + amount, 'left', style);
      return;
    }
    const [first = '', ...rest] = wrapColumns(clean, firstColumns, this.columns - indent);
    const gap = this.columns - indent - printerColumns(first) - amountColumns;
    this.push(pad + first + ' '.repeat(gap) + amount, 'left', style);
    for (const line of rest) this.push(pad + line, 'left', style);
  }

  rule(character: '-' | '='): void {
    this.push(character.repeat(this.columns), 'left');
  }

  qr(data: string): void {
    this.blocks.push({ kind: 'qr', data });
  }
}

function tenderLabel(tender: ReceiptTender, lang: ReceiptLang): string {
  const labels = LABELS[lang];
  const method = labels.methods[tender.method];
  return tender.referenceLast4 === null ? method : method + labels.reference(tender.referenceLast4);
}

/** "2.000" → "2", "1.500" → "1.5": the quantity as a person writes it. */
function quantityText(quantity: string): string {
  return D(quantity).toString();
}

/**
 * The receipt as a list of printed lines with their alignment and type size, before
 * either rendering. Refuses a model that does not add up (see `receiptModelProblems`).
 */
export function layoutReceipt(model: ReceiptModel, options: ReceiptRenderOptions): ReceiptBlock[] {
  assertReceiptModel(model);
  const lang = options.lang ?? 'zh-CN';
  const labels = LABELS[lang];
  const layout = new LayoutBuilder(RECEIPT_COLUMNS[options.width]);
  const big = { bold: true, widthScale: 2, heightScale: 2 } as const;

  // Header: who we are, then the marks a cashier must not miss.
  layout.centered(model.shop.name, big);
  if (lang === 'en') layout.centered(model.shop.nameEn, { bold: true });
  layout.centered(pick(model.shop.addressLine, model.shop.addressLineEn, lang));
  if (model.reprint) layout.centered(labels.reprint, big);
  if (model.refund !== null) layout.centered(labels.refundSlip, big);
  if (model.late) layout.centered(labels.late);
  layout.rule('-');

  layout.left(labels.register + model.registerId);
  layout.left(labels.receiptNumber + model.receiptNumber);
  layout.left(labels.sale + model.saleIdShort);
  layout.left(`${labels.time}${model.businessDate} ${model.localTime}`);
  layout.left(labels.cashier + model.cashierName);
  if (model.refund !== null) {
    layout.left(labels.originalReceipt + model.refund.originalReceiptNumber);
    layout.left(labels.originalSale + model.refund.originalSaleIdShort);
    layout.left(labels.reason + model.refund.reason);
  }
  layout.rule('-');

  for (const line of model.lines) {
    layout.leftRight(pick(line.name, line.nameEn, lang), line.lineTotal);
    const quantity = labels.quantity(quantityText(line.quantity), labels.units[line.unit]);
    layout.left(`${quantity} × ${line.unitPrice}`, 2);
    if (!D(line.discount).isZero()) layout.leftRight(labels.lineDiscount, `-${line.discount}`, 2);
  }
  layout.rule('-');

  layout.leftRight(labels.subtotal, model.subtotal);
  if (!D(model.saleDiscount).isZero()) {
    layout.leftRight(labels.saleDiscount, `-${model.saleDiscount}`);
  }
  const totalLabel = model.refund === null ? labels.total : labels.refundTotal;
  layout.leftRight(totalLabel, CURRENCY + model.total, 0, { bold: true, heightScale: 2 });

  if (model.tenders.length > 0) {
    layout.rule('-');
    layout.left(model.refund === null ? labels.payment : labels.refundedTo);
    for (const tender of model.tenders) {
      layout.leftRight(tenderLabel(tender, lang), tender.amount, 2);
      if (tender.tendered !== null && tender.change !== null) {
        layout.leftRight(labels.tendered, tender.tendered, 4);
        layout.leftRight(labels.change, tender.change, 4);
      }
    }
  }
  layout.rule('=');

  layout.centered(pick(model.footerText, model.footerTextEn, lang));
  layout.centered(labels.scan);
  layout.qr(model.statementsUrl);
  // The address in letters too, for a phone that cannot scan or a resident who types.
  layout.centered(model.statementsUrl);
  return layout.blocks;
}

/**
 * Where a text line starts on paper, in single-width columns. The printer centers by
 * dots, so an odd remainder puts half a column on each side; text rounds it down.
 */
function alignmentPadding(align: ReceiptAlign, printedColumns: number, columns: number): number {
  const free = Math.max(0, columns - printedColumns);
  if (align === 'center') return Math.floor(free / 2);
  return 0;
}

/**
 * The receipt as text lines laid out for the printer's columns: what the paper shows,
 * with centered lines padded by spaces. The QR code has no line of its own here.
 *
 * @example renderReceiptText(model, { width: 58 })[0] // '          辛馍坊' (printed double size)
 */
export function renderReceiptText(model: ReceiptModel, options: ReceiptRenderOptions): string[] {
  const columns = RECEIPT_COLUMNS[options.width];
  const lines: string[] = [];
  for (const block of layoutReceipt(model, options)) {
    if (block.kind !== 'text') continue;
    const printed = printerColumns(block.text) * block.widthScale;
    lines.push(' '.repeat(alignmentPadding(block.align, printed, columns)) + block.text);
  }
  return lines;
}

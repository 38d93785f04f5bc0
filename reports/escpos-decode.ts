import iconv from 'iconv-lite';

/**
 * Reads an ESC/POS byte stream back the way a Chinese thermal printer would: commands
 * change the state, GB18030 text runs become printed lines, QR code functions yield
 * their payload. Tests use it as an oracle for the renderer, so it shares no code with
 * it: widths come from the encoded bytes (one byte = one column, a multi-byte character
 * = two), not from the renderer's code-point rule. Anything it does not know is an error,
 * because an unknown command in our own output is a bug, not something to skip.
 */

export type DecodedAlign = 'left' | 'center' | 'right';

export interface DecodedLine {
  /** The line as it lands on paper, with the spaces alignment puts in front of it. */
  text: string;
  /** The bytes' text without alignment padding. */
  content: string;
  align: DecodedAlign;
  bold: boolean;
  widthScale: number;
  heightScale: number;
  /** Single-width columns the content occupies at its character size. */
  printedColumns: number;
}

export interface DecodedQrCode {
  payload: string;
  model: number | null;
  moduleSize: number | null;
  errorCorrection: 'L' | 'M' | 'Q' | 'H' | null;
  /** How many text lines were printed before the symbol. */
  afterLine: number;
}

export interface DecodedEscPos {
  lines: string[];
  details: DecodedLine[];
  qrCodes: DecodedQrCode[];
  /** Command names in the order received, e.g. "ESC @", "GS ! 0x11", "GS ( k fn 80". */
  commands: string[];
  /** True once FS & put the printer in Chinese (Kanji) mode. */
  chineseMode: boolean;
  cut: 'full' | 'partial' | null;
}

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const LF = 0x0a;

const ERROR_CORRECTION_LEVELS: Partial<Record<number, 'L' | 'M' | 'Q' | 'H'>> = {
  48: 'L',
  49: 'M',
  50: 'Q',
  51: 'H',
};
// ESC a accepts both the binary and the ASCII-digit form of n.
const JUSTIFICATION: Partial<Record<number, DecodedAlign>> = {
  0: 'left',
  48: 'left',
  1: 'center',
  49: 'center',
  2: 'right',
  50: 'right',
};

function columnsOf(text: string): number {
  let columns = 0;
  for (const character of text) columns += iconv.encode(character, 'gb18030').length === 1 ? 1 : 2;
  return columns;
}

/**
 * Decodes `bytes` for a printer with `columns` single-width columns per line.
 *
 * @example decodeEscPos(renderReceiptEscPos(model, { width: 58 }), { columns: 32 }).lines
 */
export function decodeEscPos(bytes: Uint8Array, options: { columns: number }): DecodedEscPos {
  const result: DecodedEscPos = {
    lines: [],
    details: [],
    qrCodes: [],
    commands: [],
    chineseMode: false,
    cut: null,
  };
  const defaults = { align: 'left' as DecodedAlign, bold: false, widthScale: 1, heightScale: 1 };
  let state = { ...defaults };
  const qr = {
    model: null as number | null,
    moduleSize: null as number | null,
    errorCorrection: null as DecodedQrCode['errorCorrection'],
    stored: null as string | null,
  };
  // The line being assembled: its text so far, its printed width, and its style.
  let pending: { content: string; printedColumns: number; bold: boolean } | null = null;
  let lineStyle = { ...state };

  const fail = (offset: number, message: string): never => {
    throw new Error(`ESC/POS decode at byte ${offset}: ${message}`);
  };
  const byteAt = (offset: number): number =>
    offset < bytes.length ? bytes[offset]! : fail(offset, 'command truncated');
  const finishLine = (): void => {
    const line = pending ?? { content: '', printedColumns: 0, bold: state.bold };
    const free = Math.max(0, options.columns - line.printedColumns);
    const padding =
      lineStyle.align === 'center' ? Math.floor(free / 2) : lineStyle.align === 'right' ? free : 0;
    const text = ' '.repeat(padding) + line.content;
    result.lines.push(text);
    result.details.push({
      text,
      content: line.content,
      align: lineStyle.align,
      bold: line.bold,
      widthScale: lineStyle.widthScale,
      heightScale: lineStyle.heightScale,
      printedColumns: line.printedColumns,
    });
    pending = null;
  };
  const requireLineStart = (offset: number, command: string): void => {
    if (pending !== null) fail(offset, `${command} in the middle of a line`);
  };

  let offset = 0;
  while (offset < bytes.length) {
    const byte = bytes[offset]!;
    if (byte === LF) {
      if (pending === null) lineStyle = { ...state };
      finishLine();
      offset += 1;
    } else if (byte === ESC) {
      const command = byteAt(offset + 1);
      if (command === 0x40) {
        result.commands.push('ESC @');
        state = { ...defaults };
        pending = null;
        result.chineseMode = false;
        offset += 2;
      } else if (command === 0x61) {
        const n = byteAt(offset + 2);
        requireLineStart(offset, 'ESC a');
        state.align = JUSTIFICATION[n] ?? fail(offset, `ESC a ${n}`);
        result.commands.push(`ESC a ${n}`);
        offset += 3;
      } else if (command === 0x45) {
        const n = byteAt(offset + 2);
        state.bold = (n & 1) === 1;
        result.commands.push(`ESC E ${n}`);
        offset += 3;
      } else if (command === 0x64) {
        const n = byteAt(offset + 2);
        // ESC d prints what is buffered first, like LF; the extra feed is blank paper.
        if (pending !== null) finishLine();
        result.commands.push(`ESC d ${n}`);
        offset += 3;
      } else {
        fail(offset, `unknown command ESC 0x${command.toString(16)}`);
      }
    } else if (byte === FS) {
      const command = byteAt(offset + 1);
      if (command === 0x26) {
        result.chineseMode = true;
        result.commands.push('FS &');
      } else if (command === 0x2e) {
        result.chineseMode = false;
        result.commands.push('FS .');
      } else {
        fail(offset, `unknown command FS 0x${command.toString(16)}`);
      }
      offset += 2;
    } else if (byte === GS) {
      const command = byteAt(offset + 1);
      if (command === 0x21) {
        const n = byteAt(offset + 2);
        requireLineStart(offset, 'GS !');
        state.widthScale = ((n >> 4) & 0x07) + 1;
        state.heightScale = (n & 0x07) + 1;
        result.commands.push(`GS ! 0x${n.toString(16).padStart(2, '0')}`);
        offset += 3;
      } else if (command === 0x56) {
        const m = byteAt(offset + 2);
        requireLineStart(offset, 'GS V');
        if (m === 0 || m === 48 || m === 1 || m === 49) {
          result.cut = m === 0 || m === 48 ? 'full' : 'partial';
          result.commands.push(`GS V ${m}`);
          offset += 3;
        } else if (m === 65 || m === 66 || m === 97 || m === 98) {
          const n = byteAt(offset + 3);
          result.cut = m === 65 || m === 97 ? 'full' : 'partial';
          result.commands.push(`GS V ${m} ${n}`);
          offset += 4;
        } else {
          fail(offset, `unknown cut GS V ${m}`);
        }
      } else if (command === 0x28 && byteAt(offset + 2) === 0x6b) {
        const length = byteAt(offset + 3) + 256 * byteAt(offset + 4);
        const cn = byteAt(offset + 5);
        const fn = byteAt(offset + 6);
        const end = offset + 5 + length;
        if (length < 2 || end > bytes.length) fail(offset, 'GS ( k length runs past the end');
        if (cn !== 0x31) fail(offset, `GS ( k for symbol type cn=${cn}, only QR (49) is known`);
        const parameters = bytes.subarray(offset + 7, end);
        result.commands.push(`GS ( k fn ${fn}`);
        if (fn === 65) {
          qr.model = parameters[0]! - 48;
        } else if (fn === 67) {
          qr.moduleSize = parameters[0]!;
        } else if (fn === 69) {
          const level = parameters[0]!;
          qr.errorCorrection = ERROR_CORRECTION_LEVELS[level] ?? fail(offset, `QR level ${level}`);
        } else if (fn === 80) {
          if (parameters[0] !== 0x30) fail(offset, 'QR store: m must be 48');
          qr.stored = new TextDecoder('utf-8', { fatal: true }).decode(parameters.subarray(1));
        } else if (fn === 81) {
          requireLineStart(offset, 'QR print');
          if (qr.stored === null) fail(offset, 'QR print with nothing stored');
          result.qrCodes.push({
            payload: qr.stored!,
            model: qr.model,
            moduleSize: qr.moduleSize,
            errorCorrection: qr.errorCorrection,
            afterLine: result.lines.length,
          });
        } else {
          fail(offset, `unknown QR function fn=${fn}`);
        }
        offset = end;
      } else {
        fail(offset, `unknown command GS 0x${command.toString(16)}`);
      }
    } else if (byte < 0x20 || byte === 0x7f) {
      fail(offset, `unexpected control byte 0x${byte.toString(16)}`);
    } else {
      // A text run: no byte of a GB18030 character is a control byte, so it ends at one.
      let end = offset;
      while (end < bytes.length && bytes[end]! >= 0x20 && bytes[end] !== 0x7f) end += 1;
      const run = bytes.subarray(offset, end);
      if (!result.chineseMode && run.some((value) => value >= 0x80)) {
        fail(offset, 'multi-byte text outside Chinese mode');
      }
      const text = iconv.decode(Buffer.from(run), 'gb18030');
      if (!Buffer.from(run).equals(iconv.encode(text, 'gb18030'))) {
        fail(offset, 'malformed GB18030 text');
      }
      if (pending === null) {
        lineStyle = { ...state };
        pending = { content: '', printedColumns: 0, bold: false };
      }
      pending.content += text;
      pending.printedColumns += columnsOf(text) * state.widthScale;
      pending.bold ||= state.bold;
      offset = end;
    }
  }
  if (pending !== null) fail(bytes.length, 'text left unprinted: no LF after the last line');
  return result;
}

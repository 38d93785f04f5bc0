import iconv from 'iconv-lite';
import { Refusal } from '../../core/errors.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Turns a bill file's bytes into text. The providers' merchant sites export GBK (the
 * default when opened in Excel) or UTF-8, with or without a byte-order mark: a BOM means
 * UTF-8; otherwise bytes that are valid UTF-8 are UTF-8, and anything else is read as
 * GB18030 (a superset of GBK). Bytes that are neither are refused, as is UTF-16.
 *
 * @example decodeBillText(iconv.encode('交易时间', 'gbk')).encoding // 'gbk'
 */
export function decodeBillText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (UTF8_BOM.every((byte, index) => bytes[index] === byte)) {
    return { text: strictUtf8(bytes.subarray(3)) ?? refuse(), encoding: 'utf-8' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Refusal(
      'bill_encoding_invalid',
      'The file is UTF-16; export the bill as CSV (GBK or UTF-8) from the merchant site.',
    );
  }
  if (bytes.includes(0)) refuse();
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buffer, 'gb18030');
  // iconv-lite replaces what it cannot decode; a round trip proves nothing was replaced.
  if (text.includes('\uFFFD') || !iconv.encode(text, 'gb18030').equals(buffer)) refuse();
  return { text, encoding: 'gbk' };
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function refuse(): never {
  throw new Refusal(
    'bill_encoding_invalid',
    'The file is neither UTF-8 nor GBK text; upload the CSV exactly as the merchant site exported it.',
  );
}

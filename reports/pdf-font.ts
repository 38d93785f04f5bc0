import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

/**
 * Where the statement's CJK font lives. @embedpdf/fonts-sc ships Noto Sans Hans (Noto Sans
 * SC) as OTF files but leaves them out of its exports map, so we resolve the package entry
 * and walk up to its fonts/ folder.
 *
 * pdfkit is then given the absolute path (`doc.font(path)`): it parses the file once per
 * document and embeds only the glyphs used, as a subset with a ToUnicode map, so the text
 * stays extractable. (registerFont + doc.table re-parsed the 8 MB file for every cell.)
 */

let cachedFontsDir: string | undefined;
let registeredFontPath: string | undefined;

/** The parsed font, shared by every statement this process renders. */
let parsedFont: unknown;

function fontsDir(): string {
  if (cachedFontsDir === undefined) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@embedpdf/fonts-sc');
    // entry is <package>/dist/index.cjs
    cachedFontsDir = path.join(path.dirname(path.dirname(entry)), 'fonts');
  }
  return cachedFontsDir;
}

/**
 * The absolute path of Noto Sans SC Regular.
 *
 * The statement uses this one weight only and draws headings with a thin outline instead
 * of the Bold file: a second CJK subset roughly doubles render time and adds its own
 * glyph set to the file size.
 */
export function statementFontPath(): string {
  if (registeredFontPath !== undefined) return registeredFontPath;
  const fontPath = path.join(fontsDir(), 'NotoSansHans-Regular.otf');
  if (!existsSync(fontPath)) {
    throw new Error(`statement font missing at ${fontPath}; is @embedpdf/fonts-sc installed?`);
  }
  registeredFontPath = fontPath;
  return fontPath;
}

/**
 * The statement font parsed once per process (fontkit, the parser pdfkit itself uses).
 * pdfkit accepts a parsed font in place of a path and still embeds a fresh subset per
 * document; parsing the 8 MB file was two thirds of every render. The bytes are the same
 * either way (a test renders in a fresh process and compares).
 */
export function statementFont(): PDFKit.Mixins.PDFFontSource {
  parsedFont ??= fontkit.create(readFileSync(statementFontPath()));
  return parsedFont as PDFKit.Mixins.PDFFontSource;
}

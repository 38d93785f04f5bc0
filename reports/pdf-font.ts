import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfkitModule from 'pdfkit';

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

/**
 * pdfkit 0.20 exports `registerFile`: a virtual file that its font loader reads instead of
 * the disk. Registering the 8 MB font once per process saves reading (and collecting) it
 * for every statement. @types/pdfkit 0.17 predates it, hence the cast; should a future
 * pdfkit drop it, fonts are simply read from disk again.
 */
const registerFile = (
  pdfkitModule as unknown as { registerFile?: (filePath: string, data: Uint8Array) => void }
).registerFile;

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
  if (typeof registerFile === 'function') registerFile(fontPath, readFileSync(fontPath));
  registeredFontPath = fontPath;
  return fontPath;
}

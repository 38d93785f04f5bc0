import {
  COLOR,
  CONTENT_WIDTH,
  LINE_HEIGHT_EM,
  MARGIN_BOTTOM,
  MARGIN_LEFT,
  MARGIN_TOP,
  PAGE_HEIGHT,
} from './pdf-theme.js';
import { latinPunctuation, truncateToWidth, wrapToWidth, type Measure } from './pdf-text-fit.js';

export type TextWeight = 'regular' | 'bold';
export type TextAlign = 'left' | 'right' | 'center';

export interface TextStyle {
  size: number;
  weight?: TextWeight;
  color?: string;
}

/**
 * Advance widths at 1 pt, per character, shared by every document: measuring is most of
 * the drawing time otherwise, since pdfkit shapes each new string with fontkit. Valid
 * because every statement is set in the one font of pdf-font.ts.
 *
 * A sum of advances ignores kerning, so it can differ from the shaped width by a hair;
 * `text()` checks the shaped width before drawing and cuts again in the rare case it must.
 */
const advanceCache = new Map<string, number>();
const ADVANCE_CACHE_LIMIT = 20_000;

/**
 * The vertical cursor of a document that flows down A4 pages, with the text primitives
 * the statement is drawn from. Every piece of text goes through here so that nothing is
 * drawn past the bottom margin (where the footer lives) and nothing runs out of its box.
 *
 * Text is always drawn with `lineBreak: false`: pdfkit then neither wraps nor adds pages
 * on its own, and breaking is decided here.
 */
export class PdfFlow {
  readonly left = MARGIN_LEFT;
  readonly width = CONTENT_WIDTH;
  readonly top = MARGIN_TOP;
  readonly bottom = PAGE_HEIGHT - MARGIN_BOTTOM;
  y = MARGIN_TOP;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  get right(): number {
    return this.left + this.width;
  }

  lineHeight(size: number): number {
    return size * LINE_HEIGHT_EM;
  }

  /** Width of `text` at `size` points, summed from cached character advances. */
  measure(size: number): Measure {
    return (text) => {
      let width = 0;
      for (const char of text) {
        let advance = advanceCache.get(char);
        if (advance === undefined) {
          this.doc.fontSize(1000);
          advance = this.doc.widthOfString(char) / 1000;
          if (advanceCache.size < ADVANCE_CACHE_LIMIT) advanceCache.set(char, advance);
        }
        width += advance;
      }
      this.doc.fontSize(size);
      return width * size;
    };
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
  }

  /** Selects size and colour for measuring and drawing. */
  style(style: TextStyle): void {
    this.doc.fontSize(style.size).fillColor(style.color ?? COLOR.ink);
  }

  /**
   * Draws one line of text at (x, y), cut with an ellipsis to `width` and aligned in it.
   * Bold is a thin outline in the text colour over the regular face (see pdf-font.ts).
   */
  text(
    text: string,
    x: number,
    y: number,
    width: number,
    style: TextStyle,
    align: TextAlign = 'left',
  ): void {
    let fitted = truncateToWidth(this.measure(style.size), latinPunctuation(text), width);
    this.style(style);
    let textWidth = this.doc.widthOfString(fitted);
    if (textWidth > width) {
      fitted = truncateToWidth((candidate) => this.doc.widthOfString(candidate), fitted, width);
      textWidth = this.doc.widthOfString(fitted);
    }
    if (!fitted) return;
    const offset =
      align === 'left' ? 0 : align === 'right' ? width - textWidth : (width - textWidth) / 2;
    if (style.weight === 'bold') {
      this.doc.save();
      this.doc.lineWidth(style.size * 0.045).strokeColor(style.color ?? COLOR.ink);
      this.doc.text(fitted, x + offset, y, { lineBreak: false, fill: true, stroke: true });
      this.doc.restore();
    } else {
      this.doc.text(fitted, x + offset, y, { lineBreak: false });
    }
  }

  /**
   * The largest size from `maxSize` down to `minSize` (in half points) at which `text` fits
   * on one line of `width`: for figures, which must shrink rather than lose digits.
   */
  fittingSize(text: string, width: number, maxSize: number, minSize: number): number {
    for (let size = maxSize; size > minSize; size -= 0.5) {
      if (this.measure(size)(text) <= width) return size;
    }
    return minSize;
  }

  /** Lines of `text` wrapped to `width` in `style`, at most `maxLines`. */
  wrap(text: string, width: number, style: TextStyle, maxLines?: number): string[] {
    return wrapToWidth(this.measure(style.size), latinPunctuation(text), width, maxLines);
  }

  /**
   * A wrapped paragraph at the cursor, breaking to a new page between lines when needed,
   * then `gapAfter` points of space.
   */
  paragraph(
    text: string,
    style: TextStyle,
    options: { indent?: number; gapAfter?: number } = {},
  ): void {
    const indent = options.indent ?? 0;
    const lineHeight = this.lineHeight(style.size);
    for (const line of this.wrap(text, this.width - indent, style)) {
      this.ensureSpace(lineHeight);
      this.text(line, this.left + indent, this.y, this.width - indent, style);
      this.y += lineHeight;
    }
    this.y += options.gapAfter ?? 0;
  }

  /** Moves the cursor down, never past the bottom of the page. */
  gap(height: number): void {
    this.y = Math.min(this.y + height, this.bottom);
  }
}

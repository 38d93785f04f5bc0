/**
 * Each fund's colour, line pattern and marker: one copy for the residents' pages (inline
 * SVG) and the published PDF (pdfkit), so a fund looks the same on a phone and on paper.
 * The colours keep a 4.5:1 contrast on white and differ in lightness; the dash patterns
 * and markers differ too, so the lines can be told apart in black-and-white print and
 * without colour vision. Pure data, importing nothing (see contract/vocabulary.ts).
 */

export type PaletteFund = 'operations' | 'events' | 'hardship';
export type FundMarker = 'circle' | 'square' | 'diamond';

export interface FundPaint {
  /** A CSS / PDF colour, "#rrggbb". */
  color: string;
  /** Dash and gap lengths for a line of `FUND_LINE_WIDTH`; empty for a solid line. */
  dash: readonly number[];
  marker: FundMarker;
}

/** The line width the dash lengths are drawn for (px on the page). */
export const FUND_LINE_WIDTH = 2.5;

export const FUND_PALETTE: Readonly<Record<PaletteFund, FundPaint>> = {
  operations: { color: '#1d5c8c', dash: [], marker: 'circle' },
  events: { color: '#b3471b', dash: [7, 3.5], marker: 'square' },
  hardship: { color: '#4f7322', dash: [2, 3.5], marker: 'diamond' },
};

/** A fund the palette does not know (added after it was written): grey, dash-dot. */
export const FUND_PAINT_FALLBACK: FundPaint = {
  color: '#555555',
  dash: [9, 3, 2, 3],
  marker: 'circle',
};

export function fundPaint(fund: string): FundPaint {
  return (FUND_PALETTE as Record<string, FundPaint>)[fund] ?? FUND_PAINT_FALLBACK;
}

/**
 * The dash pattern for a line `lineWidth` wide, scaled from the palette's so that a
 * thinner line (the PDF's) keeps the same look.
 *
 * @example fundDash('events', 1.25) // [3.5, 1.75]
 */
export function fundDash(fund: string, lineWidth: number): number[] {
  const scale = lineWidth / FUND_LINE_WIDTH;
  return fundPaint(fund).dash.map((length) => Math.round(length * scale * 100) / 100);
}

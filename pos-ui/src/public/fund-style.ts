import { FUND_LINE_WIDTH, fundDash, fundPaint } from '../../../contract/fund-palette.js';
import type { FundMarker } from '../../../contract/fund-palette.js';

/**
 * A fund's colour, SVG dash array and marker on the residents' pages: the palette the
 * published PDF draws with too (contract/fund-palette.ts).
 */
export function fundStyle(fund: string): { color: string; dash: string; marker: FundMarker } {
  const paint = fundPaint(fund);
  return {
    color: paint.color,
    dash: fundDash(fund, FUND_LINE_WIDTH).join(' '),
    marker: paint.marker,
  };
}

export { FUND_LINE_WIDTH };

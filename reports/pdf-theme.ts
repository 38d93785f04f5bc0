import { FUND_PALETTE } from '../contract/fund-palette.js';
import type { FundKey } from './statement-model.js';

/** Page geometry, type sizes and colours shared by every part of the statement PDF. */

/** A4 in PDF points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;

export const MARGIN_LEFT = 48;
export const MARGIN_RIGHT = 48;
/** Leaves room above the content for the running header of pages after the first. */
export const MARGIN_TOP = 54;
/** Leaves room below the content for the digest footer and the page number. */
export const MARGIN_BOTTOM = 70;

export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/**
 * Noto Sans SC's line box is about 1.45 em (ascent 1.16, descent 0.29), which also leaves
 * comfortable leading for Chinese.
 */
export const LINE_HEIGHT_EM = 1.45;

export const TYPE = {
  title: 18,
  subtitle: 9.5,
  heading: 12.5,
  subheading: 9.5,
  body: 9,
  table: 8.2,
  small: 7.5,
  footer: 6.8,
  figure: 13,
} as const;

export const COLOR = {
  ink: '#1f2933',
  muted: '#5b6673',
  rule: '#cfd6dd',
  headerFill: '#edf1f4',
  stripeFill: '#f8f9fa',
  accent: '#8a4b14',
  correctionBorder: '#c2410c',
  correctionFill: '#fff4ec',
  summaryFill: '#faf6f0',
  deficit: '#b42318',
  empty: '#e4e7eb',
} as const;

/** Each fund's colour: the residents' pages' palette (contract/fund-palette.ts). */
export const FUND_COLOR: Record<FundKey, string> = {
  operations: FUND_PALETTE.operations.color,
  events: FUND_PALETTE.events.color,
  hardship: FUND_PALETTE.hardship.color,
};

/** The order in which funds appear in legends and charts, whatever the model's order. */
export const FUND_ORDER: readonly FundKey[] = ['operations', 'events', 'hardship'];

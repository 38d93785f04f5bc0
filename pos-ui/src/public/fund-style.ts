import type { FundKey } from './api.js';

/**
 * One colour and one line pattern per fund, the same on every chart. The colours keep a
 * 4.5:1 contrast on white and differ in lightness, and the dashes differ too, so the
 * funds can be told apart without colour vision; the tables beside the charts carry the
 * figures in any case.
 */
export const FUND_STYLE: Record<
  FundKey,
  { color: string; dash: string; marker: 'circle' | 'square' | 'diamond' }
> = {
  operations: { color: '#1d5c8c', dash: '', marker: 'circle' },
  events: { color: '#b3471b', dash: '6 3', marker: 'square' },
  hardship: { color: '#4f7322', dash: '2 3', marker: 'diamond' },
};

const FALLBACK = { color: '#555555', dash: '', marker: 'circle' as const };

export function fundStyle(fund: string): (typeof FUND_STYLE)[FundKey] {
  return (FUND_STYLE as Record<string, (typeof FUND_STYLE)[FundKey]>)[fund] ?? FALLBACK;
}

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  axisLabel,
  axisLabelIndices,
  donutPaths,
  fittingLabelIndices,
  niceScale,
  yuanAxisLabel,
} from './chart-geometry.js';
import { FUND_PALETTE } from '../../../contract/fund-palette.js';
import { fundStyle } from './fund-style.js';
import { centreLines } from './xmf-donut.js';
import { parseRoute } from './router.js';

describe('chart geometry', () => {
  it('draws one closed path per non-zero slice', () => {
    const paths = donutPaths([50, 0, 50], 80, 80, 76, 46);
    expect(paths[0]).toMatch(/^M.*Z$/);
    expect(paths[1]).toBe('');
    expect(paths[2]).toMatch(/^M.*Z$/);
  });

  it('draws a whole ring as two halves', () => {
    expect(donutPaths([10], 80, 80, 76, 46)[0]!.match(/M/g)).toHaveLength(2);
  });

  it('labels at most seven months under the axis, always the last, never two crowded', () => {
    expect(axisLabelIndices(3)).toEqual([0, 1, 2]);
    expect(axisLabelIndices(12)).toEqual([0, 2, 4, 6, 8, 11]);
    expect(axisLabelIndices(13)).toEqual([0, 3, 6, 9, 12]);
  });

  it('picks round axis ticks from zero', () => {
    expect(niceScale(0, 12345, 4)).toEqual({ min: 0, max: 15000, ticks: [0, 5000, 10000, 15000] });
    expect(axisLabel(15000)).toBe('15,000');
    expect(yuanAxisLabel(15000)).toBe('¥15,000');
    expect(yuanAxisLabel(-500)).toBe('-¥500');
  });

  it('labels as many whole months as fit, always the first and the last', () => {
    // Two points far apart: both.
    expect(fittingLabelIndices(2, 200, 60)).toEqual([0, 1]);
    // Twelve points 20 px apart, labels 60 px wide: every fourth, and the last.
    expect(fittingLabelIndices(12, 20, 60)).toEqual([0, 4, 11]);
    // Room for every label.
    expect(fittingLabelIndices(4, 100, 60)).toEqual([0, 1, 2, 3]);
    expect(fittingLabelIndices(1, 100, 60)).toEqual([0]);
  });

  it('draws every fund in the palette the PDF uses, each with its own dash', () => {
    const styles = (['operations', 'events', 'hardship'] as const).map(fundStyle);
    expect(styles.map((style) => style.color)).toEqual(
      Object.values(FUND_PALETTE).map((paint) => paint.color),
    );
    expect(new Set(styles.map((style) => style.dash)).size).toBe(3);
    expect(fundStyle('new-fund').dash).not.toBe('');
  });

  it('wraps the donut caption by words so it stays inside the hole', () => {
    expect(centreLines('可分配结余', 16)).toEqual(['可分配结余']);
    expect(centreLines('Allocable surplus', 16)).toEqual(['Allocable', 'surplus']);
  });
});

describe('routes', () => {
  it.each([
    ['/', { name: 'list' }],
    ['/funds', { name: 'funds' }],
    ['/verify/', { name: 'verify' }],
    ['/statements/2025-03', { name: 'statement', period: '2025-03', version: undefined }],
    ['/statements/2025-03/versions/2', { name: 'statement', period: '2025-03', version: 2 }],
    ['/statements/2025-13', { name: 'not-found' }],
    ['/statements/2025-03.pdf', { name: 'not-found' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });
});

import { amountShares } from '../shared/money.js';

export interface HourBar {
  hour: string;
  total: string;
  count: number;
  /** Geometry in the chart's own units (viewBox), never a displayed figure. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export const CHART = { width: 640, height: 200, top: 16, bottom: 28, left: 8, right: 8 };

/**
 * Bars for the day's sales by hour: one slot per hour from the first to the last hour with
 * a sale (empty hours in between keep their place, so the shape of the day is true), each
 * bar as tall as its share of the busiest hour. Heights come from integer fen; the labels
 * are the server's strings.
 *
 * @example hourBars([{ hour: '07', count: 2, total: '30.00' }, { hour: '09', count: 1, total: '15.00' }]).length // 3
 */
export function hourBars(rows: { hour: string; count: number; total: string }[]): HourBar[] {
  if (rows.length === 0) return [];
  const hours = rows.map((row) => Number(row.hour));
  const first = Math.min(...hours);
  const last = Math.max(...hours);
  const slots = last - first + 1;
  const plot = CHART.height - CHART.top - CHART.bottom;
  const slot = (CHART.width - CHART.left - CHART.right) / slots;
  const bars: HourBar[] = [];
  const hourRows = Array.from({ length: slots }, (_, index) => {
    const hour = String(first + index).padStart(2, '0');
    return { hour, row: rows.find((item) => item.hour === hour) };
  });
  // Each hour's height is its share of the busiest hour's total.
  const shares = amountShares(hourRows.map(({ row }) => row?.total ?? '0.00'));
  for (const [index, { hour, row }] of hourRows.entries()) {
    const total = row?.total ?? '0.00';
    const height = Math.max(0, shares[index]!) * plot;
    bars.push({
      hour,
      total,
      count: row?.count ?? 0,
      x: CHART.left + index * slot + slot * 0.15,
      width: slot * 0.7,
      y: CHART.top + plot - height,
      height,
    });
  }
  return bars;
}

/**
 * Geometry for the inline SVG charts. Only positions and angles are numbers here; every
 * figure a reader sees is formatted from the API's strings.
 */

export interface Point {
  x: number;
  y: number;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function polar(cx: number, cy: number, radius: number, turn: number): Point {
  // A turn of 0 is twelve o'clock; slices run clockwise as on a clock face.
  const angle = turn * 2 * Math.PI - Math.PI / 2;
  return { x: round(cx + radius * Math.cos(angle)), y: round(cy + radius * Math.sin(angle)) };
}

/**
 * The `d` of each slice of a donut, in the order of `values`; a zero value gets an empty
 * path. A single slice that is the whole is drawn as two halves, since an SVG arc cannot
 * start and end at the same point.
 *
 * @example donutPaths([1, 1], 50, 50, 40, 24) // two half rings
 */
export function donutPaths(
  values: number[],
  cx: number,
  cy: number,
  outerRadius: number,
  innerRadius: number,
): string[] {
  const total = values.reduce((sum, value) => sum + Math.max(0, value), 0);
  if (total <= 0) return values.map(() => '');
  let start = 0;
  return values.map((raw) => {
    const value = Math.max(0, raw);
    if (value === 0) return '';
    const share = value / total;
    const end = start + share;
    const path =
      share >= 0.9999
        ? ringSegment(cx, cy, outerRadius, innerRadius, 0, 0.5) +
          ringSegment(cx, cy, outerRadius, innerRadius, 0.5, 1)
        : ringSegment(cx, cy, outerRadius, innerRadius, start, end);
    start = end;
    return path;
  });
}

function ringSegment(
  cx: number,
  cy: number,
  outer: number,
  inner: number,
  startTurn: number,
  endTurn: number,
): string {
  const large = endTurn - startTurn > 0.5 ? 1 : 0;
  const a = polar(cx, cy, outer, startTurn);
  const b = polar(cx, cy, outer, endTurn);
  const c = polar(cx, cy, inner, endTurn);
  const d = polar(cx, cy, inner, startTurn);
  return (
    `M${a.x} ${a.y}A${outer} ${outer} 0 ${large} 1 ${b.x} ${b.y}` +
    `L${c.x} ${c.y}A${inner} ${inner} 0 ${large} 0 ${d.x} ${d.y}Z`
  );
}

/**
 * Round axis bounds and ticks that cover `min`..`max`, starting at zero when every value
 * is positive so that a bar of half the height means half the money.
 *
 * @example niceScale(0, 12345, 4) // { min: 0, max: 15000, ticks: [0, 5000, 10000, 15000] }
 */
export function niceScale(
  min: number,
  max: number,
  tickCount: number,
): { min: number; max: number; ticks: number[] } {
  const low = Math.min(0, min);
  const high = Math.max(low + 1, max);
  const rough = (high - low) / Math.max(1, tickCount - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10]
      .map((factor) => factor * magnitude)
      .find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let tick = start; tick <= end + step / 2; tick += step) ticks.push(round(tick));
  return { min: start, max: end, ticks };
}

/** An SVG path through the points. */
export function linePath(points: Point[]): string {
  return points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${round(point.x)} ${round(point.y)}`)
    .join('');
}

/** An axis label for a round number of yuan: 15000 → "15,000", 2500 → "2,500". */
export function axisLabel(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An axis label with its unit: 15000 → "¥15,000", -500 → "-¥500". */
export function yuanAxisLabel(value: number): string {
  const text = axisLabel(value);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/**
 * Which months get a label under the axis: all up to six, then evenly spaced ones, always
 * the last, and never two so close that they overlap.
 */
export function axisLabelIndices(count: number): number[] {
  if (count <= 6) return Array.from({ length: count }, (_, index) => index);
  return everyNthIndex(count, Math.ceil(count / 6));
}

/**
 * Labels for `count` evenly spaced points `spacing` px apart, each label `labelWidth` px
 * wide: every point whose label fits, always the first and the last, never two labels
 * closer than a label's width plus a gap.
 *
 * @example fittingLabelIndices(12, 20, 60) // [0, 4, 11]
 */
export function fittingLabelIndices(count: number, spacing: number, labelWidth: number): number[] {
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil((labelWidth + 8) / Math.max(1, spacing)));
  if (count > 1 && every >= count) return [count - 1];
  return everyNthIndex(count, every);
}

function everyNthIndex(count: number, every: number): number[] {
  const indices: number[] = [];
  for (let index = 0; index < count; index += every) indices.push(index);
  const last = count - 1;
  if (indices[indices.length - 1] !== last) {
    if (last - indices[indices.length - 1]! < every) indices.pop();
    indices.push(last);
  }
  return indices;
}

/**
 * About how wide `text` is at `fontSize` px in a sans-serif face: Chinese characters a
 * full em, everything else about 0.62 em. Used only to keep axis labels apart.
 */
export function textWidthEstimate(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += /[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 1 : 0.62;
  return ems * fontSize;
}

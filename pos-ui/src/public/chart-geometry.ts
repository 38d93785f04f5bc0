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

/**
 * Which months get a label under the axis: all up to six, then evenly spaced ones, always
 * the last, and never two so close that they overlap.
 */
export function axisLabelIndices(count: number): number[] {
  if (count <= 6) return Array.from({ length: count }, (_, index) => index);
  const every = Math.ceil(count / 6);
  const indices: number[] = [];
  for (let index = 0; index < count; index += every) indices.push(index);
  const last = count - 1;
  if (indices[indices.length - 1] !== last) {
    if (last - indices[indices.length - 1]! < every) indices.pop();
    indices.push(last);
  }
  return indices;
}

import { fundDash, fundPaint, type FundMarker } from '../contract/fund-palette.js';
import type { PdfFlow } from './pdf-flow.js';
import { COLOR, TYPE } from './pdf-theme.js';

/**
 * Vector charts drawn with pdfkit paths, so they stay sharp when a resident zooms in and
 * cost a few hundred bytes instead of an image. Values here are geometry (angles,
 * heights), derived from amounts only to place ink on the page; every figure a reader
 * sees is printed from the model's strings elsewhere.
 */

export interface DonutSlice {
  value: number;
  color: string;
}

export interface DonutOptions {
  cx: number;
  cy: number;
  outerRadius: number;
  innerRadius: number;
  slices: DonutSlice[];
}

/** Fixed precision keeps the path text, and so the PDF bytes, identical across runs. */
function coordinate(value: number): string {
  return value.toFixed(3);
}

function pointAt(cx: number, cy: number, radius: number, angle: number): string {
  return `${coordinate(cx + radius * Math.cos(angle))} ${coordinate(cy + radius * Math.sin(angle))}`;
}

/**
 * An arc as SVG commands from `from` to `to` (radians, clockwise on the page), split into
 * quarter turns so that a slice of the whole circle is still a well-defined path.
 */
function arc(cx: number, cy: number, radius: number, from: number, to: number): string {
  const steps = Math.max(1, Math.ceil(Math.abs(to - from) / (Math.PI / 2)));
  const sweep = to >= from ? 1 : 0;
  let commands = '';
  for (let step = 1; step <= steps; step += 1) {
    const angle = from + ((to - from) * step) / steps;
    commands += ` A ${coordinate(radius)} ${coordinate(radius)} 0 0 ${sweep} ${pointAt(cx, cy, radius, angle)}`;
  }
  return commands;
}

/**
 * A donut chart starting at twelve o'clock, slices clockwise in the given order. With
 * nothing to show (all values zero) it draws an empty grey ring.
 */
export function drawDonut(flow: PdfFlow, options: DonutOptions): void {
  const { doc } = flow;
  const { cx, cy, outerRadius, innerRadius } = options;
  const total = options.slices.reduce((sum, slice) => sum + Math.max(0, slice.value), 0);
  if (!(total > 0)) {
    doc.circle(cx, cy, outerRadius).circle(cx, cy, innerRadius).fill(COLOR.empty, 'even-odd');
    return;
  }
  let start = -Math.PI / 2;
  for (const slice of options.slices) {
    if (!(slice.value > 0)) continue;
    const end = start + (2 * Math.PI * slice.value) / total;
    const path =
      `M ${pointAt(cx, cy, outerRadius, start)}` +
      arc(cx, cy, outerRadius, start, end) +
      ` L ${pointAt(cx, cy, innerRadius, end)}` +
      arc(cx, cy, innerRadius, end, start) +
      ' Z';
    doc.path(path).lineWidth(1).fillAndStroke(slice.color, '#ffffff');
    start = end;
  }
}

export interface LegendItem {
  label: string;
  /** A fund key: its colour, dash and marker come from the shared palette. */
  fund: string;
}

/** The line width of a fund's line in the PDF (pt); dashes scale from the palette's. */
export const PDF_SERIES_LINE_WIDTH = 1.6;

/**
 * A key per fund — a short stretch of its line, dashed as in the chart, with its marker —
 * and its label, in a row; returns the height used.
 */
export function drawLegend(
  flow: PdfFlow,
  x: number,
  y: number,
  width: number,
  items: LegendItem[],
): number {
  const size = TYPE.small;
  const slot = width / Math.max(1, items.length);
  const keyWidth = 26;
  items.forEach((item, index) => {
    const left = x + index * slot;
    const middle = y + flow.lineHeight(size) / 2;
    strokeSeries(flow, item.fund, () =>
      flow.doc.moveTo(left, middle).lineTo(left + keyWidth, middle),
    );
    drawMarker(flow, left + keyWidth / 2, middle, item.fund);
    flow.text(item.label, left + keyWidth + 5, y, slot - keyWidth - 9, {
      size,
      color: COLOR.ink,
    });
  });
  return flow.lineHeight(size);
}

/** Strokes the path `draw` builds in the fund's colour and dash pattern. */
function strokeSeries(flow: PdfFlow, fund: string, draw: () => void): void {
  const { doc } = flow;
  const dash = fundDash(fund, PDF_SERIES_LINE_WIDTH);
  draw();
  doc.lineWidth(PDF_SERIES_LINE_WIDTH).lineJoin('round').lineCap('butt');
  if (dash.length > 0) doc.dash(dash[0]!, { space: dash[1] ?? dash[0]! });
  doc.strokeColor(fundPaint(fund).color).stroke();
  doc.undash();
}

function drawMarker(flow: PdfFlow, x: number, y: number, fund: string): void {
  const { doc } = flow;
  const paint = fundPaint(fund);
  const shape: FundMarker = paint.marker;
  const r = 2.4;
  if (shape === 'square') doc.rect(x - r, y - r, 2 * r, 2 * r);
  else if (shape === 'diamond')
    doc
      .moveTo(x, y - r * 1.3)
      .lineTo(x + r * 1.3, y)
      .lineTo(x, y + r * 1.3)
      .lineTo(x - r * 1.3, y)
      .closePath();
  else doc.circle(x, y, r);
  doc.lineWidth(0.6).fillAndStroke(paint.color, '#ffffff');
}

export interface LineSeries {
  /** A fund key: colour, dash and marker from the shared palette. */
  fund: string;
  /** One value per label; null where the series has no point. */
  values: (number | null)[];
}

export interface LineChartOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  /** One label per point on the horizontal axis (a whole month: 2026年1月 / Jan 2026). */
  labels: string[];
  series: LineSeries[];
}

/** Round tick steps (1, 2, 2.5, 5 × 10ⁿ) covering the data and zero. */
function niceTicks(minimum: number, maximum: number): number[] {
  let low = Math.min(0, minimum);
  let high = Math.max(0, maximum);
  if (high - low < 1) high = low + 1;
  const rough = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const step =
    magnitude *
    (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(Number(tick.toFixed(6)));
  return ticks;
}

/** An axis label with its unit: "¥15,000" (axis ticks are round, not money figures). */
function tickLabel(value: number): string {
  const text = plainTickLabel(value);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

function plainTickLabel(value: number): string {
  const text =
    Math.abs(value) >= 10 || Number.isInteger(value)
      ? Math.round(value).toFixed(0)
      : value.toFixed(1);
  const [whole = '0', fraction] = text.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${text.startsWith('-') ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A line chart with a value axis on the left and one label per point below. */
export function drawLineChart(flow: PdfFlow, options: LineChartOptions): void {
  const { doc } = flow;
  const size = TYPE.small;
  const lineHeight = flow.lineHeight(size);
  const values = options.series.flatMap((series) =>
    series.values.filter((v): v is number => v !== null),
  );
  const ticks = niceTicks(Math.min(...values, 0), Math.max(...values, 0));
  const axisWidth = Math.max(...ticks.map((tick) => flow.measure(size)(tickLabel(tick)))) + 10;
  const plotLeft = options.x + axisWidth;
  const plotRight = options.x + options.width - 6;
  const plotTop = options.y + lineHeight / 2;
  const plotBottom = options.y + options.height - lineHeight - 4;
  const low = ticks[0]!;
  const high = ticks[ticks.length - 1]!;
  const yOf = (value: number): number =>
    plotBottom - ((value - low) / (high - low)) * (plotBottom - plotTop);
  const count = options.labels.length;
  const inset = 12;
  const xOf = (index: number): number =>
    count <= 1
      ? (plotLeft + plotRight) / 2
      : plotLeft + inset + (index * (plotRight - plotLeft - 2 * inset)) / (count - 1);

  for (const tick of ticks) {
    const y = yOf(tick);
    doc
      .moveTo(plotLeft, y)
      .lineTo(plotRight, y)
      .lineWidth(tick === 0 ? 0.8 : 0.3)
      .strokeColor(tick === 0 ? COLOR.muted : COLOR.rule)
      .stroke();
    flow.text(
      tickLabel(tick),
      options.x,
      y - lineHeight / 2,
      axisWidth - 6,
      { size, color: COLOR.muted },
      'right',
    );
  }

  // As many whole-month labels as fit side by side, always the first and the last.
  const spacing =
    count <= 1 ? plotRight - plotLeft : (plotRight - plotLeft - 2 * inset) / (count - 1);
  const labelWidth = Math.max(...options.labels.map((label) => flow.measure(size)(label))) + 6;
  const every = Math.max(1, Math.ceil(labelWidth / Math.max(1, spacing)));
  const shown = new Set<number>();
  for (let index = 0; index < count; index += every) shown.add(index);
  if (count > 0 && !shown.has(count - 1)) {
    const previous = Math.max(...shown);
    if (count - 1 - previous < every) shown.delete(previous);
    shown.add(count - 1);
  }
  options.labels.forEach((label, index) => {
    if (!shown.has(index)) return;
    // Centred on its point, but never past the chart's edges.
    const left = Math.min(
      Math.max(xOf(index) - labelWidth / 2, options.x),
      options.x + options.width - labelWidth,
    );
    const style = { size, color: COLOR.muted };
    flow.text(label, left, plotBottom + 3, labelWidth, style, 'center');
  });

  for (const series of options.series) {
    if (!series.values.some((value) => value !== null)) continue;
    strokeSeries(flow, series.fund, () => {
      let drawing = false;
      series.values.forEach((value, index) => {
        if (value === null) {
          drawing = false;
          return;
        }
        if (drawing) doc.lineTo(xOf(index), yOf(value));
        else doc.moveTo(xOf(index), yOf(value));
        drawing = true;
      });
    });
    series.values.forEach((value, index) => {
      if (value !== null) drawMarker(flow, xOf(index), yOf(value), series.fund);
    });
  }
}

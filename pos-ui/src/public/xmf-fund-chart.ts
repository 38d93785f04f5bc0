import { html, svg, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  fittingLabelIndices,
  linePath,
  niceScale,
  textWidthEstimate,
  yuanAxisLabel,
  type Point,
} from './chart-geometry.js';
import { formatPeriodCompact } from './period-format.js';
import { FUND_LINE_WIDTH, fundStyle } from './fund-style.js';
import { PUBLIC_MESSAGES } from './messages.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { shareBetween, wholeYuanRange } from '../shared/money.js';

export interface FundSeries {
  fund: string;
  label: string;
  /** Closing balances as decimal strings, one per period. */
  closings: string[];
}

/** Drawn in CSS pixels (the SVG is as wide as the page gives it), so text stays this size. */
const TICK_FONT = 12;
const DEFAULT_WIDTH = 360;
const MIN_WIDTH = 240;
const MAX_WIDTH = 640;
const HEIGHT = 230;
const PLOT = { right: 14, top: 26, bottom: 28 };

/**
 * Fund balances over months as a line chart in inline SVG, one line per fund with its
 * own colour, dash and marker (the same as the PDF's), and a legend in text. The SVG is
 * drawn at the width it is shown, so its labels keep a readable size on a 320 px phone
 * and on a desktop. Money ticks carry ¥, months are written in full (2026年1月 / Jan
 * 2026), as many as fit. It is one image to assistive technology, described by `label`;
 * the page shows the same figures in a table.
 */
@customElement('xmf-fund-chart')
export class XmfFundChart extends LightElement {
  @property({ attribute: false }) periods: string[] = [];
  @property({ attribute: false }) series: FundSeries[] = [];
  @property() label = '';
  @state() private width = DEFAULT_WIDTH;

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);
  private resizeObserver: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width ?? 0;
      if (measured <= 0) return;
      const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
      if (Math.abs(width - this.width) >= 2) this.width = width;
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    super.disconnectedCallback();
  }

  override render() {
    const lang = this.i18n.lang;
    const t = this.i18n.t;
    const count = this.periods.length;
    if (count === 0) return nothing;
    const width = this.width;
    // The axis is in whole yuan; a point's place on it is worked out on fen.
    const range = wholeYuanRange(this.series.flatMap((line) => line.closings));
    const scale = niceScale(range.low, range.high, 5);
    const tickTexts = scale.ticks.map((tick) => yuanAxisLabel(tick));
    const left =
      Math.ceil(Math.max(...tickTexts.map((text) => textWidthEstimate(text, TICK_FONT)))) + 10;
    const plotWidth = width - left - PLOT.right;
    const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
    // Room at both ends for the first and last month's label, centred on its point.
    const monthTexts = this.periods.map((period) => formatPeriodCompact(period, lang));
    const labelWidth = Math.max(...monthTexts.map((text) => textWidthEstimate(text, TICK_FONT)));
    const inset =
      count === 1 ? 0 : Math.min(plotWidth / 4, Math.max(8, labelWidth / 2 - PLOT.right + 2));
    const x = (index: number) =>
      left +
      (count === 1 ? plotWidth / 2 : inset + (index * (plotWidth - 2 * inset)) / (count - 1));
    const y = (tick: number) =>
      PLOT.top + plotHeight - ((tick - scale.min) / (scale.max - scale.min || 1)) * plotHeight;
    const yOf = (amount: string) =>
      PLOT.top + plotHeight - shareBetween(amount, scale.min, scale.max) * plotHeight;
    const spacing = count === 1 ? plotWidth : (plotWidth - 2 * inset) / (count - 1);
    const labelled = fittingLabelIndices(count, spacing, labelWidth);

    return html`<figure class="chart">
      <svg
        role="img"
        aria-label=${this.label}
        viewBox="0 0 ${width} ${HEIGHT}"
        class="line-chart"
        data-width=${width}
      >
        <text x="0" y="12" class="axis-title">${t.chartBalanceAxis}</text>
        ${scale.ticks.map(
          (tick, index) =>
            svg`<line x1=${left} x2=${width - PLOT.right} y1=${y(tick)} y2=${y(tick)}
              class=${tick === 0 ? 'axis' : 'grid'}></line>
            <text x=${left - 6} y=${y(tick) + 4} text-anchor="end" class="tick">${tickTexts[index]}</text>`,
        )}
        ${labelled.map(
          (index) =>
            svg`<text x=${x(index)} y=${HEIGHT - PLOT.bottom + 18} text-anchor="middle" class="tick month">${monthTexts[index]}</text>`,
        )}
        ${this.series.map((line) => {
          const style = fundStyle(line.fund);
          const points: Point[] = line.closings.map((closing, index) => ({
            x: x(index),
            y: yOf(closing),
          }));
          return svg`<g data-fund=${line.fund}>
            <path class="series" data-fund=${line.fund} d=${linePath(points)} fill="none" stroke=${style.color}
              stroke-width=${FUND_LINE_WIDTH} stroke-dasharray=${style.dash || 'none'} stroke-linejoin="round"></path>
            ${points.map((point) => marker(point, style.marker, style.color))}
          </g>`;
        })}
      </svg>
      <figcaption class="legend">
        <ul>
          ${this.series.map((line) => {
            const style = fundStyle(line.fund);
            return html`<li data-fund=${line.fund}>
              <svg class="legend-key" viewBox="0 0 34 12" width="34" height="12" aria-hidden="true">
                <line
                  x1="1"
                  x2="33"
                  y1="6"
                  y2="6"
                  stroke=${style.color}
                  stroke-width=${FUND_LINE_WIDTH}
                  stroke-dasharray=${style.dash || 'none'}
                ></line>
                ${marker({ x: 17, y: 6 }, style.marker, style.color)}
              </svg>
              ${line.label}
            </li>`;
          })}
        </ul>
      </figcaption>
    </figure>`;
  }
}

function marker(point: Point, shape: 'circle' | 'square' | 'diamond', color: string) {
  if (shape === 'square') {
    return svg`<rect x=${point.x - 3.5} y=${point.y - 3.5} width="7" height="7" fill=${color}></rect>`;
  }
  if (shape === 'diamond') {
    const d = `M${point.x} ${point.y - 4.5}L${point.x + 4.5} ${point.y}L${point.x} ${point.y + 4.5}L${point.x - 4.5} ${point.y}Z`;
    return svg`<path d=${d} fill=${color}></path>`;
  }
  return svg`<circle cx=${point.x} cy=${point.y} r="3.5" fill=${color}></circle>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-fund-chart': XmfFundChart;
  }
}

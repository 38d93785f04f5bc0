import { html, svg, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { axisLabel, axisLabelIndices, linePath, niceScale, type Point } from './chart-geometry.js';
import { formatPeriodShort } from '../shared/date.js';
import { fundStyle } from './fund-style.js';
import { PUBLIC_MESSAGES } from './messages.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { amountForGeometry } from '../shared/money.js';

export interface FundSeries {
  fund: string;
  label: string;
  /** Closing balances as decimal strings, one per period. */
  closings: string[];
}

const WIDTH = 360;
const HEIGHT = 220;
const PLOT = { left: 52, right: 18, top: 12, bottom: 40 };

/**
 * Fund balances over months as a line chart in inline SVG, one line per fund with its
 * own colour, dash and marker, and a legend in text. It is one image to assistive
 * technology, described by `label`; the page shows the same figures in a table.
 */
@customElement('xmf-fund-chart')
export class XmfFundChart extends LightElement {
  @property({ attribute: false }) periods: string[] = [];
  @property({ attribute: false }) series: FundSeries[] = [];
  @property() label = '';

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);

  override render() {
    const lang = this.i18n.lang;
    const count = this.periods.length;
    if (count === 0) return nothing;
    const values = this.series.flatMap((line) => line.closings.map(amountForGeometry));
    const scale = niceScale(Math.min(...values), Math.max(...values), 5);
    const plotWidth = WIDTH - PLOT.left - PLOT.right;
    const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
    const x = (index: number) =>
      PLOT.left + (count === 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1));
    const y = (value: number) =>
      PLOT.top + plotHeight - ((value - scale.min) / (scale.max - scale.min || 1)) * plotHeight;
    const labelled = axisLabelIndices(count);

    return html`<figure class="chart">
      <svg role="img" aria-label=${this.label} viewBox="0 0 ${WIDTH} ${HEIGHT}" class="line-chart">
        ${scale.ticks.map(
          (tick) =>
            svg`<line x1=${PLOT.left} x2=${WIDTH - PLOT.right} y1=${y(tick)} y2=${y(tick)}
              class=${tick === 0 ? 'axis' : 'grid'}></line>
            <text x=${PLOT.left - 6} y=${y(tick) + 4} text-anchor="end" class="tick">${axisLabel(tick)}</text>`,
        )}
        ${labelled.map((index, position) => {
          const period = this.periods[index]!;
          // The year goes under the first label and wherever it changes.
          const previous = position === 0 ? undefined : this.periods[labelled[position - 1]!];
          const showYear = previous === undefined || previous.slice(0, 4) !== period.slice(0, 4);
          return svg`<text x=${x(index)} y=${HEIGHT - PLOT.bottom + 16} text-anchor="middle" class="tick">${formatPeriodShort(period, lang)}</text>
            ${showYear ? svg`<text x=${x(index)} y=${HEIGHT - PLOT.bottom + 31} text-anchor="middle" class="tick year">${period.slice(0, 4)}</text>` : nothing}`;
        })}
        ${this.series.map((line) => {
          const style = fundStyle(line.fund);
          const points: Point[] = line.closings.map((closing, index) => ({
            x: x(index),
            y: y(amountForGeometry(closing)),
          }));
          return svg`<g>
            <path class="series" d=${linePath(points)} fill="none" stroke=${style.color} stroke-width="2.5"
              stroke-dasharray=${style.dash || 'none'} stroke-linejoin="round"></path>
            ${points.map((point) => marker(point, style.marker, style.color))}
          </g>`;
        })}
      </svg>
      <figcaption class="legend">
        <ul>
          ${this.series.map((line) => {
            const style = fundStyle(line.fund);
            return html`<li>
              <svg class="legend-key" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">
                <line
                  x1="1"
                  x2="27"
                  y1="6"
                  y2="6"
                  stroke=${style.color}
                  stroke-width="2.5"
                  stroke-dasharray=${style.dash || 'none'}
                ></line>
                ${marker({ x: 14, y: 6 }, style.marker, style.color)}
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

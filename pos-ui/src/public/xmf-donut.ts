import { html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { donutPaths } from './chart-geometry.js';
import { LightElement } from '../shared/light-element.js';
import { amountForGeometry } from '../shared/money.js';

export interface DonutSlice {
  key: string;
  color: string;
  /** Decimal string; only its size is used, for the angle. */
  amount: string;
}

const SIZE = 160;
const OUTER = 76;
const INNER = 46;

/**
 * A donut chart as inline SVG. It is one image to assistive technology, described by
 * `label`; the figures themselves stand in a table beside it.
 */
@customElement('xmf-donut')
export class XmfDonut extends LightElement {
  @property({ attribute: false }) slices: DonutSlice[] = [];
  @property() label = '';
  /** Short text in the hole, e.g. the total. */
  @property() centerTop = '';
  @property() centerBottom = '';

  override render() {
    const center = SIZE / 2;
    const paths = donutPaths(
      this.slices.map((slice) => amountForGeometry(slice.amount)),
      center,
      center,
      OUTER,
      INNER,
    );
    return html`<svg
      class="donut"
      role="img"
      aria-label=${this.label}
      viewBox="0 0 ${SIZE} ${SIZE}"
      width=${SIZE}
      height=${SIZE}
    >
      <circle
        cx=${center}
        cy=${center}
        r=${(OUTER + INNER) / 2}
        fill="none"
        stroke="#e8e2da"
        stroke-width=${OUTER - INNER}
      ></circle>
      ${this.slices.map((slice, index) =>
        paths[index]
          ? svg`<path d=${paths[index]} fill=${slice.color} stroke="#fff" stroke-width="1.5"></path>`
          : svg``,
      )}
      <text x=${center} y=${center - 4} text-anchor="middle" class="donut-top">
        ${this.centerTop}
      </text>
      <text x=${center} y=${center + 14} text-anchor="middle" class="donut-bottom">
        ${this.centerBottom}
      </text>
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-donut': XmfDonut;
  }
}

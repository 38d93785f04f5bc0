import { html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { donutPaths, textWidthEstimate } from './chart-geometry.js';
import { LightElement } from '../shared/light-element.js';
import { amountShares } from '../shared/money.js';

export interface DonutSlice {
  key: string;
  color: string;
  /** Decimal string; only its size is used, for the angle. */
  amount: string;
}

/** Drawn in CSS pixels (.donut is 12rem), so the centre text is the size CSS gives it. */
const SIZE = 192;
const OUTER = 92;
const INNER = 60;
const TOP_FONT = 15;
const BOTTOM_FONT = 12;

/** The width of the hole at `dy` px above or below its centre, less a margin. */
function chordAt(dy: number): number {
  return 2 * Math.sqrt(Math.max(0, INNER * INNER - dy * dy)) - 8;
}

/**
 * The caption under the total, in as many lines as it needs to stay inside the hole:
 * words are kept whole (a Chinese caption is short enough for one line).
 */
export function centreLines(text: string, firstLineAt: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    const dy = firstLineAt + lines.length * (BOTTOM_FONT + 2);
    if (line && textWidthEstimate(candidate, BOTTOM_FONT) > chordAt(dy)) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

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
      amountShares(this.slices.map((slice) => slice.amount)),
      center,
      center,
      OUTER,
      INNER,
    );
    // A long total shrinks (bold digits run about 0.7 em), never below the caption's size.
    const topWidth = textWidthEstimate(this.centerTop, TOP_FONT) * 1.12;
    const topSize = Math.max(
      BOTTOM_FONT,
      Math.min(TOP_FONT, Math.floor((TOP_FONT * chordAt(8)) / Math.max(1, topWidth))),
    );
    const bottomLines = centreLines(this.centerBottom, 16);
    return html`<svg
      class="donut"
      role="img"
      aria-label=${this.label}
      viewBox="0 0 ${SIZE} ${SIZE}"
      data-inner=${INNER}
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
      <text
        x=${center}
        y=${center - 2 - (bottomLines.length - 1) * 7}
        text-anchor="middle"
        class="donut-top"
        style=${topSize < TOP_FONT ? `font-size:${topSize}px` : ''}
      >
        ${this.centerTop}
      </text>
      ${bottomLines.map(
        (line, index) =>
          svg`<text x=${center} y=${center + 16 + index * (BOTTOM_FONT + 2) - (bottomLines.length - 1) * 7}
            text-anchor="middle" class="donut-bottom">${line}</text>`,
      )}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-donut': XmfDonut;
  }
}

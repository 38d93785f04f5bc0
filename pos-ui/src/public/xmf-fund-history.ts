import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fetchFundHistory } from './api.js';
import type { FundHistoryResponse } from './api.js';
import { historyFigure } from './history-figure.js';
import { LoadController } from '../shared/load-controller.js';
import { PUBLIC_MESSAGES } from './messages.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { syncScrollHints, watchScrollHints } from './scroll-hints.js';

/** Each fund's closing balance at the end of every published month: a chart and a table. */
@customElement('xmf-fund-history')
export class XmfFundHistory extends LightElement {
  /** Set directly (tests) or loaded from the public API when the page opens. */
  @property({ attribute: false }) data: FundHistoryResponse | undefined;

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);
  private readonly funds = new LoadController(this, fetchFundHistory, {
    initial: () => this.data,
  });

  private stopHints: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopHints = watchScrollHints(this);
  }

  override disconnectedCallback(): void {
    this.stopHints?.();
    super.disconnectedCallback();
  }

  protected override updated(): void {
    syncScrollHints(this);
    const t = this.i18n.t;
    document.title = `${t.fundsTitle} · ${t.siteName}`;
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    const body = this.funds.render(t, (data) => {
      if (data.history.length === 0) return html`<p>${t.fundsEmpty}</p>`;
      const history = data.history;
      // The latest month names the funds; a fund added later still gets its own line.
      const funds = new Map<string, string>();
      for (const month of [...history].reverse()) {
        for (const fund of month.funds) {
          if (!funds.has(fund.fund)) funds.set(fund.fund, localName(fund, lang));
        }
      }
      return historyFigure(
        history.map((month) => ({ period: month.period, closings: month.funds })),
        [...funds].map(([fund, label]) => ({ fund, label })),
        t,
        lang,
        'fund-history',
      );
    });
    return html`<div class="page">
      <h1>${t.fundsTitle}</h1>
      <p class="intro">${t.fundsIntro}</p>
      ${body}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-fund-history': XmfFundHistory;
  }
}

import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fetchFundHistory } from './api-client.js';
import type { FundHistoryResponse } from './api-types.js';
import { historyFigure } from './history-figure.js';
import { LangController } from './lang-controller.js';
import { localName } from './lang-state.js';
import { LightElement } from './light-element.js';

/** Each fund's closing balance at the end of every published month: a chart and a table. */
@customElement('xmf-fund-history')
export class XmfFundHistory extends LightElement {
  /** Set directly (tests) or loaded from the public API when the page opens. */
  @property({ attribute: false }) data: FundHistoryResponse | undefined;
  @state() private failed = false;

  private readonly i18n = new LangController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.data) void this.load();
  }

  private async load(): Promise<void> {
    this.failed = false;
    try {
      this.data = await fetchFundHistory();
    } catch {
      this.failed = true;
    }
  }

  protected override updated(): void {
    const t = this.i18n.t;
    document.title = `${t.fundsTitle} · ${t.siteName}`;
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    let body;
    if (this.failed) {
      body = html`<p role="alert">${t.loadError}</p>
        <button type="button" @click=${() => void this.load()}>${t.retry}</button>`;
    } else if (!this.data) {
      body = html`<p class="loading" role="status">${t.loading}</p>`;
    } else if (this.data.history.length === 0) {
      body = html`<p>${t.fundsEmpty}</p>`;
    } else {
      const history = this.data.history;
      // The latest month names the funds; a fund added later still gets its own line.
      const funds = new Map<string, string>();
      for (const month of [...history].reverse()) {
        for (const fund of month.funds) {
          if (!funds.has(fund.fund)) funds.set(fund.fund, localName(fund, lang));
        }
      }
      body = historyFigure(
        history.map((month) => ({ period: month.period, closings: month.funds })),
        [...funds].map(([fund, label]) => ({ fund, label })),
        t,
        lang,
        'fund-history',
      );
    }
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

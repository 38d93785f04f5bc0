import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fetchStatementList } from './api-client.js';
import type { StatementListResponse, StatementSummary } from './api-types.js';
import { formatPeriod, formatTimestamp } from './date-format.js';
import { fundStyle } from './fund-style.js';
import { LangController } from './lang-controller.js';
import { localName, type Lang } from './lang-state.js';
import { LightElement } from './light-element.js';
import type { Messages } from './messages.js';
import { absoluteAmount, formatAmount, formatYuan, isNegativeAmount } from './money-format.js';
import { statementPath } from './router.js';

/**
 * The home page: the promise, each fund's balance at the end of the latest published
 * month, and every published statement, newest first, with earlier versions beneath.
 */
@customElement('xmf-statement-list')
export class XmfStatementList extends LightElement {
  /** Set directly (tests) or loaded from the public API when the page opens. */
  @property({ attribute: false }) data: StatementListResponse | undefined;
  @state() private failed = false;

  private readonly i18n = new LangController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.data) void this.load();
  }

  private async load(): Promise<void> {
    this.failed = false;
    try {
      this.data = await fetchStatementList();
    } catch {
      this.failed = true;
    }
  }

  protected override updated(): void {
    const t = this.i18n.t;
    document.title = `${t.listTitle} · ${t.siteName}`;
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    return html`<div class="page">
      <h1>${t.listTitle}</h1>
      <p class="intro">${t.promise}</p>
      ${
        this.failed
          ? html`<p role="alert">${t.loadError}</p>
              <button type="button" @click=${() => void this.load()}>${t.retry}</button>`
          : !this.data
            ? html`<p class="loading" role="status">${t.loading}</p>`
            : this.renderData(this.data.statements, t, lang)
      }
    </div>`;
  }

  private renderData(statements: StatementSummary[], t: Messages, lang: Lang) {
    const periods = [...new Set(statements.map((statement) => statement.period))];
    const latest = statements.find((statement) => statement.current);
    return html`${latest ? this.renderBalances(latest, t, lang) : nothing}
      <section aria-labelledby="h-statements">
        <h2 id="h-statements">${t.statementsHeading}</h2>
        ${
          periods.length === 0
            ? html`<p>${t.noStatements}</p>`
            : html`<ul class="statement-list">
                ${periods.map((period) => {
                  const versions = statements.filter((statement) => statement.period === period);
                  return this.renderMonth(versions, t, lang);
                })}
              </ul>`
        }
      </section>`;
  }

  private renderBalances(latest: StatementSummary, t: Messages, lang: Lang) {
    const month = formatPeriod(latest.period, lang);
    return html`<section aria-labelledby="h-balances" class="balances">
      <h2 id="h-balances">${t.balancesHeading}</h2>
      <p class="as-of">${t.balancesAsOf(month)}</p>
      <table data-table="balances">
        <caption class="visually-hidden">
          ${t.balancesCaption(month)}
        </caption>
        <thead class="visually-hidden">
          <tr>
            <th scope="col">${t.fund}</th>
            <th scope="col">${t.closing}</th>
          </tr>
        </thead>
        <tbody>
          ${latest.funds.map(
            (fund) =>
              html`<tr data-fund=${fund.fund}>
                <th scope="row">
                  <span class="swatch" style="background:${fundStyle(fund.fund).color}"></span>
                  ${localName(fund, lang)}
                </th>
                <td class="num big">${formatYuan(fund.closing)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p><a href="/funds">${t.balancesOverTime} →</a></p>
    </section>`;
  }

  private renderMonth(versions: StatementSummary[], t: Messages, lang: Lang) {
    const current = versions.find((version) => version.current) ?? versions[0]!;
    const earlier = versions.filter((version) => version !== current);
    const deficit = isNegativeAmount(current.surplus);
    return html`<li class="statement-card" data-period=${current.period}>
      <h3>
        <a href=${statementPath(current.period)}>${formatPeriod(current.period, lang)}</a>
      </h3>
      <p class="card-figure ${deficit ? 'deficit' : 'surplus'}">
        ${deficit ? t.deficit : t.surplus}
        <strong>${formatYuan(deficit ? absoluteAmount(current.surplus) : current.surplus)}</strong>
      </p>
      <table class="card-funds">
        <caption class="visually-hidden">
          ${t.fundsCaption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.fund}</th>
            <th scope="col" class="num">${t.allocated}</th>
            <th scope="col" class="num">${t.spent}</th>
          </tr>
        </thead>
        <tbody>
          ${current.funds.map(
            (fund) =>
              html`<tr>
                <th scope="row">
                  <span class="swatch" style="background:${fundStyle(fund.fund).color}"></span>
                  ${localName(fund, lang)}
                </th>
                <td class="num">${formatAmount(fund.allocated)}</td>
                <td class="num">${formatAmount(fund.spent)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="meta">
        <span class="badge">${t.version(current.version)}</span>
        ${current.correction ? html`<span class="badge">${t.correction}</span>` : nothing}
        <span class="when">${t.publishedOn(formatTimestamp(current.publishedAt))}</span>
      </p>
      ${
        earlier.length > 0
          ? html`<p class="earlier">
              ${t.earlierVersions}:
              ${earlier.map(
                (version, index) =>
                  html`${index > 0 ? ', ' : ''}<a
                      href=${statementPath(version.period, version.version)}
                      >${t.versionLink(version.version)}</a
                    >`,
              )}
            </p>`
          : nothing
      }
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-statement-list': XmfStatementList;
  }
}

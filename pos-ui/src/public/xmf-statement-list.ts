import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fetchStatementList } from './api.js';
import type { StatementListResponse, StatementSummary } from './api.js';
import { formatBusinessTime, formatPeriod } from '../shared/date.js';
import { fundStyle } from './fund-style.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName, type Lang } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { PUBLIC_MESSAGES, type Messages } from './messages.js';
import { absoluteAmount, formatAmount, formatYuan, isNegativeAmount } from '../shared/money.js';
import { statementPath } from './router.js';
import { figureTable } from '../shared/figure-table.js';
import { LoadController } from '../shared/load-controller.js';

/** A fund's name with its chart colour beside it. */
function fundLabel(fund: { fund: string; name: string; nameEn: string }, lang: Lang) {
  return html`<span class="swatch" style="background:${fundStyle(fund.fund).color}"></span>
    ${localName(fund, lang)}`;
}

/**
 * The home page: the promise, each fund's balance at the end of the latest published
 * month, and every published statement, newest first, with earlier versions beneath.
 */
@customElement('xmf-statement-list')
export class XmfStatementList extends LightElement {
  /** Set directly (tests) or loaded from the public API when the page opens. */
  @property({ attribute: false }) data: StatementListResponse | undefined;

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);
  private readonly list = new LoadController(this, fetchStatementList, {
    initial: () => this.data,
  });

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
      ${this.list.render(t, (data) => this.renderData(data.statements, t, lang))}
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
      ${figureTable({
        name: 'balances',
        caption: t.balancesCaption(month),
        captionHidden: true,
        headHidden: true,
        rows: latest.funds,
        marks: (fund) => ({ fund: fund.fund }),
        columns: [
          { header: t.fund, cell: (fund) => fundLabel(fund, lang) },
          { header: t.closing, cell: (fund) => formatYuan(fund.closing), className: 'big' },
        ],
      })}
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
      ${figureTable({
        name: 'card-funds',
        className: 'card-funds',
        caption: t.fundsCaption,
        captionHidden: true,
        rows: current.funds,
        columns: [
          { header: t.fund, cell: (fund) => fundLabel(fund, lang) },
          { header: t.allocated, cell: (fund) => formatAmount(fund.allocated) },
          { header: t.spent, cell: (fund) => formatAmount(fund.spent) },
        ],
      })}
      <p class="meta">
        <span class="badge">${t.version(current.version)}</span>
        ${current.correction ? html`<span class="badge">${t.correction}</span>` : nothing}
        <span class="when"
          >${t.publishedOn(formatBusinessTime(current.publishedAt, this.i18n.lang))}</span
        >
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

import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError } from '../shared/api/client.js';
import { figureTable } from '../shared/figure-table.js';
import { unitName } from '../shared/i18n/vocabulary.js';
import { categoryQuantityText } from '../../../contract/vocabulary.js';
import { failedView, LoadController } from '../shared/load-controller.js';
import { fetchStatement, type Publication, type Statement, type StatementResponse } from './api.js';
import { formatBusinessTime, formatDay, formatPeriod } from '../shared/date.js';
import { fundStyle } from './fund-style.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName, type Lang } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { syncScrollHints, watchScrollHints } from './scroll-hints.js';
import { keepWhole } from './keep-whole.js';
import { PUBLIC_MESSAGES, type Messages } from './messages.js';
import {
  absoluteAmount,
  formatAmount,
  formatCount,
  formatPercent,
  formatQuantity,
  formatYuan,
  isNegativeAmount,
  isZeroAmount,
  sumAmounts,
} from '../shared/money.js';
import { canonicalFileName, canonicalPath, statementPath } from './router.js';
import { historyFigure } from './history-figure.js';
import './xmf-donut.js';
import './xmf-hash.js';

/**
 * One month's published statement, figure for figure the same as its PDF, with the PDF
 * links and hash, the period digest and the other versions of the month.
 */
@customElement('xmf-statement-page')
export class XmfStatementPage extends LightElement {
  @property() period: string | undefined;
  @property({ type: Number }) version: number | undefined;
  /** Set directly (tests) or loaded from the public API for `period` and `version`. */
  @property({ attribute: false }) data: StatementResponse | undefined;

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);
  // Loaded for the month and version asked for; a newer request wins over a slower older one.
  private readonly statement = new LoadController(
    this,
    () => fetchStatement(this.period!, this.version),
    { auto: false, initial: () => this.data },
  );
  private requested = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('period') || changed.has('version')) && this.period) {
      const key = `${this.period}/${this.version ?? ''}`;
      if (key !== this.requested) {
        this.requested = key;
        void this.statement.run();
      }
    }
  }

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
    const data = this.statement.value;
    if (data) {
      const s = data.statement;
      document.title = `${this.titleText(s)} · ${t.siteName}`;
    } else if (this.period) {
      document.title = `${formatPeriod(this.period, this.i18n.lang)} · ${t.siteName}`;
    }
  }

  private enterpriseName(s: Statement): string {
    return localName(s.enterprise, this.i18n.lang);
  }

  private titleText(s: Statement): string {
    return this.i18n.t.title(this.enterpriseName(s), formatPeriod(s.period, this.i18n.lang));
  }

  override render() {
    const t = this.i18n.t;
    return this.statement.render(
      t,
      (data) => this.renderStatement(data, t, this.i18n.lang),
      (error, retry) => this.renderError(t, error, retry),
    );
  }

  private renderError(t: Messages, error: unknown, retry: () => void) {
    const month = this.period ? formatPeriod(this.period, this.i18n.lang) : '';
    if (error instanceof ApiError && error.status === 404) {
      const existing = publishedVersions(error.details);
      if (this.version !== undefined && this.period && existing.length > 0) {
        // The month is published; only this version is not.
        const period = this.period;
        return html`<article class="page" data-missing-version=${this.version}>
          <p class="crumb"><a href="/">← ${t.backToList}</a></p>
          <h1>${month}</h1>
          <p>${t.versionMissing(this.version, month)}</p>
          <ul class="versions">
            ${existing.map(
              (version) =>
                html`<li>
                  <a href=${statementPath(period, version)}>${t.versionLink(version)}</a>
                </li>`,
            )}
          </ul>
        </article>`;
      }
      return html`<article class="page">
        <p class="crumb"><a href="/">← ${t.backToList}</a></p>
        <h1>${month}</h1>
        <p>${t.monthNotPublished(month)}</p>
      </article>`;
    }
    return html`<div class="page">
      <p class="crumb"><a href="/">← ${t.backToList}</a></p>
      <h1>${month}</h1>
      ${failedView(t, error, retry)}
    </div>`;
  }

  private renderStatement(data: StatementResponse, t: Messages, lang: Lang) {
    const s = data.statement;
    const publication = data.publication;
    return html`<article class="page statement">
      ${this.renderHead(s, publication, data.versions, t)}
      ${
        data.integrity.ok === false
          ? html`<p class="notice warning" role="alert" data-integrity="mismatch">
              ${t.integrityMismatch}
            </p>`
          : nothing
      }
      ${
        s.correction
          ? html`<section class="correction" aria-labelledby="h-correction">
              <h2 id="h-correction">${t.correctionHeading(s.correction.supersedesVersion)}</h2>
              <p class="correction-note">${s.correction.note}</p>
            </section>`
          : nothing
      }
      ${this.renderMoneyFlow(s, t, lang)} ${this.renderDocuments(publication, t)}
      ${this.renderSummary(s, t)} ${this.renderSales(s, t, lang)}
      ${this.renderProduction(s, t, lang)} ${this.renderCosts(s, t, lang)}
      ${this.renderAllocation(s, t, lang)} ${this.renderFunds(s, t, lang)}
      ${this.renderSpending(s, t, lang)} ${this.renderHistory(s, t, lang)}
      ${this.renderVerification(s, t)} ${this.renderVersions(data, t)}
    </article>`;
  }

  private renderHead(s: Statement, publication: Publication, versions: Publication[], t: Messages) {
    const current = versions.find((version) => version.current);
    return html`<header class="page-head">
      <p class="crumb"><a href="/">← ${t.backToList}</a></p>
      <h1>
        ${this.i18n.t.titleLead(this.enterpriseName(s))}
        <span class="nowrap">${formatPeriod(s.period, this.i18n.lang)}</span>
      </h1>
      <p class="meta">
        <span class="badge">
          ${
            s.correction
              ? t.correctedVersion(s.version, s.correction.supersedesVersion)
              : t.version(s.version)
          }
        </span>
        ${
          publication.current
            ? html`<span class="badge current">${t.currentVersion}</span>`
            : html`<span class="badge superseded">${t.supersededVersion}</span>`
        }
        <span class="when"
          >${t.publishedOn(formatBusinessTime(publication.publishedAt, this.i18n.lang))}</span
        >
      </p>
      ${
        !publication.current && current
          ? html`<p class="notice">
              ${t.supersededNotice(current.version)}
              <a href=${statementPath(s.period)}>${t.seeCurrentVersion}</a>
            </p>`
          : nothing
      }
      <p class="intro">${t.intro}</p>
    </header>`;
  }

  private renderDocuments(publication: Publication, t: Messages) {
    return html`<section aria-labelledby="h-documents" class="documents">
      <h2 id="h-documents">${t.documentsHeading}</h2>
      <p class="downloads">
        <a class="button primary" href=${publication.pdfUrl} type="application/pdf" data-pdf="zh"
          >${t.pdfChinese}</a
        >
        <a
          class="button"
          href=${publication.pdfUrlEn}
          type="application/pdf"
          hreflang="en"
          data-pdf="en"
          >${t.pdfEnglish}</a
        >
      </p>
      <xmf-hash data-kind="pdf" .value=${publication.sha256} label=${t.pdfHashLabel}></xmf-hash>
      <p class="note">${keepWhole(t.pdfHashNote)} <a href="/verify">${t.howToVerifyLink}</a></p>
    </section>`;
  }

  /**
   * Where the money went, in the order it moved: what was sold, what it cost, what was
   * left, what each fund got, what the funds spent, and what they hold now.
   */
  private renderMoneyFlow(s: Statement, t: Messages, lang: Lang) {
    const deficit = isNegativeAmount(s.surplus);
    const spent = sumAmounts(s.funds.map((fund) => fund.spent));
    const closing = sumAmounts(s.funds.map((fund) => fund.closing));
    const perFund = (pick: (fund: Statement['funds'][number]) => string) =>
      html`<ul class="flow-funds">
        ${s.funds.map(
          (fund) =>
            html`<li data-fund=${fund.fund}>
              <span class="swatch" style="background:${fundStyle(fund.fund).color}"></span
              >${localName(fund, lang)} <b class="nowrap">${formatYuan(pick(fund))}</b>
            </li>`,
        )}
      </ul>`;
    return html`<section aria-labelledby="h-flow" class="money-flow-section">
      <h2 id="h-flow">${t.moneyFlowHeading}</h2>
      <ol class="money-flow" data-money-flow>
        <li data-step="net">${t.netSales} <b class="nowrap">${formatYuan(s.sales.net)}</b></li>
        <li data-step="costs">${t.costs} <b class="nowrap">${formatYuan(s.costs.total)}</b></li>
        <li data-step="surplus">
          ${deficit ? t.deficit : t.surplus}
          <b class="nowrap">${formatYuan(deficit ? absoluteAmount(s.surplus) : s.surplus)}</b>
        </li>
        <li data-step="allocated">${t.moneyFlowAllocated} ${perFund((fund) => fund.allocated)}</li>
        <li data-step="spent">${t.moneyFlowSpent} <b class="nowrap">${formatYuan(spent)}</b></li>
        <li data-step="closing">
          ${t.moneyFlowClosing} <b class="nowrap">${formatYuan(closing)}</b>
          ${perFund((fund) => fund.closing)}
        </li>
      </ol>
    </section>`;
  }

  private renderSummary(s: Statement, t: Messages) {
    const deficit = isNegativeAmount(s.surplus);
    return html`<section aria-labelledby="h-summary">
      <h2 id="h-summary">${t.summaryHeading}</h2>
      <dl class="figures" data-figures="summary">
        ${figure(t.netSales, formatYuan(s.sales.net), 'net')}
        ${figure(t.costs, formatYuan(s.costs.total), 'costs')}
        ${figure(
          deficit ? t.deficit : t.surplus,
          formatYuan(deficit ? absoluteAmount(s.surplus) : s.surplus),
          'surplus',
          deficit ? 'deficit' : 'surplus',
        )}
        ${figure(t.deficitCarriedIn, formatYuan(s.deficitCarriedIn), 'deficit-carried-in')}
        ${figure(t.allocable, formatYuan(s.allocable), 'allocable', 'key')}
      </dl>
    </section>`;
  }

  private renderSales(s: Statement, t: Messages, lang: Lang) {
    const sales = s.sales;
    return html`<section aria-labelledby="h-sales">
      <h2 id="h-sales">${t.salesHeading}</h2>
      <dl class="figures compact" data-figures="sales">
        ${figure(t.saleCount, formatCount(sales.saleCount), 'sale-count')}
        ${figure(t.grossSales, formatYuan(sales.gross), 'gross')}
        ${figure(t.discounts, formatYuan(sales.discounts), 'discounts')}
        ${figure(t.refunds, formatYuan(sales.refunds), 'refunds')}
        ${figure(t.netSales, formatYuan(sales.net), 'net')}
      </dl>
      <p>
        ${
          sales.lateSales.count > 0
            ? t.lateSales(formatCount(sales.lateSales.count), formatAmount(sales.lateSales.amount))
            : t.noLateSales
        }
      </p>
      ${sales.byCategory.length === 0 ? html`<p class="note">${t.noCategorySales}</p>` : this.renderByCategory(s, t, lang)}
      ${sales.byTender.length === 0 ? html`<p class="note">${t.noTenderSales}</p>` : this.renderByTender(s, t)}
    </section>`;
  }

  private renderByCategory(s: Statement, t: Messages, lang: Lang) {
    return figureTable({
      name: 'by-category',
      caption: t.byCategory,
      rows: s.sales.byCategory,
      foot: true,
      columns: [
        { header: t.category, cell: (row) => localName(row, lang), foot: t.total },
        // Per unit: pieces and 斤 are never one number.
        { header: t.quantity, cell: (row) => categoryQuantityText(row, lang, formatQuantity) },
        {
          header: t.amount,
          cell: (row) => formatAmount(row.amount),
          foot: formatAmount(s.sales.net),
        },
      ],
    });
  }

  private renderByTender(s: Statement, t: Messages) {
    return figureTable({
      name: 'by-tender',
      caption: t.byTender,
      rows: s.sales.byTender,
      foot: true,
      columns: [
        { header: t.tender, cell: (row) => t.tenders[row.method] ?? row.method, foot: t.total },
        {
          header: t.count,
          cell: (row) => formatCount(row.count),
          foot: formatCount(s.sales.saleCount),
        },
        {
          header: t.amount,
          cell: (row) => formatAmount(row.amount),
          foot: formatAmount(s.sales.net),
        },
      ],
    });
  }

  private renderProduction(s: Statement, t: Messages, lang: Lang) {
    const items = s.production.items;
    // Each row reconciles: what the records do not explain is shown, per product and unit.
    const showUnaccounted = items.some(
      (item) => item.unaccounted !== undefined && !/^-?0(\.0+)?$/.test(item.unaccounted),
    );
    type Item = (typeof items)[number];
    const columns: [label: string, pick: (item: Item) => string, key: string][] = [
      [t.baked, (item) => item.baked, 'baked'],
      [t.sold, (item) => item.sold, 'sold'],
      [t.donated, (item) => item.donated, 'donated'],
      [t.discounted, (item) => item.discounted, 'discounted'],
      [t.wasted, (item) => item.wasted, 'wasted'],
      ...(showUnaccounted
        ? [
            [t.unaccounted, (item: Item) => item.unaccounted ?? '0', 'unaccounted'] as [
              string,
              (item: Item) => string,
              string,
            ],
          ]
        : []),
    ];
    return html`<section aria-labelledby="h-production">
      <h2 id="h-production">${t.productionHeading}</h2>
      ${
        items.length === 0
          ? html`<p>${t.noProduction}</p>`
          : html`<p class="figure-line">
                ${t.wasteRate(formatPercent(s.production.wasteRatePercent))}
              </p>
              <p class="scroll-hint" aria-hidden="true">${t.scrollHint}</p>
              <div class="table-scroll" role="region" aria-labelledby="cap-production" tabindex="0">
                <table data-table="production" class="production" role="table">
                  <caption id="cap-production">
                    ${t.productionCaption}
                  </caption>
                  <thead role="rowgroup">
                    <tr role="row">
                      <th scope="col" role="columnheader">${t.product}</th>
                      ${columns.map(
                        ([label]) =>
                          html`<th scope="col" role="columnheader" class="num">${label}</th>`,
                      )}
                    </tr>
                  </thead>
                  <tbody role="rowgroup">
                    ${items.map(
                      (item) =>
                        html`<tr role="row">
                          <th scope="row" role="rowheader">
                            ${lang === 'en' && item.productEn ? item.productEn : item.product}
                            <span class="unit">(${unitName(item.unit, lang)})</span>
                          </th>
                          ${columns.map(
                            ([label, pick, key]) =>
                              html`<td
                                class="num"
                                role="cell"
                                data-label=${label}
                                data-quantity=${key}
                                ?data-unaccounted=${key === 'unaccounted'}
                              >
                                ${formatQuantity(pick(item))}
                              </td>`,
                          )}
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              ${showUnaccounted ? html`<p class="note" data-unaccounted-note>${t.unaccountedNote}</p>` : nothing}`
      }
    </section>`;
  }

  private renderCosts(s: Statement, t: Messages, lang: Lang) {
    return html`<section aria-labelledby="h-costs">
      <h2 id="h-costs">${t.costsHeading}</h2>
      ${
        s.costs.byAccount.length === 0
          ? html`<p>${t.noCosts}</p>`
          : figureTable({
              name: 'costs',
              caption: t.costsCaption,
              rows: s.costs.byAccount,
              foot: true,
              columns: [
                {
                  header: t.account,
                  // Residents read names; account codes are for the accountant's books.
                  cell: (row) => localName(row, lang),
                  foot: t.total,
                },
                {
                  header: t.amount,
                  cell: (row) => formatAmount(row.amount),
                  foot: formatAmount(s.costs.total),
                },
              ],
            })
      }
    </section>`;
  }

  private fundName(s: Statement, fund: string, lang: Lang): string {
    const found = s.funds.find((item) => item.fund === fund);
    return found ? localName(found, lang) : fund;
  }

  private renderAllocation(s: Statement, t: Messages, lang: Lang) {
    const rule = s.allocation.rule;
    const percentOf = (fund: string) =>
      rule?.shares.find((share) => share.fund === fund)?.percent ?? '';
    const separator = lang === 'zh-CN' ? '、' : ', ';
    const ruleText = rule
      ? t.ruleText(
          formatPeriod(rule.effectiveFrom, lang),
          rule.shares
            .map((share) => `${this.fundName(s, share.fund, lang)} ${formatPercent(share.percent)}`)
            .join(separator),
        )
      : t.noRule;
    const nothingAllocated = isZeroAmount(s.allocable);
    const parts = s.allocation.parts;
    const chartLabel = t.allocationChartLabel(
      parts
        .map((part) => {
          const percent = percentOf(part.fund);
          return `${this.fundName(s, part.fund, lang)} ${percent ? `${formatPercent(percent)} ` : ''}¥${formatAmount(part.amount)}`;
        })
        .join(separator),
    );
    return html`<section aria-labelledby="h-allocation">
      <h2 id="h-allocation">${t.allocationHeading}</h2>
      <p>${ruleText}</p>
      ${
        nothingAllocated
          ? html`<p class="notice">${t.nothingToAllocate}</p>`
          : html`<div class="allocation">
                <xmf-donut
                  .slices=${parts.map((part) => ({
                    key: part.fund,
                    color: fundStyle(part.fund).color,
                    amount: part.amount,
                  }))}
                  label=${chartLabel}
                  centerTop=${formatYuan(s.allocable)}
                  centerBottom=${t.allocable}
                ></xmf-donut>
                <table data-table="allocation">
                  <caption>
                    ${t.allocationCaption}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t.fund}</th>
                      <th scope="col" class="num">${t.share}</th>
                      <th scope="col" class="num">${t.amount}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${parts.map((part) => {
                      const percent = percentOf(part.fund);
                      return html`<tr>
                        <th scope="row">
                          <span
                            class="swatch"
                            style="background:${fundStyle(part.fund).color}"
                          ></span>
                          ${this.fundName(s, part.fund, lang)}
                        </th>
                        <td class="num">${percent ? formatPercent(percent) : ''}</td>
                        <td class="num">${formatAmount(part.amount)}</td>
                      </tr>`;
                    })}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">${t.allocable}</th>
                      <td class="num">${rule ? '100%' : ''}</td>
                      <td class="num">${formatAmount(s.allocable)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              <p class="note">${t.allocationNote}</p>`
      }
    </section>`;
  }

  private renderFunds(s: Statement, t: Messages, lang: Lang) {
    const rows: [
      label: string,
      pick: (fund: Statement['funds'][number]) => string,
      kind: string,
    ][] = [
      [t.opening, (fund) => fund.opening, 'opening'],
      [t.allocated, (fund) => fund.allocated, 'allocated'],
      [t.spent, (fund) => fund.spent, 'spent'],
      [t.transfersIn, (fund) => fund.transfersIn, 'transfers-in'],
      [t.transfersOut, (fund) => fund.transfersOut, 'transfers-out'],
      [t.closing, (fund) => fund.closing, 'closing'],
    ];
    const spendingFunds = s.funds.filter((fund) => fund.spentByCategory.length > 0);
    return html`<section aria-labelledby="h-funds">
      <h2 id="h-funds">${t.fundsHeading}</h2>
      <div class="table-scroll funds-wide" role="region" aria-labelledby="cap-funds" tabindex="0">
        <table data-table="funds" class="funds-table">
          <caption id="cap-funds">
            ${t.fundsCaption}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t.item}</th>
              ${s.funds.map(
                (fund) =>
                  html`<th scope="col" class="num" data-fund=${fund.fund}>
                    ${localName(fund, lang)}
                  </th>`,
              )}
              <th scope="col" class="num all-funds">${t.total}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              ([label, pick, kind]) =>
                html`<tr class=${kind === 'closing' ? 'total' : ''} data-row=${kind}>
                  <th scope="row">${label}</th>
                  ${s.funds.map((fund) => html`<td class="num">${formatAmount(pick(fund))}</td>`)}
                  <td class="num all-funds">${formatAmount(sumAmounts(s.funds.map(pick)))}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="fund-cards" data-fund-cards>
        ${s.funds.map(
          (fund) =>
            html`<section class="fund-card" data-fund=${fund.fund}>
              <h3>
                <span class="swatch" style="background:${fundStyle(fund.fund).color}"></span
                >${localName(fund, lang)}
              </h3>
              <dl>
                ${rows.map(
                  ([label, pick, kind]) =>
                    html`<div class=${kind === 'closing' ? 'total' : ''} data-row=${kind}>
                      <dt>${label}</dt>
                      <dd>${formatAmount(pick(fund))}</dd>
                    </div>`,
                )}
              </dl>
            </section>`,
        )}
      </div>
      <h3>${t.spentByCategory}</h3>
      ${
        spendingFunds.length === 0
          ? html`<p>${t.noSpending}</p>`
          : html`<table data-table="spent-by-category">
              <caption>
                ${t.spentByCategoryCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t.spendingCategory}</th>
                  <th scope="col" class="num">${t.amount}</th>
                </tr>
              </thead>
              ${spendingFunds.map(
                (fund) =>
                  html`<tbody>
                    <tr class="group">
                      <th scope="rowgroup" colspan="2">${localName(fund, lang)}</th>
                    </tr>
                    ${fund.spentByCategory.map(
                      (row) =>
                        html`<tr>
                          <td>${localName(row, lang)}</td>
                          <td class="num">${formatAmount(row.amount)}</td>
                        </tr>`,
                    )}
                  </tbody>`,
              )}
            </table>`
      }
    </section>`;
  }

  private renderSpending(s: Statement, t: Messages, lang: Lang) {
    return html`<section aria-labelledby="h-spending">
      <h2 id="h-spending">${t.spendingHeading}</h2>
      <p class="note">${t.aidPrivacyNote}</p>
      ${
        s.spending.length === 0
          ? html`<p>${t.noSpending}</p>`
          : html`<table data-table="spending" class="spending" role="table">
              <caption>
                ${t.spendingCaption}
              </caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">${t.date}</th>
                  <th scope="col" role="columnheader">${t.description}</th>
                  <th scope="col" role="columnheader">${t.recipient}</th>
                  <th scope="col" role="columnheader" class="num">${t.amount}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${s.spending.map(
                  (line) =>
                    html`<tr data-fund=${line.fund} role="row">
                      <td class="date" role="cell">${formatDay(line.date, lang)}</td>
                      <td class="purpose" role="cell">
                        ${spendingDescription(line, lang)}
                        <span class="sub"
                          >${this.fundName(s, line.fund, lang)} ·
                          ${lang === 'en' && line.categoryNameEn ? line.categoryNameEn : line.categoryName}</span
                        >
                      </td>
                      <td class="recipient" role="cell" data-label=${t.recipient}>
                        ${lang === 'en' && line.recipientEn ? line.recipientEn : line.recipient}
                      </td>
                      <td class="num" role="cell">${formatAmount(line.amount)}</td>
                    </tr>`,
                )}
              </tbody>
              <tfoot role="rowgroup">
                <tr role="row">
                  <th scope="row" colspan="3" role="rowheader">${t.total}</th>
                  <td class="num" role="cell">
                    ${formatAmount(sumAmounts(s.spending.map((line) => line.amount)))}
                  </td>
                </tr>
              </tfoot>
            </table>`
      }
    </section>`;
  }

  private renderHistory(s: Statement, t: Messages, lang: Lang) {
    if (s.history.length === 0) {
      return html`<section aria-labelledby="h-history">
        <h2 id="h-history">${t.historyHeading('', '', 0)}</h2>
        <p>${t.historyEmpty}</p>
      </section>`;
    }
    const funds = s.funds.map((fund) => ({ fund: fund.fund, label: localName(fund, lang) }));
    // The title names the months the chart really shows, not a fixed "12 months".
    const title = t.historyHeading(
      formatPeriod(s.history[0]!.period, lang),
      formatPeriod(s.history[s.history.length - 1]!.period, lang),
      s.history.length,
    );
    return html`<section aria-labelledby="h-history">
      <h2 id="h-history" data-history-months=${s.history.length}>${title}</h2>
      ${historyFigure(
        s.history.map((month) => ({
          period: month.period,
          closings: month.funds,
        })),
        funds,
        t,
        lang,
        'month-history',
      )}
    </section>`;
  }

  private renderVerification(s: Statement, t: Messages) {
    return html`<section aria-labelledby="h-verification">
      <h2 id="h-verification">${t.verificationHeading}</h2>
      <ul class="facts">
        <li>${t.closedBy(s.closedBy.name, formatBusinessTime(s.closedBy.at, this.i18n.lang))}</li>
        <li>
          ${
            s.publishedBy
              ? t.publishedBy(
                  s.publishedBy.name,
                  formatBusinessTime(s.publishedBy.at, this.i18n.lang),
                )
              : t.notYetPublished
          }
        </li>
        <li>
          ${
            s.correction
              ? t.correctedVersion(s.version, s.correction.supersedesVersion)
              : t.version(s.version)
          }
        </li>
      </ul>
      <xmf-hash data-kind="digest" .value=${s.digest.value} label=${t.periodDigest}></xmf-hash>
      <p class="downloads">
        <a
          class="button"
          data-canonical
          href=${canonicalPath(s.period, s.version)}
          download=${canonicalFileName(s.period, s.version)}
          >${t.canonicalDownload}</a
        >
      </p>
      <p class="note">${keepWhole(t.canonicalNote)}</p>
      <p class="note">
        ${t.entryCount(formatCount(s.digest.entryCount))}${t.sentenceGap}${t.digestNote}
        <a href="/verify">${t.howToVerifyLink}</a>
      </p>
    </section>`;
  }

  private renderVersions(data: StatementResponse, t: Messages) {
    if (data.versions.length === 0) return nothing;
    const shown = data.publication.version;
    return html`<section aria-labelledby="h-versions">
      <h2 id="h-versions">${t.versionsHeading}</h2>
      <ul class="versions">
        ${data.versions.map(
          (version) =>
            html`<li>
              <a
                href=${version.current ? statementPath(version.period) : statementPath(version.period, version.version)}
                aria-current=${version.version === shown ? 'page' : nothing}
                >${t.versionLink(version.version)}</a
              >
              ${version.current ? html`<span class="badge current">${t.currentVersion}</span>` : nothing}
              ${version.correction ? html`<span class="badge">${t.correction}</span>` : nothing}
              <span class="when">${formatBusinessTime(version.publishedAt, this.i18n.lang)}</span>
              ${version.version === shown ? html`<span class="this">(${t.thisPage})</span>` : nothing}
            </li>`,
        )}
      </ul>
    </section>`;
  }
}

/**
 * A spending line's description in the page's language: the system's own words have an
 * English (older statements: an aid line's description is its category's name); text
 * typed by staff is shown as typed.
 */
function spendingDescription(line: Statement['spending'][number], lang: Lang): string {
  if (lang !== 'en') return line.description;
  if (line.descriptionEn) return line.descriptionEn;
  if (line.description === line.categoryName && line.categoryNameEn) return line.categoryNameEn;
  return line.description;
}

/** The versions a `not_found` answer lists as published (none when it lists none). */
function publishedVersions(details: unknown): number[] {
  const versions = (details as { versions?: unknown } | undefined)?.versions;
  return Array.isArray(versions)
    ? versions.filter((version): version is number => Number.isInteger(version))
    : [];
}

function figure(label: string, value: string, key: string, tone = ''): TemplateResult {
  return html`<div class="figure ${tone}" data-figure=${key}>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-statement-page': XmfStatementPage;
  }
}

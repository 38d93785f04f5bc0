import { html, nothing, svg, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, call, type Schemas } from '../shared/api/client.js';
import { businessDate, formatBusinessTime } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { formatAmount, formatQuantity } from '../shared/money.js';
import { BOOKS_MESSAGES, type BooksMessages } from './messages.js';
import { dateField, reportRow, reportTable } from './report-table.js';
import { CHART, hourBars } from './sales-chart.js';
import { errorText, withSession } from './session.js';

type Daily = Schemas['DailySummary'];
type Entries = Schemas['DailySalesEntries'];
type Tender = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher';
/** The figure opened: which breakdown, its key, and the words that name it on screen. */
type Figure = { query: Record<string, string>; label: string };

const m = (amount: string) => html`<span class="num">${formatAmount(amount)}</span>`;

export function tenderName(t: BooksMessages, method: string): string {
  return (t as Record<string, string>)[`tender_${method}`] ?? method;
}

/**
 * A day's sales by product, category, tender and hour, with a bar chart of the hours.
 * Every figure is a button that lists the sales behind it, each linked to the journal
 * entry it posted (whose page shows the receipt).
 */
@customElement('xmf-books-sales')
export class XmfBooksSales extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() date = businessDate(new Date());
  @state() private daily: Daily | undefined;
  @state() private figure: Figure | undefined;
  @state() private entries: Entries | undefined;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const date = this.date;
    this.figure = undefined;
    this.entries = undefined;
    try {
      this.daily = await withSession(() =>
        call(api.GET('/api/reports/daily', { params: { query: { date } } })),
      );
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async open(figure: Figure): Promise<void> {
    const date = this.date;
    this.figure = figure;
    try {
      this.entries = await withSession(() =>
        call(
          api.GET('/api/reports/daily/sales', {
            params: { query: { date, ...figure.query } },
          }),
        ),
      );
      this.error = '';
      await this.updateComplete;
      this.querySelector('[data-report="sales-entries"]')?.scrollIntoView({ block: 'start' });
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private drill(figure: Figure, content: TemplateResult | string, key: string) {
    return html`<button
      type="button"
      class="link figure"
      data-drill-sales=${key}
      @click=${() => void this.open(figure)}
    >
      ${content}
    </button>`;
  }

  private breakdown(
    name: string,
    caption: string,
    header: string[],
    rows: { key: string; figure: Figure; cells: (string | TemplateResult)[]; csv: string[] }[],
  ) {
    const num = (i: number) => (i > 0 ? 'num' : '');
    return reportTable({
      name,
      caption,
      t: this.i18n.t,
      header,
      headerClass: num,
      csvFile: `${name}-${this.date}.csv`,
      csvRows: () => rows.map((row) => row.csv),
      body: rows.map((row) =>
        reportRow([this.drill(row.figure, row.cells[0]!, row.key), ...row.cells.slice(1)], num),
      ),
    });
  }

  private chart(d: Daily) {
    const t = this.i18n.t;
    const bars = hourBars(d.byHour);
    if (bars.length === 0) return nothing;
    const summary = bars
      .filter((bar) => bar.count > 0)
      .map((bar) => `${bar.hour}:00 ${formatAmount(bar.total)}`)
      .join('，');
    return html`<figure class="sales-chart" data-chart="by-hour">
      <figcaption id="sales-chart-title">${t.salesChart}</figcaption>
      <svg
        viewBox="0 0 ${CHART.width} ${CHART.height}"
        role="img"
        aria-labelledby="sales-chart-title sales-chart-desc"
      >
        <desc id="sales-chart-desc">${summary}</desc>
        <line
          x1=${CHART.left}
          x2=${CHART.width - CHART.right}
          y1=${CHART.height - CHART.bottom}
          y2=${CHART.height - CHART.bottom}
          class="axis"
        ></line>
        ${bars.map(
          (bar) =>
            svg`<g data-bar=${bar.hour}>
              <title>${bar.hour}:00–${bar.hour}:59 · ${formatAmount(bar.total)} · ${bar.count} ${t.salesCount}</title>
              <rect x=${bar.x} y=${bar.y} width=${bar.width} height=${bar.height} class="bar"></rect>
              ${
                bar.count > 0
                  ? svg`<text x=${bar.x + bar.width / 2} y=${Math.max(bar.y - 4, 12)} class="bar-value">${formatAmount(bar.total)}</text>`
                  : nothing
              }
              <text x=${bar.x + bar.width / 2} y=${CHART.height - 10} class="bar-label">${bar.hour}</text>
            </g>`,
        )}
      </svg>
    </figure>`;
  }

  private entriesTable(entries: Entries, figure: Figure) {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    return reportTable({
      name: 'sales-entries',
      caption: html`${t.salesBehind.replace('{figure}', figure.label)} · ${entries.sales.length}
      ${t.salesCount} · ${formatAmount(entries.amount)}
      ${entries.truncated ? html`<span class="muted">${t.truncated}</span>` : nothing}`,
      t,
      header: [t.time, t.receipt, t.register, t.amountInFigure, t.saleTotal, t.entry],
      headerClass: (i) => (i >= 3 && i <= 4 ? 'num' : ''),
      csvFile: `sales-${this.date}.csv`,
      csvRows: () =>
        entries.sales.map((sale) => [
          sale.createdAt,
          sale.receiptNumber,
          sale.registerId,
          sale.amount,
          sale.total,
          sale.entryId,
        ]),
      body: entries.sales.map(
        (sale) =>
          html`<tr data-sale=${sale.saleId}>
            <th scope="row">${formatBusinessTime(sale.createdAt, lang)}</th>
            <td>
              ${sale.receiptNumber}${sale.late ? html` <span class="muted">${t.late}</span>` : nothing}
            </td>
            <td>${sale.registerId}</td>
            <td class="num">${formatAmount(sale.amount)}</td>
            <td class="num">${formatAmount(sale.total)}</td>
            <td><a href="#/journal/${sale.entryId}" data-entry-link>${t.openEntry}</a></td>
          </tr>`,
      ),
    });
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    const d = this.daily;
    const product = (row: Daily['byProduct'][number]) => (lang === 'en' ? row.nameEn : row.name);
    return html`<h2>${t.salesTitle}</h2>
      <form class="filters" @submit=${(event: Event) => event.preventDefault()}>
        ${dateField(t.date, { type: 'date', name: 'sales-date', value: this.date }, (value) => {
          this.date = value;
          void this.load();
        })}
      </form>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${
        d
          ? html`<dl class="tiles" data-sales-day=${d.date}>
                <div>
                  <dt>${t.count}</dt>
                  <dd>
                    ${this.drill(
                      { query: {}, label: t.wholeDay },
                      html`<span class="num">${d.sales.count}</span>`,
                      'all',
                    )}
                  </dd>
                </div>
                <div>
                  <dt>${t.saleTotal}</dt>
                  <dd data-figure="sales-total">${m(d.sales.total)}</dd>
                </div>
                <div>
                  <dt>${t.refunds}</dt>
                  <dd>${m(d.refunds.amount)}</dd>
                </div>
                <div>
                  <dt>${t.net}</dt>
                  <dd data-figure="sales-net">${m(d.net)}</dd>
                </div>
              </dl>
              ${d.sales.count === 0 ? html`<p>${t.noSales}</p>` : nothing} ${this.chart(d)}
              ${this.figure && this.entries ? this.entriesTable(this.entries, this.figure) : nothing}
              <div class="breakdowns">
                ${this.breakdown(
                  'sales-by-product',
                  t.byProduct,
                  [t.product, t.quantity, t.saleTotal, t.refunds],
                  d.byProduct.map((row) => ({
                    key: `product:${row.productId}`,
                    figure: { query: { product: row.productId }, label: product(row) },
                    cells: [
                      product(row),
                      formatQuantity(row.quantity),
                      m(row.total),
                      m(row.refunded),
                    ],
                    csv: [row.name, row.quantity, row.total, row.refunded],
                  })),
                )}
                ${this.breakdown(
                  'sales-by-category',
                  t.byCategory,
                  [t.category, t.saleTotal, t.refunds],
                  d.byCategory.map((row) => ({
                    key: `category:${row.category}`,
                    figure: { query: { category: row.category }, label: row.category },
                    cells: [row.category, m(row.total), m(row.refunded)],
                    csv: [row.category, row.total, row.refunded],
                  })),
                )}
                ${this.breakdown(
                  'sales-by-tender',
                  t.byTender,
                  [t.tender, t.count, t.amount, t.refunds],
                  d.byTender.map((row) => ({
                    key: `tender:${row.method}`,
                    figure: {
                      query: { tender: row.method as Tender },
                      label: tenderName(t, row.method),
                    },
                    cells: [
                      tenderName(t, row.method),
                      String(row.count),
                      m(row.amount),
                      m(row.refunded),
                    ],
                    csv: [tenderName(t, row.method), String(row.count), row.amount, row.refunded],
                  })),
                )}
                ${this.breakdown(
                  'sales-by-hour',
                  t.byHour,
                  [t.hour, t.count, t.saleTotal],
                  d.byHour.map((row) => ({
                    key: `hour:${row.hour}`,
                    figure: { query: { hour: row.hour }, label: `${row.hour}:00–${row.hour}:59` },
                    cells: [`${row.hour}:00–${row.hour}:59`, String(row.count), m(row.total)],
                    csv: [`${row.hour}:00`, String(row.count), row.total],
                  })),
                )}
              </div>`
          : html`<p>…</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-sales': XmfBooksSales;
  }
}

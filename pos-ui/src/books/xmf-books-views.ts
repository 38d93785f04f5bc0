import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ApiError, call, type Schemas } from '../shared/api/client.js';
import { businessPeriod } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { formatAmount, formatPercent } from '../shared/money.js';
import { checklistItems, type ClosePreview } from './close-checklist.js';
import { BOOKS_MESSAGES, type BooksMessages } from './messages.js';
import { dateField, reportRow, reportTable } from './report-table.js';
import { errorText, withSession } from './session.js';

const m = (amount: string) => html`<span class="num">${formatAmount(amount)}</span>`;

function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + month - 2;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last calendar day of a month: "2026-02" → "2026-02-28". */
export function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(day).padStart(2, '0')}`;
}

/**
 * The month's journal as an hledger / ledger-cli file, with the balances brought forward
 * from before the month as one opening transaction, so `hledger bal` gives the real
 * balances.
 */
export function journalExportUrl(period: string): string {
  return `/api/export/journal?format=ledger&from=${period}-01&to=${lastDayOf(period)}&opening=true`;
}

/** A table of figures with a CSV download of exactly the rows shown. */
function table(
  name: string,
  caption: string,
  t: BooksMessages,
  header: string[],
  rows: (string | TemplateResult)[][],
  csv: string[][],
  foot?: string[],
  /** Columns (after the first) that hold words, not figures: left-aligned. */
  textColumns: number[] = [],
): TemplateResult {
  const align = (i: number) => (i > 0 && !textColumns.includes(i) ? 'num' : '');
  return reportTable({
    name,
    caption,
    t,
    header,
    headerClass: align,
    csvFile: `${name}.csv`,
    csvRows: () => [...csv, ...(foot ? [foot] : [])],
    body: rows.map((row) => reportRow(row, align)),
    foot: foot
      ? html`<tfoot>
          ${reportRow(
            foot.map((cell, i) => (i === 0 ? cell : formatAmount(cell))),
            () => 'num',
          )}
        </tfoot>`
      : nothing,
  });
}

@customElement('xmf-books-dashboard')
export class XmfBooksDashboard extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @state() private data: Schemas['BooksDashboard'] | undefined;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    withSession(() => call(api.GET('/api/books/dashboard')))
      .then((data) => (this.data = data))
      .catch((error: unknown) => (this.error = errorText(error)));
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    const d = this.data;
    if (!d) return html`<p>…</p>`;
    return html`<h2>${t.dashboardTitle} · ${d.period}</h2>
      <dl class="tiles" data-dashboard>
        <div>
          <dt>${t.netSales}</dt>
          <dd data-figure="netSales">
            <a href="#/sales/${d.today}" title=${t.navSales}>${m(d.month.netSales)}</a>
          </dd>
        </div>
        <div>
          <dt>${t.costs}</dt>
          <dd data-figure="costs">
            <a href="#/reports/${d.period}" title=${t.navReports}>${m(d.month.costs)}</a>
          </dd>
        </div>
        <div>
          <dt>${t.surplus}</dt>
          <dd data-figure="surplus">${m(d.month.surplus)}</dd>
        </div>
      </dl>
      <section class="todo" data-todo aria-labelledby="todo-title">
        <h3 id="todo-title">${t.toDo}</h3>
        ${
          d.periods.toClose.length === 0 && d.periods.toPublish.length === 0
            ? html`<p>${t.nothingToDo}</p>`
            : html`<p>
                ${d.periods.toClose.map(
                  (p) =>
                    html`<a class="button" href="#/close/${p.period}" data-to-close=${p.period}
                      >${t.navClose} ${p.period} →</a
                    > `,
                )}
                ${d.periods.toPublish.map(
                  (p) =>
                    html`<a class="button" href="#/publish/${p.period}" data-to-publish=${p.period}
                      >${t.navPublish} ${p.period} →</a
                    > `,
                )}
              </p>`
        }
      </section>
      <div class="dashboard-grid">
        <div>
          ${table(
            'dashboard-allocation',
            t.fundShare,
            t,
            [t.fund, t.percent, t.amount],
            d.month.allocation.map((a) => [
              localName(
                d.funds.find((f) => f.fund === a.fund) ?? { name: a.fund, nameEn: a.fund },
                lang,
              ),
              formatPercent(a.percent),
              m(a.amount),
            ]),
            d.month.allocation.map((a) => [a.fund, a.percent, a.amount]),
          )}
          ${table(
            'dashboard-funds',
            t.fundBalances,
            t,
            [t.fund, t.balance],
            d.funds.map((f) => [localName(f, lang), m(f.balance)]),
            d.funds.map((f) => [f.name, f.balance]),
          )}
        </div>
        <div>
          ${table(
            'dashboard-clearing',
            t.clearing,
            t,
            [t.account, t.balance, t.ageDays],
            d.clearing.map((c) => [localName(c, lang), m(c.balance), String(c.ageDays ?? '—')]),
            d.clearing.map((c) => [c.name, c.balance, String(c.ageDays ?? '')]),
          )}
          <section>
            <h3>${t.openShifts}</h3>
            ${
              d.openShifts.length === 0
                ? html`<p>${t.none}</p>`
                : html`<ul>
                    ${d.openShifts.map(
                      (s) => html`<li>${s.registerId} · ${s.cashierName} · ${s.businessDate}</li>`,
                    )}
                  </ul>`
            }
            <h3>${t.attention}</h3>
            <p data-attention>
              ${t.late} ${d.attention.late} · ${t.offline} ${d.attention.offline} · ${t.oversold}
              ${d.attention.oversold}
            </p>
            ${
              d.attention.sales.length > 0
                ? html`<ul data-attention-sales>
                    ${d.attention.sales.map(
                      (sale) =>
                        html`<li>
                          <a href="#/sales/${sale.businessDate}"
                            >${sale.businessDate} · ${sale.registerId} · ${sale.receiptNumber}</a
                          >
                          ${formatAmount(sale.total)}
                          ${sale.late ? html`<span class="muted">${t.late}</span>` : nothing}
                          ${sale.offline ? html`<span class="muted">${t.offline}</span>` : nothing}
                          ${sale.oversold ? html`<span class="muted">${t.oversold}</span>` : nothing}
                        </li>`,
                    )}
                  </ul>`
                : nothing
            }
          </section>
        </div>
      </div>`;
  }
}

@customElement('xmf-books-reports')
export class XmfBooksReports extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() period = businessPeriod(new Date());
  @state() private trial: Schemas['TrialBalance'] | undefined;
  @state() private income: Schemas['IncomeStatement'] | undefined;
  @state() private sheet: Schemas['BalanceSheet'] | undefined;
  @state() private funds: Schemas['FundReport'] | undefined;
  @state() private ledger: Schemas['GeneralLedger'] | undefined;
  @state() private accounts: Schemas['Account'][] = [];
  @state() private scope: 'month' | 'ytd' = 'month';
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void withSession(() => call(api.GET('/api/accounts'))).then(
      (answer) => (this.accounts = answer.accounts),
    );
  }

  private async load(): Promise<void> {
    const period = this.period;
    this.ledger = undefined;
    try {
      const query = { params: { query: { period } } };
      [this.trial, this.income, this.sheet, this.funds] = await withSession(() =>
        Promise.all([
          call(api.GET('/api/reports/trial-balance', query)),
          call(api.GET('/api/reports/income-statement', query)),
          call(api.GET('/api/reports/balance-sheet', query)),
          call(api.GET('/api/reports/funds', { params: { query: { period, scope: this.scope } } })),
        ]),
      );
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /** The general ledger of `account` for the month (or, for the fund statement's year to date, since January). */
  private async drill(account: string, fromStart = false): Promise<void> {
    const from = fromStart ? `${this.period.slice(0, 4)}-01-01` : `${this.period}-01`;
    const to = lastDayOf(this.period);
    this.ledger = await withSession(() =>
      call(api.GET('/api/reports/general-ledger', { params: { query: { account, from, to } } })),
    );
    await this.updateComplete;
    this.querySelector('[data-report="general-ledger"]')?.scrollIntoView({ block: 'nearest' });
  }

  private drillButton(account: string, label: string, fromStart = false) {
    return html`<button
      type="button"
      class="link"
      data-drill=${account}
      @click=${() => void this.drill(account, fromStart)}
    >
      ${label}
    </button>`;
  }

  /** The equity sub-account that holds a fund (3104.11…), from the chart of accounts. */
  private fundAccount(fund: string): string | undefined {
    return this.accounts.find((account) => account.fund === fund && account.postable)?.code;
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    return html`<h2>${t.reportsTitle}</h2>
      <form
        class="filters"
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.load();
        }}
      >
        ${dateField(t.period, { type: 'month', name: 'period', value: this.period }, (value) => {
          this.period = value;
          void this.load();
        })}
        <a class="button" href=${journalExportUrl(this.period)} download>${t.downloadLedger}</a>
      </form>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <div class="reports-layout">
        <div class="statements">
          ${
            this.trial
              ? table(
                  'trial-balance',
                  `${t.trialBalance} · ${this.trial.period}`,
                  t,
                  [t.account, t.debit, t.credit],
                  this.trial.rows.map((row) => [
                    this.drillButton(row.account, `${row.account} ${localName(row, lang)}`),
                    m(row.debit),
                    m(row.credit),
                  ]),
                  this.trial.rows.map((row) => [
                    `${row.account} ${row.name}`,
                    row.debit,
                    row.credit,
                  ]),
                  [t.total, this.trial.totals.debit, this.trial.totals.credit],
                )
              : nothing
          }
          ${
            this.income
              ? table(
                  'income-statement',
                  t.incomeStatement,
                  t,
                  [t.account, t.amount],
                  [...this.income.revenue, ...this.income.expenses].map((row) => [
                    this.drillButton(row.account, `${row.account} ${localName(row, lang)}`),
                    m(row.amount),
                  ]),
                  [...this.income.revenue, ...this.income.expenses].map((row) => [
                    `${row.account} ${row.name}`,
                    row.amount,
                  ]),
                  [t.result, this.income.result],
                )
              : nothing
          }
          ${
            this.sheet
              ? table(
                  'balance-sheet',
                  t.balanceSheet,
                  t,
                  [t.account, t.amount],
                  [...this.sheet.assets, ...this.sheet.liabilities, ...this.sheet.equity].map(
                    (row) => [
                      this.drillButton(row.account, `${row.account} ${localName(row, lang)}`),
                      m(row.amount),
                    ],
                  ),
                  [...this.sheet.assets, ...this.sheet.liabilities, ...this.sheet.equity].map(
                    (row) => [`${row.account} ${row.name}`, row.amount],
                  ),
                  [t.assets, this.sheet.totalAssets],
                )
              : nothing
          }
          ${
            this.funds
              ? html`<label
                    >${t.fundStatement}
                    <select
                      name="fund-scope"
                      @change=${(event: Event) => {
                        this.scope = (event.target as HTMLSelectElement).value as 'month' | 'ytd';
                        void this.load();
                      }}
                    >
                      <option value="month">${t.month}</option>
                      <option value="ytd">${t.yearToDate}</option>
                    </select></label
                  >
                  ${table(
                    'funds',
                    `${t.fundStatement} · ${this.scope === 'month' ? t.month : t.yearToDate}`,
                    t,
                    [
                      t.fund,
                      t.opening,
                      t.allocated,
                      t.spent,
                      t.transfersIn,
                      t.transfersOut,
                      t.closing,
                    ],
                    this.funds.funds.map((f) => [
                      this.fundAccount(f.fund)
                        ? this.drillButton(
                            this.fundAccount(f.fund)!,
                            localName(f, lang),
                            this.scope === 'ytd',
                          )
                        : localName(f, lang),
                      m(f.opening),
                      m(f.allocated),
                      m(f.spent),
                      m(f.transfersIn),
                      m(f.transfersOut),
                      m(f.closing),
                    ]),
                    this.funds.funds.map((f) => [
                      f.name,
                      f.opening,
                      f.allocated,
                      f.spent,
                      f.transfersIn,
                      f.transfersOut,
                      f.closing,
                    ]),
                  )}`
              : nothing
          }
        </div>
        <aside class="ledger-pane" aria-label=${t.generalLedger}>
          ${
            this.ledger
              ? table(
                  'general-ledger',
                  `${t.generalLedger} · ${this.ledger.account} ${localName(this.ledger, lang)} · ${t.opening} ${formatAmount(this.ledger.opening)}`,
                  t,
                  [t.date, t.description, t.debit, t.credit, t.balance],
                  this.ledger.lines.map((line) => [
                    line.date,
                    html`<a href="#/journal/${line.entryId}">${line.description}</a>`,
                    m(line.debit),
                    m(line.credit),
                    m(line.balance),
                  ]),
                  this.ledger.lines.map((line) => [
                    line.date,
                    line.description,
                    line.debit,
                    line.credit,
                    line.balance,
                  ]),
                  [t.closing, '', '', '', this.ledger.closing],
                  [1],
                )
              : html`<p class="muted ledger-hint">${t.drillHint}</p>`
          }
        </aside>
      </div>`;
  }
}

@customElement('xmf-books-journal')
export class XmfBooksJournal extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() period = businessPeriod(new Date());
  @state() private page: { entries: Schemas['JournalEntry'][] } | undefined;
  @state() private reversing = '';
  @state() private reason = '';
  @state() private error = '';
  @state() private errorFor = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.page = await withSession(() =>
      call(
        api.GET('/api/journal', { params: { query: { period: this.period, pageSize: '200' } } }),
      ),
    );
  }

  private async reverse(entry: Schemas['JournalEntry']): Promise<void> {
    if (this.reason.trim() === '') {
      this.error = this.i18n.t.reverseReason;
      this.errorFor = entry.id;
      return;
    }
    try {
      await withSession(() =>
        call(
          api.POST('/api/journal/{id}/reverse', {
            params: { path: { id: entry.id } },
            body: { date: entry.date, reason: this.reason.trim() },
          }),
        ),
      );
      this.reversing = '';
      this.reason = '';
      this.error = '';
      await this.load();
    } catch (error) {
      this.error = errorText(error);
      this.errorFor = entry.id;
    }
  }

  override render() {
    const t = this.i18n.t;
    return html`<h2>${t.journalTitle}</h2>
      ${dateField(
        t.period,
        { type: 'month', name: 'journal-period', value: this.period },
        (value) => {
          this.period = value;
          void this.load();
        },
      )}
      <a class="button" href=${journalExportUrl(this.period)} download>${t.downloadLedger}</a>
      <table data-table="journal">
        <caption class="visually-hidden">
          ${t.journalTitle}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">${t.date}</th>
            <th scope="col">${t.description}</th>
            <th scope="col">${t.account}</th>
            <th scope="col" class="num">${t.debit}</th>
            <th scope="col" class="num">${t.credit}</th>
            <th scope="col">${t.source}</th>
          </tr>
        </thead>
        <tbody>
          ${
            this.page && this.page.entries.length === 0
              ? html`<tr>
                  <td colspan="7">${t.noEntries}</td>
                </tr>`
              : nothing
          }
          ${(this.page?.entries ?? []).map(
            (entry) =>
              html`<tr data-entry=${entry.id}>
                  <th scope="row"><a href="#/journal/${entry.id}">${entry.seq}</a></th>
                  <td>${entry.date}</td>
                  <td>${entry.description}</td>
                  <td>${entry.lines.map((line) => html`<div>${line.account}</div>`)}</td>
                  <td class="num">
                    ${entry.lines.map((line) => html`<div>${formatAmount(line.debit)}</div>`)}
                  </td>
                  <td class="num">
                    ${entry.lines.map((line) => html`<div>${formatAmount(line.credit)}</div>`)}
                  </td>
                  <td>
                    ${(t as Record<string, string>)[`source_${entry.source}`] ?? entry.source}
                    ${
                      entry.source === 'sale' && entry.sourceId
                        ? html`<a href="#/journal/${entry.id}" data-receipt-link>${t.receipt}</a>`
                        : nothing
                    }
                    ${
                      entry.reversedBy
                        ? html`<span class="muted">${t.reversed}</span>`
                        : entry.source === 'manual'
                          ? html`<button
                              type="button"
                              class="link"
                              data-reverse=${entry.id}
                              @click=${() => (this.reversing = entry.id)}
                            >
                              ${t.reverse}
                            </button>`
                          : nothing
                    }
                  </td>
                </tr>
                ${
                  this.reversing === entry.id
                    ? html`<tr>
                        <td colspan="7">
                          <label
                            >${t.reverseReason}
                            <input
                              name="reverse-reason"
                              .value=${this.reason}
                              @input=${(event: Event) =>
                                (this.reason = (event.target as HTMLInputElement).value)}
                          /></label>
                          <button
                            type="button"
                            class="primary"
                            data-confirm-reverse
                            @click=${() => void this.reverse(entry)}
                          >
                            ${t.reverse}
                          </button>
                          ${
                            this.errorFor === entry.id && this.error
                              ? html`<p role="alert" class="field-error">${this.error}</p>`
                              : nothing
                          }
                        </td>
                      </tr>`
                    : nothing
                }`,
          )}
        </tbody>
      </table>`;
  }
}

function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve((typeof reader.result === 'string' ? reader.result : '').replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

@customElement('xmf-books-reconcile')
export class XmfBooksReconcile extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @state() private provider: 'wechat' | 'alipay' = 'wechat';
  @state() private current: Schemas['Reconciliation'] | undefined;
  @state() private error = '';
  @state() private settleId = crypto.randomUUID();
  @state() private settledEntry = '';
  @state() private imports: Schemas['ReconciliationSummary'][] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadImports();
  }

  private async loadImports(): Promise<void> {
    try {
      const answer = await withSession(() => call(api.GET('/api/reconciliations')));
      this.imports = answer.reconciliations;
    } catch {
      // The list is a convenience; the upload form works without it.
    }
  }

  private async openImport(id: string): Promise<void> {
    try {
      const answer = await withSession(() =>
        call(api.GET('/api/reconciliations/{id}', { params: { path: { id } } })),
      );
      this.current = answer.reconciliation;
      this.settleId = crypto.randomUUID();
      this.settledEntry = answer.reconciliation.settlementEntryId ?? '';
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async upload(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.querySelector<HTMLInputElement>('input[name="bill"]');
    const file = input?.files?.[0];
    if (!file) {
      this.error = this.i18n.t.billFile;
      return;
    }
    try {
      const contentBase64 = await fileToBase64(file);
      const answer = await withSession(() =>
        call(
          api.POST('/api/reconciliations', {
            body: { provider: this.provider, fileName: file.name, contentBase64 },
          }),
        ),
      );
      this.current = answer.reconciliation;
      this.settleId = crypto.randomUUID();
      this.settledEntry = answer.reconciliation.settlementEntryId ?? '';
      this.error = '';
      void this.loadImports();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async settle(): Promise<void> {
    if (!this.current) return;
    const current = this.current;
    try {
      const answer = await withSession(() =>
        call(
          api.POST('/api/reconciliations/{id}/settle', {
            params: { path: { id: current.id } },
            body: { id: this.settleId, date: current.toDate },
          }),
        ),
      );
      this.settledEntry = answer.entry.id;
      this.error = '';
      void this.loadImports();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  override render() {
    const t = this.i18n.t;
    const r = this.current;
    const row = (side: {
      bill?: { occurredAt: string; amount: string; fee: string; transactionId: string };
      books?: { occurredAt: string; amount: string; receiptNumber: string | null };
    }) =>
      html`<li>
        ${
          side.bill
            ? html`${side.bill.occurredAt.slice(11, 16)} ${m(side.bill.amount)} (${t.fee}
              ${formatAmount(side.bill.fee)}) ${side.bill.transactionId}`
            : nothing
        }
        ${
          side.books
            ? html`${side.bill ? ' ↔ ' : ''}${side.books.occurredAt.slice(11, 16)}
              ${m(side.books.amount)} ${t.receipt} ${side.books.receiptNumber ?? ''}`
            : nothing
        }
      </li>`;
    return html`<h2>${t.reconcileTitle}</h2>
      <p class="help">${t.billHelp}</p>
      <form class="upload" @submit=${(event: Event) => void this.upload(event)}>
        <label
          >${t.provider}
          <select
            name="provider"
            @change=${(event: Event) =>
              (this.provider = (event.target as HTMLSelectElement).value as 'wechat' | 'alipay')}
          >
            <option value="wechat">${t.wechat}</option>
            <option value="alipay">${t.alipay}</option>
          </select></label
        >
        <label>${t.billFile} <input type="file" name="bill" accept=".csv,text/csv" /></label>
        <button type="submit" class="primary">${t.upload}</button>
      </form>
      ${this.error ? html`<p role="alert" class="field-error">${this.error}</p>` : nothing}
      ${
        r
          ? html`<div class="side-by-side" data-reconciliation=${r.id}>
                <section data-side="matched">
                  <h3>${t.matched} (${r.totals.matched.count}) ${m(r.totals.matched.amount)}</h3>
                  <ul>
                    ${r.matched.map(row)}
                  </ul>
                </section>
                <section data-side="onlyInBill">
                  <h3>
                    ${t.onlyInBill} (${r.totals.onlyInBill.count}) ${m(r.totals.onlyInBill.amount)}
                  </h3>
                  <ul>
                    ${r.onlyInBill.map(row)}
                  </ul>
                </section>
                <section data-side="onlyInBooks">
                  <h3>
                    ${t.onlyInBooks} (${r.totals.onlyInBooks.count})
                    ${m(r.totals.onlyInBooks.amount)}
                  </h3>
                  <ul>
                    ${r.onlyInBooks.map(row)}
                  </ul>
                </section>
              </div>
              <p data-totals>
                ${t.matched}: ${t.amount} ${m(r.totals.matched.amount)} · ${t.fee}
                <span data-fee>${formatAmount(r.totals.matched.fee ?? '0.00')}</span> · ${t.net}
                <span data-net>${formatAmount(r.totals.matched.net ?? '0.00')}</span>
              </p>
              ${
                this.settledEntry
                  ? html`<p role="status" data-settled=${this.settledEntry}>${t.settled}</p>`
                  : html`<button
                      type="button"
                      class="primary"
                      data-settle
                      @click=${() => void this.settle()}
                    >
                      ${t.settle}
                    </button>`
              }`
          : nothing
      }
      ${
        this.imports.length > 0
          ? html`<section class="report" data-report="imports">
              <table data-table="imports">
                <caption>
                  ${t.earlierImports}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.provider}</th>
                    <th scope="col">${t.period}</th>
                    <th scope="col" class="num">${t.amount}</th>
                    <th scope="col" class="num">${t.fee}</th>
                    <th scope="col">${t.settled}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.imports.map(
                    (item) =>
                      html`<tr>
                        <th scope="row">
                          <button
                            type="button"
                            class="link"
                            data-open-import=${item.id}
                            @click=${() => void this.openImport(item.id)}
                          >
                            ${item.provider === 'wechat' ? t.wechat : t.alipay} · ${item.fileName}
                          </button>
                        </th>
                        <td>
                          ${item.fromDate}${item.toDate === item.fromDate ? '' : ` – ${item.toDate}`}
                        </td>
                        <td class="num">${formatAmount(item.billAmount)}</td>
                        <td class="num">${formatAmount(item.billFee)}</td>
                        <td>
                          ${
                            item.settlementEntryId
                              ? html`<a href="#/journal/${item.settlementEntryId}">✓</a>`
                              : '—'
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </section>`
          : nothing
      }`;
  }
}

@customElement('xmf-books-close')
export class XmfBooksClose extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() period = previousPeriod(businessPeriod(new Date()));
  @property({ type: Boolean }) admin = false;
  @state() private preview: ClosePreview | undefined;
  @state() private result: Schemas['CloseResult'] | undefined;
  @state() private error = '';
  @state() private reason = '';
  @state() private busy = false;
  @state() private accounts: Schemas['Account'][] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void withSession(() => call(api.GET('/api/accounts'))).then(
      (answer) => (this.accounts = answer.accounts),
    );
  }

  private async load(): Promise<void> {
    try {
      this.preview = await withSession(() =>
        call(
          api.GET('/api/periods/{period}/close-preview', {
            params: { path: { period: this.period } },
          }),
        ),
      );
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async confirm(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      this.result = await withSession(() =>
        call(
          api.POST('/api/periods/{period}/close', { params: { path: { period: this.period } } }),
        ),
      );
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async reopen(): Promise<void> {
    if (this.reason.trim() === '') {
      this.error = this.i18n.t.reopenReason;
      return;
    }
    try {
      await withSession(() =>
        call(
          api.POST('/api/periods/{period}/reopen', {
            params: { path: { period: this.period } },
            body: { reason: this.reason.trim() },
          }),
        ),
      );
      this.result = undefined;
      await this.load();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private accountName(code: string): string {
    const account = this.accounts.find((item) => item.code === code);
    return account ? localName(account, this.i18n.lang) : '';
  }

  private sameAsPreview(): boolean {
    const close = this.preview?.close;
    const result = this.result;
    if (!close || !result) return false;
    return (
      close.surplus === result.surplus &&
      close.allocable === result.allocable &&
      JSON.stringify(close.allocation) === JSON.stringify(result.allocation)
    );
  }

  override render() {
    const t = this.i18n.t;
    const p = this.preview;
    const stateWord = { ok: t.stateOk, blocking: t.stateBlocking, warning: t.stateWarning };
    return html`<h2>${t.closeTitle}</h2>
      ${dateField(
        t.period,
        { type: 'month', name: 'close-period', value: this.period },
        (value) => {
          this.period = value;
          this.result = undefined;
          void this.load();
        },
      )}
      ${this.error ? html`<p role="alert" class="field-error">${this.error}</p>` : nothing}
      ${
        p && !this.result
          ? html`<section>
              <h3>${t.checklist}</h3>
              <ul class="checklist" data-checklist>
                ${checklistItems(p.checklist).map(
                  (item) =>
                    html`<li data-check=${item.key} data-state=${item.state} class=${item.state}>
                      <span class="mark" aria-hidden="true"
                        >${item.state === 'ok' ? '✓' : item.state === 'blocking' ? '✗' : '!'}</span
                      >
                      ${t[`check_${item.key}`]} — <strong>${stateWord[item.state]}</strong>
                      ${
                        item.key === 'shiftsClosed' && item.detail.length > 0
                          ? html`<ul>
                              ${item.detail.map((d) => html`<li><a href="/pos/">${d}</a></li>`)}
                            </ul>`
                          : item.detail.length > 0 && item.state !== 'ok'
                            ? html`<ul>
                                  ${item.detail.map((d) => html`<li>${d}</li>`)}
                                </ul>
                                ${
                                  item.key === 'clearingAccounts'
                                    ? html`<a href="#/reconcile" data-link="reconcile"
                                        >${t.goReconcile}</a
                                      >`
                                    : nothing
                                }`
                            : nothing
                      }
                    </li>`,
                )}
              </ul>
            </section>`
          : nothing
      }
      ${
        p?.close && !this.result
          ? html`<section data-preview>
              <h3>${t.previewTitle}</h3>
              <dl class="tiles">
                <div>
                  <dt>${t.surplus}</dt>
                  <dd data-preview-figure="surplus">${m(p.close.surplus)}</dd>
                </div>
                <div>
                  <dt>${t.deficitCarriedIn}</dt>
                  <dd>${m(p.close.deficitCarriedIn)}</dd>
                </div>
                <div>
                  <dt>${t.allocable}</dt>
                  <dd>${m(p.close.allocable)}</dd>
                </div>
              </dl>
              ${table(
                'close-preview-allocation',
                t.fundShare,
                t,
                [t.fund, t.percent, t.amount],
                p.close.allocation.map((a) => [
                  t[`fund_${a.fund}`],
                  formatPercent(a.percent),
                  m(a.amount),
                ]),
                p.close.allocation.map((a) => [a.fund, a.percent, a.amount]),
              )}
              ${[
                [t.closingEntry, p.entries.closing],
                [t.allocationEntry, p.entries.allocation],
              ].map(([title, entry]) =>
                entry && typeof entry !== 'string'
                  ? table(
                      `close-preview-${title === t.closingEntry ? 'closing' : 'allocation'}-entry`,
                      `${title as string} · ${entry.date}`,
                      t,
                      [t.account, t.debit, t.credit],
                      entry.lines.map((line) => [
                        `${line.account} ${this.accountName(line.account)}`,
                        m(line.debit),
                        m(line.credit),
                      ]),
                      entry.lines.map((line) => [line.account, line.debit, line.credit]),
                    )
                  : nothing,
              )}
              <button
                type="button"
                class="primary"
                data-confirm-close
                ?disabled=${!p.checklist.ready || this.busy}
                @click=${() => void this.confirm()}
              >
                ${t.confirmClose}
              </button>
            </section>`
          : nothing
      }
      ${
        this.result
          ? html`<section data-close-result>
              <h3>${t.closeResult}</h3>
              <p data-compare=${this.sameAsPreview() ? 'same' : 'differs'}>
                ${this.sameAsPreview() ? `✓ ${t.sameAsPreview}` : t.differsFromPreview}
              </p>
              ${table(
                'close-result-allocation',
                t.fundShareResult,
                t,
                [t.fund, t.percent, t.amount],
                this.result.allocation.map((a) => [
                  t[`fund_${a.fund}`],
                  formatPercent(a.percent),
                  m(a.amount),
                ]),
                this.result.allocation.map((a) => [a.fund, a.percent, a.amount]),
              )}
              <p>${t.digest}: <code data-digest>${this.result.digest}</code></p>
              <a class="button" href="#/publish/${this.period}" data-next="publish"
                >${t.navPublish} →</a
              >
            </section>`
          : nothing
      }
      ${
        this.admin && p?.checklist.periodOpen.status === 'closed'
          ? html`<section data-reopen>
              <h3>${t.reopen}</h3>
              <label
                >${t.reopenReason}
                <input
                  name="reopen-reason"
                  .value=${this.reason}
                  @input=${(event: Event) => (this.reason = (event.target as HTMLInputElement).value)}
              /></label>
              <button type="button" @click=${() => void this.reopen()}>${t.reopen}</button>
            </section>`
          : nothing
      }`;
  }
}

@customElement('xmf-books-publish')
export class XmfBooksPublish extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() period = previousPeriod(businessPeriod(new Date()));
  @state() private note = '';
  @state() private published: { version: number } | undefined;
  /** The month's latest published version, null when never published; undefined while loading. */
  @state() private latest: number | null | undefined;
  @state() private error = '';
  @state() private noteError = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadLatest();
  }

  private async loadLatest(): Promise<void> {
    const period = this.period;
    try {
      const answer = await call(
        api.GET('/api/public/statements/{period}', { params: { path: { period } } }),
      );
      this.latest = answer.publication.version;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.latest = null;
      else this.error = errorText(error);
    }
  }

  private async publish(): Promise<void> {
    // A new version must say what it corrects: checked here before the server says so.
    if (this.latest && this.note.trim() === '') {
      this.noteError = this.i18n.t.needCorrectionNote;
      this.querySelector<HTMLTextAreaElement>('textarea[name="note"]')?.focus();
      return;
    }
    this.noteError = '';
    try {
      const answer = await withSession(() =>
        call(
          api.POST('/api/statements/{period}/publish', {
            params: { path: { period: this.period } },
            body: this.note.trim() ? { note: this.note.trim() } : {},
          }),
        ),
      );
      this.published = answer.statement;
      this.latest = answer.statement.version;
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  override render() {
    const t = this.i18n.t;
    const src = `/api/statements/${this.period}/preview.pdf?note=${encodeURIComponent(this.note)}`;
    return html`<h2>${t.publishTitle}</h2>
      ${dateField(
        t.period,
        { type: 'month', name: 'publish-period', value: this.period },
        (value) => {
          this.period = value;
          this.published = undefined;
          this.latest = undefined;
          void this.loadLatest();
        },
      )}
      ${
        this.latest && !this.published
          ? html`<p class="help" data-latest-version=${this.latest}>
                ${t.republishHelp
                  .replace('{v}', String(this.latest))
                  .replace('{next}', String(this.latest + 1))}
              </p>
              <label class="wide"
                >${t.correctionNote}
                <textarea
                  name="note"
                  required
                  aria-invalid=${this.noteError ? 'true' : 'false'}
                  .value=${this.note}
                  @change=${(event: Event) =>
                    (this.note = (event.target as HTMLTextAreaElement).value)}
                ></textarea>
              </label>
              ${this.noteError ? html`<p role="alert" class="field-error">${this.noteError}</p>` : nothing}`
          : nothing
      }
      ${this.error ? html`<p role="alert" class="field-error">${this.error}</p>` : nothing}
      ${
        this.published
          ? html`<p role="status" data-published=${this.published.version}>
              ${t.publishedAs.replace('{v}', String(this.published.version))} ·
              <a href="/statements/${this.period}" target="_blank">${t.seeAsResidents}</a>
            </p>`
          : html`<p class="preview-links">
                <a class="button" data-preview-pdf href=${src} target="_blank" rel="noopener"
                  >${t.previewPdf}</a
                >
                <a href=${`${src}&lang=en`} target="_blank" rel="noopener" lang="en">English PDF</a>
              </p>
              <iframe
                class="pdf-preview"
                data-preview-frame
                title=${t.previewFrame}
                src=${src}
              ></iframe>
              <p class="publish-bar">
                <span>${t.publishAfterPreview}</span>
                <button
                  type="button"
                  class="primary"
                  data-publish
                  @click=${() => void this.publish()}
                >
                  ${t.publish}
                </button>
              </p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-dashboard': XmfBooksDashboard;
    'xmf-books-reports': XmfBooksReports;
    'xmf-books-journal': XmfBooksJournal;
    'xmf-books-reconcile': XmfBooksReconcile;
    'xmf-books-close': XmfBooksClose;
    'xmf-books-publish': XmfBooksPublish;
  }
}

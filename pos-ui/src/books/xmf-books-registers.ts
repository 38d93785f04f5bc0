import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, call, type Schemas } from '../shared/api/client.js';
import { businessPeriod, formatBusinessTime } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { formatAmount, sumAmounts } from '../shared/money.js';
import { downloadCsv } from './csv.js';
import { BOOKS_MESSAGES } from './messages.js';
import { errorText, withSession } from './session.js';

type Voucher = {
  saleId: string;
  createdAt: string;
  registerId: string;
  receiptNumber: string;
  entryId: string;
  amount: string;
  holder: {
    voucherNumber: string | null;
    name: string | null;
    household: string | null;
    phone: string | null;
    note: string | null;
  };
};
type Disbursement = Schemas['DisbursementList']['disbursements'][number];
type Recipient = NonNullable<Schemas['AidRecipient']>;
type Category = Schemas['FundCategories']['funds'][number]['categories'][number];

/**
 * The two private registers behind the accountant's login: hardship vouchers redeemed at
 * the till with their holders, and aid paid from the hardship fund with its recipients.
 * Nothing here is public; the server audits every look, and a recipient's details are
 * fetched one at a time, only when asked for.
 */
@customElement('xmf-books-registers')
export class XmfBooksRegisters extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() period = businessPeriod(new Date());
  @state() private vouchers: Voucher[] | undefined;
  @state() private aid: Disbursement[] | undefined;
  @state() private categories: Category[] = [];
  @state() private recipients: Record<string, Recipient> = {};
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const period = this.period;
    try {
      const [vouchers, spending, categories] = await withSession(() =>
        Promise.all([
          call(api.GET('/api/hardship-vouchers', { params: { query: { period } } })),
          call(api.GET('/api/disbursements', { params: { query: { period } } })),
          call(api.GET('/api/disbursement-categories')),
        ]),
      );
      this.categories = categories.funds.flatMap((fund) => fund.categories);
      const aidKeys = new Set(this.categories.filter((c) => c.isAid).map((c) => c.key));
      this.vouchers = vouchers.vouchers;
      this.aid = spending.disbursements.filter((item) => aidKeys.has(item.category));
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async showRecipient(id: string): Promise<void> {
    try {
      const answer = await withSession(() =>
        call(api.GET('/api/disbursements/{id}/recipient', { params: { path: { id } } })),
      );
      this.recipients = { ...this.recipients, [id]: answer.recipient };
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private categoryName(key: string): string {
    const category = this.categories.find((item) => item.key === key);
    return category ? localName(category, this.i18n.lang) : key;
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    const voucherHeader = [
      t.time,
      `${t.register} · ${t.receipt}`,
      t.amount,
      t.voucherNumber,
      t.holder,
      t.household,
      t.phone,
      t.note,
    ];
    return html`<h2>${t.registersTitle}</h2>
      <p class="private-notice" role="note">${t.privateNotice}</p>
      <label
        >${t.period}
        <input
          type="month"
          name="registers-period"
          .value=${this.period}
          @change=${(event: Event) => {
            this.period = (event.target as HTMLInputElement).value;
            this.recipients = {};
            void this.load();
          }}
      /></label>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${
        this.vouchers
          ? html`<section class="report" data-report="voucher-register">
              <table data-table="voucher-register">
                <caption>
                  ${t.voucherRegister} · ${this.vouchers.length} ·
                  ${formatAmount(sumAmounts(this.vouchers.map((v) => v.amount)))}
                  <button
                    type="button"
                    class="link csv"
                    data-csv="voucher-register"
                    @click=${() =>
                      downloadCsv(`voucher-register-${this.period}.csv`, [
                        voucherHeader,
                        ...(this.vouchers ?? []).map((v) => [
                          v.createdAt,
                          `${v.registerId} · ${v.receiptNumber}`,
                          v.amount,
                          v.holder.voucherNumber ?? '',
                          v.holder.name ?? '',
                          v.holder.household ?? '',
                          v.holder.phone ?? '',
                          v.holder.note ?? '',
                        ]),
                      ])}
                  >
                    ${t.downloadCsv}
                  </button>
                </caption>
                <thead>
                  <tr>
                    ${voucherHeader.map(
                      (cell, i) => html`<th scope="col" class=${i === 2 ? 'num' : ''}>${cell}</th>`,
                    )}
                  </tr>
                </thead>
                <tbody>
                  ${
                    this.vouchers.length === 0
                      ? html`<tr>
                          <td colspan="8">${t.none}</td>
                        </tr>`
                      : this.vouchers.map(
                          (v) =>
                            html`<tr data-voucher=${v.saleId}>
                              <th scope="row">${formatBusinessTime(v.createdAt, lang)}</th>
                              <td>
                                <a href="#/journal/${v.entryId}" data-voucher-entry
                                  >${v.registerId} · ${v.receiptNumber}</a
                                >
                              </td>
                              <td class="num">${formatAmount(v.amount)}</td>
                              <td>${v.holder.voucherNumber ?? '—'}</td>
                              <td>${v.holder.name ?? '—'}</td>
                              <td>${v.holder.household ?? ''}</td>
                              <td>${v.holder.phone ?? ''}</td>
                              <td>${v.holder.note ?? ''}</td>
                            </tr>`,
                        )
                  }
                </tbody>
              </table>
            </section>`
          : nothing
      }
      ${
        this.aid
          ? html`<section class="report" data-report="aid-register">
              <table data-table="aid-register">
                <caption>
                  ${t.aidRegister} · ${this.aid.length} ·
                  ${formatAmount(sumAmounts(this.aid.map((a) => a.amount)))}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.date}</th>
                    <th scope="col">${t.category}</th>
                    <th scope="col" class="num">${t.amount}</th>
                    <th scope="col">${t.description}</th>
                    <th scope="col">${t.recipientName}</th>
                  </tr>
                </thead>
                <tbody>
                  ${
                    this.aid.length === 0
                      ? html`<tr>
                          <td colspan="5">${t.none}</td>
                        </tr>`
                      : this.aid.map((item) => {
                          const recipient = this.recipients[item.id];
                          return html`<tr data-aid=${item.id}>
                            <th scope="row">${item.date}</th>
                            <td>${this.categoryName(item.category)}</td>
                            <td class="num">${formatAmount(item.amount)}</td>
                            <td>
                              <a href="#/journal/${item.entryId}">${item.description}</a>
                            </td>
                            <td data-recipient>
                              ${
                                recipient
                                  ? html`${recipient.name}
                                    ${recipient.phone ? html` · ${recipient.phone}` : nothing}
                                    ${recipient.reason ? html` · ${recipient.reason}` : nothing}`
                                  : html`<button
                                      type="button"
                                      class="link"
                                      data-show-recipient=${item.id}
                                      @click=${() => void this.showRecipient(item.id)}
                                    >
                                      ${t.show}
                                    </button>`
                              }
                            </td>
                          </tr>`;
                        })
                  }
                </tbody>
              </table>
            </section>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-registers': XmfBooksRegisters;
  }
}

import { html, nothing } from 'lit';
import { formText } from '../shared/form.js';
import { customElement, state } from 'lit/decorators.js';
import { api, call, type Schemas } from '../shared/api/client.js';
import { businessDate } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { fenToAmount, parseYuan } from '../shared/money.js';
import { BOOKS_MESSAGES } from './messages.js';
import { errorText, withSession } from './session.js';

type Categories = Schemas['FundCategories'];
type FundKey = 'operations' | 'events' | 'hardship';

/**
 * Fund spending: a disbursement by fund and category (the private recipient fields only
 * for aid categories) and a fund transfer (the aid register is in xmf-books-registers) — each form with its
 * own id made once, so a retry never records twice.
 */
@customElement('xmf-books-funds')
export class XmfBooksFunds extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @state() private categories: Categories['funds'] = [];
  @state() private fund: FundKey = 'operations';
  @state() private category = '';
  @state() private spendId = crypto.randomUUID();
  @state() private transferId = crypto.randomUUID();
  @state() private spendError = { field: '', text: '' };
  @state() private transferError = { field: '', text: '' };
  @state() private spendDone = '';
  @state() private transferDone = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void withSession(() => call(api.GET('/api/disbursement-categories'))).then((answer) => {
      this.categories = answer.funds;
      this.category = answer.funds[0]?.categories[0]?.key ?? '';
    });
  }

  private isAid(key: string): boolean {
    return this.categories.some((fund) =>
      fund.categories.some((category) => category.key === key && category.isAid),
    );
  }

  private async spend(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.i18n.t;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => formText(data, name).trim();
    const amount = parseYuan(text('amount'));
    if (amount === null || amount <= 0n) {
      this.spendError = { field: 'amount', text: t.badAmount };
      return;
    }
    if (!text('description')) {
      this.spendError = { field: 'description', text: t.needDescription };
      return;
    }
    const aid = this.isAid(this.category);
    if (aid && !text('recipientName')) {
      this.spendError = { field: 'recipientName', text: t.recipientName };
      return;
    }
    const recipient = aid
      ? {
          name: text('recipientName'),
          ...(text('recipientPhone') ? { phone: text('recipientPhone') } : {}),
          ...(text('recipientReason') ? { reason: text('recipientReason') } : {}),
        }
      : text('payee') || undefined;
    try {
      const answer = await withSession(() =>
        call(
          api.POST('/api/disbursements', {
            body: {
              id: this.spendId,
              fund: this.fund,
              category: this.category,
              date: text('date'),
              amount: fenToAmount(amount),
              description: text('description'),
              paidFrom: text('paidFrom') === 'cash' ? 'cash' : 'bank',
              ...(recipient === undefined ? {} : { recipient }),
            },
          }),
        ),
      );
      this.spendDone = answer.disbursement.id;
      this.spendError = { field: '', text: '' };
      this.spendId = crypto.randomUUID();
      (event.target as HTMLFormElement).reset();
    } catch (error) {
      const message = errorText(error);
      this.spendError = {
        field: /amount|balance|insufficient/i.test(message) ? 'amount' : 'form',
        text: message,
      };
    }
  }

  private async transfer(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.i18n.t;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => formText(data, name).trim();
    const amount = parseYuan(text('amount'));
    if (amount === null || amount <= 0n) {
      this.transferError = { field: 'amount', text: t.badAmount };
      return;
    }
    if (!text('reason')) {
      this.transferError = { field: 'reason', text: t.reason };
      return;
    }
    try {
      const answer = await withSession(() =>
        call(
          api.POST('/api/fund-transfers', {
            body: {
              id: this.transferId,
              fromFund: text('fromFund') as FundKey,
              toFund: text('toFund') as FundKey,
              date: text('date'),
              amount: fenToAmount(amount),
              reason: text('reason'),
            },
          }),
        ),
      );
      this.transferDone = answer.transfer.id;
      this.transferError = { field: '', text: '' };
      this.transferId = crypto.randomUUID();
    } catch (error) {
      this.transferError = { field: 'form', text: errorText(error) };
    }
  }

  override render() {
    const t = this.i18n.t;
    const lang = this.i18n.lang;
    const fund = this.categories.find((item) => item.fund === this.fund);
    const aid = this.isAid(this.category);
    const error = (state: { field: string; text: string }, field: string) =>
      state.field === field ? html`<p role="alert" class="field-error">${state.text}</p>` : nothing;
    const fundOptions = this.categories.map(
      (item) => html`<option value=${item.fund}>${localName(item, lang)}</option>`,
    );
    return html`<h2>${t.fundsTitle}</h2>
      <form class="fund-form" data-form="disbursement" @submit=${(e: Event) => void this.spend(e)}>
        <label
          >${t.fund}
          <select
            name="fund"
            @change=${(event: Event) => {
              this.fund = (event.target as HTMLSelectElement).value as FundKey;
              this.category =
                this.categories.find((item) => item.fund === this.fund)?.categories[0]?.key ?? '';
            }}
          >
            ${fundOptions}
          </select></label
        >
        <label
          >${t.category}
          <select
            name="category"
            @change=${(event: Event) => (this.category = (event.target as HTMLSelectElement).value)}
          >
            ${(fund?.categories ?? []).map(
              (category) =>
                html`<option value=${category.key} ?selected=${category.key === this.category}>
                  ${localName(category, lang)}
                </option>`,
            )}
          </select></label
        >
        <label
          >${t.date} <input type="date" name="date" required .value=${businessDate(new Date())}
        /></label>
        <label>${t.amount} <input name="amount" inputmode="decimal" class="num" required /></label>
        ${error(this.spendError, 'amount')}
        <label class="wide"
          >${t.description} <input name="description" maxlength="500" required
        /></label>
        ${error(this.spendError, 'description')}
        <label
          >${t.paidFrom}
          <select name="paidFrom">
            <option value="bank">${t.bank}</option>
            <option value="cash">${t.cash}</option>
          </select></label
        >
        ${
          aid
            ? html`<fieldset data-private>
                <legend>${t.recipientName}</legend>
                <label>${t.recipientName} <input name="recipientName" maxlength="100" /></label>
                ${error(this.spendError, 'recipientName')}
                <label>${t.recipientPhone} <input name="recipientPhone" maxlength="40" /></label>
                <label>${t.recipientReason} <input name="recipientReason" maxlength="500" /></label>
              </fieldset>`
            : html`<label>${t.payee} <input name="payee" maxlength="200" /></label>`
        }
        ${error(this.spendError, 'form')}
        <button type="submit" class="primary">${t.record}</button>
        ${this.spendDone ? html`<span role="status">${t.recorded}</span>` : nothing}
      </form>
      <h3>${t.transferTitle}</h3>
      <form data-form="transfer" @submit=${(e: Event) => void this.transfer(e)}>
        <label
          >${t.fromFund}
          <select name="fromFund">
            ${fundOptions}
          </select></label
        >
        <label
          >${t.toFund}
          <select name="toFund">
            ${this.categories.map(
              (item, index) =>
                html`<option value=${item.fund} ?selected=${index === 1}>
                  ${localName(item, lang)}
                </option>`,
            )}
          </select></label
        >
        <label
          >${t.date} <input type="date" name="date" required .value=${businessDate(new Date())}
        /></label>
        <label>${t.amount} <input name="amount" inputmode="decimal" class="num" required /></label>
        ${error(this.transferError, 'amount')}
        <label class="wide">${t.reason} <input name="reason" maxlength="500" required /></label>
        ${error(this.transferError, 'reason')} ${error(this.transferError, 'form')}
        <button type="submit" class="primary">${t.record}</button>
        ${this.transferDone ? html`<span role="status">${t.recorded}</span>` : nothing}
      </form>
      <p><a href="#/registers" data-link="registers">${t.aidRegisterMoved}</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-funds': XmfBooksFunds;
  }
}

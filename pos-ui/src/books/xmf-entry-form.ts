import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, call, isNetworkError, type Schemas } from '../shared/api/client.js';
import { businessDate } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { formatFen } from '../shared/money.js';
import { buildInitialsIndex, searchAccounts, type InitialsIndex } from './account-search.js';
import { emptyLine, entryBalance, entryLinesForApi, type EntryLineDraft } from './entry-lines.js';
import { ENTRY_TEMPLATES, templateLines } from './entry-templates.js';
import { BOOKS_MESSAGES } from './messages.js';
import { errorText, withSession } from './session.js';

const DRAFT_KEY = 'xmf.books.entryDraft';

interface Draft {
  id: string;
  date: string;
  description: string;
  invoice: string;
  lines: EntryLineDraft[];
}

function newDraft(): Draft {
  return {
    id: crypto.randomUUID(),
    date: businessDate(new Date()),
    description: '',
    invoice: '',
    lines: [emptyLine(), emptyLine()],
  };
}

/**
 * The journal entry form. Its own entry id is made once per form (and kept with the draft
 * in sessionStorage), so a double click, a retry after a network failure or a post after
 * logging in again sends the same id and the server never records the entry twice.
 */
@customElement('xmf-entry-form')
export class XmfEntryForm extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property({ attribute: false }) accounts: Schemas['Account'][] = [];
  @state() private draft: Draft = XmfEntryForm.restore();
  @state() private initials: InitialsIndex = new Map();
  @state() private focusLine = -1;
  @state() private query = '';
  @state() private status: 'idle' | 'posting' | 'retrying' | 'posted' | 'failed' = 'idle';
  @state() private error = '';
  @state() private errorField = '';
  @state() private templateKey = '';
  @state() private templateAmount = '';
  @state() private templateFee = '';
  @state() private postedEntry: Schemas['JournalEntry'] | undefined;

  private static restore(): Draft {
    try {
      const saved = sessionStorage.getItem(DRAFT_KEY);
      if (saved) return JSON.parse(saved) as Draft;
    } catch {
      // A draft that cannot be read is dropped.
    }
    return newDraft();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void buildInitialsIndex(this.accounts).then((index) => (this.initials = index));
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('accounts') && this.accounts.length > 0 && this.initials.size === 0) {
      void buildInitialsIndex(this.accounts).then((index) => (this.initials = index));
    }
  }

  private save(next: Partial<Draft>): void {
    this.draft = { ...this.draft, ...next };
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(this.draft));
    if (this.status === 'posted' || this.status === 'failed') this.status = 'idle';
  }

  private setLine(index: number, patch: Partial<EntryLineDraft>): void {
    this.save({
      lines: this.draft.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)),
    });
  }

  private applyTemplate(): void {
    const template = ENTRY_TEMPLATES.find((item) => item.key === this.templateKey);
    if (!template) return;
    this.save({
      description: this.draft.description || template.description,
      lines: templateLines(template, this.templateAmount, this.templateFee),
    });
  }

  private validate(): boolean {
    const t = this.i18n.t;
    const balance = entryBalance(this.draft.lines);
    this.errorField = '';
    if (this.draft.description.trim() === '') {
      this.error = t.needDescription;
      this.errorField = 'description';
      return false;
    }
    if (balance.invalidLines.length > 0) {
      this.error = t.badAmount;
      this.errorField = `line-${balance.invalidLines[0]}`;
      return false;
    }
    const missing = this.draft.lines.findIndex(
      (line) => (line.debit.trim() || line.credit.trim()) && line.account.trim() === '',
    );
    if (missing >= 0) {
      this.error = t.needAccount;
      this.errorField = `line-${missing}`;
      return false;
    }
    if (!balance.balanced) {
      this.error = `${t.notBalanced} ${formatFen(balance.difference)}`;
      this.errorField = 'balance';
      return false;
    }
    this.error = '';
    return true;
  }

  private async post(): Promise<void> {
    if (this.status === 'posting' || this.status === 'retrying' || this.status === 'posted') return;
    if (!this.validate()) return;
    this.status = 'posting';
    const description = this.draft.invoice.trim()
      ? `${this.draft.description.trim()} 发票 ${this.draft.invoice.trim()}`
      : this.draft.description.trim();
    const body = {
      id: this.draft.id,
      date: this.draft.date,
      description,
      lines: entryLinesForApi(this.draft.lines),
    };
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await withSession(() => call(api.POST('/api/journal', { body })));
        this.postedEntry = answer.entry;
        this.status = 'posted';
        sessionStorage.removeItem(DRAFT_KEY);
        this.dispatchEvent(new CustomEvent('entry-posted', { bubbles: true }));
        return;
      } catch (error) {
        if (isNetworkError(error) && attempt < 2) {
          this.status = 'retrying';
          await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
          continue;
        }
        this.status = 'failed';
        this.error = errorText(error);
        const details = (error as { details?: { path?: string }[] }).details;
        this.errorField =
          Array.isArray(details) && details[0]?.path?.startsWith('lines')
            ? `line-${details[0].path.split('.')[1] ?? 0}`
            : /date|period|closed/i.test(this.error)
              ? 'date'
              : 'balance';
        return;
      }
    }
  }

  private reset(): void {
    sessionStorage.removeItem(DRAFT_KEY);
    this.draft = newDraft();
    this.status = 'idle';
    this.error = '';
    this.postedEntry = undefined;
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.post();
    }
  }

  private pick(index: number, account: Schemas['Account']): void {
    this.setLine(index, { account: account.code });
    this.focusLine = -1;
  }

  private accountName(code: string): string {
    const account = this.accounts.find((item) => item.code === code);
    return account ? localName(account, this.i18n.lang) : '';
  }

  private fieldError(field: string) {
    return this.errorField === field && this.error
      ? html`<p class="field-error" role="alert" id="err-${field}">${this.error}</p>`
      : nothing;
  }

  override render() {
    const t = this.i18n.t;
    const balance = entryBalance(this.draft.lines);
    const suggestions =
      this.focusLine >= 0 ? searchAccounts(this.accounts, this.query, this.initials) : [];
    return html`<form
      class="entry-form"
      data-form="entry"
      @keydown=${this.onKeydown}
      @submit=${(event: Event) => {
        event.preventDefault();
        void this.post();
      }}
    >
      <h2>${t.entryTitle}</h2>
      <fieldset class="template-row">
        <legend>${t.template}</legend>
        <label
          >${t.template}
          <select
            name="template"
            @change=${(event: Event) => {
              this.templateKey = (event.target as HTMLSelectElement).value;
              this.applyTemplate();
            }}
          >
            <option value="">${t.noTemplate}</option>
            ${ENTRY_TEMPLATES.map(
              (template) =>
                html`<option value=${template.key} ?selected=${template.key === this.templateKey}>
                  ${localName(template, this.i18n.lang)}
                </option>`,
            )}
          </select></label
        >
        <label
          >${t.amount}
          <input
            name="template-amount"
            inputmode="decimal"
            .value=${this.templateAmount}
            @input=${(event: Event) => {
              this.templateAmount = (event.target as HTMLInputElement).value;
              this.applyTemplate();
            }}
        /></label>
        <label
          >${t.fee}
          <input
            name="template-fee"
            inputmode="decimal"
            .value=${this.templateFee}
            @input=${(event: Event) => {
              this.templateFee = (event.target as HTMLInputElement).value;
              this.applyTemplate();
            }}
        /></label>
      </fieldset>
      <div class="entry-head">
        <label
          >${t.date}
          <input
            type="date"
            name="date"
            required
            .value=${this.draft.date}
            aria-describedby=${this.errorField === 'date' ? 'err-date' : nothing}
            @input=${(event: Event) => this.save({ date: (event.target as HTMLInputElement).value })}
        /></label>
        ${this.fieldError('date')}
        <label class="wide"
          >${t.description}
          <input
            name="description"
            required
            maxlength="400"
            .value=${this.draft.description}
            aria-invalid=${this.errorField === 'description' ? 'true' : 'false'}
            @input=${(event: Event) =>
              this.save({ description: (event.target as HTMLInputElement).value })}
        /></label>
        ${this.fieldError('description')}
        <label
          >${t.invoice}
          <input
            name="invoice"
            maxlength="60"
            .value=${this.draft.invoice}
            @input=${(event: Event) =>
              this.save({ invoice: (event.target as HTMLInputElement).value })}
        /></label>
      </div>
      <table class="entry-lines">
        <caption class="visually-hidden">
          ${t.entryTitle}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.account}</th>
            <th scope="col" class="num">${t.debit}</th>
            <th scope="col" class="num">${t.credit}</th>
            <th scope="col">${t.memo}</th>
            <th scope="col"><span class="visually-hidden">${t.removeLine}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.draft.lines.map(
            (line, index) =>
              html`<tr data-line=${index}>
                <td class="account-cell">
                  <input
                    name="account-${index}"
                    aria-label="${t.account} ${index + 1}"
                    title=${t.accountSearch}
                    autocomplete="off"
                    .value=${line.account}
                    @focus=${() => {
                      this.focusLine = index;
                      this.query = line.account;
                    }}
                    @blur=${() => setTimeout(() => (this.focusLine = -1), 150)}
                    @input=${(event: Event) => {
                      const value = (event.target as HTMLInputElement).value;
                      this.query = value;
                      this.setLine(index, { account: value });
                    }}
                    @keydown=${(event: KeyboardEvent) => {
                      if (event.key === 'Enter' && !event.ctrlKey && suggestions[0]) {
                        event.preventDefault();
                        this.pick(index, suggestions[0]);
                      }
                    }}
                  />
                  <span class="account-name">${this.accountName(line.account)}</span>
                  ${
                    this.focusLine === index && suggestions.length > 0
                      ? html`<ul class="suggestions" role="listbox" aria-label=${t.account}>
                          ${suggestions.map(
                            (account) =>
                              html`<li
                                role="option"
                                aria-selected="false"
                                data-code=${account.code}
                                @mousedown=${() => this.pick(index, account)}
                              >
                                <span class="code">${account.code}</span> ${account.name}
                                <span class="en">${account.nameEn}</span>
                              </li>`,
                          )}
                        </ul>`
                      : nothing
                  }
                  ${this.fieldError(`line-${index}`)}
                </td>
                <td class="num">
                  <input
                    name="debit-${index}"
                    aria-label="${t.debit} ${index + 1}"
                    inputmode="decimal"
                    class="num"
                    .value=${line.debit}
                    @input=${(event: Event) =>
                      this.setLine(index, { debit: (event.target as HTMLInputElement).value })}
                  />
                </td>
                <td class="num">
                  <input
                    name="credit-${index}"
                    aria-label="${t.credit} ${index + 1}"
                    inputmode="decimal"
                    class="num"
                    .value=${line.credit}
                    @input=${(event: Event) =>
                      this.setLine(index, { credit: (event.target as HTMLInputElement).value })}
                  />
                </td>
                <td>
                  <input
                    name="memo-${index}"
                    aria-label="${t.memo} ${index + 1}"
                    .value=${line.memo}
                    @input=${(event: Event) =>
                      this.setLine(index, { memo: (event.target as HTMLInputElement).value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label="${t.removeLine} ${index + 1}"
                    ?disabled=${this.draft.lines.length <= 2}
                    @click=${() =>
                      this.save({ lines: this.draft.lines.filter((_, i) => i !== index) })}
                  >
                    ×
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${t.total}</th>
            <td class="num" data-total="debit">${formatFen(balance.debit)}</td>
            <td class="num" data-total="credit">${formatFen(balance.credit)}</td>
            <td colspan="2" data-balance=${balance.balanced ? 'balanced' : 'unbalanced'}>
              ${
                balance.balanced
                  ? html`<span class="ok">✓ ${t.balanced}</span>`
                  : html`<span class="warn"
                      >${t.difference}
                      <span class="num" data-difference
                        >${formatFen(balance.difference)}</span
                      ></span
                    >`
              }
            </td>
          </tr>
        </tfoot>
      </table>
      ${this.fieldError('balance')}
      <div class="actions">
        <button
          type="button"
          @click=${() => this.save({ lines: [...this.draft.lines, emptyLine()] })}
        >
          ${t.addLine}
        </button>
        <button type="submit" class="primary" ?disabled=${this.status === 'posting'}>
          ${this.status === 'posting' ? t.posting : t.post}
        </button>
        ${this.status === 'retrying' ? html`<span role="status">${t.retrying}</span>` : nothing}
        ${
          this.status === 'failed' && this.errorField === ''
            ? html`<button type="button" @click=${() => void this.post()}>${t.retry}</button>`
            : nothing
        }
      </div>
      ${
        this.status === 'posted' && this.postedEntry
          ? html`<p role="status" class="posted" data-posted=${this.postedEntry.id}>
              ${t.posted} #${this.postedEntry.seq} · ${this.postedEntry.description}
              <button type="button" @click=${() => this.reset()}>${t.newEntry}</button>
            </p>`
          : nothing
      }
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-entry-form': XmfEntryForm;
  }
}

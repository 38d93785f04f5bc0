import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, call, type Schemas } from '../shared/api/client.js';
import { formatBusinessTime } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { localName } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { formatAmount } from '../shared/money.js';
import { BOOKS_MESSAGES } from './messages.js';
import { errorText, withSession } from './session.js';

/**
 * One journal entry: its lines with the accounts' names, what it reverses or was reversed
 * by, and — for a sale — the receipt the customer got, as the till printed it.
 */
@customElement('xmf-books-entry')
export class XmfBooksEntry extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @property() entryId = '';
  @property({ attribute: false }) accounts: Schemas['Account'][] = [];
  @state() private entry: Schemas['JournalEntry'] | undefined;
  @state() private receipt = '';
  @state() private error = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('entryId') && this.entryId) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.entryId;
    this.receipt = '';
    try {
      const answer = await withSession(() =>
        call(api.GET('/api/journal/{id}', { params: { path: { id } } })),
      );
      this.entry = answer.entry;
      this.error = '';
      const saleId = answer.entry.source === 'sale' ? answer.entry.sourceId : null;
      if (saleId) {
        const lang = this.i18n.lang;
        const text = await withSession(() =>
          call(
            api.GET('/api/sales/{id}/receipt', {
              params: { path: { id: saleId }, query: { format: 'text', lang } },
              parseAs: 'text',
            }),
          ),
        );
        this.receipt = String(text);
      }
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private accountName(code: string): string {
    const account = this.accounts.find((item) => item.code === code);
    return account ? localName(account, this.i18n.lang) : '';
  }

  override render() {
    const t = this.i18n.t;
    const e = this.entry;
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    if (!e) return html`<p>…</p>`;
    return html`<h2>${t.entryTitle} #${e.seq}</h2>
      <p><a href="#/journal">← ${t.navJournal}</a></p>
      <dl class="entry-facts" data-entry-detail=${e.id}>
        <dt>${t.date}</dt>
        <dd>${e.date}</dd>
        <dt>${t.description}</dt>
        <dd>${e.description}</dd>
        <dt>${t.source}</dt>
        <dd>${(t as Record<string, string>)[`source_${e.source}`] ?? e.source}</dd>
        <dt>${t.postedAt}</dt>
        <dd>${formatBusinessTime(e.postedAt, this.i18n.lang)}</dd>
        ${
          e.reversesId
            ? html`<dt>${t.reverses}</dt>
                <dd><a href="#/journal/${e.reversesId}">${e.reversesId}</a></dd>`
            : nothing
        }
        ${
          e.reversedBy
            ? html`<dt>${t.reversed}</dt>
                <dd><a href="#/journal/${e.reversedBy}">${e.reversedBy}</a></dd>`
            : nothing
        }
      </dl>
      <table data-table="entry-lines">
        <caption class="visually-hidden">
          ${t.entryTitle}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.account}</th>
            <th scope="col">${t.memo}</th>
            <th scope="col" class="num">${t.debit}</th>
            <th scope="col" class="num">${t.credit}</th>
          </tr>
        </thead>
        <tbody>
          ${e.lines.map(
            (line) =>
              html`<tr>
                <th scope="row">${line.account} ${this.accountName(line.account)}</th>
                <td>${line.memo ?? ''}</td>
                <td class="num">${formatAmount(line.debit)}</td>
                <td class="num">${formatAmount(line.credit)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        this.receipt
          ? html`<section data-receipt>
              <h3>${t.receipt}</h3>
              <pre class="receipt" aria-label=${t.receipt}>${this.receipt}</pre>
            </section>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-entry': XmfBooksEntry;
  }
}

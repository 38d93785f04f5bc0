import { html, nothing } from 'lit';
import { formText } from '../shared/form.js';
import { customElement, state } from 'lit/decorators.js';
import { api, call, type Schemas } from '../shared/api/client.js';
import { businessPeriod, formatBusinessTime } from '../shared/date.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { fenToAmount, formatAmount, parseYuan } from '../shared/money.js';
import { BOOKS_MESSAGES } from './messages.js';
import { errorText, withSession } from './session.js';

const FUNDS = ['operations', 'events', 'hardship'] as const;
type FundKey = (typeof FUNDS)[number];

function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + month - 2;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * A split of a surplus by percentages, in fen: each share rounded down, the remainder of a
 * fen or two to the first fund. A preview; the close computes the real split on the server.
 */
export function previewSplit(
  surplus: string,
  percents: Record<FundKey, string>,
): Record<FundKey, string> {
  const total = parseYuan(surplus) ?? 0n;
  const result = {} as Record<FundKey, string>;
  if (total <= 0n) {
    for (const fund of FUNDS) result[fund] = '0.00';
    return result;
  }
  let allocated = 0n;
  const shares = FUNDS.map((fund) => {
    const hundredths = parseYuan(percents[fund] || '0') ?? 0n; // percent × 100
    const share = (total * hundredths) / 10000n;
    allocated += share;
    return share;
  });
  shares[0] = shares[0]! + (total - allocated);
  FUNDS.forEach((fund, index) => (result[fund] = fenToAmount(shares[index]!)));
  return result;
}

/** Admin: users, one's own password, the allocation rule with a preview, the audit log. */
@customElement('xmf-books-admin')
export class XmfBooksAdmin extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @state() private users: Schemas['User'][] = [];
  @state() private rules: Schemas['AllocationRule'][] = [];
  @state() private audit: Schemas['AuditLog'] | undefined;
  @state() private lastSurplus = '0.00';
  @state() private percents: Record<FundKey, string> = {
    operations: '50',
    events: '30',
    hardship: '20',
  };
  @state() private message = { where: '', text: '' };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const last = previousPeriod(businessPeriod(new Date()));
    const [users, rules, income] = await withSession(() =>
      Promise.all([
        call(api.GET('/api/users')),
        call(api.GET('/api/allocation-rules')),
        call(api.GET('/api/reports/income-statement', { params: { query: { period: last } } })),
      ]),
    );
    this.users = users.users;
    this.rules = rules.rules;
    this.lastSurplus = income.result;
    const current = rules.rules[0];
    if (current) {
      for (const share of current.shares)
        this.percents = { ...this.percents, [share.fund]: share.percent };
    }
    await this.loadAudit();
  }

  private async loadAudit(
    filters: { action?: string; user?: string; from?: string; to?: string } = {},
  ) {
    const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
    this.audit = await withSession(() => call(api.GET('/api/audit-log', { params: { query } })));
  }

  private async act(where: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await withSession(action);
      this.message = { where, text: this.i18n.t.saved };
      await this.load();
    } catch (error) {
      this.message = { where, text: errorText(error) };
    }
  }

  private note(where: string) {
    return this.message.where === where
      ? html`<p role="status" class="field-error">${this.message.text}</p>`
      : nothing;
  }

  override render() {
    const t = this.i18n.t;
    const split = previewSplit(this.lastSurplus, this.percents);
    const sum = FUNDS.reduce(
      (total, fund) => total + (parseYuan(this.percents[fund] || '0') ?? 0n),
      0n,
    );
    return html`<h2>${t.adminTitle}</h2>
      <section>
        <h3>${t.users}</h3>
        <table data-table="users">
          <caption class="visually-hidden">
            ${t.users}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t.username}</th>
              <th scope="col">${t.displayName}</th>
              <th scope="col">${t.role}</th>
              <th scope="col">${t.active}</th>
              <th scope="col">${t.resetPassword}</th>
            </tr>
          </thead>
          <tbody>
            ${this.users.map(
              (user) =>
                html`<tr data-user=${user.username}>
                  <th scope="row">${user.username}</th>
                  <td>${user.displayName}</td>
                  <td>${user.role}</td>
                  <td>
                    <button
                      type="button"
                      class="link"
                      @click=${() => void this.act('users', () => call(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: { active: !user.active } })))}
                    >
                      ${user.active ? t.disable : t.enable}
                    </button>
                  </td>
                  <td>
                    <form
                      @submit=${(event: Event) => {
                        event.preventDefault();
                        const value = formText(
                          new FormData(event.target as HTMLFormElement),
                          'secret',
                        );
                        const body =
                          user.role === 'cashier' || user.role === 'manager'
                            ? { pin: value }
                            : { password: value };
                        void this.act('users', () =>
                          call(
                            api.PATCH('/api/users/{id}', {
                              params: { path: { id: user.id } },
                              body,
                            }),
                          ),
                        );
                      }}
                    >
                      <input
                        name="secret"
                        type="password"
                        aria-label="${t.resetPassword} ${user.username}"
                        autocomplete="new-password"
                      />
                      <button type="submit">${t.resetPassword}</button>
                    </form>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <form
          data-form="create-user"
          @submit=${(event: Event) => {
            event.preventDefault();
            const data = new FormData(event.target as HTMLFormElement);
            const role = formText(data, 'role') as Schemas['User']['role'];
            const secret = formText(data, 'secret');
            void this.act('users', () =>
              call(
                api.POST('/api/users', {
                  body: {
                    username: formText(data, 'username'),
                    displayName: formText(data, 'displayName'),
                    role,
                    ...(role === 'cashier' || role === 'manager'
                      ? { pin: secret }
                      : { password: secret }),
                  },
                }),
              ),
            );
          }}
        >
          <label>${t.username} <input name="username" required /></label>
          <label>${t.displayName} <input name="displayName" required /></label>
          <label
            >${t.role}
            <select name="role">
              <option value="cashier">cashier</option>
              <option value="manager">manager</option>
              <option value="accountant">accountant</option>
              <option value="admin">admin</option>
            </select></label
          >
          <label
            >${t.newPassword}
            <input name="secret" type="password" autocomplete="new-password" required
          /></label>
          <button type="submit" class="primary">${t.createUser}</button>
        </form>
        ${this.note('users')}
      </section>
      <section>
        <h3>${t.changeOwnPassword}</h3>
        <form
          data-form="own-password"
          @submit=${(event: Event) => {
            event.preventDefault();
            const data = new FormData(event.target as HTMLFormElement);
            void this.act('password', () =>
              call(
                api.POST('/api/auth/password', {
                  body: {
                    currentPassword: formText(data, 'current'),
                    newPassword: formText(data, 'next'),
                  },
                }),
              ),
            );
          }}
        >
          <label
            >${t.currentPassword}
            <input name="current" type="password" autocomplete="current-password" required
          /></label>
          <label
            >${t.newPassword}
            <input name="next" type="password" autocomplete="new-password" minlength="10" required
          /></label>
          <button type="submit">${t.changeOwnPassword}</button>
        </form>
        ${this.note('password')}
      </section>
      <section>
        <h3>${t.rules}</h3>
        <ul>
          ${this.rules.map((rule) => html`<li>${rule.effectiveFrom}: ${rule.shares.map((s) => `${t[`fund_${s.fund}`]} ${s.percent}%`).join(' · ')}</li>`)}
        </ul>
        <form
          data-form="rule"
          @submit=${(event: Event) => {
            event.preventDefault();
            const data = new FormData(event.target as HTMLFormElement);
            void this.act('rule', () =>
              call(
                api.POST('/api/allocation-rules', {
                  body: {
                    effectiveFrom: formText(data, 'effectiveFrom'),
                    shares: FUNDS.map((fund) => ({ fund, percent: this.percents[fund] })),
                  },
                }),
              ),
            );
          }}
        >
          <label
            >${t.effectiveFrom}
            <input type="month" name="effectiveFrom" required .value=${businessPeriod(new Date())}
          /></label>
          ${FUNDS.map(
            (fund) =>
              html`<label
                >${t[`fund_${fund}`]} ${t.percent}
                <input
                  name="percent-${fund}"
                  inputmode="decimal"
                  class="num"
                  .value=${this.percents[fund]}
                  @input=${(event: Event) => (this.percents = { ...this.percents, [fund]: (event.target as HTMLInputElement).value })}
              /></label>`,
          )}
          <p data-rule-sum=${String(sum === 10000n)}>${t.total} ${fenToAmount(sum)}%</p>
          <table data-table="rule-preview">
            <caption>
              ${t.rulePreview} (${formatAmount(this.lastSurplus)})
            </caption>
            <thead>
              <tr>
                <th scope="col">${t.fund}</th>
                <th scope="col" class="num">${t.amount}</th>
              </tr>
            </thead>
            <tbody>
              ${FUNDS.map(
                (fund) =>
                  html`<tr>
                    <th scope="row">${t[`fund_${fund}`]}</th>
                    <td class="num">${formatAmount(split[fund])}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          <button type="submit" class="primary" ?disabled=${sum !== 10000n}>${t.saveRule}</button>
        </form>
        ${this.note('rule')}
      </section>
      <section>
        <h3>${t.auditLog}</h3>
        <form
          class="filters"
          data-form="audit"
          @submit=${(event: Event) => {
            event.preventDefault();
            const data = new FormData(event.target as HTMLFormElement);
            void this.loadAudit({
              action: formText(data, 'action'),
              user: formText(data, 'user'),
              from: formText(data, 'from'),
              to: formText(data, 'to'),
            });
          }}
        >
          <label>${t.action} <input name="action" /></label>
          <label>${t.actor} <input name="user" /></label>
          <label>${t.from} <input type="date" name="from" /></label>
          <label>${t.to} <input type="date" name="to" /></label>
          <button type="submit">${t.filter}</button>
        </form>
        <table data-table="audit-log">
          <caption class="visually-hidden">
            ${t.auditLog}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t.at}</th>
              <th scope="col">${t.actor}</th>
              <th scope="col">${t.action}</th>
              <th scope="col">${t.subject}</th>
            </tr>
          </thead>
          <tbody>
            ${(this.audit?.entries ?? []).map(
              (entry) =>
                html`<tr>
                  <th scope="row">${formatBusinessTime(entry.at, this.i18n.lang)}</th>
                  <td>${entry.actor?.displayName ?? '—'}</td>
                  <td>${entry.action}</td>
                  <td>${entry.subject ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-admin': XmfBooksAdmin;
  }
}

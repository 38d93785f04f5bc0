import { html, nothing } from 'lit';
import { formText } from '../shared/form.js';
import { customElement, state } from 'lit/decorators.js';
import { api, call, type Schemas } from '../shared/api/client.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import '../shared/xmf-lang-toggle.js';
import { BOOKS_MESSAGES } from './messages.js';
import {
  errorText,
  fetchMe,
  logIn,
  logOut,
  onSessionExpired,
  type SessionUser,
} from './session.js';
import './xmf-books-admin.js';
import './xmf-books-entry.js';
import './xmf-books-funds.js';
import './xmf-books-registers.js';
import './xmf-books-sales.js';
import './xmf-books-views.js';
import './xmf-entry-form.js';

type Route = { view: string; arg: string };

function readRoute(): Route {
  const [view = 'dashboard', arg = ''] = location.hash.replace(/^#\/?/, '').split('/');
  return { view: view || 'dashboard', arg };
}

/**
 * The accountant console: log in, then role-aware navigation between the screens. Someone
 * without the accountant or admin role sees a "no access" page and nothing of the books.
 * When the session expires, a log-in dialog opens over the screen, which keeps what was
 * typed; the interrupted request then runs again.
 */
@customElement('xmf-books-app')
export class XmfBooksApp extends LightElement {
  private readonly i18n = new LangController(this, BOOKS_MESSAGES);
  @state() private user: SessionUser | null | undefined;
  @state() private route: Route = readRoute();
  @state() private expired = false;
  @state() private loginError = '';
  @state() private accounts: Schemas['Account'][] = [];
  private resume: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', () => (this.route = readRoute()));
    onSessionExpired(
      () =>
        new Promise<void>((resolve) => {
          this.expired = true;
          this.resume = resolve;
        }),
    );
    fetchMe()
      .then((user) => this.enter(user))
      .catch(() => (this.user = null));
  }

  private enter(user: SessionUser | null): void {
    this.user = user;
    if (user && (user.role === 'accountant' || user.role === 'admin')) {
      void call(api.GET('/api/accounts')).then((answer) => (this.accounts = answer.accounts));
    }
  }

  private async submitLogin(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const user = await logIn(formText(data, 'username'), formText(data, 'password'));
      this.loginError = '';
      if (this.expired) {
        this.expired = false;
        this.user = user;
        this.resume?.();
        return;
      }
      this.enter(user);
    } catch (error) {
      this.loginError = `${this.i18n.t.loginFailed} (${errorText(error)})`;
    }
  }

  private loginForm() {
    const t = this.i18n.t;
    return html`<form
      class="login"
      data-form="login"
      @submit=${(event: Event) => void this.submitLogin(event)}
    >
      <label>${t.username} <input name="username" autocomplete="username" required /></label>
      <label
        >${t.password}
        <input name="password" type="password" autocomplete="current-password" required
      /></label>
      ${this.loginError ? html`<p role="alert" class="field-error">${this.loginError}</p>` : nothing}
      <button type="submit" class="primary">${t.login}</button>
    </form>`;
  }

  private screen() {
    const { view, arg } = this.route;
    const admin = this.user?.role === 'admin';
    switch (view) {
      case 'entry':
        return html`<xmf-entry-form .accounts=${this.accounts}></xmf-entry-form>`;
      case 'journal':
        return arg
          ? html`<xmf-books-entry .entryId=${arg} .accounts=${this.accounts}></xmf-books-entry>`
          : html`<xmf-books-journal></xmf-books-journal>`;
      case 'sales':
        return arg
          ? html`<xmf-books-sales date=${arg}></xmf-books-sales>`
          : html`<xmf-books-sales></xmf-books-sales>`;
      case 'registers':
        return html`<xmf-books-registers></xmf-books-registers>`;
      case 'reports':
        return arg
          ? html`<xmf-books-reports period=${arg}></xmf-books-reports>`
          : html`<xmf-books-reports></xmf-books-reports>`;
      case 'admin':
        return admin
          ? html`<xmf-books-admin></xmf-books-admin>`
          : html`<p role="alert">${this.i18n.t.noAccess}</p>`;
      case 'funds':
        return html`<xmf-books-funds></xmf-books-funds>`;
      case 'reconcile':
        return html`<xmf-books-reconcile></xmf-books-reconcile>`;
      case 'close':
        return arg
          ? html`<xmf-books-close period=${arg} ?admin=${admin}></xmf-books-close>`
          : html`<xmf-books-close ?admin=${admin}></xmf-books-close>`;
      case 'publish':
        return arg
          ? html`<xmf-books-publish period=${arg}></xmf-books-publish>`
          : html`<xmf-books-publish></xmf-books-publish>`;
      default:
        return html`<xmf-books-dashboard></xmf-books-dashboard>`;
    }
  }

  override render() {
    const t = this.i18n.t;
    const header = html`<header class="top">
      <h1>${t.title}</h1>
      <xmf-lang-toggle></xmf-lang-toggle>
      ${
        this.user
          ? html`<span class="who">${this.user.displayName}</span>
              <button
                type="button"
                class="link"
                @click=${() => void logOut().then(() => (this.user = null))}
              >
                ${t.logout}
              </button>`
          : nothing
      }
    </header>`;
    if (this.user === undefined)
      return html`${header}
        <main><p>…</p></main>`;
    if (this.user === null)
      return html`${header}
        <main>${this.loginForm()}</main>`;
    if (this.user.role !== 'accountant' && this.user.role !== 'admin') {
      return html`${header}
        <main data-page="no-access">
          <h2>${t.noAccess}</h2>
          <p>${t.noAccessText}</p>
        </main>`;
    }
    const items: [string, string][] = [
      ['dashboard', t.navDashboard],
      ['entry', t.navEntry],
      ['journal', t.navJournal],
      ['reports', t.navReports],
      ['sales', t.navSales],
      ['reconcile', t.navReconcile],
      ['funds', t.navFunds],
      ['registers', t.navRegisters],
      ['close', t.navClose],
      ['publish', t.navPublish],
      ...(this.user.role === 'admin' ? ([['admin', t.navAdmin]] as [string, string][]) : []),
    ];
    return html`${header}
      <nav aria-label=${t.nav}>
        <ul>
          ${items.map(
            ([key, label]) =>
              html`<li>
                <a href="#/${key}" aria-current=${this.route.view === key ? 'page' : 'false'}
                  >${label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <main data-view=${this.route.view}>${this.screen()}</main>
      ${
        this.expired
          ? html`<div class="dialog-backdrop">
              <div role="dialog" aria-modal="true" aria-labelledby="expired-title" class="dialog">
                <h2 id="expired-title">${t.login}</h2>
                <p>${t.sessionExpired}</p>
                ${this.loginForm()}
              </div>
            </div>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-books-app': XmfBooksApp;
  }
}

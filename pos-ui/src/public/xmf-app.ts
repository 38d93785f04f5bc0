import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PUBLIC_MESSAGES } from './messages.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { linkTarget, navigate, parseRoute, ROUTE_CHANGE_EVENT, type Route } from './router.js';
import './xmf-fund-history.js';
import '../shared/xmf-lang-toggle.js';
import './xmf-statement-list.js';
import './xmf-statement-page.js';
import './xmf-verify-page.js';

/**
 * The residents' site: header with navigation and the language toggle, the page for the
 * current address, and a footer. Links inside the site change the page without a reload.
 */
@customElement('xmf-app')
export class XmfApp extends LightElement {
  @state() private route: Route = parseRoute(location.pathname);

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);
  private navigated = false;

  private readonly onRouteChange = (): void => {
    this.route = parseRoute(location.pathname);
    this.navigated = true;
  };

  private readonly onClick = (event: MouseEvent): void => {
    const target = linkTarget(event);
    if (target === null) return;
    event.preventDefault();
    navigate(target);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onRouteChange);
    window.addEventListener(ROUTE_CHANGE_EVENT, this.onRouteChange);
    this.addEventListener('click', this.onClick);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onRouteChange);
    window.removeEventListener(ROUTE_CHANGE_EVENT, this.onRouteChange);
    this.removeEventListener('click', this.onClick);
  }

  protected override updated(): void {
    // After an in-site link, start reading the new page from its top, as after a reload.
    if (this.navigated) {
      this.navigated = false;
      window.scrollTo(0, 0);
      this.querySelector<HTMLElement>('#main')?.focus({ preventScroll: true });
    }
  }

  override render() {
    const t = this.i18n.t;
    const name = this.route.name;
    const navItem = (href: string, label: string, active: boolean) =>
      html`<li><a href=${href} aria-current=${active ? 'page' : nothing}>${label}</a></li>`;
    return html`<a class="skip-link" href="#main">${t.skipToContent}</a>
      <header class="site-header">
        <div class="site-bar">
          <a class="brand" href="/"
            ><span class="brand-name">${t.siteName}</span>
            <span class="brand-tagline">${t.siteTagline}</span></a
          >
          <xmf-lang-toggle></xmf-lang-toggle>
        </div>
        <nav aria-label=${t.navLabel} class="site-nav">
          <ul>
            ${navItem('/', t.navStatements, name === 'list')}
            ${navItem('/funds', t.navFunds, name === 'funds')}
            ${navItem('/verify', t.navVerify, name === 'verify')}
          </ul>
        </nav>
      </header>
      <main id="main" tabindex="-1">${this.renderRoute(this.route)}</main>
      <footer class="site-footer">
        <p>${t.footer}</p>
      </footer>`;
  }

  private renderRoute(route: Route) {
    const t = this.i18n.t;
    switch (route.name) {
      case 'list':
        return html`<xmf-statement-list></xmf-statement-list>`;
      case 'statement':
        return html`<xmf-statement-page
          .period=${route.period}
          .version=${route.version}
        ></xmf-statement-page>`;
      case 'funds':
        return html`<xmf-fund-history></xmf-fund-history>`;
      case 'verify':
        return html`<xmf-verify-page></xmf-verify-page>`;
      case 'not-found':
        document.title = `${t.pageNotFoundTitle} · ${t.siteName}`;
        return html`<div class="page">
          <h1>${t.pageNotFoundTitle}</h1>
          <p>${t.pageNotFound}</p>
          <p><a href="/">${t.backToList}</a></p>
        </div>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-app': XmfApp;
  }
}

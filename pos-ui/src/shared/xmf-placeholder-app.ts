import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { COMMON_MESSAGES } from './i18n/common-messages.js';
import { LangController, type Dictionary } from './i18n/lang-controller.js';
import { LightElement } from './light-element.js';
import './xmf-lang-toggle.js';

/** What a placeholder app says about itself. */
export interface PlaceholderMessages {
  title: string;
  comingSoon: string;
}

/**
 * The page an app shows until it is built: its title, the language toggle and the note
 * that it will need a login. Replaced by the real app (issues 11 and 14).
 */
@customElement('xmf-placeholder-app')
export class XmfPlaceholderApp extends LightElement {
  @property({ attribute: false }) messages: Dictionary<PlaceholderMessages> | undefined;

  private readonly common = new LangController(this, COMMON_MESSAGES);

  protected override updated(): void {
    const words = this.messages?.[this.common.lang];
    if (words) document.title = words.title;
  }

  override render() {
    const words = this.messages?.[this.common.lang];
    if (!words) return html``;
    return html`<main>
      <header>
        <h1>${words.title}</h1>
        <xmf-lang-toggle></xmf-lang-toggle>
      </header>
      <p>${words.comingSoon}</p>
      <p role="note">${this.common.t.loginNeeded}</p>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-placeholder-app': XmfPlaceholderApp;
  }
}

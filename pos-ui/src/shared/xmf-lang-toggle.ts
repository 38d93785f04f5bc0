import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { COMMON_MESSAGES } from './i18n/common-messages.js';
import { LangController } from './i18n/lang-controller.js';
import { setLang } from './i18n/lang.js';
import { LightElement } from './light-element.js';

/** One button that names the other language in that language: "English" / "中文". */
@customElement('xmf-lang-toggle')
export class XmfLangToggle extends LightElement {
  private readonly i18n = new LangController(this, COMMON_MESSAGES);

  override render() {
    const choice = this.i18n.t.switchLanguage;
    return html`<button
      type="button"
      class="lang-toggle"
      lang=${choice.textLang}
      @click=${() => setLang(choice.textLang)}
    >
      ${choice.text}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-lang-toggle': XmfLangToggle;
  }
}

import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LangController } from './lang-controller.js';
import { setLang } from './lang-state.js';
import { LightElement } from './light-element.js';

/** One button that names the other language in that language: "English" / "中文". */
@customElement('xmf-lang-toggle')
export class XmfLangToggle extends LightElement {
  private readonly i18n = new LangController(this);

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

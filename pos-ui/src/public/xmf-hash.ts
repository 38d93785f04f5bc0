import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PUBLIC_MESSAGES } from './messages.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { keepWhole } from './keep-whole.js';

/** Groups of eight characters read more easily; the groups carry no characters between them. */
const GROUP = 8;

/**
 * A SHA-256 digest shown so that it can be compared by eye and copied exactly: monospace,
 * in groups that wrap on a narrow phone, with a copy button. Selecting the text copies the
 * bare hex too, as the groups are separated by margins, not spaces.
 */
@customElement('xmf-hash')
export class XmfHash extends LightElement {
  @property() value = '';
  /** Visible label of the digest, also the copy button's accessible context. */
  @property() label = '';
  @state() private copyStatus: 'idle' | 'copied' | 'failed' = 'idle';

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);
  private resetTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.resetTimer);
  }

  private async copy(): Promise<void> {
    let copied: boolean;
    try {
      await navigator.clipboard.writeText(this.value);
      copied = true;
    } catch {
      copied = this.copyBySelection();
    }
    this.copyStatus = copied ? 'copied' : 'failed';
    clearTimeout(this.resetTimer);
    this.resetTimer = setTimeout(() => (this.copyStatus = 'idle'), 4000);
  }

  /** Older browsers and plain-http pages have no clipboard API. */
  private copyBySelection(): boolean {
    const code = this.querySelector('code');
    const selection = window.getSelection();
    if (!code || !selection) return false;
    const range = document.createRange();
    range.selectNodeContents(code);
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      // The fallback for browsers without the async clipboard API (older WebViews).
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }

  override render() {
    const t = this.i18n.t;
    const groups: string[] = [];
    for (let index = 0; index < this.value.length; index += GROUP) {
      groups.push(this.value.slice(index, index + GROUP));
    }
    const status =
      this.copyStatus === 'copied' ? t.copied : this.copyStatus === 'failed' ? t.copyFailed : '';
    return html`<div class="hash">
      ${this.label ? html`<p class="hash-label">${keepWhole(this.label)}</p>` : nothing}
      <p class="hash-row">
        <code class="hash-value" translate="no"
          >${groups.map((group, index) =>
            index === 0 ? html`<span>${group}</span>` : html`<wbr /><span>${group}</span>`,
          )}</code
        >
        <button
          type="button"
          class="copy"
          aria-label=${this.label ? `${t.copy}: ${this.label}` : t.copy}
          @click=${() => void this.copy()}
        >
          ${t.copy}
        </button>
        <span class="copy-status" role="status">${status}</span>
      </p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-hash': XmfHash;
  }
}

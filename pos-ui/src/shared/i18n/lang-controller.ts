import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentLang, onLangChange, type Lang } from './lang.js';

/**
 * An app's words in every language. A plain typed object per language: the compiler
 * refuses a language with a missing entry (docs/decisions/0020-residents-i18n.md).
 */
export type Dictionary<Messages> = Readonly<Record<Lang, Messages>>;

/**
 * Re-renders its component when the language changes and hands it the words to use.
 *
 * @example
 * private readonly i18n = new LangController(this, POS_MESSAGES);
 * render() { return html`<h1>${this.i18n.t.title}</h1>`; }
 */
export class LangController<Messages> implements ReactiveController {
  private stop: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly dictionary: Dictionary<Messages>,
  ) {
    host.addController(this);
  }

  get lang(): Lang {
    return currentLang();
  }

  get t(): Messages {
    return this.dictionary[currentLang()];
  }

  hostConnected(): void {
    this.stop = onLangChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }
}

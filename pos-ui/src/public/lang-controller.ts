import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentLang, onLangChange, type Lang } from './lang-state.js';
import { messagesFor, type Messages } from './messages.js';

/** Re-renders its component when the language changes and hands it the words to use. */
export class LangController implements ReactiveController {
  private stop: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get lang(): Lang {
    return currentLang();
  }

  get t(): Messages {
    return messagesFor(currentLang());
  }

  hostConnected(): void {
    this.stop = onLangChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }
}

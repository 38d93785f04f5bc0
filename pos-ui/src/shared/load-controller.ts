import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { isNetworkError } from './api/client.js';

/** Where a load stands. `idle`: nothing asked yet (e.g. no month chosen). */
export type LoadState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: unknown };

export interface LoadOptions<T> {
  /** Start loading when the component connects (default true); false to call `run()` yourself. */
  auto?: boolean;
  /** A value already at hand (set by a test or a parent) that makes the first load unnecessary. */
  initial?: () => T | undefined;
}

/** The words `render` shows while loading and after a failure. */
export interface LoadWords {
  loading: string;
  loadError: string;
  retry: string;
  /** Shown instead of `loadError` when there was no answer at all; `loadError` if absent. */
  offline?: string;
}

/**
 * Loads something for a component, tracks loading / ready / failed, re-renders the host
 * on each change and retries on demand. A newer `run()` wins: the answer of an older one
 * that arrives late is dropped, so quick navigation never shows the wrong month.
 *
 * @example
 * private readonly statements = new LoadController(this, () => fetchStatementList());
 * render() {
 *   return this.statements.render(this.i18n.t, (list) => html`…${list.statements.length}…`);
 * }
 */
export class LoadController<T> implements ReactiveController {
  private current: LoadState<T> = { status: 'idle' };
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<T>,
    private readonly options: LoadOptions<T> = {},
  ) {
    host.addController(this);
  }

  get state(): LoadState<T> {
    return this.current;
  }

  /** The loaded value, while there is one. */
  get value(): T | undefined {
    return this.current.status === 'ready' ? this.current.value : undefined;
  }

  /** Why the last load failed, while it stands failed. */
  get error(): unknown {
    return this.current.status === 'failed' ? this.current.error : undefined;
  }

  hostConnected(): void {
    if (this.current.status !== 'idle') return;
    const initial = this.options.initial?.();
    if (initial !== undefined) this.set(initial);
    else if (this.options.auto ?? true) void this.run();
  }

  /** (Re)loads; resolves when this load has settled. Never rejects: failures become state. */
  async run(): Promise<void> {
    const generation = ++this.generation;
    this.update({ status: 'loading' });
    try {
      const value = await this.load();
      if (generation === this.generation) this.update({ status: 'ready', value });
    } catch (error) {
      if (generation === this.generation) this.update({ status: 'failed', error });
    }
  }

  /** Shows a value without loading (a test's data, an answer the page already had). */
  set(value: T): void {
    this.generation += 1;
    this.update({ status: 'ready', value });
  }

  /**
   * The usual rendering: a status line while loading, an alert with a retry button after
   * a failure (the offline wording when the network was the cause), `ready` otherwise.
   * Pages that need something else for a failure (a 404 of their own) pass `failed`.
   */
  render(
    words: LoadWords,
    ready: (value: T) => unknown,
    failed?: (error: unknown, retry: () => void) => unknown,
  ): unknown {
    const state = this.current;
    switch (state.status) {
      case 'ready':
        return ready(state.value);
      case 'failed':
        return failed
          ? failed(state.error, () => void this.run())
          : failedView(words, state.error, () => void this.run());
      case 'idle':
      case 'loading':
        return loadingView(words);
    }
  }

  private update(state: LoadState<T>): void {
    this.current = state;
    this.host.requestUpdate();
  }
}

/** "Loading…" as a polite live region. */
export function loadingView(words: Pick<LoadWords, 'loading'>) {
  return html`<p class="loading" role="status">${words.loading}</p>`;
}

/** The failure alert and its retry button. */
export function failedView(words: LoadWords, error: unknown, retry: () => void) {
  const message = isNetworkError(error) && words.offline ? words.offline : words.loadError;
  return html`<p role="alert">${message}</p>
    <button type="button" @click=${retry}>${words.retry}</button>`;
}

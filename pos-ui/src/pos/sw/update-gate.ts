/**
 * When a new version of the POS may take over. A waiting service worker is applied (and
 * the page reloaded) only when the cart is empty AND the outbox is drained, so a deploy
 * never reloads under a cashier mid-sale or with unsynced items in memory. Until then the
 * gate just remembers that an update waits; the UI calls `applyWhenSafe()` when a sale
 * completes, when the outbox empties, or when the cashier taps "update".
 */
export interface UpdateConditions {
  /** Lines in the cart right now. */
  cartLines: () => number;
  /** Items in the outbox (queued, not yet confirmed). */
  unsynced: () => Promise<number> | number;
}

export interface UpdateHooks {
  /** Activates the waiting worker (skipWaiting); the page reloads when it takes control. */
  activateWaiting: () => Promise<void>;
  /** Reloads the page (when another tab already activated the new worker). */
  reload: () => void;
}

export type UpdateState = 'current' | 'waiting' | 'applying';

export class UpdateGate {
  private state: UpdateState = 'current';
  private reloadPending = false;
  private readonly listeners = new Set<(state: UpdateState) => void>();

  constructor(
    private readonly conditions: UpdateConditions,
    private readonly hooks: UpdateHooks,
  ) {}

  /** The registration found a new worker waiting (vite-plugin-pwa's onNeedRefresh). */
  updateFound(): void {
    if (this.state === 'current') this.setState('waiting');
  }

  /**
   * The new worker took control (this tab or another applied it): reload when safe rather
   * than at once (vite-plugin-pwa's onNeedReload).
   */
  controllerChanged(): void {
    this.reloadPending = true;
    void this.applyWhenSafe();
  }

  /** Whether an update may be applied now, and if not, why. */
  async blockedBy(): Promise<{ cartLines: number; unsynced: number } | null> {
    const cartLines = this.conditions.cartLines();
    const unsynced = await this.conditions.unsynced();
    return cartLines === 0 && unsynced === 0 ? null : { cartLines, unsynced };
  }

  /**
   * Applies a waiting update (or a pending reload) if the cart is empty and the outbox
   * drained. Resolves with what happened.
   *
   * @example await gate.applyWhenSafe() // 'applied' | 'blocked' | 'nothing'
   */
  async applyWhenSafe(): Promise<'applied' | 'blocked' | 'nothing'> {
    if (this.state === 'current' && !this.reloadPending) return 'nothing';
    // This tab's own activation ends with the new worker taking control (controllerChanged):
    // the reload is still to come then, so only an activation without it is done already.
    if (this.state === 'applying' && !this.reloadPending) return 'applied';
    if (await this.blockedBy()) return 'blocked';
    if (this.reloadPending) {
      this.hooks.reload();
      return 'applied';
    }
    this.setState('applying');
    await this.hooks.activateWaiting();
    return 'applied';
  }

  getState(): UpdateState {
    return this.state;
  }

  subscribe(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  private setState(state: UpdateState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

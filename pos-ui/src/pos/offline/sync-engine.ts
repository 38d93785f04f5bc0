import { retryDelayMs } from './backoff.js';
import {
  SETTING_KEYS,
  readSetting,
  writeSetting,
  type OutboxItem,
  type PosDb,
} from './offline-db.js';
import {
  applyOutcomes,
  enqueue,
  enqueueSale,
  listNeedsAttention,
  listOutbox,
  type ItemOutcome,
  type NewOutboxItem,
  type NewSale,
} from './outbox.js';
import { nextBatch, sendableItems } from './send-order.js';

/** An HTTP status and the parsed JSON body (or null). */
export interface Answer {
  status: number;
  json: unknown;
}

/** What one batch request came back with. */
export interface BatchAnswer extends Answer {
  /**
   * When the batch was answered item by item (200): one answer per item sent, in order —
   * exactly what the item's own endpoint would have answered — or null for an item the
   * answer does not account for. Null when the request as a whole was refused (400, 401,
   * 403, 5xx…): `status` and `json` are then the request's own.
   */
  answers: (Answer | null)[] | null;
}

/**
 * Sends one queued request. Resolves with the HTTP status and the parsed JSON body (or
 * null); rejects only when no answer arrived (network down, aborted, timed out). The
 * typed API client implements it; the engine knows nothing of the API's shapes.
 */
export interface Transport {
  send(item: OutboxItem): Promise<Answer>;
  /**
   * Optional: sends several items in one request (POST /api/sync), in the order given.
   * Rejects only when no answer arrived. Without it every item is sent on its own.
   */
  sendBatch?(items: readonly OutboxItem[]): Promise<BatchAnswer>;
  /** Whether an item can travel in a batch; every item when absent. */
  canBatch?(item: OutboxItem): boolean;
}

export interface SyncStatus {
  online: boolean;
  /** Items queued and not yet confirmed by the server. */
  unsynced: number;
  /** Refused items a manager has not resolved. */
  needsAttention: number;
  /** createdAt of the oldest unsynced item (epoch ms), or null. */
  oldestUnsyncedAt: number | null;
  /** Age of that item now, in ms, or null. */
  oldestAgeMs: number | null;
  /** When the server last confirmed an item (epoch ms), or null. */
  lastSuccessAt: number | null;
  syncing: boolean;
  /** The server answered 401: someone must log in before the outbox can go on. */
  loginRequired: boolean;
  /**
   * The counts above have been read from the outbox at least once. Until then `unsynced`
   * is not known (0 would claim "all synced" over a queue that survived a reload).
   */
  counted: boolean;
}

export interface SyncEngineOptions {
  db: PosDb;
  transport: Transport;
  /** Clock and randomness, injectable for tests. */
  now?: () => number;
  random?: () => number;
  /** How often to try even without an event. */
  intervalMs?: number;
  /** Most items one drain sends before yielding (a limit on everything). */
  maxPerDrain?: number;
  /** Most items in one batch request (the server takes up to 500). */
  maxPerBatch?: number;
  /** Window/navigator-like objects for events and locks; default the globals when present. */
  environment?: SyncEnvironment;
}

export interface SyncEnvironment {
  addEventListener?: ((type: string, listener: () => void) => void) | undefined;
  removeEventListener?: ((type: string, listener: () => void) => void) | undefined;
  document?:
    | {
        visibilityState: string;
        addEventListener(type: string, l: () => void): void;
        removeEventListener(type: string, l: () => void): void;
      }
    | undefined;
  navigator?:
    | {
        onLine?: boolean | undefined;
        locks?:
          | {
              request<T>(
                name: string,
                options: { ifAvailable: boolean },
                callback: (lock: unknown) => Promise<T>,
              ): Promise<T>;
            }
          | undefined;
        storage?:
          | {
              persist?: (() => Promise<boolean>) | undefined;
              persisted?: (() => Promise<boolean>) | undefined;
            }
          | undefined;
      }
    | undefined;
  setTimeout?: ((callback: () => void, ms: number) => unknown) | undefined;
  clearTimeout?: ((handle: unknown) => void) | undefined;
  setInterval?: ((callback: () => void, ms: number) => unknown) | undefined;
  clearInterval?: ((handle: unknown) => void) | undefined;
}

/**
 * Items per POST /api/sync: 100 three-line sales are ~50 KB (the server takes 500 items and
 * 1 MiB), and the server commits them 50 to a transaction — two commits per request.
 */
export const DEFAULT_BATCH_ITEMS = 100;

/** The Web Locks name all tabs of the POS share, so only one drains the outbox. */
export const SYNC_LOCK_NAME = 'xmf-pos-outbox-sync';

/** Statuses after which an item is sent again later, unchanged. */
function isRetryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Does the answer name this id: `{ sale: { id } }`, `{ shift: { id } }`, `{ id }`, …? */
export function answerNamesId(json: unknown, id: string): boolean {
  if (json === null || typeof json !== 'object') return false;
  const record = json as Record<string, unknown>;
  if (record.id === id) return true;
  return Object.values(record).some(
    (value) =>
      value !== null && typeof value === 'object' && (value as Record<string, unknown>).id === id,
  );
}

function errorOf(json: unknown): { code: string; message: string } {
  const error =
    json !== null && typeof json === 'object'
      ? (json as { error?: { code?: unknown; message?: unknown } }).error
      : undefined;
  return {
    code: typeof error?.code === 'string' ? error.code : 'unknown',
    message: typeof error?.message === 'string' ? error.message : '',
  };
}

/** What an answer means for its item, and whether the drain goes on after it. */
export interface Verdict {
  outcome: ItemOutcome;
  /** Stop this drain (the session, not the item, was refused; or there is no network). */
  stop: boolean;
  /** The server answered 401: someone must log in. */
  loginRequired: boolean;
}

/**
 * How the outbox treats one item's answer — the single endpoint's, or the item's own
 * entry in a POST /api/sync answer, which is the same answer. `nextAttemptAt` is when a
 * retried item goes again (the caller's backoff).
 *  - 200/201 naming the item's id: confirmed (a 2xx that does not name it is parked);
 *  - 401: unchanged, stop, someone must log in;
 *  - 403 csrf_failed: the session's token was refused, not the item: retried, stop;
 *  - 424 dependency_failed: an item it needs failed earlier in the same batch and nothing
 *    of it ran; it stays as it is, and waits on that item's own outcome (in order behind
 *    it, or held back by it in needs-attention) exactly as when sending one at a time;
 *  - 5xx, 408, 429: retried;
 *  - any other refusal: needs attention, with the server's code and message.
 *
 * @example judgeAnswer(item, { status: 201, json: { sale: { id: item.id } } }, 0).outcome.type // 'confirmed'
 */
export function judgeAnswer(item: OutboxItem, answer: Answer, nextAttemptAt: number): Verdict {
  const go = (outcome: ItemOutcome, stop = false, loginRequired = false): Verdict => ({
    outcome,
    stop,
    loginRequired,
  });
  const { status, json } = answer;
  if (status === 200 || status === 201) {
    const expected = item.answerId ?? item.id;
    if (answerNamesId(json, expected)) return go({ type: 'confirmed' });
    return go({
      type: 'refused',
      status,
      code: 'answer_without_id',
      message: `The server answered ${status} without naming ${expected}; not counted as sent.`,
    });
  }
  const { code, message } = errorOf(json);
  if (status === 401) return go({ type: 'unchanged' }, true, true);
  if (status === 403 && code === 'csrf_failed') {
    // The session's token, not the item, was refused (a token of a session that ended):
    // try again later with the current one, never park the item as needing attention.
    return go({ type: 'retry', error: '403 csrf_failed', nextAttemptAt }, true);
  }
  if (status === 424 && code === 'dependency_failed') return go({ type: 'unchanged' });
  if (isRetryable(status)) {
    return go({ type: 'retry', error: `${status} ${code}`, nextAttemptAt });
  }
  return go({ type: 'refused', status, code, message });
}

function defaultEnvironment(): SyncEnvironment {
  const scope = globalThis as unknown as SyncEnvironment & {
    document?: SyncEnvironment['document'];
  };
  return {
    addEventListener: scope.addEventListener?.bind(globalThis),
    removeEventListener: scope.removeEventListener?.bind(globalThis),
    document: scope.document,
    navigator: (globalThis as { navigator?: SyncEnvironment['navigator'] }).navigator,
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
    clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
  };
}

/**
 * The outbox's sync loop. Sends queued items in causal order — in batches of up to
 * `maxPerBatch` through POST /api/sync when the transport can (`nextBatch`), each item's
 * own answer in the batch treated as its single endpoint's (`judgeAnswer`), else one at a
 * time; applies each request's answers in one strict transaction; removes an
 * item only when the server's answer (200/201) names its id; retries network errors,
 * 5xx, 408 and 429 with exponential backoff and full jitter (1 s … 60 s); moves every
 * other refusal (400, 403, 404, 409, 422, …) to needs-attention with the server's code and
 * message; pauses on 401 until someone logs in. Triggered by `online`, `visibilitychange`
 * to visible, an interval, each enqueue and each retry's due time. Only one tab drains at
 * a time (Web Locks, when the browser has them).
 *
 * @example
 * const sync = new SyncEngine({ db, transport });
 * sync.subscribe((status) => chip.update(status));
 * sync.start();
 * await sync.enqueueSale({ id, registerId, shiftId, lines, buildBody: (n) => ({ ...body, receiptNumber: n }) });
 */
export class SyncEngine {
  private readonly db: PosDb;
  private readonly transport: Transport;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly intervalMs: number;
  private readonly maxPerDrain: number;
  private readonly maxPerBatch: number;
  private readonly environment: SyncEnvironment;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private status: SyncStatus = {
    online: true,
    unsynced: 0,
    needsAttention: 0,
    oldestUnsyncedAt: null,
    oldestAgeMs: null,
    lastSuccessAt: null,
    syncing: false,
    loginRequired: false,
    counted: false,
  };
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: unknown = null;
  private intervalTimer: unknown = null;
  private stopped = true;
  private readonly onOnline = () => {
    this.setStatus({ online: true });
    void this.syncNow();
  };
  private readonly onOffline = () => this.setStatus({ online: false });
  private readonly onVisibility = () => {
    if (this.environment.document?.visibilityState === 'visible') void this.syncNow();
  };

  constructor(options: SyncEngineOptions) {
    this.db = options.db;
    this.transport = options.transport;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.intervalMs = options.intervalMs ?? 30_000;
    this.maxPerDrain = options.maxPerDrain ?? 1_000;
    this.maxPerBatch = Math.max(1, options.maxPerBatch ?? DEFAULT_BATCH_ITEMS);
    this.environment = options.environment ?? defaultEnvironment();
    this.status.online = this.environment.navigator?.onLine ?? true;
  }

  /** Listens for events, starts the interval, asks for persistent storage, syncs once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const env = this.environment;
    env.addEventListener?.('online', this.onOnline);
    env.addEventListener?.('offline', this.onOffline);
    env.document?.addEventListener('visibilitychange', this.onVisibility);
    this.intervalTimer = env.setInterval?.(() => void this.syncNow(), this.intervalMs) ?? null;
    void requestPersistentStorage(env.navigator);
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    const env = this.environment;
    env.removeEventListener?.('online', this.onOnline);
    env.removeEventListener?.('offline', this.onOffline);
    env.document?.removeEventListener('visibilitychange', this.onVisibility);
    if (this.intervalTimer !== null) env.clearInterval?.(this.intervalTimer);
    if (this.retryTimer !== null) env.clearTimeout?.(this.retryTimer);
    this.intervalTimer = null;
    this.retryTimer = null;
  }

  getStatus(): SyncStatus {
    return { ...this.status };
  }

  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.getStatus());
    return () => this.listeners.delete(listener);
  }

  /** Queues a write and starts sending it. Resolves once it is durably queued. */
  async enqueue(item: NewOutboxItem): Promise<OutboxItem> {
    const queued = await enqueue(this.db, item, this.now());
    await this.refreshCounts().catch(() => undefined);
    void this.syncNow();
    return queued;
  }

  /** Queues a sale with its receipt number (see `enqueueSale`) and starts sending it. */
  async enqueueSale(sale: NewSale): Promise<{ receiptNumber: string; item: OutboxItem }> {
    const queued = await enqueueSale(this.db, sale, this.now());
    await this.refreshCounts().catch(() => undefined);
    void this.syncNow();
    return queued;
  }

  /** After a login: go on where a 401 stopped. */
  loggedIn(): void {
    this.setStatus({ loginRequired: false });
    void this.syncNow();
  }

  /**
   * Drains what is due now. Calls that arrive while a drain runs make it run once more
   * rather than overlap. Resolves when this tab is done (or another tab holds the lock).
   */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.withLock(() => this.drain());
        } while (this.again && !this.status.loginRequired);
      } finally {
        this.running = null;
        // The database may have been closed under us (a versionchange from a newer tab).
        await this.refreshCounts().catch(() => undefined);
        this.scheduleRetry();
      }
    })();
    return this.running;
  }

  private async withLock(work: () => Promise<void>): Promise<void> {
    const locks = this.environment.navigator?.locks;
    if (!locks) return work();
    // ifAvailable: when another tab is draining, this one simply does nothing now; its own
    // interval tries again, so an outbox is never left behind by a closed tab.
    await locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (lock) await work();
    });
  }

  private async drain(): Promise<void> {
    // The browser is sure there is no network: wait for its `online` event.
    if (this.environment.navigator?.onLine === false) {
      this.setStatus({ online: false });
      return;
    }
    this.setStatus({ syncing: true });
    try {
      // Items answered 424 in this drain: they wait on their dependency, not sent again now.
      const held = new Set<string>();
      // After a batch refused as a whole (400: one malformed item), its items go one by one.
      let singleBudget = 0;
      for (let sent = 0; sent < this.maxPerDrain;) {
        if (this.status.loginRequired) return;
        const [outbox, attention] = [await listOutbox(this.db), await listNeedsAttention(this.db)];
        const transport = this.transport;
        const batching = transport.sendBatch !== undefined && singleBudget === 0;
        const next = nextBatch(outbox, attention, this.now(), {
          max: Math.min(this.maxPerBatch, this.maxPerDrain - sent),
          batchable: (item) => batching && (transport.canBatch?.(item) ?? true),
          held,
        });
        if (next.items.length === 0) return;
        sent += next.items.length;
        if (!next.batched) {
          singleBudget = Math.max(0, singleBudget - 1);
          if ((await this.sendOne(next.items[0]!)) === 'stop') return;
          continue;
        }
        const outcome = await this.sendBatch(next.items, held);
        if (outcome === 'stop') return;
        if (outcome === 'single') singleBudget = next.items.length;
      }
    } finally {
      this.setStatus({ syncing: false });
    }
  }

  private retryAt(item: OutboxItem): number {
    return this.now() + retryDelayMs(item.attempts + 1, this.random);
  }

  /** No answer at all: the network is down, so the other items would fail too. */
  private async noAnswer(items: readonly OutboxItem[], error: unknown): Promise<'stop'> {
    const message = error instanceof Error ? error.message : String(error);
    await applyOutcomes(
      this.db,
      items.map((item) => ({
        seq: item.seq,
        outcome: { type: 'retry', error: message, nextAttemptAt: this.retryAt(item) },
      })),
      this.now(),
    );
    this.setStatus({ online: this.environment.navigator?.onLine ?? false });
    return 'stop';
  }

  /** Applies the verdicts on a set of items in one transaction; 'stop' when one says so. */
  private async apply(
    judged: readonly { item: OutboxItem; verdict: Verdict }[],
  ): Promise<'next' | 'stop'> {
    const at = this.now();
    await applyOutcomes(
      this.db,
      judged.map(({ item, verdict }) => ({ seq: item.seq, outcome: verdict.outcome })),
      at,
    );
    if (judged.some(({ verdict }) => verdict.outcome.type === 'confirmed')) {
      await writeSetting(this.db, SETTING_KEYS.lastSyncAt, at);
      this.setStatus({ lastSuccessAt: at, online: true });
    }
    if (judged.some(({ verdict }) => verdict.loginRequired)) {
      this.setStatus({ loginRequired: true, online: true });
    }
    await this.refreshCounts();
    return judged.some(({ verdict }) => verdict.stop) ? 'stop' : 'next';
  }

  private async sendOne(item: OutboxItem): Promise<'next' | 'stop'> {
    let answer: Answer;
    try {
      answer = await this.transport.send(item);
    } catch (error) {
      return this.noAnswer([item], error);
    }
    return this.apply([{ item, verdict: judgeAnswer(item, answer, this.retryAt(item)) }]);
  }

  /**
   * Sends items in one POST /api/sync and treats each item's own answer as `sendOne`
   * treats the single endpoint's. The request refused as a whole: 401 → log in; 403
   * csrf_failed, 5xx, 408, 429 → every item retried with backoff; anything else (400 — a
   * malformed item makes the whole batch malformed, nothing was written; 404 from a server
   * without /api/sync; 413) → 'single': these items are sent one by one, so the one the
   * server cannot take is parked on its own and the others go through.
   */
  private async sendBatch(
    items: readonly OutboxItem[],
    held: Set<string>,
  ): Promise<'next' | 'stop' | 'single'> {
    let answer: BatchAnswer;
    try {
      answer = await this.transport.sendBatch!(items);
    } catch (error) {
      return this.noAnswer(items, error);
    }
    if (answer.answers === null) {
      const { code } = errorOf(answer.json);
      const whole = answer.status === 401 || (answer.status === 403 && code === 'csrf_failed');
      if (!whole && !isRetryable(answer.status)) return 'single';
      // The request, not any one item, was refused: the same verdict for each (all retried,
      // or all unchanged for a 401), and nothing more now.
      const judged = items.map((item) => ({
        item,
        verdict: judgeAnswer(item, answer, this.retryAt(item)),
      }));
      await this.apply(judged);
      return 'stop';
    }
    const answers = answer.answers;
    const judged = items.map((item, index) => {
      const own = answers[index];
      const verdict: Verdict = own
        ? judgeAnswer(item, own, this.retryAt(item))
        : {
            // The answer does not account for it: as if no answer came (ids are idempotent).
            outcome: {
              type: 'retry',
              error: `${answer.status} no answer for this item`,
              nextAttemptAt: this.retryAt(item),
            },
            stop: false,
            loginRequired: false,
          };
      if (verdict.outcome.type === 'unchanged') held.add(item.id);
      return { item, verdict };
    });
    return this.apply(judged);
  }

  /** Sets a timer for the earliest retry that is next in line. */
  private scheduleRetry(): void {
    if (this.stopped) return;
    void (async () => {
      const [outbox, attention] = [await listOutbox(this.db), await listNeedsAttention(this.db)];
      const due = sendableItems(outbox, attention).map((item) => item.nextAttemptAt);
      if (this.retryTimer !== null) this.environment.clearTimeout?.(this.retryTimer);
      this.retryTimer = null;
      if (due.length === 0 || this.status.loginRequired) return;
      const wait = Math.max(0, Math.min(...due) - this.now());
      this.retryTimer =
        this.environment.setTimeout?.(() => {
          this.retryTimer = null;
          void this.syncNow();
        }, wait) ?? null;
    })().catch(() => undefined);
  }

  /** Re-reads the counts the status chip shows. */
  async refreshCounts(): Promise<SyncStatus> {
    const [outbox, attention] = [await listOutbox(this.db), await listNeedsAttention(this.db)];
    const oldest = outbox.reduce<number | null>(
      (min, item) => (min === null || item.createdAt < min ? item.createdAt : min),
      null,
    );
    const lastSuccessAt =
      this.status.lastSuccessAt ??
      (await readSetting<number>(this.db, SETTING_KEYS.lastSyncAt)) ??
      null;
    this.setStatus({
      unsynced: outbox.length,
      needsAttention: attention.filter((item) => item.resolution === null).length,
      oldestUnsyncedAt: oldest,
      oldestAgeMs: oldest === null ? null : Math.max(0, this.now() - oldest),
      lastSuccessAt,
      counted: true,
    });
    return this.getStatus();
  }

  private setStatus(change: Partial<SyncStatus>): void {
    const next = { ...this.status, ...change };
    const changed = (Object.keys(next) as (keyof SyncStatus)[]).some(
      (key) => next[key] !== this.status[key],
    );
    this.status = next;
    if (changed) for (const listener of this.listeners) listener(this.getStatus());
  }
}

/**
 * Asks the browser not to evict the tablet's data under storage pressure (granted to
 * installed PWAs). Resolves false when it is refused or not offered.
 */
export async function requestPersistentStorage(
  navigator: SyncEnvironment['navigator'] = (
    globalThis as { navigator?: SyncEnvironment['navigator'] }
  ).navigator,
): Promise<boolean> {
  try {
    if (await navigator?.storage?.persisted?.()) return true;
    return (await navigator?.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

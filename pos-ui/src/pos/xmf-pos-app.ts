import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, ApiError, call, setCsrfToken, type Schemas } from '../shared/api/client.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { setLang } from '../shared/i18n/lang.js';
import { LightElement } from '../shared/light-element.js';
import { emptyCart, type Cart } from './cart.js';
import { POS_MESSAGES, type PosMessages } from './messages.js';
import { cacheCatalog, listCachedCatalog } from './offline/catalog-cache.js';
import {
  openPosDb,
  readSetting,
  writeSetting,
  SETTING_KEYS,
  type CachedStaff,
  type NeedsAttentionItem,
  type OutboxItem,
  type PosDb,
} from './offline/offline-db.js';
import { listNeedsAttention, listOutbox } from './offline/outbox.js';
import { configureReceiptCounter, receiptSequence } from './offline/receipt-numbers.js';
import { clearSession, readSession, saveSession } from './offline/session-store.js';
import { cacheStaff, listCachedStaff } from './offline/staff-cache.js';
import { SyncEngine, type SyncStatus } from './offline/sync-engine.js';
import type { Tender, TenderMethod } from './payment.js';
import {
  otherLang,
  PREFIX_SETTING,
  SHIFT_SETTING,
  type Product,
  type Screen,
  type SessionData,
  type ShiftState,
} from './pos-common.js';
import type { ReceiptModel } from './receipt-view.js';
import { renderCash } from './screen-cash.js';
import { loadHistory, renderHistory } from './screen-history.js';
import { renderLock, renderSetup } from './screen-lock.js';
import { loadManager, renderManager } from './screen-manager.js';
import { onScan } from './screen-pay.js';
import { renderReceiptScreen } from './screen-receipt.js';
import { renderSell } from './screen-sell.js';
import { renderClose, renderOpenShift } from './screen-shift.js';
import { renderSync } from './screen-sync.js';
import { ScanDetector } from './scan-detector.js';
import { registerPosServiceWorker } from './sw/register-pos-sw.js';
import type { UpdateGate } from './sw/update-gate.js';
import { createFetchTransport } from './transport.js';

const IDLE_LOCK_MS = 5 * 60 * 1000;

/**
 * The tablet POS: one element, one screen at a time, every write through the outbox.
 * The element holds the state and the session; each screen is drawn (and acted on) by
 * its module, screen-*.ts, which reads and sets the state through the element.
 */
@customElement('xmf-pos-app')
export class XmfPosApp extends LightElement {
  readonly i18n = new LangController(this, POS_MESSAGES);
  db!: PosDb;
  engine!: SyncEngine;
  gate: UpdateGate | undefined;
  csrf: string | undefined;

  @state() screen: Screen = 'boot';
  @state() registerId = '';
  @state() receiptPrefix = '';
  @state() session: SessionData | null = null;
  @state() locked = true;
  @state() shift: ShiftState | null = null;
  @state() products: { product: Product; remaining: string | null }[] = [];
  @state() categories: string[] = [];
  @state() category = '';
  @state() cart: Cart = emptyCart();
  @state() status: SyncStatus | null = null;
  @state() staff: CachedStaff[] = [];
  @state() pinFor: CachedStaff | null | 'other' = null;
  @state() pinText = '';
  @state() username = '';
  @state() message = '';
  @state() alert = '';
  @state() paying = false;
  @state() tenders: Tender[] = [];
  @state() partText = '';
  @state() confirming: TenderMethod | null = null;
  @state() referenceText = '';
  @state() holderName = '';
  @state() holderPhone = '';
  @state() editing: number | null = null;
  @state() padText = '';
  @state() discountText = '';
  @state() approval: { approver: string; pin: string } | null = null;
  @state() askingApproval = false;
  @state() receipt: ReceiptModel | null = null;
  @state() changeShown: bigint | null = null;
  @state() printWidth: 58 | 80 = 80;
  @state() updateWaiting = false;
  @state() outbox: OutboxItem[] = [];
  @state() attention: NeedsAttentionItem[] = [];
  @state() floatText = '';
  @state() counts: Record<string, string> = {};
  @state() closeResult: Schemas['ShiftCloseAnswer'] | null = null;
  @state() history: Schemas['RegisterSalesAnswer']['sales'] = [];
  @state() historyQuery = '';
  @state() detail: Schemas['SaleWithRefundsAnswer']['sale'] | null = null;
  @state() refundLines: Record<number, boolean> = {};
  @state() refundReason = '';
  @state() managerPin = '';
  @state() managerName = '';
  /** The close was refused for its over/short: a reason and a manager are asked for. */
  @state() variance: { limit: string } | null = null;
  @state() varianceReason = '';
  @state() movementKind: 'paid_in' | 'paid_out' = 'paid_out';
  @state() movementPurpose = 'ingredients';
  @state() movementAmount = '';
  @state() movementReason = '';
  @state() xReport: Schemas['ShiftReport'] | null = null;
  @state() busy = false;
  @state() production: Schemas['ProductionDayAnswer'] | null = null;
  @state() catalogAdmin: Schemas['Product'][] = [];
  @state() bakedInput: Record<string, string> = {};
  @state() leftoverInput: Record<
    string,
    { quantity: string; disposition: 'donated' | 'discounted' | 'waste'; reason: string }
  > = {};
  /** Hides the change to hand back a while after a sale. */
  changeTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private stopScan: (() => void) | undefined;

  get t(): PosMessages {
    return this.i18n.t;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.boot();
    const activity = () => this.resetIdle();
    window.addEventListener('pointerdown', activity, true);
    window.addEventListener('keydown', activity, true);
    this.stopScan = new ScanDetector({ onScan: (code) => onScan(this, code) }).attach(window);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopScan?.();
    this.engine?.stop();
  }

  private async boot(): Promise<void> {
    this.db = await openPosDb();
    this.engine = new SyncEngine({
      db: this.db,
      transport: createFetchTransport(() => this.csrf),
      intervalMs: 5000,
    });
    this.engine.subscribe((status) => {
      const drained = this.status && this.status.unsynced > 0 && status.unsynced === 0;
      this.status = status;
      if (status.loginRequired && this.session && !this.locked) this.askToLogIn();
      if (this.screen === 'sync') void this.loadQueue();
      // Not over a receipt whose change the cashier is reading: "next sale" applies it then.
      if (drained && this.screen !== 'receipt' && !this.paying) void this.gate?.applyWhenSafe();
    });
    this.engine.start();
    this.gate = registerPosServiceWorker({
      cartLines: () => this.cart.lines.length,
      unsynced: async () => (await this.engine.refreshCounts()).unsynced,
    });
    this.gate.subscribe((gateState) => (this.updateWaiting = gateState === 'waiting'));
    this.registerId = (await readSetting<string>(this.db, SETTING_KEYS.registerId)) ?? '';
    this.receiptPrefix = (await readSetting<string>(this.db, PREFIX_SETTING)) ?? '';
    this.shift = (await readSetting<ShiftState>(this.db, SHIFT_SETTING)) ?? null;
    const session = await readSession(this.db);
    if (session) {
      this.session = session.data as SessionData;
      this.csrf = this.session.csrfToken;
      setCsrfToken(this.csrf);
      this.locked = false;
    }
    await this.loadCatalogFromCache();
    this.staff = await listCachedStaff(this.db);
    this.screen = !this.registerId
      ? 'setup'
      : this.locked
        ? 'lock'
        : this.shift
          ? 'sell'
          : 'open-shift';
    if (this.session) void this.refreshFromServer();
    this.resetIdle();
  }

  // ---------------------------------------------------------------- data

  async loadCatalogFromCache(): Promise<void> {
    const cached = await listCachedCatalog(this.db);
    this.products = cached
      .map((item) => ({ product: item.product as Product, remaining: item.remaining }))
      .sort(
        (a, b) =>
          a.product.tileOrder - b.product.tileOrder || a.product.name.localeCompare(b.product.name),
      );
    const categories = (await readSetting<string[]>(this.db, 'categories')) ?? [];
    const seen = [...new Set(this.products.map((item) => item.product.category))];
    this.categories = [
      ...categories.filter((name) => seen.includes(name)),
      ...seen.filter((name) => !categories.includes(name)),
    ];
  }

  /** Online after a login or a reload: the session's CSRF token, the staff list and today's catalog. */
  async refreshFromServer(): Promise<void> {
    try {
      const me = await call(api.GET('/api/auth/me'));
      this.csrf = me.csrfToken;
      setCsrfToken(me.csrfToken);
      if (this.session && this.session.user.id === me.user.id) {
        this.session = { user: me.user, csrfToken: me.csrfToken };
        await saveSession(this.db, { staffId: me.user.id, data: this.session });
      }
      this.engine.loggedIn();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.askToLogIn();
      return;
    }
    try {
      const catalog = await call(api.GET('/api/catalog'));
      await cacheCatalog(
        this.db,
        catalog.products.map((product) => ({
          productId: product.id,
          product,
          remaining: product.remaining,
          businessDate: catalog.date,
        })),
      );
      await writeSetting(
        this.db,
        'categories',
        [...catalog.categories].sort((a, b) => a.sortOrder - b.sortOrder).map((c) => c.name),
      );
      await this.loadCatalogFromCache();
      if (this.registerId) {
        await this.cacheRegisterStaff();
        this.staff = await listCachedStaff(this.db);
        await this.continueReceiptNumbers();
      }
    } catch {
      // Offline or refused: the cached copies serve until the next refresh.
    }
  }

  /** The register's staff from the server, into the tablet's cache (for offline logins). */
  async cacheRegisterStaff(): Promise<void> {
    const staff = await call(
      api.GET('/api/registers/{registerId}/staff', {
        params: { path: { registerId: this.registerId } },
      }),
    );
    await cacheStaff(this.db, staff.staff);
  }

  /** A new tablet on a register carries on after the register's last receipt number. */
  private async continueReceiptNumbers(): Promise<void> {
    const answer = await call(
      api.GET('/api/registers/{registerId}/sales', {
        params: {
          path: { registerId: this.registerId },
          query: { q: `${this.receiptPrefix}-`, limit: '1' },
        },
      }),
    );
    const latest = answer.sales[0]?.receiptNumber;
    const sequence = latest ? receiptSequence(latest) : undefined;
    await configureReceiptCounter(this.db, {
      registerId: this.registerId,
      prefix: this.receiptPrefix,
      atLeast: sequence === undefined ? 1 : sequence + 1,
    });
  }

  async loadQueue(): Promise<void> {
    this.outbox = await listOutbox(this.db);
    this.attention = await listNeedsAttention(this.db);
  }

  private resetIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.session && !this.locked) {
        this.locked = true;
        this.message = this.t.idleLocked;
        this.screen = 'lock';
      }
    }, IDLE_LOCK_MS);
  }

  // ---------------------------------------------------------------- session

  async startSession(session: SessionData): Promise<void> {
    this.session = session;
    // The new session's CSRF token, before the outbox resumes: a queued item sent with the
    // token of the session that ended is refused (403 csrf_failed).
    this.csrf = session.csrfToken;
    setCsrfToken(session.csrfToken);
    await saveSession(this.db, { staffId: session.user.id, data: session });
    this.locked = false;
    this.pinFor = null;
    this.engine.loggedIn();
    this.screen = this.shift ? 'sell' : 'open-shift';
    this.resetIdle();
  }

  /** The server's session ended (expired, or its cookie was lost): the next cashier logs in again. */
  private askToLogIn(): void {
    this.lockNow();
    this.message = this.t.loginAgain;
  }

  lockNow(): void {
    this.locked = true;
    this.pinFor = null;
    this.pinText = '';
    this.screen = 'lock';
  }

  async logout(): Promise<void> {
    const { unsynced } = await clearSession(this.db);
    if (unsynced > 0) {
      this.alert = this.t.blockedUnsynced(unsynced);
      return;
    }
    try {
      await call(api.POST('/api/auth/logout'));
    } catch {
      // Offline: the cookie expires on its own.
    }
    this.session = null;
    this.lockNow();
  }

  /**
   * The open shift is another cashier's: the server takes sales and cash movements on a
   * shift only from the one who opened it, so the tablet says so before anything is queued.
   */
  othersShift(): boolean {
    const owner = this.shift?.cashierId;
    return Boolean(owner && this.session && this.session.user.id !== owner);
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    const t = this.t;
    return html`
      ${this.screen === 'boot' || this.screen === 'setup' || this.screen === 'lock' ? nothing : this.renderTopBar()}
      <main id="main" class="pos-main screen-${this.screen}">
        ${this.updateWaiting ? html`<p class="notice" role="status">${t.updateReady}</p>` : nothing}
        ${this.alert ? html`<p class="alert" role="alert">${this.alert} <button type="button" class="small" @click=${() => (this.alert = '')}>${t.confirm}</button></p>` : nothing}
        ${this.message && this.screen !== 'lock' ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
        ${this.renderScreen()}
      </main>
    `;
  }

  private renderScreen(): TemplateResult | typeof nothing {
    switch (this.screen) {
      case 'boot':
        return html`<h1 class="visually-hidden">${this.t.title}</h1>`;
      case 'setup':
        return renderSetup(this);
      case 'lock':
        return renderLock(this);
      case 'open-shift':
        return renderOpenShift(this);
      case 'sell':
        return renderSell(this);
      case 'receipt':
        return renderReceiptScreen(this);
      case 'history':
        return renderHistory(this);
      case 'cash':
        return renderCash(this);
      case 'close':
        return renderClose(this);
      case 'sync':
        return renderSync(this);
      case 'manager':
        return renderManager(this);
    }
  }

  private renderTopBar(): TemplateResult {
    const t = this.t;
    const nav = (screen: Screen, label: string, action?: () => void) =>
      html`<button
        type="button"
        class="nav ${this.screen === screen ? 'current' : ''}"
        aria-current=${this.screen === screen ? 'page' : 'false'}
        @click=${() => {
          this.message = '';
          this.alert = '';
          (action ?? (() => (this.screen = screen)))();
        }}
      >
        ${label}
      </button>`;
    return html`<header class="top-bar">
      <span class="who">${this.registerId} · ${this.session?.user.displayName ?? ''}</span>
      <nav class="top-nav" aria-label=${t.title}>
        ${nav('sell', t.sell, () => (this.screen = this.shift ? 'sell' : 'open-shift'))}
        ${nav('history', t.history, () => void loadHistory(this))} ${nav('cash', t.cash)}
        ${nav('manager', t.manager, () => void loadManager(this))}
        ${nav('close', t.closeShift, () => {
          this.closeResult = null;
          this.screen = 'close';
        })}
      </nav>
      ${this.renderChip()}
      <button
        type="button"
        class="nav"
        @click=${() => setLang(otherLang(this))}
        lang=${otherLang(this)}
      >
        ${t.language}
      </button>
      <button type="button" class="nav" @click=${() => this.lockNow()}>${t.lock}</button>
    </header>`;
  }

  /** The sync status chip (online or not, what waits to sync); it opens the sync panel. */
  renderChip(): TemplateResult {
    const t = this.t;
    const status = this.status;
    const online = status?.online ?? navigator.onLine;
    const unsynced = status?.unsynced ?? 0;
    // Until the outbox has been read, say so: "all synced" would hide a queue kept offline.
    const counted = status?.counted ?? false;
    const minutes = status?.oldestAgeMs ? Math.floor(status.oldestAgeMs / 60000) : 0;
    const label = !counted
      ? t.counting
      : unsynced > 0
        ? `${t.unsyncedCount(unsynced)} · ${t.oldest(minutes)}`
        : t.synced;
    return html`<button
      type="button"
      class="sync-chip ${online ? 'online' : 'offline'} ${!counted ? 'counting' : unsynced > 0 ? 'pending' : ''}"
      data-testid="sync-chip"
      data-unsynced=${counted ? unsynced : nothing}
      data-attention=${status?.needsAttention ?? 0}
      @click=${() => {
        this.screen = 'sync';
        void this.loadQueue();
      }}
    >
      <span class="dot" aria-hidden="true"></span>${online ? t.online : t.offline} ·
      ${label}${status?.needsAttention ? html` · ⚠ ${status.needsAttention}` : nothing}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-pos-app': XmfPosApp;
  }
}

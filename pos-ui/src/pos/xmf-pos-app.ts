import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  api,
  ApiError,
  call,
  isNetworkError,
  setCsrfToken,
  type Schemas,
} from '../shared/api/client.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { setLang } from '../shared/i18n/lang.js';
import { tenderName, unitName } from '../shared/i18n/vocabulary.js';
import { LightElement } from '../shared/light-element.js';
import { amountToFen, fenToAmount, formatFen, parseYuan } from '../shared/money.js';
import { businessDate, formatBusinessTime } from '../shared/date.js';
import {
  addProduct,
  cartTotals,
  emptyCart,
  lineTotalFen,
  milliText,
  parseQuantity,
  removeLine,
  setLineDiscount,
  setQuantity,
  setSaleDiscount,
  stepQuantity,
  type Cart,
  type CartProduct,
} from './cart.js';
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
import {
  dismissNeedsAttention,
  listNeedsAttention,
  listOutbox,
  retryNeedsAttention,
} from './offline/outbox.js';
import { configureReceiptCounter, receiptSequence } from './offline/receipt-numbers.js';
import { clearSession, readSession, saveSession } from './offline/session-store.js';
import {
  cacheStaff,
  checkOfflinePin,
  listCachedStaff,
  rememberPin,
} from './offline/staff-cache.js';
import { quantityToMilli } from './offline/quantity-milli.js';
import { SyncEngine, type SyncStatus } from './offline/sync-engine.js';
import {
  cashTender,
  changeFen,
  classifyPaymentCode,
  isFullyPaid,
  isValidReference,
  quickAmounts,
  remainingFen,
  type Tender,
  type TenderMethod,
} from './payment.js';
import { renderReceipt, type ReceiptModel } from './receipt-view.js';
import { refusalText } from './refusals.js';
import { ScanDetector } from './scan-detector.js';
import { registerPosServiceWorker } from './sw/register-pos-sw.js';
import type { UpdateGate } from './sw/update-gate.js';
import { createFetchTransport } from './transport.js';

type Product = Schemas['CatalogProduct'];
type SessionUser = Schemas['SessionUser'];
type Screen =
  | 'boot'
  | 'setup'
  | 'lock'
  | 'open-shift'
  | 'sell'
  | 'receipt'
  | 'history'
  | 'cash'
  | 'close'
  | 'manager'
  | 'sync';

interface SessionData {
  user: SessionUser;
  csrfToken: string;
}

interface ShiftState {
  id: string;
  registerId: string;
  openingFloat: string;
  openedAt: string;
  /** Who opened it (absent on shifts stored before it was kept): only they sell on it. */
  cashierId?: string;
  cashierName?: string;
}

const SHIFT_SETTING = 'currentShift';
const PREFIX_SETTING = 'receiptPrefix';
const IDLE_LOCK_MS = 5 * 60 * 1000;
const CHANGE_SHOWN_MS = 8000;
/** Cash denominations in fen, as the close counts them. */
const DENOMINATIONS: { label: string; value: string; fen: bigint }[] = [
  { label: '100 元', value: '100', fen: 10000n },
  { label: '50 元', value: '50', fen: 5000n },
  { label: '20 元', value: '20', fen: 2000n },
  { label: '10 元', value: '10', fen: 1000n },
  { label: '5 元', value: '5', fen: 500n },
  { label: '1 元', value: '1', fen: 100n },
  { label: '5 角', value: '0.5', fen: 50n },
  { label: '1 角', value: '0.1', fen: 10n },
];

/** count × value of one denomination row as the cashier sees it: blank, ¥…, or "?" for a bad count. */
function rowSubtotal(text: string | undefined, fen: bigint): string {
  if (!text) return '';
  if (!/^\d{1,6}$/.test(text)) return '?';
  return formatFen(BigInt(text) * fen);
}

/** The part of Web Serial the direct print uses (not in TypeScript's DOM types). */
interface SerialLike {
  requestPort(): Promise<{
    open(options: { baudRate: number }): Promise<void>;
    writable: WritableStream<Uint8Array>;
    close(): Promise<void>;
  }>;
}

function cartProduct(product: Product): CartProduct {
  return {
    id: product.id,
    name: product.name,
    nameEn: product.nameEn,
    unit: product.unit,
    priceFen: amountToFen(product.price) ?? 0n,
  };
}

/** The tablet POS: one element, one screen at a time, every write through the outbox. */
@customElement('xmf-pos-app')
export class XmfPosApp extends LightElement {
  private readonly i18n = new LangController(this, POS_MESSAGES);
  private db!: PosDb;
  private engine!: SyncEngine;
  private gate: UpdateGate | undefined;
  private csrf: string | undefined;

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
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private stopScan: (() => void) | undefined;

  private get t(): PosMessages {
    return this.i18n.t;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.boot();
    const activity = () => this.resetIdle();
    window.addEventListener('pointerdown', activity, true);
    window.addEventListener('keydown', activity, true);
    this.stopScan = new ScanDetector({ onScan: (code) => this.onScan(code) }).attach(window);
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

  private async loadCatalogFromCache(): Promise<void> {
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
  private async refreshFromServer(): Promise<void> {
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
        const staff = await call(
          api.GET('/api/registers/{registerId}/staff', {
            params: { path: { registerId: this.registerId } },
          }),
        );
        await cacheStaff(this.db, staff.staff);
        this.staff = await listCachedStaff(this.db);
        await this.continueReceiptNumbers();
      }
    } catch {
      // Offline or refused: the cached copies serve until the next refresh.
    }
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

  // ---------------------------------------------------------------- setup and login

  private async saveSetup(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const registerId = (form.elements.namedItem('registerId') as HTMLInputElement).value.trim();
    const prefix = (form.elements.namedItem('prefix') as HTMLInputElement).value
      .trim()
      .toUpperCase();
    if (
      !/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(registerId) ||
      !/^[A-Za-z0-9]{1,12}$/.test(prefix)
    ) {
      this.alert = this.t.needRegister;
      return;
    }
    await configureReceiptCounter(this.db, { registerId, prefix });
    await writeSetting(this.db, SETTING_KEYS.registerId, registerId);
    await writeSetting(this.db, PREFIX_SETTING, prefix);
    this.registerId = registerId;
    this.receiptPrefix = prefix;
    this.alert = '';
    this.screen = this.session && !this.locked ? (this.shift ? 'sell' : 'open-shift') : 'lock';
  }

  private pinKey(key: string): void {
    if (key === 'clear') this.pinText = '';
    else if (key === 'back') this.pinText = this.pinText.slice(0, -1);
    else if (this.pinText.length < 6) this.pinText += key;
  }

  private async submitPin(): Promise<void> {
    const member = this.pinFor;
    const username = member === 'other' ? this.username.trim().toLowerCase() : member?.username;
    const pin = this.pinText;
    if (!username || !/^\d{4,6}$/.test(pin) || this.busy) return;
    this.busy = true;
    this.alert = '';
    try {
      const answer = await call(api.POST('/api/auth/login', { body: { username, pin } }));
      this.csrf = answer.csrfToken;
      setCsrfToken(answer.csrfToken);
      await this.startSession({ user: answer.user, csrfToken: answer.csrfToken });
      if (this.registerId) {
        try {
          const staff = await call(
            api.GET('/api/registers/{registerId}/staff', {
              params: { path: { registerId: this.registerId } },
            }),
          );
          await cacheStaff(this.db, staff.staff);
          await rememberPin(this.db, answer.user.id, pin);
          this.staff = await listCachedStaff(this.db);
        } catch {
          // The verifier waits for the next online login.
        }
      }
      void this.refreshFromServer();
    } catch (error) {
      if (isNetworkError(error) && member && member !== 'other') {
        const result = await checkOfflinePin(this.db, member.id, pin);
        if (result === 'ok') {
          const previous = this.session;
          await this.startSession({
            user: {
              id: member.id,
              username: member.username,
              role: member.role,
              displayName: member.displayName,
            },
            csrfToken: previous?.csrfToken ?? this.csrf ?? '',
          });
          this.message = this.t.offlineLogin;
        } else {
          this.alert =
            result === 'locked'
              ? this.t.lockedPin
              : result === 'no_verifier'
                ? this.t.noVerifier
                : this.t.wrongPin;
        }
      } else if (isNetworkError(error)) {
        this.alert = this.t.noVerifier;
      } else {
        this.alert =
          error instanceof ApiError ? refusalText(error.code, this.i18n.lang) : String(error);
      }
    } finally {
      this.pinText = '';
      this.busy = false;
    }
  }

  private async startSession(session: SessionData): Promise<void> {
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

  private lockNow(): void {
    this.locked = true;
    this.pinFor = null;
    this.pinText = '';
    this.screen = 'lock';
  }

  private async logout(): Promise<void> {
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

  // ---------------------------------------------------------------- shift

  private async openShift(): Promise<void> {
    const floatFen = this.countedFen() ?? parseYuan(this.floatText || '0');
    if (floatFen === null || floatFen < 0n) {
      this.alert = this.t.invalidAmount;
      return;
    }
    const id = crypto.randomUUID();
    const openedAt = new Date().toISOString();
    await this.engine.enqueue({
      id,
      kind: 'shift-open',
      shiftId: id,
      actorId: this.session?.user.id ?? null,
      request: {
        method: 'POST',
        path: '/api/shifts',
        body: { id, registerId: this.registerId, openingFloat: fenToAmount(floatFen), openedAt },
      },
    });
    this.shift = {
      id,
      registerId: this.registerId,
      openingFloat: fenToAmount(floatFen),
      openedAt,
      ...(this.session
        ? { cashierId: this.session.user.id, cashierName: this.session.user.displayName }
        : {}),
    };
    await writeSetting(this.db, SHIFT_SETTING, this.shift);
    this.counts = {};
    this.floatText = '';
    this.alert = '';
    this.screen = 'sell';
  }

  /** The denomination counts' sum, or null when none was typed. */
  private countedFen(): bigint | null {
    let any = false;
    let sum = 0n;
    for (const denomination of DENOMINATIONS) {
      const text = this.counts[denomination.value];
      if (!text) continue;
      if (!/^\d{1,5}$/.test(text)) return null;
      any = true;
      sum += BigInt(text) * denomination.fen;
    }
    return any ? sum : null;
  }

  // ---------------------------------------------------------------- selling

  private tapProduct(item: { product: Product; remaining: string | null }): void {
    if (item.product.soldOut) return;
    const product = cartProduct(item.product);
    if (product.unit === 'piece') {
      this.cart = addProduct(this.cart, product);
    } else {
      // A weighed product: its line opens with the pad for the weight.
      this.cart = addProduct(this.cart, product, 1000);
      this.editing = this.cart.lines.length - 1;
      this.padText = '';
      this.discountText = '';
    }
  }

  private padKey(key: string): void {
    if (key === 'back') this.padText = this.padText.slice(0, -1);
    else if (key === 'clear') this.padText = '';
    else if (this.padText.length < 9) this.padText += key;
  }

  private finishEdit(): void {
    const index = this.editing;
    if (index === null) return;
    const line = this.cart.lines[index];
    if (!line) {
      this.editing = null;
      return;
    }
    if (this.padText) {
      const milli = parseQuantity(this.padText, line.product.unit);
      if (milli === null) {
        this.alert = this.t.invalidQuantity;
        return;
      }
      this.cart = setQuantity(this.cart, index, milli);
    }
    if (this.discountText) {
      const fen = parseYuan(this.discountText);
      if (fen === null || fen < 0n) {
        this.alert = this.t.invalidAmount;
        return;
      }
      this.cart = setLineDiscount(this.cart, index, fen);
    }
    this.alert = '';
    this.editing = null;
    this.padText = '';
    this.discountText = '';
  }

  private startPay(method: TenderMethod | null): void {
    const totals = cartTotals(this.cart);
    if (totals.totalFen <= 0n) return;
    if (!this.shift) {
      this.alert = this.t.noShiftYet;
      return;
    }
    if (this.othersShift()) {
      this.alert = this.t.othersShift(this.shift.cashierName ?? '');
      return;
    }
    if (totals.needsApproval && !this.approval) {
      this.askingApproval = true;
      return;
    }
    this.paying = true;
    this.tenders = [];
    this.partText = '';
    this.confirming = method === 'cash' || method === null ? null : method;
    this.referenceText = '';
  }

  private async approve(): Promise<void> {
    const manager = this.staff.find((member) => member.username === this.managerName);
    if (!manager || !/^\d{4,6}$/.test(this.managerPin)) {
      this.alert = this.t.wrongPin;
      return;
    }
    // Checked here when the tablet knows the PIN; the server checks it again in any case.
    if (manager.verifier) {
      const result = await checkOfflinePin(this.db, manager.id, this.managerPin);
      if (result !== 'ok') {
        this.alert = result === 'locked' ? this.t.lockedPin : this.t.wrongPin;
        return;
      }
    }
    this.approval = { approver: manager.username, pin: this.managerPin };
    this.managerPin = '';
    this.askingApproval = false;
    this.alert = '';
    this.startPay('cash');
  }

  private dueFen(): bigint {
    return remainingFen(cartTotals(this.cart).totalFen, this.tenders);
  }

  /** The amount the next tender covers: the typed part, or all that is due. */
  private partFen(): bigint | null {
    const due = this.dueFen();
    if (!this.partText) return due;
    const fen = parseYuan(this.partText);
    if (fen === null || fen <= 0n) return null;
    return fen > due ? due : fen;
  }

  private async takeCash(handedFen: bigint): Promise<void> {
    const due = this.partText ? (this.partFen() ?? 0n) : this.dueFen();
    const tender = cashTender(due, handedFen);
    if (!tender) return;
    this.tenders = [...this.tenders, tender];
    this.partText = '';
    await this.finishIfPaid();
  }

  private async confirmTender(): Promise<void> {
    const method = this.confirming;
    if (!method) return;
    const amountFen = this.partFen();
    if (amountFen === null || amountFen <= 0n) {
      this.alert = this.t.invalidAmount;
      return;
    }
    const reference = this.referenceText.trim();
    if (method === 'hardship_voucher' && !reference) {
      this.alert = this.t.needVoucherNo;
      return;
    }
    if (reference && !isValidReference(reference)) {
      this.alert = this.t.invalidReference;
      return;
    }
    if (classifyPaymentCode(reference)) {
      this.alert = this.t.paymentCodeWarning;
      this.referenceText = '';
      return;
    }
    const holder =
      method === 'hardship_voucher' && (this.holderName.trim() || this.holderPhone.trim())
        ? {
            ...(this.holderName.trim() ? { name: this.holderName.trim() } : {}),
            ...(this.holderPhone.trim() ? { phone: this.holderPhone.trim() } : {}),
          }
        : undefined;
    this.tenders = [
      ...this.tenders,
      { method, amountFen, ...(reference ? { reference } : {}), ...(holder ? { holder } : {}) },
    ];
    this.confirming = null;
    this.referenceText = '';
    this.holderName = '';
    this.holderPhone = '';
    this.partText = '';
    this.alert = '';
    await this.finishIfPaid();
  }

  private onScan(code: string): void {
    if (classifyPaymentCode(code)) {
      this.alert = this.t.paymentCodeWarning;
      return;
    }
    if (this.confirming) this.referenceText = code;
  }

  /** Queues the sale (durably, with its receipt number) and only then says "paid". */
  private async finishIfPaid(): Promise<void> {
    const totals = cartTotals(this.cart);
    if (!isFullyPaid(totals.totalFen, this.tenders) || !this.shift || this.busy) return;
    this.busy = true;
    try {
      const id = crypto.randomUUID();
      const createdAt = new Date().toISOString();
      const cart = this.cart;
      const tenders = this.tenders;
      const approval = this.approval;
      const lines = cart.lines.map((line) => ({
        productId: line.product.id,
        quantity: milliText(line.milli),
        ...(line.discountFen > 0n ? { discount: fenToAmount(line.discountFen) } : {}),
      }));
      const body = (receiptNumber: string) => ({
        id,
        registerId: this.registerId,
        shiftId: this.shift!.id,
        createdAt,
        offline: !navigator.onLine,
        receiptNumber,
        lines,
        ...(cart.saleDiscountFen > 0n ? { discount: fenToAmount(cart.saleDiscountFen) } : {}),
        tenders: tenders.map((tender) => ({
          method: tender.method,
          amount: fenToAmount(tender.amountFen),
          ...(tender.tenderedFen !== undefined
            ? { tendered: fenToAmount(tender.tenderedFen) }
            : {}),
          ...(tender.reference ? { reference: tender.reference } : {}),
          ...(tender.holder ? { holder: tender.holder } : {}),
        })),
        ...(approval ? { approverPin: approval.pin, approver: approval.approver } : {}),
      });
      const { receiptNumber } = await this.engine.enqueueSale({
        id,
        registerId: this.registerId,
        shiftId: this.shift.id,
        actorId: this.session?.user.id ?? null,
        lines: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        buildBody: body,
      });
      this.receipt = {
        saleId: id,
        receiptNumber,
        createdAt,
        registerId: this.registerId,
        cashierName: this.session?.user.displayName ?? '',
        lines: cart.lines.map((line) => ({
          name: line.product.name,
          nameEn: line.product.nameEn,
          quantity: milliText(line.milli),
          unit: line.product.unit,
          unitPriceFen: line.product.priceFen,
          discountFen: line.discountFen,
          totalFen: lineTotalFen(line),
        })),
        discountFen: cart.saleDiscountFen,
        totalFen: totals.totalFen,
        tenders: tenders.map((tender) => ({
          method: tender.method,
          amountFen: tender.amountFen,
          ...(tender.tenderedFen !== undefined ? { tenderedFen: tender.tenderedFen } : {}),
          ...(tender.reference ? { reference: tender.reference } : {}),
        })),
        changeFen: changeFen(tenders),
      };
      this.changeShown = this.receipt.changeFen;
      clearTimeout(this.changeTimer);
      this.changeTimer = setTimeout(() => (this.changeShown = null), CHANGE_SHOWN_MS);
      this.cart = emptyCart();
      this.tenders = [];
      this.approval = null;
      this.paying = false;
      this.screen = 'receipt';
      await this.loadCatalogFromCache();
    } finally {
      this.busy = false;
    }
  }

  /** A sale refused because its shift was closed elsewhere goes onto this tablet's open shift. */
  private async moveToCurrentShift(item: NeedsAttentionItem): Promise<void> {
    if (!this.shift) return;
    const body = { ...(item.request.body as Record<string, unknown>), shiftId: this.shift.id };
    await retryNeedsAttention(this.db, item.id, {
      shiftId: this.shift.id,
      request: { ...item.request, body },
    });
    await this.loadQueue();
    void this.engine.syncNow();
  }

  /**
   * Where the browser offers Web Serial (Chrome on Android with a USB-serial printer):
   * sends the server's ESC/POS bytes of a synced sale straight to the thermal printer.
   */
  private async directPrint(width: 58 | 80): Promise<void> {
    const serial = (navigator as unknown as { serial?: SerialLike }).serial;
    const receipt = this.receipt;
    if (!serial || !receipt) return;
    try {
      const response = await fetch(
        `/api/sales/${receipt.saleId}/receipt?format=escpos&width=${width}&lang=${this.i18n.lang}${receipt.reprint ? '&reprint=true' : ''}`,
        { credentials: 'same-origin' },
      );
      if (!response.ok) {
        this.alert = this.t.directPrintLater;
        return;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const port = await serial.requestPort();
      await port.open({ baudRate: 9600 });
      const writer = port.writable.getWriter();
      await writer.write(bytes);
      writer.releaseLock();
      await port.close();
    } catch {
      this.alert = this.t.directPrintLater;
    }
  }

  private printReceipt(width: 58 | 80): void {
    this.printWidth = width;
    document.documentElement.dataset.printWidth = String(width);
    // @page cannot depend on a class: the page size for this print is set here.
    let style = document.getElementById('xmf-print-page');
    if (!style) {
      style = document.createElement('style');
      style.id = 'xmf-print-page';
      document.head.append(style);
    }
    style.textContent = `@page { size: ${width}mm auto; margin: 2mm; }`;
    void this.updateComplete.then(() => window.print());
  }

  // ---------------------------------------------------------------- history, refunds, cash, close

  private async loadHistory(): Promise<void> {
    this.screen = 'history';
    this.detail = null;
    this.outbox = await listOutbox(this.db);
    try {
      const q = this.historyQuery.trim();
      const answer = await call(
        api.GET('/api/registers/{registerId}/sales', {
          params: {
            path: { registerId: this.registerId },
            query: q ? { q } : { date: businessDate(new Date()) },
          },
        }),
      );
      this.history = answer.sales;
    } catch {
      this.history = [];
    }
  }

  private async openSale(id: string): Promise<void> {
    try {
      const answer = await call(api.GET('/api/sales/{id}', { params: { path: { id } } }));
      this.detail = answer.sale;
      this.refundLines = {};
      this.refundReason = '';
    } catch (error) {
      this.alert =
        error instanceof ApiError ? refusalText(error.code, this.i18n.lang) : this.t.offline;
    }
  }

  private reprint(sale: Schemas['SaleWithRefundsAnswer']['sale']): void {
    this.receipt = {
      saleId: sale.id,
      receiptNumber: sale.receiptNumber ?? sale.serialNumber,
      createdAt: sale.createdAt,
      registerId: sale.registerId,
      cashierName: this.history.find((item) => item.id === sale.id)?.cashier.displayName ?? '',
      lines: sale.lines.map((line) => ({
        name: line.name,
        nameEn: line.nameEn,
        quantity: line.quantity,
        unit: line.unit,
        unitPriceFen: amountToFen(line.unitPrice) ?? 0n,
        discountFen: amountToFen(line.discount) ?? 0n,
        totalFen: amountToFen(line.total) ?? 0n,
      })),
      discountFen: amountToFen(sale.discount) ?? 0n,
      totalFen: amountToFen(sale.total) ?? 0n,
      tenders: sale.tenders.map((tender) => ({
        method: tender.method,
        amountFen: amountToFen(tender.amount) ?? 0n,
        ...(tender.tendered ? { tenderedFen: amountToFen(tender.tendered) ?? 0n } : {}),
        ...(tender.reference ? { reference: tender.reference } : {}),
      })),
      changeFen: amountToFen(sale.change) ?? 0n,
      reprint: true,
    };
    this.changeShown = null;
    this.screen = 'receipt';
  }

  private async refund(whole: boolean): Promise<void> {
    const sale = this.detail;
    if (!sale || !this.shift) return;
    const reason = this.refundReason.trim();
    if (!reason) {
      this.alert = refusalText('reason_required', this.i18n.lang);
      return;
    }
    const lines = whole
      ? undefined
      : sale.lines
          .filter((line) => this.refundLines[line.lineNo])
          .map((line) => ({ productId: line.productId, quantity: line.quantity }));
    if (lines && lines.length === 0) return;
    const approval =
      this.managerPin && this.managerName
        ? { approverPin: this.managerPin, approver: this.managerName }
        : {};
    const id = crypto.randomUUID();
    await this.engine.enqueue({
      id,
      kind: 'refund',
      shiftId: this.shift.id,
      dependsOn: [sale.id],
      actorId: this.session?.user.id ?? null,
      request: {
        method: 'POST',
        path: `/api/sales/${sale.id}/refunds`,
        body: {
          id,
          shiftId: this.shift.id,
          createdAt: new Date().toISOString(),
          reason,
          ...(lines ? { lines } : {}),
          ...approval,
        },
      },
    });
    this.managerPin = '';
    this.message = this.t.refundDone;
    this.detail = null;
  }

  /**
   * The open shift is another cashier's: the server takes sales and cash movements on a
   * shift only from the one who opened it, so the tablet says so before anything is queued.
   */
  private othersShift(): boolean {
    const owner = this.shift?.cashierId;
    return Boolean(owner && this.session && this.session.user.id !== owner);
  }

  private async recordMovement(): Promise<void> {
    if (!this.shift) return;
    if (this.othersShift()) {
      this.alert = this.t.othersShift(this.shift.cashierName ?? '');
      return;
    }
    const fen = parseYuan(this.movementAmount);
    if (fen === null || fen <= 0n) {
      this.alert = this.t.invalidAmount;
      return;
    }
    const id = crypto.randomUUID();
    await this.engine.enqueue({
      id,
      kind: 'cash-movement',
      shiftId: this.shift.id,
      actorId: this.session?.user.id ?? null,
      request: {
        method: 'POST',
        path: `/api/shifts/${this.shift.id}/cash-movements`,
        body: {
          id,
          kind: this.movementKind,
          purpose: this.movementPurpose,
          amount: fenToAmount(fen),
          ...(this.movementReason.trim() ? { reason: this.movementReason.trim() } : {}),
          createdAt: new Date().toISOString(),
        },
      },
    });
    this.movementAmount = '';
    this.movementReason = '';
    this.alert = '';
    this.message = this.t.movementDone;
  }

  private async loadXReport(): Promise<void> {
    if (!this.shift) return;
    try {
      const answer = await call(
        api.GET('/api/shifts/{id}/x-report', { params: { path: { id: this.shift.id } } }),
      );
      this.xReport = answer.xReport;
    } catch (error) {
      this.alert =
        error instanceof ApiError ? refusalText(error.code, this.i18n.lang) : this.t.offline;
    }
  }

  private async closeShift(): Promise<void> {
    if (!this.shift) return;
    const status = await this.engine.refreshCounts();
    if (status.unsynced > 0 || status.needsAttention > 0) {
      this.alert = this.t.blockedUnsynced(status.unsynced + status.needsAttention);
      void this.engine.syncNow();
      return;
    }
    const counts = DENOMINATIONS.map((denomination) => ({
      denomination: denomination.value,
      count: Number(this.counts[denomination.value] || '0'),
    })).filter((count) => count.count > 0);
    if (this.countedFen() === null && Object.values(this.counts).some((text) => text)) {
      this.alert = this.t.invalidQuantity;
      return;
    }
    const shift = this.shift;
    const reason = this.varianceReason.trim();
    if (this.variance && (!reason || !this.managerName || !/^\d{4,6}$/.test(this.managerPin))) {
      this.alert = this.t.needVarianceApproval;
      return;
    }
    this.busy = true;
    try {
      const answer = await call(
        api.POST('/api/shifts/{id}/close', {
          params: { path: { id: shift.id } },
          body: {
            counts,
            countedCash: fenToAmount(this.countedFen() ?? 0n),
            closedAt: new Date().toISOString(),
            ...(this.variance
              ? { varianceReason: reason, approver: this.managerName, approverPin: this.managerPin }
              : {}),
          },
        }),
      );
      this.closeResult = answer;
      this.shift = null;
      await writeSetting(this.db, SHIFT_SETTING, null);
      this.counts = {};
      this.variance = null;
      this.varianceReason = '';
      this.alert = '';
    } catch (error) {
      if (error instanceof ApiError && error.code === 'variance_needs_approval') {
        const details = error.details as { limit?: string } | undefined;
        this.variance = { limit: details?.limit ?? '5.00' };
        this.alert = '';
      } else {
        this.alert =
          error instanceof ApiError ? refusalText(error.code, this.i18n.lang) : this.t.offline;
      }
    } finally {
      this.managerPin = '';
      this.busy = false;
    }
  }

  /** The count changed: a variance asked about an earlier count no longer applies. */
  private recount(): void {
    this.variance = null;
    this.varianceReason = '';
    this.managerPin = '';
    this.alert = '';
  }

  private async loadQueue(): Promise<void> {
    this.outbox = await listOutbox(this.db);
    this.attention = await listNeedsAttention(this.db);
  }

  // ---------------------------------------------------------------- manager (online only)

  private isManager(): boolean {
    const role = this.session?.user.role;
    return role === 'manager' || role === 'admin';
  }

  private async loadManager(): Promise<void> {
    this.screen = 'manager';
    this.message = '';
    if (!this.isManager()) return;
    try {
      const date = businessDate(new Date());
      this.production = await call(
        api.GET('/api/production/{date}', { params: { path: { date } } }),
      );
      this.catalogAdmin = (await call(api.GET('/api/products'))).products;
      this.bakedInput = Object.fromEntries(
        this.production.products.map((row) => [row.productId, row.baked ?? '']),
      );
    } catch (error) {
      this.alert = this.refusal(error);
    }
  }

  private refusal(error: unknown): string {
    if (error instanceof ApiError) return refusalText(error.code, this.i18n.lang);
    return `${this.t.offline}: ${refusalText('network', this.i18n.lang)}`;
  }

  private async saveProduction(): Promise<void> {
    const date = this.production?.date ?? businessDate(new Date());
    const items: { productId: string; quantity: string }[] = [];
    for (const [productId, text] of Object.entries(this.bakedInput)) {
      if (!text.trim()) continue;
      if (!/^\d{1,6}(\.\d{1,3})?$/.test(text.trim()) || Number(text) <= 0) {
        this.alert = this.t.invalidQuantity;
        return;
      }
      items.push({ productId, quantity: text.trim() });
    }
    try {
      this.production = await call(
        api.PUT('/api/production/{date}', { params: { path: { date } }, body: { items } }),
      );
      this.message = this.t.movementDone;
      void this.refreshFromServer();
    } catch (error) {
      this.alert = this.refusal(error);
    }
  }

  private async saveLeftovers(): Promise<void> {
    const date = this.production?.date ?? businessDate(new Date());
    const items: {
      productId: string;
      disposition: 'donated' | 'discounted' | 'waste';
      quantity: string;
      reason: string;
    }[] = [];
    for (const [productId, entry] of Object.entries(this.leftoverInput)) {
      if (!entry.quantity.trim()) continue;
      if (!/^\d{1,6}(\.\d{1,3})?$/.test(entry.quantity.trim()) || Number(entry.quantity) <= 0) {
        this.alert = this.t.invalidQuantity;
        return;
      }
      if (!entry.reason.trim()) {
        this.alert = refusalText('reason_required', this.i18n.lang);
        return;
      }
      items.push({
        productId,
        disposition: entry.disposition,
        quantity: entry.quantity.trim(),
        reason: entry.reason.trim(),
      });
    }
    try {
      this.production = await call(
        api.PUT('/api/production/{date}/leftovers', {
          params: { path: { date } },
          body: { items },
        }),
      );
      this.message = this.t.movementDone;
    } catch (error) {
      this.alert = this.refusal(error);
    }
  }

  private async patchProduct(
    id: string,
    body: { price?: string; active?: boolean },
  ): Promise<void> {
    try {
      const { product } = await call(
        api.PATCH('/api/products/{id}', { params: { path: { id } }, body }),
      );
      this.catalogAdmin = this.catalogAdmin.map((item) => (item.id === id ? product : item));
      this.message = this.t.movementDone;
      void this.refreshFromServer();
    } catch (error) {
      this.alert = this.refusal(error);
    }
  }

  private renderManager(): TemplateResult {
    const t = this.t;
    const lang = this.i18n.lang;
    if (!this.isManager()) {
      return html`<h1>${t.manager}</h1>
        <p>${t.managerOnly}</p>
        <button type="button" class="primary big" @click=${() => this.lockNow()}>
          ${t.lock}
        </button>`;
    }
    const leftover = (productId: string) =>
      this.leftoverInput[productId] ?? {
        quantity: '',
        disposition: 'donated' as const,
        reason: '',
      };
    const setLeftover = (productId: string, change: Partial<ReturnType<typeof leftover>>) =>
      (this.leftoverInput = {
        ...this.leftoverInput,
        [productId]: { ...leftover(productId), ...change },
      });
    return html`<h1>${t.manager}</h1>
      <section class="card">
        <h2>${t.productionTitle} · ${this.production?.date ?? ''}</h2>
        <table class="figures">
          <thead>
            <tr>
              <th scope="col">${t.product}</th>
              <th scope="col">${t.baked}</th>
              <th scope="col">${t.sold}</th>
              <th scope="col">${t.remaining}</th>
            </tr>
          </thead>
          <tbody>
            ${(this.production?.products ?? []).map(
              (row) =>
                html`<tr>
                  <th scope="row">${row.name}</th>
                  <td>
                    <input
                      inputmode="decimal"
                      aria-label="${row.name} ${t.baked}"
                      .value=${this.bakedInput[row.productId] ?? ''}
                      @input=${(event: Event) => (this.bakedInput = { ...this.bakedInput, [row.productId]: (event.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td class="num">${row.sold}</td>
                  <td class="num">${row.remaining ?? '—'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <button type="button" class="primary big" @click=${() => void this.saveProduction()}>
          ${t.saveProduction}
        </button>
      </section>
      <section class="card">
        <h2>${t.leftovers}</h2>
        ${(this.production?.products ?? []).map(
          (row) =>
            html`<div class="row">
              <span class="inline">${row.name}</span>
              <label class="inline"
                >${t.quantity}<input
                  inputmode="decimal"
                  .value=${leftover(row.productId).quantity}
                  @input=${(event: Event) => setLeftover(row.productId, { quantity: (event.target as HTMLInputElement).value })}
              /></label>
              <label class="inline"
                >${t.purpose}<select
                  @change=${(event: Event) => setLeftover(row.productId, { disposition: (event.target as HTMLSelectElement).value as 'donated' | 'discounted' | 'waste' })}
                >
                  ${(['donated', 'discounted', 'waste'] as const).map((value) => html`<option value=${value}>${t.dispositions[value]}</option>`)}
                </select></label
              >
              <label class="inline"
                >${t.reason}<input
                  .value=${leftover(row.productId).reason}
                  @input=${(event: Event) => setLeftover(row.productId, { reason: (event.target as HTMLInputElement).value })}
              /></label>
            </div>`,
        )}
        <button type="button" class="secondary big" @click=${() => void this.saveLeftovers()}>
          ${t.save}
        </button>
      </section>
      <section class="card">
        <h2>${t.prices}</h2>
        <ul class="list">
          ${this.catalogAdmin.map(
            (product) =>
              html`<li class="row">
                <span class="inline"
                  >${lang === 'en' && product.nameEn ? product.nameEn : product.name} ·
                  ${formatFen(amountToFen(product.price) ?? 0n)}/${unitName(product.unit, lang)}</span
                >
                <label class="inline"
                  >${t.newPrice}<input
                    inputmode="decimal"
                    @change=${(event: Event) => {
                      const fen = parseYuan((event.target as HTMLInputElement).value);
                      if (fen === null || fen <= 0n) this.alert = t.invalidAmount;
                      else void this.patchProduct(product.id, { price: fenToAmount(fen) });
                    }}
                /></label>
                <label class="check"
                  ><input
                    type="checkbox"
                    .checked=${product.active}
                    @change=${(event: Event) => void this.patchProduct(product.id, { active: (event.target as HTMLInputElement).checked })}
                  />${t.onSale}</label
                >
              </li>`,
          )}
        </ul>
      </section>`;
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
        return this.renderSetup();
      case 'lock':
        return this.renderLock();
      case 'open-shift':
        return this.renderOpenShift();
      case 'sell':
        return this.renderSell();
      case 'receipt':
        return this.renderReceiptScreen();
      case 'history':
        return this.renderHistory();
      case 'cash':
        return this.renderCash();
      case 'close':
        return this.renderClose();
      case 'sync':
        return this.renderSync();
      case 'manager':
        return this.renderManager();
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
        ${nav('history', t.history, () => void this.loadHistory())} ${nav('cash', t.cash)}
        ${nav('manager', t.manager, () => void this.loadManager())}
        ${nav('close', t.closeShift, () => {
          this.closeResult = null;
          this.screen = 'close';
        })}
      </nav>
      ${this.renderChip()}
      <button
        type="button"
        class="nav"
        @click=${() => setLang(this.i18n.lang === 'en' ? 'zh-CN' : 'en')}
        lang=${this.i18n.lang === 'en' ? 'zh-CN' : 'en'}
      >
        ${t.language}
      </button>
      <button type="button" class="nav" @click=${() => this.lockNow()}>${t.lock}</button>
    </header>`;
  }

  private renderChip(): TemplateResult {
    const t = this.t;
    const status = this.status;
    const online = status?.online ?? navigator.onLine;
    const unsynced = status?.unsynced ?? 0;
    const minutes = status?.oldestAgeMs ? Math.floor(status.oldestAgeMs / 60000) : 0;
    const label = unsynced > 0 ? `${t.unsyncedCount(unsynced)} · ${t.oldest(minutes)}` : t.synced;
    return html`<button
      type="button"
      class="sync-chip ${online ? 'online' : 'offline'} ${unsynced > 0 ? 'pending' : ''}"
      data-testid="sync-chip"
      data-unsynced=${unsynced}
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

  private renderSetup(): TemplateResult {
    const t = this.t;
    return html`<h1>${t.setupTitle}</h1>
      <form class="card form" @submit=${(event: Event) => void this.saveSetup(event)}>
        <label
          >${t.registerId}<input
            name="registerId"
            autocomplete="off"
            .value=${this.registerId}
            placeholder="counter-1"
          /><small>${t.registerIdHint}</small></label
        >
        <label
          >${t.receiptPrefix}<input
            name="prefix"
            autocomplete="off"
            .value=${this.receiptPrefix}
            placeholder="C1"
          /><small>${t.receiptPrefixHint}</small></label
        >
        <button type="submit" class="primary big">${t.save}</button>
      </form>
      <button
        type="button"
        class="nav"
        @click=${() => setLang(this.i18n.lang === 'en' ? 'zh-CN' : 'en')}
      >
        ${t.language}
      </button>`;
  }

  private renderLock(): TemplateResult {
    const t = this.t;
    const choosing = this.pinFor === null;
    const withPin = this.staff.filter((member) => member.hasPin);
    return html`<h1>${t.title}</h1>
      <div class="lock-head">
        <p>${t.loginTitle}</p>
        ${this.renderChip()}
        <button
          type="button"
          class="nav"
          @click=${() => setLang(this.i18n.lang === 'en' ? 'zh-CN' : 'en')}
        >
          ${t.language}
        </button>
        <button type="button" class="nav" @click=${() => (this.screen = 'setup')}>
          ${this.registerId || t.setupTitle}
        </button>
      </div>
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
      ${
        choosing
          ? html`<div class="staff-tiles">
              ${withPin.map(
                (member) =>
                  html`<button
                    type="button"
                    class="staff-tile"
                    @click=${() => {
                      this.pinFor = member;
                      this.pinText = '';
                      this.alert = '';
                    }}
                  >
                    ${member.displayName}<small
                      >${member.role === 'manager' ? t.manager : t.cashier}</small
                    >
                  </button>`,
              )}
              <button
                type="button"
                class="staff-tile other"
                @click=${() => {
                  this.pinFor = 'other';
                  this.pinText = '';
                }}
              >
                ${t.otherUser}
              </button>
            </div>`
          : html`<div class="card pin-card">
              <h2>
                ${this.pinFor === 'other' ? t.otherUser : (this.pinFor as CachedStaff).displayName}
              </h2>
              ${
                this.pinFor === 'other'
                  ? html`<label
                      >${t.username}<input
                        name="username"
                        autocomplete="username"
                        autocapitalize="off"
                        .value=${this.username}
                        @input=${(event: Event) => (this.username = (event.target as HTMLInputElement).value)}
                    /></label>`
                  : nothing
              }
              <p class="pin-dots" aria-label=${t.enterPin} aria-live="polite">
                ${this.pinText ? '●'.repeat(this.pinText.length) : t.enterPin}
              </p>
              ${this.renderKeys(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'], (key) => this.pinKey(key), 'pin')}
              <div class="row">
                <button type="button" class="secondary big" @click=${() => (this.pinFor = null)}>
                  ${t.back}
                </button>
                <button
                  type="button"
                  class="primary big"
                  data-testid="pin-submit"
                  ?disabled=${this.busy || this.pinText.length < 4}
                  @click=${() => void this.submitPin()}
                >
                  ${t.login}
                </button>
              </div>
            </div>`
      }`;
  }

  private renderKeys(keys: string[], press: (key: string) => void, name: string): TemplateResult {
    const t = this.t;
    const label = (key: string) => (key === 'clear' ? t.clear : key === 'back' ? '⌫' : key);
    return html`<div class="keypad" data-pad=${name}>
      ${keys.map((key) => html`<button type="button" class="key" data-key=${key} aria-label=${key === 'back' ? t.back : label(key)} @click=${() => press(key)}>${label(key)}</button>`)}
    </div>`;
  }

  private renderOpenShift(): TemplateResult {
    const t = this.t;
    const counted = this.countedFen();
    return html`<h1>${t.openShiftTitle}</h1>
      <div class="card form">
        <label
          >${t.openingFloat}<input
            name="float"
            inputmode="decimal"
            .value=${this.floatText}
            @input=${(event: Event) => (this.floatText = (event.target as HTMLInputElement).value)}
            placeholder="200.00"
        /></label>
        <details>
          <summary>${t.countByNote}</summary>
          ${this.renderDenominations()}
        </details>
        ${counted !== null ? html`<p class="amount">${t.totalCounted}: ${formatFen(counted)}</p>` : nothing}
        <button
          type="button"
          class="primary big"
          data-testid="open-shift"
          @click=${() => void this.openShift()}
        >
          ${t.openShift}
        </button>
      </div>`;
  }

  private renderDenominations(): TemplateResult {
    const t = this.t;
    return html`<table class="denominations">
      <thead>
        <tr>
          <th scope="col">${t.denominations}</th>
          <th scope="col">${t.sheets}</th>
          <th scope="col" class="num">${t.amount}</th>
        </tr>
      </thead>
      <tbody>
        ${DENOMINATIONS.map(
          (denomination) =>
            html`<tr>
              <th scope="row">${denomination.label}</th>
              <td>
                <input
                  inputmode="numeric"
                  aria-label=${denomination.label}
                  data-denomination=${denomination.value}
                  .value=${this.counts[denomination.value] ?? ''}
                  @input=${(event: Event) => (this.counts = { ...this.counts, [denomination.value]: (event.target as HTMLInputElement).value.trim() })}
                />
              </td>
              <td class="num" data-subtotal=${denomination.value}>
                ${rowSubtotal(this.counts[denomination.value], denomination.fen)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderSell(): TemplateResult {
    const t = this.t;
    const lang = this.i18n.lang;
    const totals = cartTotals(this.cart);
    const shown = this.products.filter(
      (item) => !this.category || item.product.category === this.category,
    );
    return html`<h1 class="visually-hidden">${t.sell}</h1>
      ${
        this.othersShift()
          ? html`<p class="notice" role="status" data-testid="others-shift">
              ${t.othersShift(this.shift?.cashierName ?? '')}
            </p>`
          : nothing
      }
      <div class="sell">
        <section class="catalog" aria-label=${t.sell}>
          <div class="tabs" role="group">
            ${['', ...this.categories].map(
              (name) =>
                html`<button
                  type="button"
                  class="tab ${this.category === name ? 'current' : ''}"
                  aria-pressed=${this.category === name ? 'true' : 'false'}
                  @click=${() => (this.category = name)}
                >
                  ${name || t.all}
                </button>`,
            )}
          </div>
          <div class="tiles">
            ${shown.map((item) => {
              const product = item.product;
              const remaining = item.remaining === null ? null : Number(item.remaining);
              const soldOut = product.soldOut;
              return html`<button
                type="button"
                class="tile ${soldOut ? 'sold-out' : ''}"
                data-sku=${product.sku}
                ?disabled=${soldOut}
                aria-disabled=${soldOut ? 'true' : 'false'}
                @click=${() => this.tapProduct(item)}
              >
                <span class="tile-name"
                  >${lang === 'en' && product.nameEn ? product.nameEn : product.name}</span
                >
                <span class="tile-price"
                  >${formatFen(amountToFen(product.price) ?? 0n)}/${unitName(product.unit, lang)}</span
                >
                <span class="tile-left"
                  >${soldOut ? t.soldOut : remaining === null ? '' : `${t.remaining} ${milliText(Math.max(0, quantityToMilli(item.remaining!)))}`}</span
                >
              </button>`;
            })}
          </div>
        </section>
        <section class="cart" aria-label=${t.cart}>
          <h2 class="visually-hidden">${t.cart}</h2>
          <ol class="cart-lines">
            ${this.cart.lines.length === 0 ? html`<li class="empty">${t.emptyCart}</li>` : nothing}
            ${this.cart.lines.map(
              (line, index) =>
                html`<li class="cart-line">
                  <button
                    type="button"
                    class="line-main"
                    @click=${() => {
                      this.editing = index;
                      this.padText = '';
                      this.discountText = '';
                    }}
                  >
                    <span
                      >${lang === 'en' && line.product.nameEn ? line.product.nameEn : line.product.name}</span
                    >
                    <span class="line-qty"
                      >${milliText(line.milli)} ${unitName(line.product.unit, lang)} ×
                      ${formatFen(line.product.priceFen)}</span
                    >
                    ${line.discountFen > 0n ? html`<span class="line-discount">−${formatFen(line.discountFen)}</span>` : nothing}
                    <span class="line-total">${formatFen(lineTotalFen(line))}</span>
                  </button>
                  <button
                    type="button"
                    class="step"
                    aria-label="−"
                    @click=${() => (this.cart = stepQuantity(this.cart, index, -1))}
                  >
                    −
                  </button>
                  <button
                    type="button"
                    class="step"
                    aria-label="+"
                    @click=${() => (this.cart = stepQuantity(this.cart, index, 1))}
                  >
                    +
                  </button>
                </li>`,
            )}
          </ol>
          ${this.editing !== null ? this.renderLineEditor() : nothing}
          <div class="total-bar">
            <span>${t.total}</span>
            <output class="total" data-testid="total">${formatFen(totals.totalFen)}</output>
          </div>
          ${totals.discountsFen > 0n ? html`<p class="small-print">${t.discount} ${formatFen(totals.discountsFen)}</p>` : nothing}
          <div class="pay-buttons">
            ${(
              [
                ['cash', 'pay-cash', 'cash', t.payCash],
                ['wechat', 'sell-wechat', 'wechat', t.payWechat],
                ['alipay', 'sell-alipay', 'alipay', t.payAlipay],
                ['more', 'sell-more', null, t.payMore],
              ] as const
            ).map(
              ([style, testId, method, label]) =>
                html`<button
                  type="button"
                  class="pay ${style}"
                  data-testid=${testId}
                  ?disabled=${totals.totalFen <= 0n}
                  @click=${() => this.startPay(method)}
                >
                  ${label}
                </button>`,
            )}
          </div>
          <div class="row">
            <label class="inline"
              >${t.saleDiscount}<input
                inputmode="decimal"
                .value=${this.cart.saleDiscountFen > 0n ? fenToAmount(this.cart.saleDiscountFen) : ''}
                @change=${(event: Event) => {
                  const fen = parseYuan((event.target as HTMLInputElement).value || '0');
                  if (fen === null || fen < 0n) this.alert = t.invalidAmount;
                  else this.cart = setSaleDiscount(this.cart, fen);
                }}
            /></label>
            <button
              type="button"
              class="secondary"
              @click=${() => {
                this.cart = emptyCart();
                this.approval = null;
                void this.gate?.applyWhenSafe();
              }}
            >
              ${t.clearCart}
            </button>
          </div>
        </section>
      </div>
      ${this.paying ? this.renderPay() : nothing}
      ${this.askingApproval ? this.renderApproval() : nothing}`;
  }

  private renderLineEditor(): TemplateResult {
    const t = this.t;
    const index = this.editing!;
    const line = this.cart.lines[index];
    if (!line) return html``;
    const lang = this.i18n.lang;
    const weighed = line.product.unit !== 'piece';
    return html`<div class="card editor" role="dialog" aria-label=${t.edit}>
      <h3>
        ${lang === 'en' && line.product.nameEn ? line.product.nameEn : line.product.name} ·
        ${t.perUnit} ${formatFen(line.product.priceFen)}/${unitName(line.product.unit, lang)}
      </h3>
      <p class="pad-value" data-testid="pad-value">
        ${weighed ? t.weight : t.quantity}:
        <strong>${this.padText || milliText(line.milli)}</strong>
        ${unitName(line.product.unit, lang)}
      </p>
      ${this.renderKeys(['7', '8', '9', '4', '5', '6', '1', '2', '3', weighed ? '.' : 'clear', '0', 'back'], (key) => this.padKey(key), 'quantity')}
      <label class="inline"
        >${t.lineDiscount}<input
          inputmode="decimal"
          .value=${this.discountText}
          @input=${(event: Event) => (this.discountText = (event.target as HTMLInputElement).value)}
      /></label>
      <div class="row">
        <button
          type="button"
          class="secondary"
          @click=${() => {
            this.cart = removeLine(this.cart, index);
            this.editing = null;
          }}
        >
          ${t.remove}
        </button>
        <button
          type="button"
          class="primary big"
          data-testid="edit-done"
          @click=${() => this.finishEdit()}
        >
          ${t.done}
        </button>
      </div>
    </div>`;
  }

  private renderApproval(): TemplateResult {
    const t = this.t;
    const managers = this.staff.filter((member) => member.role === 'manager');
    return html`<div class="dialog-backdrop">
      <div class="card dialog" role="dialog" aria-modal="true" aria-label=${t.approvalTitle}>
        <h2>${t.approvalTitle}</h2>
        <label
          >${t.approver}<select
            @change=${(event: Event) => (this.managerName = (event.target as HTMLSelectElement).value)}
          >
            <option value="">—</option>
            ${managers.map((member) => html`<option value=${member.username} ?selected=${this.managerName === member.username}>${member.displayName}</option>`)}
          </select></label
        >
        <label
          >${t.managerPin}<input
            type="password"
            inputmode="numeric"
            autocomplete="off"
            .value=${this.managerPin}
            @input=${(event: Event) => (this.managerPin = (event.target as HTMLInputElement).value)}
        /></label>
        <div class="row">
          <button type="button" class="secondary big" @click=${() => (this.askingApproval = false)}>
            ${t.cancel}
          </button>
          <button type="button" class="primary big" @click=${() => void this.approve()}>
            ${t.approve}
          </button>
        </div>
      </div>
    </div>`;
  }

  private renderPay(): TemplateResult {
    const t = this.t;
    const lang = this.i18n.lang;
    const total = cartTotals(this.cart).totalFen;
    const due = this.dueFen();
    const part = this.partText ? this.partFen() : due;
    const quick = quickAmounts(part ?? due);
    return html`<div class="dialog-backdrop">
      <div
        class="card dialog pay-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pay-title"
      >
        <h2 id="pay-title">${t.payTitle}</h2>
        <p class="due">
          ${this.tenders.length ? t.stillDue : t.due}
          <output class="amount-big" data-testid="due">${formatFen(due)}</output
          >${this.tenders.length ? html` <small>/ ${formatFen(total)}</small>` : nothing}
        </p>
        ${
          this.tenders.length
            ? html`<ul class="tenders-so-far">
                ${this.tenders.map((tender) => html`<li>${tenderName(tender.method, lang)} ${formatFen(tender.amountFen)}</li>`)}
              </ul>`
            : nothing
        }
        ${
          this.confirming
            ? this.renderConfirm()
            : html`<div class="pay-columns">
                <div>
                  <div class="quick" role="group" aria-label=${t.payCash}>
                    ${quick.map(
                      (amount, index) =>
                        html`<button
                          type="button"
                          class="pay quick-amount"
                          data-testid=${index === 0 ? 'cash-exact' : `cash-${fenToAmount(amount)}`}
                          @click=${() => void this.takeCash(amount)}
                        >
                          ${index === 0 ? html`${t.exact}<br />` : nothing}${formatFen(amount)}
                        </button>`,
                    )}
                  </div>
                  <label class="inline"
                    >${t.partAmount}<input
                      inputmode="decimal"
                      data-testid="part-amount"
                      .value=${this.partText}
                      @input=${(event: Event) => (this.partText = (event.target as HTMLInputElement).value)}
                  /></label>
                  <label class="inline"
                    >${t.handed}<input
                      inputmode="decimal"
                      data-testid="handed"
                      @change=${(event: Event) => {
                        const fen = parseYuan((event.target as HTMLInputElement).value);
                        if (fen === null || fen <= 0n) this.alert = t.invalidAmount;
                        else void this.takeCash(fen);
                      }}
                  /></label>
                </div>
                <div class="pay-buttons pay-methods">
                  <button
                    type="button"
                    class="pay wechat"
                    data-testid="pay-wechat"
                    @click=${() => (this.confirming = 'wechat')}
                  >
                    ${t.payWechat}
                  </button>
                  <button
                    type="button"
                    class="pay alipay"
                    data-testid="pay-alipay"
                    @click=${() => (this.confirming = 'alipay')}
                  >
                    ${t.payAlipay}
                  </button>
                  <button
                    type="button"
                    class="pay voucher"
                    data-testid="pay-voucher"
                    @click=${() => (this.confirming = 'hardship_voucher')}
                  >
                    ${t.payVoucher}
                  </button>
                </div>
              </div>`
        }
        <button
          type="button"
          class="secondary big"
          @click=${() => {
            this.paying = false;
            this.tenders = [];
            this.confirming = null;
          }}
        >
          ${t.cancel}
        </button>
      </div>
    </div>`;
  }

  private renderConfirm(): TemplateResult {
    const t = this.t;
    const method = this.confirming!;
    const voucher = method === 'hardship_voucher';
    const amount = this.partFen();
    return html`<div class="confirm">
      <p class="confirm-question">
        ${voucher ? t.payVoucher : method === 'wechat' ? t.confirmArrivedWechat : t.confirmArrivedAlipay}
      </p>
      <p class="amount">${amount === null ? '' : formatFen(amount)}</p>
      <label
        >${voucher ? t.voucherNo : t.transactionNo}<input
          data-testid="reference"
          autocomplete="off"
          .value=${this.referenceText}
          @input=${(event: Event) => (this.referenceText = (event.target as HTMLInputElement).value)}
      /></label>
      ${
        voucher
          ? html`<label
                >${t.holderName}<input
                  data-testid="holder-name"
                  autocomplete="off"
                  .value=${this.holderName}
                  @input=${(event: Event) => (this.holderName = (event.target as HTMLInputElement).value)}
              /></label>
              <label
                >${t.holderPhone}<input
                  data-testid="holder-phone"
                  inputmode="tel"
                  autocomplete="off"
                  .value=${this.holderPhone}
                  @input=${(event: Event) => (this.holderPhone = (event.target as HTMLInputElement).value)}
              /></label>`
          : nothing
      }
      <div class="row">
        <button type="button" class="secondary big" @click=${() => (this.confirming = null)}>
          ${t.back}
        </button>
        <button
          type="button"
          class="primary pay"
          data-testid="confirm-arrived"
          @click=${() => void this.confirmTender()}
        >
          ${voucher ? t.confirm : t.arrived}
        </button>
      </div>
    </div>`;
  }

  private renderReceiptScreen(): TemplateResult {
    const t = this.t;
    const receipt = this.receipt;
    if (!receipt) return html``;
    return html`<h1 class="visually-hidden">${t.receipt}</h1>
      <div class="receipt-screen print-${this.printWidth}">
        ${
          this.changeShown !== null && this.changeShown > 0n
            ? html`<p class="change-big" role="status">
                ${t.change} <output data-testid="change">${formatFen(this.changeShown)}</output>
              </p>`
            : this.changeShown !== null
              ? html`<p class="change-big paid" role="status" data-testid="paid">${t.paid}</p>`
              : nothing
        }
        ${renderReceipt(receipt, t, this.i18n.lang, `${location.origin}/`)}
        <div class="row no-print">
          <button type="button" class="secondary big" @click=${() => this.printReceipt(58)}>
            ${t.print58}
          </button>
          <button type="button" class="secondary big" @click=${() => this.printReceipt(80)}>
            ${t.print80}
          </button>
          ${
            'serial' in navigator && (this.status?.online ?? navigator.onLine)
              ? html`<button
                  type="button"
                  class="secondary big"
                  @click=${() => void this.directPrint(this.printWidth)}
                >
                  ${t.directPrint}
                </button>`
              : nothing
          }
          <button
            type="button"
            class="primary pay"
            data-testid="next-sale"
            @click=${() => {
              this.screen = 'sell';
              this.changeShown = null;
              void this.gate?.applyWhenSafe();
            }}
          >
            ${t.newSale}
          </button>
        </div>
      </div>`;
  }

  private renderHistory(): TemplateResult {
    const t = this.t;
    const lang = this.i18n.lang;
    const queuedSales = this.outbox.filter((item) => item.kind === 'sale');
    const detail = this.detail;
    return html`<h1>${t.history}</h1>
      <form
        class="row"
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.loadHistory();
        }}
      >
        <label class="inline"
          >${t.search}<input
            name="q"
            .value=${this.historyQuery}
            @input=${(event: Event) => (this.historyQuery = (event.target as HTMLInputElement).value)}
        /></label>
        <button type="submit" class="secondary">${t.search}</button>
      </form>
      ${
        queuedSales.length
          ? html`<h2>${t.notSynced}</h2>
              <ul class="list">
                ${queuedSales.map((item) => html`<li>${(item.request.body as { receiptNumber?: string }).receiptNumber} · ${formatBusinessTime(new Date(item.createdAt), lang)}</li>`)}
              </ul>`
          : nothing
      }
      ${
        detail
          ? html`<div class="card">
              <h2>
                ${detail.receiptNumber ?? detail.serialNumber} ·
                ${formatFen(amountToFen(detail.total) ?? 0n)}
              </h2>
              <ul class="list">
                ${detail.lines.map(
                  (line) =>
                    html`<li>
                      <label class="check"
                        ><input
                          type="checkbox"
                          .checked=${Boolean(this.refundLines[line.lineNo])}
                          @change=${(event: Event) => (this.refundLines = { ...this.refundLines, [line.lineNo]: (event.target as HTMLInputElement).checked })}
                        />${lang === 'en' && line.nameEn ? line.nameEn : line.name} ${line.quantity}
                        ${unitName(line.unit, lang)} ·
                        ${formatFen(amountToFen(line.total) ?? 0n)}</label
                      >
                    </li>`,
                )}
              </ul>
              ${detail.refunds.length ? html`<p>${t.refund}: ${detail.refunds.map((refund) => formatFen(amountToFen(refund.amount) ?? 0n)).join(', ')}</p>` : nothing}
              <label
                >${t.refundReason}<select
                  @change=${(event: Event) => (this.refundReason = (event.target as HTMLSelectElement).value)}
                >
                  <option value="">—</option>
                  ${t.reasons.map((reason) => html`<option value=${reason}>${reason}</option>`)}
                </select></label
              >
              <label
                >${t.refundReason}<input
                  data-testid="refund-reason"
                  .value=${this.refundReason}
                  @input=${(event: Event) => (this.refundReason = (event.target as HTMLInputElement).value)}
              /></label>
              <label
                >${t.approver}<select
                  data-testid="refund-manager"
                  @change=${(event: Event) => (this.managerName = (event.target as HTMLSelectElement).value)}
                >
                  <option value="">—</option>
                  ${this.staff.filter((member) => member.role === 'manager').map((member) => html`<option value=${member.username}>${member.displayName}</option>`)}
                </select></label
              >
              <label
                >${t.managerPin}<input
                  type="password"
                  inputmode="numeric"
                  autocomplete="off"
                  data-testid="refund-manager-pin"
                  .value=${this.managerPin}
                  @input=${(event: Event) => (this.managerPin = (event.target as HTMLInputElement).value)}
              /></label>
              <div class="row">
                <button type="button" class="secondary big" @click=${() => this.reprint(detail)}>
                  ${t.reprint}
                </button>
                <button
                  type="button"
                  class="secondary big"
                  data-testid="refund-lines"
                  @click=${() => void this.refund(false)}
                >
                  ${t.refundLines}
                </button>
                <button
                  type="button"
                  class="primary big"
                  data-testid="refund-whole"
                  @click=${() => void this.refund(true)}
                >
                  ${t.refundWhole}
                </button>
                <button type="button" class="secondary big" @click=${() => (this.detail = null)}>
                  ${t.back}
                </button>
              </div>
            </div>`
          : html`<ul class="list sales">
              ${this.history.length === 0 ? html`<li>${t.noSales}</li>` : nothing}
              ${this.history.map(
                (sale) =>
                  html`<li>
                    <button
                      type="button"
                      class="list-button"
                      data-receipt=${sale.receiptNumber ?? ''}
                      @click=${() => void this.openSale(sale.id)}
                    >
                      <span>${sale.receiptNumber ?? sale.serialNumber}</span>
                      <span>${formatBusinessTime(sale.createdAt, lang).split(' ')[1]}</span>
                      <span>${sale.cashier.displayName}</span>
                      <span
                        >${sale.tenders.map((tender) => tenderName(tender.method, lang)).join(' + ')}</span
                      >
                      <span class="num">${formatFen(amountToFen(sale.total) ?? 0n)}</span>
                      ${sale.refunded !== '0.00' ? html`<span>${t.refund} ${formatFen(amountToFen(sale.refunded) ?? 0n)}</span>` : nothing}
                    </button>
                  </li>`,
              )}
            </ul>`
      }`;
  }

  private renderCash(): TemplateResult {
    const t = this.t;
    const purposes =
      this.movementKind === 'paid_out'
        ? ['ingredients', 'packaging', 'repairs', 'to_bank', 'other_expense']
        : ['from_bank', 'other_income'];
    return html`<h1>${t.cash}</h1>
      <div class="card form">
        <div class="row" role="group">
          <button
            type="button"
            class="tab ${this.movementKind === 'paid_out' ? 'current' : ''}"
            aria-pressed=${this.movementKind === 'paid_out' ? 'true' : 'false'}
            @click=${() => {
              this.movementKind = 'paid_out';
              this.movementPurpose = 'ingredients';
            }}
          >
            ${t.paidOut}
          </button>
          <button
            type="button"
            class="tab ${this.movementKind === 'paid_in' ? 'current' : ''}"
            aria-pressed=${this.movementKind === 'paid_in' ? 'true' : 'false'}
            @click=${() => {
              this.movementKind = 'paid_in';
              this.movementPurpose = 'from_bank';
            }}
          >
            ${t.paidIn}
          </button>
        </div>
        <label
          >${t.purpose}<select
            @change=${(event: Event) => (this.movementPurpose = (event.target as HTMLSelectElement).value)}
          >
            ${purposes.map((purpose) => html`<option value=${purpose} ?selected=${purpose === this.movementPurpose}>${t.purposes[purpose] ?? purpose}</option>`)}
          </select></label
        >
        <label
          >${t.amount}<input
            inputmode="decimal"
            .value=${this.movementAmount}
            @input=${(event: Event) => (this.movementAmount = (event.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t.reason}<input
            .value=${this.movementReason}
            @input=${(event: Event) => (this.movementReason = (event.target as HTMLInputElement).value)}
        /></label>
        <button type="button" class="primary big" @click=${() => void this.recordMovement()}>
          ${t.confirm}
        </button>
      </div>
      <button type="button" class="secondary big" @click=${() => void this.loadXReport()}>
        ${t.xReport}
      </button>
      ${this.xReport ? this.renderReport(this.xReport, t.xReport) : nothing}`;
  }

  private renderReport(
    report: Schemas['ShiftReport'] | Schemas['ZReport'],
    title: string,
  ): TemplateResult {
    const t = this.t;
    const lang = this.i18n.lang;
    const money = (amount: string | null) =>
      amount === null ? '—' : formatFen(amountToFen(amount) ?? 0n);
    return html`<article class="card report" data-testid="report">
      <h2>${title}${'number' in report ? ` #${report.number}` : ''}</h2>
      <p>${report.registerId} · ${report.cashierName} · ${report.businessDate}</p>
      <table class="figures">
        <tbody>
          <tr>
            <th scope="row">${t.sales}</th>
            <td class="num">${report.sales.count}</td>
            <td class="num">${money(report.sales.total)}</td>
          </tr>
          ${report.tenders.map(
            (tender) =>
              html`<tr>
                <th scope="row">${tenderName(tender.method, lang)}</th>
                <td class="num">${tender.count}</td>
                <td class="num">${money(tender.amount)}</td>
              </tr>`,
          )}
          <tr>
            <th scope="row">${t.refund}</th>
            <td class="num">${report.refunds.count}</td>
            <td class="num">${money(report.refunds.amount)}</td>
          </tr>
          <tr>
            <th scope="row">${t.openingFloat}</th>
            <td></td>
            <td class="num">${money(report.openingFloat)}</td>
          </tr>
          <tr>
            <th scope="row">${t.expected}</th>
            <td></td>
            <td class="num" data-testid="expected">${money(report.expectedCash)}</td>
          </tr>
          <tr>
            <th scope="row">${t.counted}</th>
            <td></td>
            <td class="num" data-testid="counted">${money(report.countedCash)}</td>
          </tr>
          <tr>
            <th scope="row">${t.overShort}</th>
            <td></td>
            <td class="num" data-testid="over-short">${money(report.overShort)}</td>
          </tr>
        </tbody>
      </table>
      ${
        report.cashMovements.length
          ? html`<h3>${t.cashMovements}</h3>
              <table class="figures" data-testid="cash-movements">
                <tbody>
                  ${report.cashMovements.map(
                    (movement) =>
                      html`<tr>
                        <th scope="row">
                          ${movement.kind === 'paid_in' ? t.paidIn : t.paidOut} ·
                          ${t.purposes[movement.purpose] ?? movement.purpose}${movement.reason ? ` · ${movement.reason}` : ''}
                        </th>
                        <td class="num">
                          ${movement.kind === 'paid_in' ? '' : '−'}${money(movement.amount)}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : nothing
      }
      ${
        'variance' in report && report.variance
          ? html`<p data-testid="variance-approved">
              ${t.varianceApproved}
              (${this.staff.find((member) => member.id === report.variance?.approvedBy)?.displayName ?? ''}):
              ${report.variance.reason}
            </p>`
          : nothing
      }
      ${report.receiptNumbers?.ranges.map(
        (range) =>
          html`<p>
            ${t.receiptNumbers}: ${range.first} – ${range.last}
            (${range.count})${range.missingCount ? html` · ${t.missingNumbers}: ${range.missing.join(', ')}` : nothing}
          </p>`,
      )}
    </article>`;
  }

  private renderClose(): TemplateResult {
    const t = this.t;
    if (this.closeResult) {
      return html`<h1>${t.zReport}</h1>
        ${this.renderReport(this.closeResult.zReport, t.zReport)}
        <div class="row no-print">
          <button type="button" class="secondary big" @click=${() => this.printReceipt(80)}>
            ${t.printZ}
          </button>
          <button
            type="button"
            class="primary big"
            @click=${() => {
              this.closeResult = null;
              this.screen = 'open-shift';
            }}
          >
            ${t.openShift}
          </button>
          <button type="button" class="secondary big" @click=${() => void this.logout()}>
            ${t.logout}
          </button>
        </div>`;
    }
    const counted = this.countedFen();
    const unsynced = (this.status?.unsynced ?? 0) + (this.status?.needsAttention ?? 0);
    return html`<h1>${t.closeShift}</h1>
      ${!this.shift ? html`<p>${t.noShiftYet}</p>` : nothing}
      ${unsynced > 0 ? html`<p class="alert" role="status">${t.blockedUnsynced(unsynced)}</p>` : nothing}
      <div class="card count-layout">
        <div>
          <p>${t.blindCount}</p>
          ${this.renderDenominations()}
        </div>
        <div class="form count-side">
          <p class="amount">
            ${t.totalCounted}:
            <output data-testid="counted-sum">${formatFen(counted ?? 0n)}</output>
          </p>
          ${this.variance ? this.renderVarianceApproval(this.variance.limit) : nothing}
          <button
            type="button"
            class="primary big"
            data-testid="close-shift"
            ?disabled=${!this.shift || this.busy || unsynced > 0}
            @click=${() => void this.closeShift()}
          >
            ${this.variance ? t.approveAndClose : t.closeNow}
          </button>
        </div>
      </div>
      <button type="button" class="secondary big" @click=${() => void this.logout()}>
        ${t.logout}
      </button>`;
  }

  private renderVarianceApproval(limit: string): TemplateResult {
    const t = this.t;
    const managers = this.staff.filter((member) => member.role === 'manager');
    return html`<div class="variance" data-testid="variance">
      <p class="alert" role="alert">${t.varianceTitle(limit)}</p>
      <button
        type="button"
        class="secondary big"
        data-testid="recount"
        @click=${() => this.recount()}
      >
        ${t.recount}
      </button>
      <label
        >${t.varianceReason}<select
          @change=${(event: Event) => (this.varianceReason = (event.target as HTMLSelectElement).value)}
        >
          <option value="">—</option>
          ${t.varianceReasons.map((reason) => html`<option value=${reason} ?selected=${this.varianceReason === reason}>${reason}</option>`)}
        </select></label
      >
      <label
        >${t.varianceReason}<input
          data-testid="variance-reason"
          maxlength="200"
          .value=${this.varianceReason}
          @input=${(event: Event) => (this.varianceReason = (event.target as HTMLInputElement).value)}
      /></label>
      <label
        >${t.approver}<select
          data-testid="variance-manager"
          @change=${(event: Event) => (this.managerName = (event.target as HTMLSelectElement).value)}
        >
          <option value="">—</option>
          ${managers.map((member) => html`<option value=${member.username} ?selected=${this.managerName === member.username}>${member.displayName}</option>`)}
        </select></label
      >
      <label
        >${t.managerPin}<input
          type="password"
          inputmode="numeric"
          autocomplete="off"
          data-testid="variance-manager-pin"
          .value=${this.managerPin}
          @input=${(event: Event) => (this.managerPin = (event.target as HTMLInputElement).value)}
      /></label>
    </div>`;
  }

  private renderSync(): TemplateResult {
    const t = this.t;
    const lang = this.i18n.lang;
    const status = this.status;
    return html`<h1>${t.syncPanel}</h1>
      <p>
        ${status?.online ? t.online : t.offline} · ${t.lastSync}:
        ${status?.lastSuccessAt ? formatBusinessTime(new Date(status.lastSuccessAt), lang) : '—'}
      </p>
      <h2>${t.queued} (${this.outbox.length})</h2>
      <ul class="list">
        ${this.outbox.map((item) => html`<li>${t.outboxKinds[item.kind] ?? item.kind} · ${(item.request.body as { receiptNumber?: string }).receiptNumber ?? item.id.slice(0, 8)} · ${formatBusinessTime(new Date(item.createdAt), lang)}${item.attempts ? ` · ${item.attempts}×` : ''}</li>`)}
      </ul>
      <h2>${t.needsAttention} (${this.attention.filter((item) => !item.resolution).length})</h2>
      <ul class="list">
        ${this.attention
          .filter((item) => !item.resolution)
          .map(
            (item) =>
              html`<li class="card">
                <p>
                  ${t.outboxKinds[item.kind] ?? item.kind} ·
                  ${(item.request.body as { receiptNumber?: string }).receiptNumber ?? item.id.slice(0, 8)}
                </p>
                <p>${refusalText(item.code, lang)}</p>
                <div class="row">
                  <button
                    type="button"
                    class="secondary"
                    @click=${async () => {
                      await retryNeedsAttention(this.db, item.id);
                      await this.loadQueue();
                      void this.engine.syncNow();
                    }}
                  >
                    ${t.retry}
                  </button>
                  ${
                    item.kind === 'sale' && this.shift && item.shiftId !== this.shift.id
                      ? html`<button
                          type="button"
                          class="secondary"
                          @click=${() => void this.moveToCurrentShift(item)}
                        >
                          ${t.moveToShift}
                        </button>`
                      : nothing
                  }
                  <button
                    type="button"
                    class="secondary"
                    @click=${async () => {
                      const reason = prompt(t.reason);
                      if (!reason) return;
                      await dismissNeedsAttention(this.db, item.id, {
                        by: this.session?.user.id ?? '',
                        reason,
                      });
                      await this.loadQueue();
                      await this.engine.refreshCounts();
                    }}
                  >
                    ${t.dismiss}
                  </button>
                </div>
              </li>`,
          )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-pos-app': XmfPosApp;
  }
}

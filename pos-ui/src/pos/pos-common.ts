import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, type Schemas } from '../shared/api/client.js';
import type { Lang } from '../shared/i18n/lang.js';
import { amountToFen } from '../shared/money.js';
import type { CartProduct } from './cart.js';
import { refusalText } from './refusals.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// What the POS's screen modules share: the app's types and settings, and small pieces
// of markup more than one screen draws.

export type Product = Schemas['CatalogProduct'];
export type SessionUser = Schemas['SessionUser'];
export type Screen =
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

export interface SessionData {
  user: SessionUser;
  csrfToken: string;
}

export interface ShiftState {
  id: string;
  registerId: string;
  openingFloat: string;
  openedAt: string;
  /** Who opened it (absent on shifts stored before it was kept): only they sell on it. */
  cashierId?: string;
  cashierName?: string;
}

export const SHIFT_SETTING = 'currentShift';
export const PREFIX_SETTING = 'receiptPrefix';

export function cartProduct(product: Product): CartProduct {
  return {
    id: product.id,
    name: product.name,
    nameEn: product.nameEn,
    unit: product.unit,
    priceFen: amountToFen(product.price) ?? 0n,
  };
}

/** The value of the input or select an event came from. */
export function inputValue(event: Event): string {
  return (event.target as HTMLInputElement).value;
}

/** A product's or line's name in the tablet's language (Chinese when it has no English one). */
export function localName(item: { name: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && item.nameEn ? item.nameEn : item.name;
}

/** A refused call's reason in words, or "offline" when the server was not reached. */
export function refusalOrOffline(app: XmfPosApp, error: unknown): string {
  return error instanceof ApiError ? refusalText(error.code, app.i18n.lang) : app.t.offline;
}

/** The body's receipt number of a queued item, if it has one. */
export function queuedReceiptNumber(item: { request: { body?: unknown } }): string | undefined {
  return (item.request.body as { receiptNumber?: string }).receiptNumber;
}

export function renderKeys(
  app: XmfPosApp,
  keys: string[],
  press: (key: string) => void,
  name: string,
): TemplateResult {
  const t = app.t;
  const label = (key: string) => (key === 'clear' ? t.clear : key === 'back' ? '⌫' : key);
  return html`<div class="keypad" data-pad=${name}>
    ${keys.map((key) => html`<button type="button" class="key" data-key=${key} aria-label=${key === 'back' ? t.back : label(key)} @click=${() => press(key)}>${label(key)}</button>`)}
  </div>`;
}

/**
 * The manager's name and PIN that approve a discount, a refund or a close's over/short.
 * `testId` names the select (and, with `-pin`, the PIN field); `preselect` marks the
 * chosen manager's option as selected.
 */
export function renderApproverFields(
  app: XmfPosApp,
  options: { testId?: string; preselect: boolean },
): TemplateResult {
  const t = app.t;
  const managers = app.staff.filter((member) => member.role === 'manager');
  return html`<label
      >${t.approver}<select
        data-testid=${options.testId ?? nothing}
        @change=${(event: Event) => (app.managerName = inputValue(event))}
      >
        <option value="">—</option>
        ${managers.map((member) => html`<option value=${member.username} ?selected=${options.preselect && app.managerName === member.username}>${member.displayName}</option>`)}
      </select></label
    >
    <label
      >${t.managerPin}<input
        type="password"
        inputmode="numeric"
        autocomplete="off"
        data-testid=${options.testId ? `${options.testId}-pin` : nothing}
        .value=${app.managerPin}
        @input=${(event: Event) => (app.managerPin = inputValue(event))}
    /></label>`;
}

/** The language the language button switches to. */
export function otherLang(app: XmfPosApp): Lang {
  return app.i18n.lang === 'en' ? 'zh-CN' : 'en';
}

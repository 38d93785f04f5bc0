import { html, nothing, type TemplateResult } from 'lit';
import { unitName } from '../shared/i18n/vocabulary.js';
import { amountToFen, fenToAmount, formatFen, parseYuan } from '../shared/money.js';
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
} from './cart.js';
import { quantityToMilli } from './offline/quantity-milli.js';
import { checkOfflinePin } from './offline/staff-cache.js';
import {
  cartProduct,
  inputValue,
  localName,
  renderApproverFields,
  renderKeys,
  type Product,
} from './pos-common.js';
import { renderPay, startPay } from './screen-pay.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The sell screen: the product tiles by category, the cart and its line editor (the
// number pad for a quantity or weight, a line's discount), the manager's approval of a
// large discount, and the pay dialog over it.

function tapProduct(app: XmfPosApp, item: { product: Product; remaining: string | null }): void {
  if (item.product.soldOut) return;
  const product = cartProduct(item.product);
  if (product.unit === 'piece') {
    app.cart = addProduct(app.cart, product);
  } else {
    // A weighed product: its line opens with the pad for the weight.
    app.cart = addProduct(app.cart, product, 1000);
    editLine(app, app.cart.lines.length - 1);
  }
}

/** Opens the line editor on a cart line, with an empty pad and discount. */
function editLine(app: XmfPosApp, index: number): void {
  app.editing = index;
  app.padText = '';
  app.discountText = '';
}

function padKey(app: XmfPosApp, key: string): void {
  if (key === 'back') app.padText = app.padText.slice(0, -1);
  else if (key === 'clear') app.padText = '';
  else if (app.padText.length < 9) app.padText += key;
}

function finishEdit(app: XmfPosApp): void {
  const index = app.editing;
  if (index === null) return;
  const line = app.cart.lines[index];
  if (!line) {
    app.editing = null;
    return;
  }
  if (app.padText) {
    const milli = parseQuantity(app.padText, line.product.unit);
    if (milli === null) {
      app.alert = app.t.invalidQuantity;
      return;
    }
    app.cart = setQuantity(app.cart, index, milli);
  }
  if (app.discountText) {
    const fen = parseYuan(app.discountText);
    if (fen === null || fen < 0n) {
      app.alert = app.t.invalidAmount;
      return;
    }
    app.cart = setLineDiscount(app.cart, index, fen);
  }
  app.alert = '';
  app.editing = null;
  app.padText = '';
  app.discountText = '';
}

async function approve(app: XmfPosApp): Promise<void> {
  const manager = app.staff.find((member) => member.username === app.managerName);
  if (!manager || !/^\d{4,6}$/.test(app.managerPin)) {
    app.alert = app.t.wrongPin;
    return;
  }
  // Checked here when the tablet knows the PIN; the server checks it again in any case.
  if (manager.verifier) {
    const result = await checkOfflinePin(app.db, manager.id, app.managerPin);
    if (result !== 'ok') {
      app.alert = result === 'locked' ? app.t.lockedPin : app.t.wrongPin;
      return;
    }
  }
  app.approval = { approver: manager.username, pin: app.managerPin };
  app.managerPin = '';
  app.askingApproval = false;
  app.alert = '';
  startPay(app, 'cash');
}

function renderTiles(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  const shown = app.products.filter(
    (item) => !app.category || item.product.category === app.category,
  );
  return html`<div class="tiles">
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
        @click=${() => tapProduct(app, item)}
      >
        <span class="tile-name">${localName(product, lang)}</span>
        <span class="tile-price"
          >${formatFen(amountToFen(product.price) ?? 0n)}/${unitName(product.unit, lang)}</span
        >
        <span class="tile-left"
          >${soldOut ? t.soldOut : remaining === null ? '' : `${t.remaining} ${milliText(Math.max(0, quantityToMilli(item.remaining!)))}`}</span
        >
      </button>`;
    })}
  </div>`;
}

function renderCartLines(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  return html`<ol class="cart-lines">
    ${app.cart.lines.length === 0 ? html`<li class="empty">${t.emptyCart}</li>` : nothing}
    ${app.cart.lines.map(
      (line, index) =>
        html`<li class="cart-line">
          <button type="button" class="line-main" @click=${() => editLine(app, index)}>
            <span>${localName(line.product, lang)}</span>
            <span class="line-qty"
              >${milliText(line.milli)} ${unitName(line.product.unit, lang)} ×
              ${formatFen(line.product.priceFen)}</span
            >
            ${line.discountFen > 0n ? html`<span class="line-discount">−${formatFen(line.discountFen)}</span>` : nothing}
            <span class="line-total">${formatFen(lineTotalFen(line))}</span>
          </button>
          ${([-1, 1] as const).map(
            (step) =>
              html`<button
                type="button"
                class="step"
                aria-label=${step < 0 ? '−' : '+'}
                @click=${() => (app.cart = stepQuantity(app.cart, index, step))}
              >
                ${step < 0 ? '−' : '+'}
              </button>`,
          )}
        </li>`,
    )}
  </ol>`;
}

export function renderSell(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const totals = cartTotals(app.cart);
  return html`<h1 class="visually-hidden">${t.sell}</h1>
    ${
      app.othersShift()
        ? html`<p class="notice" role="status" data-testid="others-shift">
            ${t.othersShift(app.shift?.cashierName ?? '')}
          </p>`
        : nothing
    }
    <div class="sell">
      <section class="catalog" aria-label=${t.sell}>
        <div class="tabs" role="group">
          ${['', ...app.categories].map(
            (name) =>
              html`<button
                type="button"
                class="tab ${app.category === name ? 'current' : ''}"
                aria-pressed=${app.category === name ? 'true' : 'false'}
                @click=${() => (app.category = name)}
              >
                ${name || t.all}
              </button>`,
          )}
        </div>
        ${renderTiles(app)}
      </section>
      <section class="cart" aria-label=${t.cart}>
        <h2 class="visually-hidden">${t.cart}</h2>
        ${renderCartLines(app)} ${app.editing !== null ? renderLineEditor(app) : nothing}
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
                @click=${() => startPay(app, method)}
              >
                ${label}
              </button>`,
          )}
        </div>
        <div class="row">
          <label class="inline"
            >${t.saleDiscount}<input
              inputmode="decimal"
              .value=${app.cart.saleDiscountFen > 0n ? fenToAmount(app.cart.saleDiscountFen) : ''}
              @change=${(event: Event) => {
                const fen = parseYuan(inputValue(event) || '0');
                if (fen === null || fen < 0n) app.alert = t.invalidAmount;
                else app.cart = setSaleDiscount(app.cart, fen);
              }}
          /></label>
          <button
            type="button"
            class="secondary"
            @click=${() => {
              app.cart = emptyCart();
              app.approval = null;
              void app.gate?.applyWhenSafe();
            }}
          >
            ${t.clearCart}
          </button>
        </div>
      </section>
    </div>
    ${app.paying ? renderPay(app) : nothing} ${app.askingApproval ? renderApproval(app) : nothing}`;
}

function renderLineEditor(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const index = app.editing!;
  const line = app.cart.lines[index];
  if (!line) return html``;
  const lang = app.i18n.lang;
  const weighed = line.product.unit !== 'piece';
  return html`<div class="card editor" role="dialog" aria-label=${t.edit}>
    <h3>
      ${localName(line.product, lang)} · ${t.perUnit}
      ${formatFen(line.product.priceFen)}/${unitName(line.product.unit, lang)}
    </h3>
    <p class="pad-value" data-testid="pad-value">
      ${weighed ? t.weight : t.quantity}:
      <strong>${app.padText || milliText(line.milli)}</strong>
      ${unitName(line.product.unit, lang)}
    </p>
    ${renderKeys(app, ['7', '8', '9', '4', '5', '6', '1', '2', '3', weighed ? '.' : 'clear', '0', 'back'], (key) => padKey(app, key), 'quantity')}
    <label class="inline"
      >${t.lineDiscount}<input
        inputmode="decimal"
        .value=${app.discountText}
        @input=${(event: Event) => (app.discountText = inputValue(event))}
    /></label>
    <div class="row">
      <button
        type="button"
        class="secondary"
        @click=${() => {
          app.cart = removeLine(app.cart, index);
          app.editing = null;
        }}
      >
        ${t.remove}
      </button>
      <button
        type="button"
        class="primary big"
        data-testid="edit-done"
        @click=${() => finishEdit(app)}
      >
        ${t.done}
      </button>
    </div>
  </div>`;
}

function renderApproval(app: XmfPosApp): TemplateResult {
  const t = app.t;
  return html`<div class="dialog-backdrop">
    <div class="card dialog" role="dialog" aria-modal="true" aria-label=${t.approvalTitle}>
      <h2>${t.approvalTitle}</h2>
      ${renderApproverFields(app, { preselect: true })}
      <div class="row">
        <button type="button" class="secondary big" @click=${() => (app.askingApproval = false)}>
          ${t.cancel}
        </button>
        <button type="button" class="primary big" @click=${() => void approve(app)}>
          ${t.approve}
        </button>
      </div>
    </div>
  </div>`;
}

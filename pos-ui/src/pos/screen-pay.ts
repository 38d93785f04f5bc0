import { html, nothing, type TemplateResult } from 'lit';
import { tenderName } from '../shared/i18n/vocabulary.js';
import { fenToAmount, formatFen, parseYuan } from '../shared/money.js';
import { cartTotals, emptyCart, lineTotalFen, milliText } from './cart.js';
import {
  cashTender,
  changeFen,
  classifyPaymentCode,
  isFullyPaid,
  isValidReference,
  quickAmounts,
  remainingFen,
  type TenderMethod,
} from './payment.js';
import { inputValue } from './pos-common.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The pay dialog: cash (quick amounts, the amount handed), WeChat, Alipay and hardship
// vouchers, split tenders, and the sale queued (with its receipt number) once all is paid.

const CHANGE_SHOWN_MS = 8000;

export function startPay(app: XmfPosApp, method: TenderMethod | null): void {
  const totals = cartTotals(app.cart);
  if (totals.totalFen <= 0n) return;
  if (!app.shift) {
    app.alert = app.t.noShiftYet;
    return;
  }
  if (app.othersShift()) {
    app.alert = app.t.othersShift(app.shift.cashierName ?? '');
    return;
  }
  if (totals.needsApproval && !app.approval) {
    app.askingApproval = true;
    return;
  }
  app.paying = true;
  app.tenders = [];
  app.partText = '';
  app.confirming = method === 'cash' || method === null ? null : method;
  app.referenceText = '';
}

function dueFen(app: XmfPosApp): bigint {
  return remainingFen(cartTotals(app.cart).totalFen, app.tenders);
}

/** The amount the next tender covers: the typed part, or all that is due. */
function partFen(app: XmfPosApp): bigint | null {
  const due = dueFen(app);
  if (!app.partText) return due;
  const fen = parseYuan(app.partText);
  if (fen === null || fen <= 0n) return null;
  return fen > due ? due : fen;
}

async function takeCash(app: XmfPosApp, handedFen: bigint): Promise<void> {
  const due = app.partText ? (partFen(app) ?? 0n) : dueFen(app);
  const tender = cashTender(due, handedFen);
  if (!tender) return;
  app.tenders = [...app.tenders, tender];
  app.partText = '';
  await finishIfPaid(app);
}

async function confirmTender(app: XmfPosApp): Promise<void> {
  const method = app.confirming;
  if (!method) return;
  const amountFen = partFen(app);
  if (amountFen === null || amountFen <= 0n) {
    app.alert = app.t.invalidAmount;
    return;
  }
  const reference = app.referenceText.trim();
  if (method === 'hardship_voucher' && !reference) {
    app.alert = app.t.needVoucherNo;
    return;
  }
  if (reference && !isValidReference(reference)) {
    app.alert = app.t.invalidReference;
    return;
  }
  if (classifyPaymentCode(reference)) {
    app.alert = app.t.paymentCodeWarning;
    app.referenceText = '';
    return;
  }
  const holder =
    method === 'hardship_voucher' && (app.holderName.trim() || app.holderPhone.trim())
      ? {
          ...(app.holderName.trim() ? { name: app.holderName.trim() } : {}),
          ...(app.holderPhone.trim() ? { phone: app.holderPhone.trim() } : {}),
        }
      : undefined;
  app.tenders = [
    ...app.tenders,
    { method, amountFen, ...(reference ? { reference } : {}), ...(holder ? { holder } : {}) },
  ];
  app.confirming = null;
  app.referenceText = '';
  app.holderName = '';
  app.holderPhone = '';
  app.partText = '';
  app.alert = '';
  await finishIfPaid(app);
}

/** A scanned code: a customer's payment code is refused; otherwise it is the reference asked for. */
export function onScan(app: XmfPosApp, code: string): void {
  if (classifyPaymentCode(code)) {
    app.alert = app.t.paymentCodeWarning;
    return;
  }
  if (app.confirming) app.referenceText = code;
}

/** Queues the sale (durably, with its receipt number) and only then says "paid". */
async function finishIfPaid(app: XmfPosApp): Promise<void> {
  const totals = cartTotals(app.cart);
  if (!isFullyPaid(totals.totalFen, app.tenders) || !app.shift || app.busy) return;
  app.busy = true;
  try {
    const id = crypto.randomUUID();
    const createdAt = new Date().toISOString();
    const cart = app.cart;
    const tenders = app.tenders;
    const approval = app.approval;
    const lines = cart.lines.map((line) => ({
      productId: line.product.id,
      quantity: milliText(line.milli),
      ...(line.discountFen > 0n ? { discount: fenToAmount(line.discountFen) } : {}),
    }));
    const body = (receiptNumber: string) => ({
      id,
      registerId: app.registerId,
      shiftId: app.shift!.id,
      createdAt,
      offline: !navigator.onLine,
      receiptNumber,
      lines,
      ...(cart.saleDiscountFen > 0n ? { discount: fenToAmount(cart.saleDiscountFen) } : {}),
      tenders: tenders.map((tender) => ({
        method: tender.method,
        amount: fenToAmount(tender.amountFen),
        ...(tender.tenderedFen !== undefined ? { tendered: fenToAmount(tender.tenderedFen) } : {}),
        ...(tender.reference ? { reference: tender.reference } : {}),
        ...(tender.holder ? { holder: tender.holder } : {}),
      })),
      ...(approval ? { approverPin: approval.pin, approver: approval.approver } : {}),
    });
    const { receiptNumber } = await app.engine.enqueueSale({
      id,
      registerId: app.registerId,
      shiftId: app.shift.id,
      actorId: app.session?.user.id ?? null,
      lines: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      buildBody: body,
    });
    app.receipt = {
      saleId: id,
      receiptNumber,
      createdAt,
      registerId: app.registerId,
      cashierName: app.session?.user.displayName ?? '',
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
    app.changeShown = app.receipt.changeFen;
    clearTimeout(app.changeTimer);
    app.changeTimer = setTimeout(() => (app.changeShown = null), CHANGE_SHOWN_MS);
    app.cart = emptyCart();
    app.tenders = [];
    app.approval = null;
    app.paying = false;
    app.screen = 'receipt';
    await app.loadCatalogFromCache();
  } finally {
    app.busy = false;
  }
}

function renderCashColumn(app: XmfPosApp, quick: bigint[]): TemplateResult {
  const t = app.t;
  return html`<div>
    <div class="quick" role="group" aria-label=${t.payCash}>
      ${quick.map(
        (amount, index) =>
          html`<button
            type="button"
            class="pay quick-amount"
            data-testid=${index === 0 ? 'cash-exact' : `cash-${fenToAmount(amount)}`}
            @click=${() => void takeCash(app, amount)}
          >
            ${index === 0 ? html`${t.exact}<br />` : nothing}${formatFen(amount)}
          </button>`,
      )}
    </div>
    <label class="inline"
      >${t.partAmount}<input
        inputmode="decimal"
        data-testid="part-amount"
        .value=${app.partText}
        @input=${(event: Event) => (app.partText = inputValue(event))}
    /></label>
    <label class="inline"
      >${t.handed}<input
        inputmode="decimal"
        data-testid="handed"
        @change=${(event: Event) => {
          const fen = parseYuan(inputValue(event));
          if (fen === null || fen <= 0n) app.alert = t.invalidAmount;
          else void takeCash(app, fen);
        }}
    /></label>
  </div>`;
}

export function renderPay(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  const total = cartTotals(app.cart).totalFen;
  const due = dueFen(app);
  const part = app.partText ? partFen(app) : due;
  const methods = [
    ['wechat', 'pay-wechat', 'wechat', t.payWechat],
    ['alipay', 'pay-alipay', 'alipay', t.payAlipay],
    ['voucher', 'pay-voucher', 'hardship_voucher', t.payVoucher],
  ] as const;
  return html`<div class="dialog-backdrop">
    <div class="card dialog pay-dialog" role="dialog" aria-modal="true" aria-labelledby="pay-title">
      <h2 id="pay-title">${t.payTitle}</h2>
      <p class="due">
        ${app.tenders.length ? t.stillDue : t.due}
        <output class="amount-big" data-testid="due">${formatFen(due)}</output
        >${app.tenders.length ? html` <small>/ ${formatFen(total)}</small>` : nothing}
      </p>
      ${
        app.tenders.length
          ? html`<ul class="tenders-so-far">
              ${app.tenders.map((tender) => html`<li>${tenderName(tender.method, lang)} ${formatFen(tender.amountFen)}</li>`)}
            </ul>`
          : nothing
      }
      ${
        app.confirming
          ? renderConfirm(app)
          : html`<div class="pay-columns">
              ${renderCashColumn(app, quickAmounts(part ?? due))}
              <div class="pay-buttons pay-methods">
                ${methods.map(
                  ([style, testId, method, label]) =>
                    html`<button
                      type="button"
                      class="pay ${style}"
                      data-testid=${testId}
                      @click=${() => (app.confirming = method)}
                    >
                      ${label}
                    </button>`,
                )}
              </div>
            </div>`
      }
      <button
        type="button"
        class="secondary big dialog-cancel"
        @click=${() => {
          app.paying = false;
          app.tenders = [];
          app.confirming = null;
        }}
      >
        ${t.cancel}
      </button>
    </div>
  </div>`;
}

function renderConfirm(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const method = app.confirming!;
  const voucher = method === 'hardship_voucher';
  const amount = partFen(app);
  return html`<div class="confirm">
    <p class="confirm-question">
      ${voucher ? t.payVoucher : method === 'wechat' ? t.confirmArrivedWechat : t.confirmArrivedAlipay}
    </p>
    <p class="amount">${amount === null ? '' : formatFen(amount)}</p>
    <label
      >${voucher ? t.voucherNo : t.transactionNo}<input
        data-testid="reference"
        autocomplete="off"
        .value=${app.referenceText}
        @input=${(event: Event) => (app.referenceText = inputValue(event))}
    /></label>
    ${
      voucher
        ? html`<label
              >${t.holderName}<input
                data-testid="holder-name"
                autocomplete="off"
                .value=${app.holderName}
                @input=${(event: Event) => (app.holderName = inputValue(event))}
            /></label>
            <label
              >${t.holderPhone}<input
                data-testid="holder-phone"
                inputmode="tel"
                autocomplete="off"
                .value=${app.holderPhone}
                @input=${(event: Event) => (app.holderPhone = inputValue(event))}
            /></label>`
        : nothing
    }
    <div class="row">
      <button type="button" class="secondary big" @click=${() => (app.confirming = null)}>
        ${t.back}
      </button>
      <button
        type="button"
        class="primary pay"
        data-testid="confirm-arrived"
        @click=${() => void confirmTender(app)}
      >
        ${voucher ? t.confirm : t.arrived}
      </button>
    </div>
  </div>`;
}

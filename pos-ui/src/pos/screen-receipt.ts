import { html, nothing, type TemplateResult } from 'lit';
import type { Schemas } from '../shared/api/client.js';
import { amountToFen, formatFen } from '../shared/money.js';
import { renderReceipt } from './receipt-view.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The receipt after a sale (with the change to hand back) or of a reprinted one, and its
// printing: through the browser's print dialog, or straight to a serial thermal printer.

/** The part of Web Serial the direct print uses (not in TypeScript's DOM types). */
interface SerialLike {
  requestPort(): Promise<{
    open(options: { baudRate: number }): Promise<void>;
    writable: WritableStream<Uint8Array>;
    close(): Promise<void>;
  }>;
}

/**
 * Where the browser offers Web Serial (Chrome on Android with a USB-serial printer):
 * sends the server's ESC/POS bytes of a synced sale straight to the thermal printer.
 */
async function directPrint(app: XmfPosApp, width: 58 | 80): Promise<void> {
  const serial = (navigator as unknown as { serial?: SerialLike }).serial;
  const receipt = app.receipt;
  if (!serial || !receipt) return;
  try {
    const response = await fetch(
      `/api/sales/${receipt.saleId}/receipt?format=escpos&width=${width}&lang=${app.i18n.lang}${receipt.reprint ? '&reprint=true' : ''}`,
      { credentials: 'same-origin' },
    );
    if (!response.ok) {
      app.alert = app.t.directPrintLater;
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
    app.alert = app.t.directPrintLater;
  }
}

export function printReceipt(app: XmfPosApp, width: 58 | 80): void {
  app.printWidth = width;
  document.documentElement.dataset.printWidth = String(width);
  // @page cannot depend on a class: the page size for this print is set here.
  let style = document.getElementById('xmf-print-page');
  if (!style) {
    style = document.createElement('style');
    style.id = 'xmf-print-page';
    document.head.append(style);
  }
  style.textContent = `@page { size: ${width}mm auto; margin: 2mm; }`;
  void app.updateComplete.then(() => window.print());
}

/** A synced sale's receipt again, marked as a reprint. */
export function showReprint(app: XmfPosApp, sale: Schemas['SaleWithRefundsAnswer']['sale']): void {
  app.receipt = {
    saleId: sale.id,
    receiptNumber: sale.receiptNumber ?? sale.serialNumber,
    createdAt: sale.createdAt,
    registerId: sale.registerId,
    cashierName: app.history.find((item) => item.id === sale.id)?.cashier.displayName ?? '',
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
  app.changeShown = null;
  app.screen = 'receipt';
}

export function renderReceiptScreen(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const receipt = app.receipt;
  if (!receipt) return html``;
  return html`<h1 class="visually-hidden">${t.receipt}</h1>
    <div class="receipt-screen print-${app.printWidth}">
      ${
        app.changeShown !== null && app.changeShown > 0n
          ? html`<p class="change-big" role="status">
              ${t.change} <output data-testid="change">${formatFen(app.changeShown)}</output>
            </p>`
          : app.changeShown !== null
            ? html`<p class="change-big paid" role="status" data-testid="paid">${t.paid}</p>`
            : nothing
      }
      ${renderReceipt(receipt, t, app.i18n.lang, `${location.origin}/`)}
      <div class="row no-print">
        ${([58, 80] as const).map(
          (width) =>
            html`<button
              type="button"
              class="secondary big"
              @click=${() => printReceipt(app, width)}
            >
              ${width === 58 ? t.print58 : t.print80}
            </button>`,
        )}
        ${
          'serial' in navigator && (app.status?.online ?? navigator.onLine)
            ? html`<button
                type="button"
                class="secondary big"
                @click=${() => void directPrint(app, app.printWidth)}
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
            app.screen = 'sell';
            app.changeShown = null;
            void app.gate?.applyWhenSafe();
          }}
        >
          ${t.newSale}
        </button>
      </div>
    </div>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import { api, call } from '../shared/api/client.js';
import { businessDate, formatBusinessTime } from '../shared/date.js';
import { tenderName, unitName } from '../shared/i18n/vocabulary.js';
import { amountToFen, formatFen } from '../shared/money.js';
import { listOutbox } from './offline/outbox.js';
import {
  inputValue,
  localName,
  queuedReceiptNumber,
  refusalOrOffline,
  renderApproverFields,
} from './pos-common.js';
import { refusalText } from './refusals.js';
import { showReprint } from './screen-receipt.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The register's sales of today (or those a search finds), one sale's detail, its
// reprint and its refund, whole or by line.

export async function loadHistory(app: XmfPosApp): Promise<void> {
  app.screen = 'history';
  app.detail = null;
  app.outbox = await listOutbox(app.db);
  try {
    const q = app.historyQuery.trim();
    const answer = await call(
      api.GET('/api/registers/{registerId}/sales', {
        params: {
          path: { registerId: app.registerId },
          query: q ? { q } : { date: businessDate(new Date()) },
        },
      }),
    );
    app.history = answer.sales;
  } catch {
    app.history = [];
  }
}

async function openSale(app: XmfPosApp, id: string): Promise<void> {
  try {
    const answer = await call(api.GET('/api/sales/{id}', { params: { path: { id } } }));
    app.detail = answer.sale;
    app.refundLines = {};
    app.refundReason = '';
  } catch (error) {
    app.alert = refusalOrOffline(app, error);
  }
}

async function refund(app: XmfPosApp, whole: boolean): Promise<void> {
  const sale = app.detail;
  if (!sale || !app.shift) return;
  const reason = app.refundReason.trim();
  if (!reason) {
    app.alert = refusalText('reason_required', app.i18n.lang);
    return;
  }
  const lines = whole
    ? undefined
    : sale.lines
        .filter((line) => app.refundLines[line.lineNo])
        .map((line) => ({ productId: line.productId, quantity: line.quantity }));
  if (lines && lines.length === 0) return;
  const approval =
    app.managerPin && app.managerName
      ? { approverPin: app.managerPin, approver: app.managerName }
      : {};
  const id = crypto.randomUUID();
  await app.engine.enqueue({
    id,
    kind: 'refund',
    shiftId: app.shift.id,
    dependsOn: [sale.id],
    actorId: app.session?.user.id ?? null,
    request: {
      method: 'POST',
      path: `/api/sales/${sale.id}/refunds`,
      body: {
        id,
        shiftId: app.shift.id,
        createdAt: new Date().toISOString(),
        reason,
        ...(lines ? { lines } : {}),
        ...approval,
      },
    },
  });
  app.managerPin = '';
  app.message = app.t.refundDone;
  app.detail = null;
}

function renderDetail(app: XmfPosApp, detail: NonNullable<XmfPosApp['detail']>): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  return html`<div class="card">
    <h2>
      ${detail.receiptNumber ?? detail.serialNumber} · ${formatFen(amountToFen(detail.total) ?? 0n)}
    </h2>
    <ul class="list">
      ${detail.lines.map(
        (line) =>
          html`<li>
            <label class="check"
              ><input
                type="checkbox"
                .checked=${Boolean(app.refundLines[line.lineNo])}
                @change=${(event: Event) => (app.refundLines = { ...app.refundLines, [line.lineNo]: (event.target as HTMLInputElement).checked })}
              />${localName(line, lang)} ${line.quantity} ${unitName(line.unit, lang)} ·
              ${formatFen(amountToFen(line.total) ?? 0n)}</label
            >
          </li>`,
      )}
    </ul>
    ${detail.refunds.length ? html`<p>${t.refund}: ${detail.refunds.map((item) => formatFen(amountToFen(item.amount) ?? 0n)).join(', ')}</p>` : nothing}
    <label
      >${t.refundReason}<select @change=${(event: Event) => (app.refundReason = inputValue(event))}>
        <option value="">—</option>
        ${t.reasons.map((reason) => html`<option value=${reason}>${reason}</option>`)}
      </select></label
    >
    <label
      >${t.refundReason}<input
        data-testid="refund-reason"
        .value=${app.refundReason}
        @input=${(event: Event) => (app.refundReason = inputValue(event))}
    /></label>
    ${renderApproverFields(app, { testId: 'refund-manager', preselect: false })}
    <div class="row">
      <button type="button" class="secondary big" @click=${() => showReprint(app, detail)}>
        ${t.reprint}
      </button>
      <button
        type="button"
        class="secondary big"
        data-testid="refund-lines"
        @click=${() => void refund(app, false)}
      >
        ${t.refundLines}
      </button>
      <button
        type="button"
        class="primary big"
        data-testid="refund-whole"
        @click=${() => void refund(app, true)}
      >
        ${t.refundWhole}
      </button>
      <button type="button" class="secondary big" @click=${() => (app.detail = null)}>
        ${t.back}
      </button>
    </div>
  </div>`;
}

export function renderHistory(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  const queuedSales = app.outbox.filter((item) => item.kind === 'sale');
  const detail = app.detail;
  return html`<h1>${t.history}</h1>
    <form
      class="row"
      @submit=${(event: Event) => {
        event.preventDefault();
        void loadHistory(app);
      }}
    >
      <label class="inline"
        >${t.search}<input
          name="q"
          .value=${app.historyQuery}
          @input=${(event: Event) => (app.historyQuery = inputValue(event))}
      /></label>
      <button type="submit" class="secondary">${t.search}</button>
    </form>
    ${
      queuedSales.length
        ? html`<h2>${t.notSynced}</h2>
            <ul class="list">
              ${queuedSales.map((item) => html`<li>${queuedReceiptNumber(item)} · ${formatBusinessTime(new Date(item.createdAt), lang)}</li>`)}
            </ul>`
        : nothing
    }
    ${
      detail
        ? renderDetail(app, detail)
        : html`<ul class="list sales">
            ${app.history.length === 0 ? html`<li>${t.noSales}</li>` : nothing}
            ${app.history.map(
              (sale) =>
                html`<li>
                  <button
                    type="button"
                    class="list-button"
                    data-receipt=${sale.receiptNumber ?? ''}
                    @click=${() => void openSale(app, sale.id)}
                  >
                    <span>${sale.receiptNumber ?? sale.serialNumber}</span>
                    <span>${formatBusinessTime(sale.createdAt, lang).split(' ')[1]}</span>
                    <span>${sale.cashier.displayName}</span>
                    <span
                      >${sale.tenders.map((tender) => tenderName(tender.method, lang)).join(' + ')}</span
                    >
                    <span class="num"
                      >${formatFen(amountToFen(sale.total) ?? 0n)}${
                        sale.refunded !== '0.00'
                          ? html`<small class="refunded"
                              >${t.refund} ${formatFen(amountToFen(sale.refunded) ?? 0n)}</small
                            >`
                          : nothing
                      }</span
                    >
                  </button>
                </li>`,
            )}
          </ul>`
    }`;
}

import { html, nothing, type TemplateResult } from 'lit';
import { api, call } from '../shared/api/client.js';
import { fenToAmount, parseYuan } from '../shared/money.js';
import { inputValue, refusalOrOffline } from './pos-common.js';
import { renderReport } from './shift-report.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// Cash paid into or out of the drawer during a shift, and the shift's X report.

async function recordMovement(app: XmfPosApp): Promise<void> {
  if (!app.shift) return;
  if (app.othersShift()) {
    app.alert = app.t.othersShift(app.shift.cashierName ?? '');
    return;
  }
  const fen = parseYuan(app.movementAmount);
  if (fen === null || fen <= 0n) {
    app.alert = app.t.invalidAmount;
    return;
  }
  const id = crypto.randomUUID();
  await app.engine.enqueue({
    id,
    kind: 'cash-movement',
    shiftId: app.shift.id,
    actorId: app.session?.user.id ?? null,
    request: {
      method: 'POST',
      path: `/api/shifts/${app.shift.id}/cash-movements`,
      body: {
        id,
        kind: app.movementKind,
        purpose: app.movementPurpose,
        amount: fenToAmount(fen),
        ...(app.movementReason.trim() ? { reason: app.movementReason.trim() } : {}),
        createdAt: new Date().toISOString(),
      },
    },
  });
  app.movementAmount = '';
  app.movementReason = '';
  app.alert = '';
  app.message = app.t.movementDone;
}

async function loadXReport(app: XmfPosApp): Promise<void> {
  if (!app.shift) return;
  try {
    const answer = await call(
      api.GET('/api/shifts/{id}/x-report', { params: { path: { id: app.shift.id } } }),
    );
    app.xReport = answer.xReport;
  } catch (error) {
    app.alert = refusalOrOffline(app, error);
  }
}

export function renderCash(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const purposes =
    app.movementKind === 'paid_out'
      ? ['ingredients', 'packaging', 'repairs', 'to_bank', 'other_expense']
      : ['from_bank', 'other_income'];
  const kinds = [
    ['paid_out', 'ingredients', t.paidOut],
    ['paid_in', 'from_bank', t.paidIn],
  ] as const;
  return html`<h1>${t.cash}</h1>
    <div class="card form">
      <div class="row" role="group">
        ${kinds.map(
          ([kind, purpose, label]) =>
            html`<button
              type="button"
              class="tab ${app.movementKind === kind ? 'current' : ''}"
              aria-pressed=${app.movementKind === kind ? 'true' : 'false'}
              @click=${() => {
                app.movementKind = kind;
                app.movementPurpose = purpose;
              }}
            >
              ${label}
            </button>`,
        )}
      </div>
      <label
        >${t.purpose}<select @change=${(event: Event) => (app.movementPurpose = inputValue(event))}>
          ${purposes.map((purpose) => html`<option value=${purpose} ?selected=${purpose === app.movementPurpose}>${t.purposes[purpose] ?? purpose}</option>`)}
        </select></label
      >
      <label
        >${t.amount}<input
          inputmode="decimal"
          .value=${app.movementAmount}
          @input=${(event: Event) => (app.movementAmount = inputValue(event))}
      /></label>
      <label
        >${t.reason}<input
          .value=${app.movementReason}
          @input=${(event: Event) => (app.movementReason = inputValue(event))}
      /></label>
      <button type="button" class="primary big" @click=${() => void recordMovement(app)}>
        ${t.confirm}
      </button>
    </div>
    <button type="button" class="secondary big" @click=${() => void loadXReport(app)}>
      ${t.xReport}
    </button>
    ${app.xReport ? renderReport(app, app.xReport, t.xReport) : nothing}`;
}

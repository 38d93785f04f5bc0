import { html, nothing, type TemplateResult } from 'lit';
import { api, ApiError, call } from '../shared/api/client.js';
import { fenToAmount, formatFen, parseYuan } from '../shared/money.js';
import { writeSetting } from './offline/offline-db.js';
import { inputValue, refusalOrOffline, renderApproverFields, SHIFT_SETTING } from './pos-common.js';
import { printReceipt } from './screen-receipt.js';
import { renderReport } from './shift-report.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// Opening a shift (its float, counted by note or typed) and closing it: the blind count,
// the over/short's approval and the Z report.

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

/** The denomination counts' sum, or null when none was typed. */
function countedFen(app: XmfPosApp): bigint | null {
  let any = false;
  let sum = 0n;
  for (const denomination of DENOMINATIONS) {
    const text = app.counts[denomination.value];
    if (!text) continue;
    if (!/^\d{1,5}$/.test(text)) return null;
    any = true;
    sum += BigInt(text) * denomination.fen;
  }
  return any ? sum : null;
}

async function openShift(app: XmfPosApp): Promise<void> {
  const floatFen = countedFen(app) ?? parseYuan(app.floatText || '0');
  if (floatFen === null || floatFen < 0n) {
    app.alert = app.t.invalidAmount;
    return;
  }
  const id = crypto.randomUUID();
  const openedAt = new Date().toISOString();
  await app.engine.enqueue({
    id,
    kind: 'shift-open',
    shiftId: id,
    actorId: app.session?.user.id ?? null,
    request: {
      method: 'POST',
      path: '/api/shifts',
      body: { id, registerId: app.registerId, openingFloat: fenToAmount(floatFen), openedAt },
    },
  });
  app.shift = {
    id,
    registerId: app.registerId,
    openingFloat: fenToAmount(floatFen),
    openedAt,
    ...(app.session
      ? { cashierId: app.session.user.id, cashierName: app.session.user.displayName }
      : {}),
  };
  await writeSetting(app.db, SHIFT_SETTING, app.shift);
  app.counts = {};
  app.floatText = '';
  app.alert = '';
  app.screen = 'sell';
}

async function closeShift(app: XmfPosApp): Promise<void> {
  if (!app.shift) return;
  const status = await app.engine.refreshCounts();
  if (status.unsynced > 0 || status.needsAttention > 0) {
    app.alert = app.t.blockedUnsynced(status.unsynced + status.needsAttention);
    void app.engine.syncNow();
    return;
  }
  const counts = DENOMINATIONS.map((denomination) => ({
    denomination: denomination.value,
    count: Number(app.counts[denomination.value] || '0'),
  })).filter((count) => count.count > 0);
  if (countedFen(app) === null && Object.values(app.counts).some((text) => text)) {
    app.alert = app.t.invalidQuantity;
    return;
  }
  const shift = app.shift;
  const reason = app.varianceReason.trim();
  if (app.variance && (!reason || !app.managerName || !/^\d{4,6}$/.test(app.managerPin))) {
    app.alert = app.t.needVarianceApproval;
    return;
  }
  app.busy = true;
  try {
    const answer = await call(
      api.POST('/api/shifts/{id}/close', {
        params: { path: { id: shift.id } },
        body: {
          counts,
          countedCash: fenToAmount(countedFen(app) ?? 0n),
          closedAt: new Date().toISOString(),
          ...(app.variance
            ? { varianceReason: reason, approver: app.managerName, approverPin: app.managerPin }
            : {}),
        },
      }),
    );
    app.closeResult = answer;
    app.shift = null;
    await writeSetting(app.db, SHIFT_SETTING, null);
    app.counts = {};
    app.variance = null;
    app.varianceReason = '';
    app.alert = '';
  } catch (error) {
    if (error instanceof ApiError && error.code === 'variance_needs_approval') {
      const details = error.details as { limit?: string } | undefined;
      app.variance = { limit: details?.limit ?? '5.00' };
      app.alert = '';
    } else {
      app.alert = refusalOrOffline(app, error);
    }
  } finally {
    app.managerPin = '';
    app.busy = false;
  }
}

/** The count changed: a variance asked about an earlier count no longer applies. */
function recount(app: XmfPosApp): void {
  app.variance = null;
  app.varianceReason = '';
  app.managerPin = '';
  app.alert = '';
}

function renderDenominations(app: XmfPosApp): TemplateResult {
  const t = app.t;
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
                .value=${app.counts[denomination.value] ?? ''}
                @input=${(event: Event) => (app.counts = { ...app.counts, [denomination.value]: inputValue(event).trim() })}
              />
            </td>
            <td class="num" data-subtotal=${denomination.value}>
              ${rowSubtotal(app.counts[denomination.value], denomination.fen)}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function renderOpenShift(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const counted = countedFen(app);
  return html`<h1>${t.openShiftTitle}</h1>
    <div class="card form">
      <label
        >${t.openingFloat}<input
          name="float"
          inputmode="decimal"
          .value=${app.floatText}
          @input=${(event: Event) => (app.floatText = inputValue(event))}
          placeholder="200.00"
      /></label>
      <details>
        <summary>${t.countByNote}</summary>
        ${renderDenominations(app)}
      </details>
      ${counted !== null ? html`<p class="amount">${t.totalCounted}: ${formatFen(counted)}</p>` : nothing}
      <button
        type="button"
        class="primary big"
        data-testid="open-shift"
        @click=${() => void openShift(app)}
      >
        ${t.openShift}
      </button>
    </div>`;
}

export function renderClose(app: XmfPosApp): TemplateResult {
  const t = app.t;
  if (app.closeResult) {
    return html`<h1>${t.zReport}</h1>
      ${renderReport(app, app.closeResult.zReport, t.zReport)}
      <div class="row no-print">
        <button type="button" class="secondary big" @click=${() => printReceipt(app, 80)}>
          ${t.printZ}
        </button>
        <button
          type="button"
          class="primary big"
          @click=${() => {
            app.closeResult = null;
            app.screen = 'open-shift';
          }}
        >
          ${t.openShift}
        </button>
        <button type="button" class="secondary big" @click=${() => void app.logout()}>
          ${t.logout}
        </button>
      </div>`;
  }
  const counted = countedFen(app);
  const unsynced = (app.status?.unsynced ?? 0) + (app.status?.needsAttention ?? 0);
  return html`<h1>${t.closeShift}</h1>
    ${!app.shift ? html`<p>${t.noShiftYet}</p>` : nothing}
    ${unsynced > 0 ? html`<p class="alert" role="status">${t.blockedUnsynced(unsynced)}</p>` : nothing}
    <div class="card count-layout">
      <div>
        <p>${t.blindCount}</p>
        ${renderDenominations(app)}
      </div>
      <div class="form count-side">
        <p class="amount">
          ${t.totalCounted}:
          <output data-testid="counted-sum">${formatFen(counted ?? 0n)}</output>
        </p>
        ${app.variance ? renderVarianceApproval(app, app.variance.limit) : nothing}
        <button
          type="button"
          class="primary big"
          data-testid="close-shift"
          ?disabled=${!app.shift || app.busy || unsynced > 0}
          @click=${() => void closeShift(app)}
        >
          ${app.variance ? t.approveAndClose : t.closeNow}
        </button>
      </div>
    </div>
    <button type="button" class="secondary big" @click=${() => void app.logout()}>
      ${t.logout}
    </button>`;
}

function renderVarianceApproval(app: XmfPosApp, limit: string): TemplateResult {
  const t = app.t;
  return html`<div class="variance" data-testid="variance">
    <p class="alert" role="alert">${t.varianceTitle(limit)}</p>
    <button type="button" class="secondary big" data-testid="recount" @click=${() => recount(app)}>
      ${t.recount}
    </button>
    <label
      >${t.varianceCommonReason}<select
        @change=${(event: Event) => (app.varianceReason = inputValue(event))}
      >
        <option value="">—</option>
        ${t.varianceReasons.map((reason) => html`<option value=${reason} ?selected=${app.varianceReason === reason}>${reason}</option>`)}
      </select></label
    >
    <label
      >${t.varianceReason}<input
        data-testid="variance-reason"
        maxlength="200"
        .value=${app.varianceReason}
        @input=${(event: Event) => (app.varianceReason = inputValue(event))}
    /></label>
    ${renderApproverFields(app, { testId: 'variance-manager', preselect: true })}
  </div>`;
}

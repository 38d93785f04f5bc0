import { html, nothing, type TemplateResult } from 'lit';
import { formatBusinessTime } from '../shared/date.js';
import type { NeedsAttentionItem } from './offline/offline-db.js';
import { dismissNeedsAttention, retryNeedsAttention } from './offline/outbox.js';
import { queuedReceiptNumber } from './pos-common.js';
import { refusalText } from './refusals.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The sync panel: what waits in the outbox, and what the server refused (to retry, move
// onto this tablet's shift, or dismiss with a reason).

/** A sale refused because its shift was closed elsewhere goes onto this tablet's open shift. */
async function moveToCurrentShift(app: XmfPosApp, item: NeedsAttentionItem): Promise<void> {
  if (!app.shift) return;
  const body = { ...(item.request.body as Record<string, unknown>), shiftId: app.shift.id };
  await retryNeedsAttention(app.db, item.id, {
    shiftId: app.shift.id,
    request: { ...item.request, body },
  });
  await app.loadQueue();
  void app.engine.syncNow();
}

async function retry(app: XmfPosApp, item: NeedsAttentionItem): Promise<void> {
  await retryNeedsAttention(app.db, item.id);
  await app.loadQueue();
  void app.engine.syncNow();
}

async function dismiss(app: XmfPosApp, item: NeedsAttentionItem): Promise<void> {
  const reason = prompt(app.t.reason);
  if (!reason) return;
  await dismissNeedsAttention(app.db, item.id, {
    by: app.session?.user.id ?? '',
    reason,
  });
  await app.loadQueue();
  await app.engine.refreshCounts();
}

export function renderSync(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  const status = app.status;
  const open = app.attention.filter((item) => !item.resolution);
  return html`<h1>${t.syncPanel}</h1>
    <p>
      ${status?.online ? t.online : t.offline} · ${t.lastSync}:
      ${status?.lastSuccessAt ? formatBusinessTime(new Date(status.lastSuccessAt), lang) : '—'}
    </p>
    <h2>${t.queued} (${app.outbox.length})</h2>
    <ul class="list">
      ${app.outbox.map((item) => html`<li>${t.outboxKinds[item.kind] ?? item.kind} · ${queuedReceiptNumber(item) ?? item.id.slice(0, 8)} · ${formatBusinessTime(new Date(item.createdAt), lang)}${item.attempts ? ` · ${item.attempts}×` : ''}</li>`)}
    </ul>
    <h2>${t.needsAttention} (${open.length})</h2>
    <ul class="list">
      ${open.map(
        (item) =>
          html`<li class="card">
            <p>
              ${t.outboxKinds[item.kind] ?? item.kind} ·
              ${queuedReceiptNumber(item) ?? item.id.slice(0, 8)}
            </p>
            <p>${refusalText(item.code, lang)}</p>
            <div class="row">
              <button type="button" class="secondary" @click=${() => retry(app, item)}>
                ${t.retry}
              </button>
              ${
                item.kind === 'sale' && app.shift && item.shiftId !== app.shift.id
                  ? html`<button
                      type="button"
                      class="secondary"
                      @click=${() => void moveToCurrentShift(app, item)}
                    >
                      ${t.moveToShift}
                    </button>`
                  : nothing
              }
              <button type="button" class="secondary" @click=${() => dismiss(app, item)}>
                ${t.dismiss}
              </button>
            </div>
          </li>`,
      )}
    </ul>`;
}

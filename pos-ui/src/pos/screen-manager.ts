import { html, type TemplateResult } from 'lit';
import { api, ApiError, call } from '../shared/api/client.js';
import { businessDate } from '../shared/date.js';
import { unitName } from '../shared/i18n/vocabulary.js';
import { amountToFen, fenToAmount, formatFen, parseYuan } from '../shared/money.js';
import { inputValue, localName } from './pos-common.js';
import { refusalText } from './refusals.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The manager's screen (online only): today's production and leftovers, prices and
// what is on sale.

type Disposition = 'donated' | 'discounted' | 'waste';

function isManager(app: XmfPosApp): boolean {
  const role = app.session?.user.role;
  return role === 'manager' || role === 'admin';
}

function refusal(app: XmfPosApp, error: unknown): string {
  if (error instanceof ApiError) return refusalText(error.code, app.i18n.lang);
  return `${app.t.offline}: ${refusalText('network', app.i18n.lang)}`;
}

/** A typed quantity of baked or left-over goods: up to six digits and three decimals, above zero. */
function validQuantity(text: string): boolean {
  return /^\d{1,6}(\.\d{1,3})?$/.test(text.trim()) && Number(text) > 0;
}

export async function loadManager(app: XmfPosApp): Promise<void> {
  app.screen = 'manager';
  app.message = '';
  if (!isManager(app)) return;
  try {
    const date = businessDate(new Date());
    app.production = await call(api.GET('/api/production/{date}', { params: { path: { date } } }));
    app.catalogAdmin = (await call(api.GET('/api/products'))).products;
    app.bakedInput = Object.fromEntries(
      app.production.products.map((row) => [row.productId, row.baked ?? '']),
    );
  } catch (error) {
    app.alert = refusal(app, error);
  }
}

async function saveProduction(app: XmfPosApp): Promise<void> {
  const date = app.production?.date ?? businessDate(new Date());
  const items: { productId: string; quantity: string }[] = [];
  for (const [productId, text] of Object.entries(app.bakedInput)) {
    if (!text.trim()) continue;
    if (!validQuantity(text)) {
      app.alert = app.t.invalidQuantity;
      return;
    }
    items.push({ productId, quantity: text.trim() });
  }
  try {
    app.production = await call(
      api.PUT('/api/production/{date}', { params: { path: { date } }, body: { items } }),
    );
    app.message = app.t.movementDone;
    void app.refreshFromServer();
  } catch (error) {
    app.alert = refusal(app, error);
  }
}

async function saveLeftovers(app: XmfPosApp): Promise<void> {
  const date = app.production?.date ?? businessDate(new Date());
  const items: {
    productId: string;
    disposition: Disposition;
    quantity: string;
    reason: string;
  }[] = [];
  for (const [productId, entry] of Object.entries(app.leftoverInput)) {
    if (!entry.quantity.trim()) continue;
    if (!validQuantity(entry.quantity)) {
      app.alert = app.t.invalidQuantity;
      return;
    }
    if (!entry.reason.trim()) {
      app.alert = refusalText('reason_required', app.i18n.lang);
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
    app.production = await call(
      api.PUT('/api/production/{date}/leftovers', {
        params: { path: { date } },
        body: { items },
      }),
    );
    app.message = app.t.movementDone;
  } catch (error) {
    app.alert = refusal(app, error);
  }
}

async function patchProduct(
  app: XmfPosApp,
  id: string,
  body: { price?: string; active?: boolean },
): Promise<void> {
  try {
    const { product } = await call(
      api.PATCH('/api/products/{id}', { params: { path: { id } }, body }),
    );
    app.catalogAdmin = app.catalogAdmin.map((item) => (item.id === id ? product : item));
    app.message = app.t.movementDone;
    void app.refreshFromServer();
  } catch (error) {
    app.alert = refusal(app, error);
  }
}

export function renderManager(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  if (!isManager(app)) {
    return html`<h1>${t.manager}</h1>
      <p>${t.managerOnly}</p>
      <button type="button" class="primary big" @click=${() => app.lockNow()}>${t.lock}</button>`;
  }
  const leftover = (productId: string) =>
    app.leftoverInput[productId] ?? {
      quantity: '',
      disposition: 'donated' as const,
      reason: '',
    };
  const setLeftover = (productId: string, change: Partial<ReturnType<typeof leftover>>) =>
    (app.leftoverInput = {
      ...app.leftoverInput,
      [productId]: { ...leftover(productId), ...change },
    });
  return html`<h1>${t.manager}</h1>
    <section class="card">
      <h2>${t.productionTitle} · ${app.production?.date ?? ''}</h2>
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
          ${(app.production?.products ?? []).map(
            (row) =>
              html`<tr>
                <th scope="row">${row.name}</th>
                <td>
                  <input
                    inputmode="decimal"
                    aria-label="${row.name} ${t.baked}"
                    .value=${app.bakedInput[row.productId] ?? ''}
                    @input=${(event: Event) => (app.bakedInput = { ...app.bakedInput, [row.productId]: inputValue(event) })}
                  />
                </td>
                <td class="num">${row.sold}</td>
                <td class="num">${row.remaining ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <button type="button" class="primary big" @click=${() => void saveProduction(app)}>
        ${t.saveProduction}
      </button>
    </section>
    <section class="card">
      <h2>${t.leftovers}</h2>
      ${(app.production?.products ?? []).map(
        (row) =>
          html`<div class="row">
            <span class="inline">${row.name}</span>
            <label class="inline"
              >${t.quantity}<input
                inputmode="decimal"
                .value=${leftover(row.productId).quantity}
                @input=${(event: Event) => setLeftover(row.productId, { quantity: inputValue(event) })}
            /></label>
            <label class="inline"
              >${t.purpose}<select
                @change=${(event: Event) => setLeftover(row.productId, { disposition: inputValue(event) as Disposition })}
              >
                ${(['donated', 'discounted', 'waste'] as const).map((value) => html`<option value=${value}>${t.dispositions[value]}</option>`)}
              </select></label
            >
            <label class="inline"
              >${t.reason}<input
                .value=${leftover(row.productId).reason}
                @input=${(event: Event) => setLeftover(row.productId, { reason: inputValue(event) })}
            /></label>
          </div>`,
      )}
      <button type="button" class="secondary big" @click=${() => void saveLeftovers(app)}>
        ${t.save}
      </button>
    </section>
    <section class="card">
      <h2>${t.prices}</h2>
      <ul class="list">
        ${app.catalogAdmin.map(
          (product) =>
            html`<li class="row">
              <span class="inline"
                >${localName(product, lang)} ·
                ${formatFen(amountToFen(product.price) ?? 0n)}/${unitName(product.unit, lang)}</span
              >
              <label class="inline"
                >${t.newPrice}<input
                  inputmode="decimal"
                  @change=${(event: Event) => {
                    const fen = parseYuan(inputValue(event));
                    if (fen === null || fen <= 0n) app.alert = t.invalidAmount;
                    else void patchProduct(app, product.id, { price: fenToAmount(fen) });
                  }}
              /></label>
              <label class="check"
                ><input
                  type="checkbox"
                  .checked=${product.active}
                  @change=${(event: Event) => void patchProduct(app, product.id, { active: (event.target as HTMLInputElement).checked })}
                />${t.onSale}</label
              >
            </li>`,
        )}
      </ul>
    </section>`;
}

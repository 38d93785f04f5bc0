import { html, nothing, type TemplateResult } from 'lit';
import { api, ApiError, call, isNetworkError, setCsrfToken } from '../shared/api/client.js';
import { setLang } from '../shared/i18n/lang.js';
import type { CachedStaff } from './offline/offline-db.js';
import { SETTING_KEYS, writeSetting } from './offline/offline-db.js';
import { configureReceiptCounter } from './offline/receipt-numbers.js';
import { checkOfflinePin, listCachedStaff, rememberPin } from './offline/staff-cache.js';
import { inputValue, otherLang, PREFIX_SETTING, renderKeys } from './pos-common.js';
import { refusalText } from './refusals.js';
import type { XmfPosApp } from './xmf-pos-app.js';

// The tablet's setup (register and receipt prefix) and the lock screen's staff login.

async function saveSetup(app: XmfPosApp, event: Event): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const registerId = (form.elements.namedItem('registerId') as HTMLInputElement).value.trim();
  const prefix = (form.elements.namedItem('prefix') as HTMLInputElement).value.trim().toUpperCase();
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(registerId) || !/^[A-Za-z0-9]{1,12}$/.test(prefix)) {
    app.alert = app.t.needRegister;
    return;
  }
  await configureReceiptCounter(app.db, { registerId, prefix });
  await writeSetting(app.db, SETTING_KEYS.registerId, registerId);
  await writeSetting(app.db, PREFIX_SETTING, prefix);
  app.registerId = registerId;
  app.receiptPrefix = prefix;
  app.alert = '';
  app.screen = app.session && !app.locked ? (app.shift ? 'sell' : 'open-shift') : 'lock';
}

function pinKey(app: XmfPosApp, key: string): void {
  if (key === 'clear') app.pinText = '';
  else if (key === 'back') app.pinText = app.pinText.slice(0, -1);
  else if (app.pinText.length < 6) app.pinText += key;
}

async function submitPin(app: XmfPosApp): Promise<void> {
  const member = app.pinFor;
  const username = member === 'other' ? app.username.trim().toLowerCase() : member?.username;
  const pin = app.pinText;
  if (!username || !/^\d{4,6}$/.test(pin) || app.busy) return;
  app.busy = true;
  app.alert = '';
  try {
    const answer = await call(api.POST('/api/auth/login', { body: { username, pin } }));
    app.csrf = answer.csrfToken;
    setCsrfToken(answer.csrfToken);
    await app.startSession({ user: answer.user, csrfToken: answer.csrfToken });
    if (app.registerId) {
      try {
        await app.cacheRegisterStaff();
        await rememberPin(app.db, answer.user.id, pin);
        app.staff = await listCachedStaff(app.db);
      } catch {
        // The verifier waits for the next online login.
      }
    }
    void app.refreshFromServer();
  } catch (error) {
    if (isNetworkError(error) && member && member !== 'other') {
      const result = await checkOfflinePin(app.db, member.id, pin);
      if (result === 'ok') {
        const previous = app.session;
        await app.startSession({
          user: {
            id: member.id,
            username: member.username,
            role: member.role,
            displayName: member.displayName,
          },
          csrfToken: previous?.csrfToken ?? app.csrf ?? '',
        });
        app.message = app.t.offlineLogin;
      } else {
        app.alert =
          result === 'locked'
            ? app.t.lockedPin
            : result === 'no_verifier'
              ? app.t.noVerifier
              : app.t.wrongPin;
      }
    } else if (isNetworkError(error)) {
      app.alert = app.t.noVerifier;
    } else {
      app.alert =
        error instanceof ApiError ? refusalText(error.code, app.i18n.lang) : String(error);
    }
  } finally {
    app.pinText = '';
    app.busy = false;
  }
}

export function renderSetup(app: XmfPosApp): TemplateResult {
  const t = app.t;
  return html`<h1>${t.setupTitle}</h1>
    <form class="card form" @submit=${(event: Event) => void saveSetup(app, event)}>
      <label
        >${t.registerId}<input
          name="registerId"
          autocomplete="off"
          .value=${app.registerId}
          placeholder="counter-1"
        /><small>${t.registerIdHint}</small></label
      >
      <label
        >${t.receiptPrefix}<input
          name="prefix"
          autocomplete="off"
          .value=${app.receiptPrefix}
          placeholder="C1"
        /><small>${t.receiptPrefixHint}</small></label
      >
      <button type="submit" class="primary big">${t.save}</button>
    </form>
    <button type="button" class="nav" @click=${() => setLang(otherLang(app))}>
      ${t.language}
    </button>`;
}

export function renderLock(app: XmfPosApp): TemplateResult {
  const t = app.t;
  const choosing = app.pinFor === null;
  const withPin = app.staff.filter((member) => member.hasPin);
  return html`<h1>${t.title}</h1>
    <div class="lock-head">
      <p>${t.loginTitle}</p>
      ${app.renderChip()}
      <button type="button" class="nav" @click=${() => setLang(otherLang(app))}>
        ${t.language}
      </button>
      <button type="button" class="nav" @click=${() => (app.screen = 'setup')}>
        ${app.registerId || t.setupTitle}
      </button>
    </div>
    ${app.message ? html`<p class="notice" role="status">${app.message}</p>` : nothing}
    ${
      choosing
        ? html`<div class="staff-tiles">
            ${withPin.map(
              (member) =>
                html`<button
                  type="button"
                  class="staff-tile"
                  @click=${() => {
                    app.pinFor = member;
                    app.pinText = '';
                    app.alert = '';
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
                app.pinFor = 'other';
                app.pinText = '';
              }}
            >
              ${t.otherUser}
            </button>
          </div>`
        : html`<div class="card pin-card">
            <h2>
              ${app.pinFor === 'other' ? t.otherUser : (app.pinFor as CachedStaff).displayName}
            </h2>
            ${
              app.pinFor === 'other'
                ? html`<label
                    >${t.username}<input
                      name="username"
                      autocomplete="username"
                      autocapitalize="off"
                      .value=${app.username}
                      @input=${(event: Event) => (app.username = inputValue(event))}
                  /></label>`
                : nothing
            }
            <p class="pin-dots" aria-label=${t.enterPin} aria-live="polite">
              ${app.pinText ? '●'.repeat(app.pinText.length) : t.enterPin}
            </p>
            ${renderKeys(app, ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'], (key) => pinKey(app, key), 'pin')}
            <div class="row">
              <button type="button" class="secondary big" @click=${() => (app.pinFor = null)}>
                ${t.back}
              </button>
              <button
                type="button"
                class="primary big"
                data-testid="pin-submit"
                ?disabled=${app.busy || app.pinText.length < 4}
                @click=${() => void submitPin(app)}
              >
                ${t.login}
              </button>
            </div>
          </div>`
    }`;
}

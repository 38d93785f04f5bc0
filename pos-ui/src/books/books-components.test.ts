// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://localhost/books/"}
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client.js';
import { hourBars } from './sales-chart.js';

/**
 * The console's own elements rendered in a DOM: what the accountant sees change as they
 * type (the entry form's live balance and account search) and the close wizard's
 * checklist states. The server is a stub that answers the one request each screen makes.
 */

const account = (code: string, name: string, nameEn: string, postable = true) =>
  ({
    code,
    name,
    nameEn,
    type: 'expense',
    postable,
    parent: null,
    normalSide: 'debit',
    active: true,
  }) as Schemas['Account'];
const CHART = [
  account('1001', '库存现金', 'Cash on hand'),
  account('1002', '银行存款', 'Bank deposits'),
  account('5401', '主营业务成本', 'Cost of sales', false),
  account('5401.01', '面粉及原料', 'Flour and ingredients'),
  account('5602.03', '水电费', 'Utilities'),
];

beforeAll(async () => {
  await import('./xmf-entry-form.js');
  await import('./xmf-books-views.js');
});

afterEach(() => {
  document.body.innerHTML = '';
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

async function settle(element: HTMLElement & { updateComplete: Promise<boolean> }) {
  for (let i = 0; i < 5; i += 1) {
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('entry form (rendered): live balance and account search', () => {
  it('shows the difference while unbalanced and “balanced” once debits equal credits', async () => {
    const form = document.createElement('xmf-entry-form');
    form.accounts = CHART;
    document.body.append(form);
    await settle(form);
    const field = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    type(field('account-0'), '5401.01');
    type(field('debit-0'), '100.10');
    type(field('account-1'), '1002');
    type(field('credit-1'), '100.01');
    await settle(form);
    const cell = form.querySelector('[data-balance]')!;
    expect(cell.getAttribute('data-balance')).toBe('unbalanced');
    expect(form.querySelector('[data-difference]')!.textContent.trim()).toMatch(/0\.09$/);
    expect(form.querySelector('[data-total="debit"]')!.textContent).toMatch(/100\.10/);
    type(field('credit-1'), '100.1');
    await settle(form);
    expect(form.querySelector('[data-balance]')!.getAttribute('data-balance')).toBe('balanced');
    expect(form.querySelector('[data-difference]')).toBeNull();
  });

  it('“mf” suggests 面粉及原料 by its pinyin initials; Enter picks it and shows its name', async () => {
    const form = document.createElement('xmf-entry-form');
    form.accounts = CHART;
    document.body.append(form);
    await settle(form);
    const input = form.querySelector<HTMLInputElement>('input[name="account-0"]')!;
    input.dispatchEvent(new Event('focus'));
    type(input, 'mf');
    // The pinyin index is built asynchronously from the chart.
    await vi.waitFor(async () => {
      await settle(form);
      expect(
        [...form.querySelectorAll('.suggestions li')].map((li) => li.getAttribute('data-code')),
      ).toEqual(['5401.01']);
    });
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle(form);
    expect(form.querySelector<HTMLInputElement>('input[name="account-0"]')!.value).toBe('5401.01');
    expect(form.querySelector('[data-line="0"] .account-name')!.textContent).toContain(
      '面粉及原料',
    );
    // A header account is never offered, even by its exact code.
    type(form.querySelector<HTMLInputElement>('input[name="account-1"]')!, '5401');
    form
      .querySelector<HTMLInputElement>('input[name="account-1"]')!
      .dispatchEvent(new Event('focus'));
    await settle(form);
    const codes = [...form.querySelectorAll('.suggestions li')].map((li) =>
      li.getAttribute('data-code'),
    );
    expect(codes).not.toContain('5401');
  });
});

function checklist(
  overrides: Partial<Schemas['ClosePreview']['checklist']> = {},
): Schemas['ClosePreview']['checklist'] {
  const base: Schemas['ClosePreview']['checklist'] = {
    ready: true,
    monthEnded: { ok: true, blocking: true, timeZone: 'Asia/Shanghai' },
    periodOpen: { ok: true, blocking: true, status: 'open', laterClosed: null },
    earlierMonthsClosed: { ok: true, blocking: true, openPeriods: [] },
    shiftsClosed: { ok: true, blocking: true, openShifts: [] },
    trialBalanceBalanced: { ok: true, blocking: true, debit: '10.00', credit: '10.00' },
    clearingAccounts: { ok: true, blocking: false, accounts: [] },
  };
  return { ...base, ...overrides };
}

function stubServer(preview: Schemas['ClosePreview']): void {
  vi.stubGlobal('fetch', async (request: Request) => {
    const path = new URL(request.url).pathname;
    const body = path.endsWith('/close-preview')
      ? preview
      : path === '/api/accounts'
        ? { accounts: CHART }
        : { error: { code: 'not_found', message: path } };
    return new Response(JSON.stringify(body), {
      status: 'error' in body ? 404 : 200,
      headers: { 'content-type': 'application/json' },
    });
  });
}

const CLOSE = {
  surplus: '8.00',
  deficitCarriedIn: '0.00',
  allocable: '8.00',
  allocation: [
    { fund: 'operations', percent: '50', amount: '4.00' },
    { fund: 'events', percent: '30', amount: '2.40' },
    { fund: 'hardship', percent: '20', amount: '1.60' },
  ],
};

async function wizard(preview: Schemas['ClosePreview']) {
  stubServer(preview);
  const element = document.createElement('xmf-books-close');
  element.period = '2026-10';
  document.body.append(element);
  await vi.waitFor(async () => {
    await settle(element);
    expect(element.querySelector('[data-checklist]')).not.toBeNull();
  });
  await settle(element);
  return element;
}

describe('close wizard (rendered): checklist states', () => {
  it('all passed: every item ✓ and the confirm button enabled, with the preview', async () => {
    const element = await wizard({
      period: '2026-10',
      checklist: checklist(),
      close: CLOSE as Schemas['ClosePreview']['close'],
      entries: { closing: null, allocation: null },
      refusal: null,
    });
    const states = [...element.querySelectorAll('[data-check]')].map((li) =>
      li.getAttribute('data-state'),
    );
    expect(states).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(element.querySelector('[data-preview-figure="surplus"]')!.textContent).toContain('8.00');
    expect(element.querySelector<HTMLButtonElement>('[data-confirm-close]')!.disabled).toBe(false);
  });

  it('an open shift blocks (listed, confirm disabled); unsettled WeChat Pay only warns and links to reconciling', async () => {
    const element = await wizard({
      period: '2026-10',
      checklist: checklist({
        ready: false,
        shiftsClosed: {
          ok: false,
          blocking: true,
          openShifts: [
            {
              id: 's1',
              registerId: 'counter-1',
              cashier: 'wang',
              cashierName: '王收银',
              businessDate: '2026-10-31',
              openedAt: '2026-10-31T07:00:00+08:00',
            },
          ],
        },
        clearingAccounts: {
          ok: false,
          blocking: false,
          accounts: [
            {
              provider: 'wechat',
              account: '1012.01',
              name: '微信支付待结算',
              nameEn: 'WeChat Pay clearing',
              balance: '12.50',
              oldestUnsettledDate: '2026-10-30',
            },
          ],
        },
      }),
      close: CLOSE as Schemas['ClosePreview']['close'],
      entries: { closing: null, allocation: null },
      refusal: null,
    });
    const state = (key: string) =>
      element.querySelector(`[data-check="${key}"]`)!.getAttribute('data-state');
    expect(state('shiftsClosed')).toBe('blocking');
    expect(state('clearingAccounts')).toBe('warning');
    expect(state('trialBalanceBalanced')).toBe('ok');
    expect(element.querySelector('[data-check="shiftsClosed"] li')!.textContent).toContain(
      'counter-1 · 王收银',
    );
    expect(
      element.querySelector('[data-check="clearingAccounts"] a[href="#/reconcile"]'),
    ).not.toBeNull();
    expect(element.querySelector<HTMLButtonElement>('[data-confirm-close]')!.disabled).toBe(true);
  });
});

describe('daily sales chart geometry', () => {
  it('one slot per hour from the first to the last sale, empty hours kept, the peak full height', () => {
    const bars = hourBars([
      { hour: '07', count: 2, total: '30.00' },
      { hour: '10', count: 1, total: '15.00' },
    ]);
    expect(bars.map((bar) => [bar.hour, bar.total, bar.count])).toEqual([
      ['07', '30.00', 2],
      ['08', '0.00', 0],
      ['09', '0.00', 0],
      ['10', '15.00', 1],
    ]);
    expect(bars[3]!.height * 2).toBeCloseTo(bars[0]!.height, 6);
    expect(bars[1]!.height).toBe(0);
    expect(hourBars([])).toEqual([]);
  });
});

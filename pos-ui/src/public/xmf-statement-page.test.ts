// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANG_STORAGE_KEY, currentLang, initLang, setLang } from '../shared/i18n/lang.js';
import {
  fixtureList,
  fixtureResponse,
  FIXTURE_PDF_SHA256,
  fixtureStatement,
  FIXTURE_INTEGRITY,
  fixturePublication,
} from '../../test-support/statement-fixture.js';
import '../shared/xmf-lang-toggle.js';
import './xmf-statement-list.js';
import './xmf-statement-page.js';
import type { XmfStatementPage } from './xmf-statement-page.js';

async function renderPage(data = fixtureResponse()): Promise<XmfStatementPage> {
  const page = document.createElement('xmf-statement-page');
  page.data = data;
  document.body.append(page);
  await page.updateComplete;
  // Child components (hash, donut, chart) render in their own update.
  await Promise.all(
    [...page.querySelectorAll('*')]
      .filter(
        (element): element is HTMLElement & { updateComplete: Promise<unknown> } =>
          'updateComplete' in element,
      )
      .map((element) => element.updateComplete),
  );
  return page;
}

function text(element: Element | null): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function headings(root: Element): string[] {
  return [...root.querySelectorAll('h1, h2')].map((heading) => text(heading));
}

beforeEach(() => {
  localStorage.clear();
  initLang();
});

afterEach(() => {
  document.body.innerHTML = '';
  setLang('zh-CN');
});

describe('<xmf-statement-page>', () => {
  it('shows the month’s figures, formatted from the strings', async () => {
    const page = await renderPage();
    const summary = page.querySelector('[data-figures="summary"]')!;
    expect(text(summary.querySelector('[data-figure="net"] dd'))).toBe('¥89,927.25');
    expect(text(summary.querySelector('[data-figure="costs"] dd'))).toBe('¥49,036.00');
    expect(text(summary.querySelector('[data-figure="surplus"] dt'))).toBe('本月结余');
    expect(text(summary.querySelector('[data-figure="surplus"] dd'))).toBe('¥40,891.25');
    expect(text(summary.querySelector('[data-figure="allocable"] dd'))).toBe('¥40,891.25');

    const funds = page.querySelector('[data-table="funds"]')!;
    const closing = [...funds.querySelectorAll('[data-row="closing"] td')].map(text);
    expect(closing).toEqual(['28,253.58', '16,312.57', '21,283.35', '65,849.50']);
    expect(text(funds.querySelector('thead'))).toContain('服务中心运营');

    const allocation = text(page.querySelector('[data-table="allocation"]'));
    expect(allocation).toContain('50%');
    expect(allocation).toContain('20,445.63');
    expect(page.querySelector('xmf-donut svg[role="img"]')?.getAttribute('aria-label')).toContain(
      '困难帮扶 20% ¥8,178.25',
    );

    expect(text(page.querySelector('[data-table="by-tender"]'))).toContain(
      '微信支付 4,312 44,218.60',
    );
    expect(text(page.querySelector('[data-table="production"]'))).toContain('410.5');
    expect(text(page)).toContain('本月报损率：1.7%');
    expect(text(page)).toContain('补记销售：3 笔，金额 37.50 元');
  });

  it('shows the PDF links and both digests', async () => {
    const page = await renderPage();
    expect(page.querySelector('a[data-pdf="zh"]')?.getAttribute('href')).toBe(
      '/api/public/statements/2025-03/versions/1/pdf',
    );
    expect(page.querySelector('a[data-pdf="en"]')?.getAttribute('href')).toContain('lang=en');
    expect(text(page.querySelector('xmf-hash[data-kind="pdf"] code'))).toBe(FIXTURE_PDF_SHA256);
    expect(text(page.querySelector('xmf-hash[data-kind="digest"] code'))).toBe('ab'.repeat(32));
    expect(text(page)).toContain('覆盖本期全部 8,452 笔会计分录');
  });

  it('shows aid lines with 困难家庭 as the only recipient', async () => {
    const page = await renderPage();
    const aidRows = [
      ...page.querySelectorAll('[data-table="spending"] tbody tr[data-fund="hardship"]'),
    ];
    expect(aidRows).toHaveLength(1);
    expect(text(aidRows[0]!.querySelector('.recipient'))).toBe('困难家庭');
    const other = page.querySelector(
      '[data-table="spending"] tbody tr[data-fund="events"] .recipient',
    );
    expect(text(other)).toBe('社区便民超市');
  });

  it('switches headings and words to English with the toggle, and remembers it', async () => {
    const page = await renderPage();
    const toggle = document.createElement('xmf-lang-toggle');
    document.body.prepend(toggle);
    await toggle.updateComplete;
    expect(headings(page)).toContain('一、销售');
    expect(text(toggle.querySelector('button'))).toBe('English');

    toggle.querySelector('button')!.click();
    await page.updateComplete;
    await toggle.updateComplete;

    expect(currentLang()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(headings(page)).toEqual(
      expect.arrayContaining(['1. Sales', '6. Spending', '4. Allocation of the surplus']),
    );
    expect(text(page.querySelector('h1'))).toBe(
      'Xinmofang Community Reinvestment Statement, March 2025',
    );
    expect(
      text(page.querySelector('[data-table="spending"] tr[data-fund="hardship"] .recipient')),
    ).toBe('individual household');
    expect(text(toggle.querySelector('button'))).toBe('中文');
  });

  it('shows a deficit as a deficit, and no donut when nothing is allocated', async () => {
    const statement = fixtureStatement({
      surplus: '-120.00',
      allocable: '0.00',
      allocation: { rule: null, parts: [] },
    });
    const page = await renderPage({
      integrity: FIXTURE_INTEGRITY,
      statement,
      publication: fixturePublication(),
      versions: [fixturePublication()],
    });
    expect(text(page.querySelector('[data-figure="surplus"] dt'))).toBe('本月亏损');
    expect(text(page.querySelector('[data-figure="surplus"] dd'))).toBe('¥120.00');
    expect(page.querySelector('xmf-donut')).toBeNull();
    expect(text(page)).toContain('本月没有可分配结余');
  });

  it('shows a correction note and links every version', async () => {
    const v1 = fixturePublication({ current: false });
    const correction = { supersedesVersion: 1, note: '3月5日一笔面粉采购重复入账，已冲销。' };
    const v2 = fixturePublication({ version: 2, correction, sha256: 'ef'.repeat(32) });
    const page = await renderPage({
      integrity: FIXTURE_INTEGRITY,
      statement: fixtureStatement({ version: 2, correction }),
      publication: v2,
      versions: [v2, v1],
    });
    expect(text(page.querySelector('#h-correction'))).toBe('更正说明（本版取代第 1 版）');
    expect(text(page.querySelector('.correction-note'))).toBe(correction.note);
    const links = [...page.querySelectorAll('.versions a')].map((link) =>
      link.getAttribute('href'),
    );
    expect(links).toEqual(['/statements/2025-03', '/statements/2025-03/versions/1']);
  });

  it('marks an earlier version as superseded and points to the current one', async () => {
    const v1 = fixturePublication({ current: false });
    const v2 = fixturePublication({
      version: 2,
      correction: { supersedesVersion: 1, note: '更正' },
    });
    const page = await renderPage({
      integrity: FIXTURE_INTEGRITY,
      statement: fixtureStatement(),
      publication: v1,
      versions: [v2, v1],
    });
    expect(text(page.querySelector('.badge.superseded'))).toBe('已被更正');
    expect(text(page.querySelector('.notice'))).toContain('已由第 2 版更正');
  });
});

describe('<xmf-statement-list>', () => {
  it('lists the months and the current fund balances', async () => {
    const list = document.createElement('xmf-statement-list');
    list.data = fixtureList();
    document.body.append(list);
    await list.updateComplete;
    expect(text(list.querySelector('h1'))).toBe('社区再投入公示');
    expect(list.querySelector('a[href="/statements/2025-03"]')?.textContent).toBe('2025年3月');
    expect(text(list.querySelector('[data-table="balances"] tr[data-fund="hardship"] td'))).toBe(
      '¥21,283.35',
    );
  });
});

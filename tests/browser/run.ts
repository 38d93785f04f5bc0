/**
 * The residents' pages in real Chromium, against the real server: starts `server/start.ts`
 * on a fresh embedded database, seeds published months through the HTTP API, then checks
 * the pages at a phone-sized viewport — figures against the public JSON, the PDF link and
 * its hash, the English toggle, axe-core, privacy of aid recipients, no console errors —
 * and keeps screenshots in test-artifacts/screenshots/. Ends with "N passed, M failed".
 *
 *   npm run test:browser        (SKIP_UI_BUILD=1 to use an existing dist/)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { components } from '../../pos-ui/src/shared/api/schema.js';
import { FUND_PALETTE } from '../../contract/fund-palette.js';
import { sampleStatement } from '../support/statement-fixture.js';
import { seriousAxeViolations } from './axe.js';

// The public answers' shapes, from the same generated types the pages use.
type FundHistoryResponse = components['schemas']['FundHistoryResponse'];
type StatementListResponse = components['schemas']['StatementListResponse'];
type StatementResponse = components['schemas']['StatementResponse'];
import { CHROMIUM_ARGS, Suite } from './harness.js';
import { ApiClient, login } from './http-client.js';
import {
  CORRECTION_NOTE,
  pastPeriod,
  PRIVATE_STRINGS,
  seedCorrection,
  seedPublishedMonth,
  tillTrader,
  type SeededMonths,
} from './seed.js';
import { startServer, type RunningServer } from './server-process.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
/** The published PDFs of the run, kept to be read (pdftoppm) as a resident would. */
const PDFS = join(ROOT, 'test-artifacts', 'pdfs');
const VIEWPORT = { width: 390, height: 844 };

const suite = new Suite();
/** Every public text seen: page HTML and text, JSON answers, PDF text. */
const publicTexts: { where: string; text: string }[] = [];

/** "¥12,345.60" → "12345.60": what a figure on the page says, comparable to the JSON. */
function plain(text: string | null): string {
  return (text ?? '').replace(/[¥,\s]/g, '');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function buildUi(): Promise<void> {
  if (process.env.SKIP_UI_BUILD === '1') return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** Remembers what a page shows, for the privacy check at the end. */
async function recordPage(page: Page, where: string): Promise<void> {
  publicTexts.push({ where: `${where} (HTML)`, text: await page.content() });
  publicTexts.push({
    where: `${where} (text)`,
    text: await page.evaluate(() => document.body.innerText),
  });
}

async function noHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(
    scrollWidth <= innerWidth,
    `${where}: page is ${scrollWidth}px wide on a ${innerWidth}px phone`,
  );
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function open(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.locator('main h1').first().waitFor();
}

async function main(): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'xmf-browser-files-'));
  const adminPassword = `admin-${randomBytes(9).toString('hex')}`;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    console.log('browser suite: building the UI, starting the server');
    await buildUi();
    server = await startServer(adminPassword);
    const baseUrl = server.baseUrl;
    console.log(`  server at ${baseUrl}`);
    const publicApi = new ApiClient(baseUrl);

    let seeded: SeededMonths | undefined;
    let adminToken = '';
    let tillError: unknown;
    await suite.check('seed: two months closed and published through the API', async () => {
      adminToken = await login(baseUrl, 'admin', adminPassword);
      const tradeDay = tillTrader(baseUrl, adminToken);
      seeded = await seedPublishedMonth(baseUrl, adminToken, {
        // Till sales make the statement's sales tables real; if the till API refuses, the
        // journal-only months are still published and the rest of the suite runs.
        beforeClose: async (period) => {
          if (tillError) return;
          try {
            await tradeDay(`${period}-08`, period === pastPeriod(2));
          } catch (error) {
            tillError = error;
          }
        },
      });
    });
    await suite.check(
      'seed: a day of till sales in each month (products, production, shift, every tender)',
      async () => {
        if (tillError) throw new Error('seeding the till days failed', { cause: tillError });
      },
    );
    if (!seeded) {
      for (const name of [
        'list page',
        'month page',
        'funds page',
        'verify page',
        'English',
        'axe',
        'privacy',
      ]) {
        suite.skipBecause(name, 'seeding failed');
      }
      return;
    }
    const months = seeded;
    let corrected = false;
    await suite.check('seed: a correction of the later month publishes version 2', async () => {
      await seedCorrection(baseUrl, adminToken, months.accountantToken, months.second);
      corrected = true;
    });

    // The public JSON, fetched without logging in, as a resident's browser would.
    const list = await publicApi.get<StatementListResponse>('/api/public/statements');
    const second = await publicApi.get<StatementResponse>(
      `/api/public/statements/${months.second}`,
    );
    const firstMonth = await publicApi.get<StatementResponse>(
      `/api/public/statements/${months.first}`,
    );
    const funds = await publicApi.get<FundHistoryResponse>('/api/public/funds');
    publicTexts.push(
      { where: 'GET /api/public/statements', text: JSON.stringify(list) },
      { where: `GET /api/public/statements/${months.second}`, text: JSON.stringify(second) },
      { where: `GET /api/public/statements/${months.first}`, text: JSON.stringify(firstMonth) },
      { where: 'GET /api/public/funds', text: JSON.stringify(funds) },
    );
    for (const version of second.versions) {
      const answer = await publicApi.get<StatementResponse>(
        `/api/public/statements/${months.second}/versions/${version.version}`,
      );
      publicTexts.push({
        where: `${months.second} v${version.version} JSON`,
        text: JSON.stringify(answer),
      });
    }

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // The app runs under the server's real CSP; axe, an inline script, gets its own context.
    const context = await browser.newContext({
      viewport: VIEWPORT,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const axeContext = await browser.newContext({
      viewport: VIEWPORT,
      bypassCSP: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));

    await checkListPage(page, baseUrl, list);
    await checkMonthPage(page, baseUrl, second, scratch);
    if (corrected) await checkEarlierVersion(page, baseUrl, second);
    await checkDeepLinks(page, baseUrl, months, consoleErrors);
    await checkFundsPage(page, baseUrl, funds);
    await checkVerifyPage(page, baseUrl, second);
    await checkEnglish(page, baseUrl, months.second);
    await checkSampleMonth(page, baseUrl);
    await checkPhoneLayouts(browser, baseUrl, second);
    await checkCharts(browser, baseUrl, second);
    await checkDesktop(browser, baseUrl, second);
    await checkForeignTimeZone(browser, baseUrl, list);
    await checkMissingVersionAndFiles(page, baseUrl, second, consoleErrors);
    await suite.check('no console errors or CSP violations on any page', async () => {
      assert.deepEqual(consoleErrors, []);
    });
    await checkAccessibility(axeContext, baseUrl, months.second);
    await checkPdfs(baseUrl, list, scratch);
    await suite.check(
      'privacy: the aid recipient’s name, phone, ID and address appear nowhere public',
      async () => {
        assert.ok(publicTexts.length > 10, 'the privacy scan saw too little');
        const leaks = publicTexts.flatMap(({ where, text }) =>
          PRIVATE_STRINGS.filter((secret) => text.includes(secret)).map(
            (secret) => `${secret} in ${where}`,
          ),
        );
        assert.deepEqual(leaks, []);
        const aidShown = publicTexts.some(({ text }) => text.includes('困难家庭'));
        assert.ok(aidShown, 'the aid line should be shown as 困难家庭');
      },
    );
    await context.close();
    await axeContext.close();
  } catch (error) {
    await suite.check('suite infrastructure', async () => {
      throw error instanceof Error ? error : new Error(String(error));
    });
    if (server) console.log(`server output:\n${server.output().slice(-4000)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
    console.log(`screenshots in ${SCREENSHOTS}`);
    console.log(suite.summary());
    process.exitCode = suite.failed > 0 ? 1 : 0;
  }
}

async function checkListPage(
  page: Page,
  baseUrl: string,
  list: StatementListResponse,
): Promise<void> {
  await suite.check('list page: every published month and the current fund balances', async () => {
    const shell = await fetch(`${baseUrl}/`);
    assert.match(shell.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const shellHtml = await shell.text();
    assert.doesNotMatch(
      shellHtml,
      /<script(?![^>]*\bsrc=)[^>]*>/,
      'no inline script in index.html',
    );
    assert.doesNotMatch(shellHtml, /fonts\.googleapis|@font-face|\.woff/, 'no web fonts');
    await open(page, baseUrl, '/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal((await page.locator('main h1').textContent())?.trim(), '社区再投入公示');
    const periods = [...new Set(list.statements.map((statement) => statement.period))];
    assert.equal(await page.locator('.statement-card').count(), periods.length);
    for (const period of periods) {
      assert.equal(
        await page.locator(`.statement-card[data-period="${period}"] h3 a`).getAttribute('href'),
        `/statements/${period}`,
      );
    }
    const latest = list.statements.find((statement) => statement.current)!;
    for (const fund of latest.funds) {
      const shown = await page
        .locator(`[data-table="balances"] tr[data-fund="${fund.fund}"] td`)
        .textContent();
      assert.equal(plain(shown), fund.closing, `${fund.fund} balance`);
    }
    await noHorizontalScroll(page, 'list');
    await recordPage(page, 'list page');
    await screenshot(page, 'list');
  });
}

async function checkMonthPage(
  page: Page,
  baseUrl: string,
  answer: StatementResponse,
  scratch: string,
): Promise<void> {
  const s = answer.statement;
  await suite.check(`month page ${s.period}: opened from the list without a reload`, async () => {
    await open(page, baseUrl, '/');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.locator(`.statement-card[data-period="${s.period}"] h3 a`).click();
    await page.locator('[data-figures="summary"]').waitFor();
    assert.equal(new URL(page.url()).pathname, `/statements/${s.period}`);
    assert.equal(
      await page.evaluate(() => (window as unknown as { marker?: number }).marker),
      1,
      'the page reloaded',
    );
    await page.goBack();
    await page.locator('.statement-card').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
  });

  await suite.check(`month page ${s.period}: the figures equal the public JSON`, async () => {
    await open(page, baseUrl, `/statements/${s.period}`);
    const figure = (key: string) =>
      page.locator(`[data-figures="summary"] [data-figure="${key}"] dd`).textContent();
    assert.equal(plain(await figure('net')), s.sales.net);
    assert.equal(plain(await figure('costs')), s.costs.total);
    assert.equal(plain(await figure('surplus')), s.surplus.replace(/^-/, ''));
    assert.equal(plain(await figure('deficit-carried-in')), s.deficitCarriedIn);
    assert.equal(plain(await figure('allocable')), s.allocable);
    const columns = await page
      .locator('[data-table="funds"] thead th[data-fund]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-fund')));
    assert.deepEqual(
      columns,
      s.funds.map((fund) => fund.fund),
    );
    for (const [row, pick] of [
      ['opening', 'opening'],
      ['allocated', 'allocated'],
      ['spent', 'spent'],
      ['closing', 'closing'],
    ] as const) {
      const cells = await page
        .locator(`[data-table="funds"] tr[data-row="${row}"] td:not(.all-funds)`)
        .allTextContents();
      assert.deepEqual(
        cells.map(plain),
        s.funds.map((fund) => fund[pick]),
        `funds: ${row}`,
      );
      const total = await page
        .locator(`[data-table="funds"] tr[data-row="${row}"] td.all-funds`)
        .textContent();
      assert.equal(
        plain(total),
        s.funds.reduce((sum, fund) => sum.plus(fund[pick]), new Decimal(0)).toFixed(2),
        `funds total: ${row}`,
      );
    }
    if (!/^0(\.0+)?$/.test(s.allocable)) {
      const amounts = await page
        .locator('[data-table="allocation"] tbody td:last-child')
        .allTextContents();
      assert.deepEqual(
        amounts.map(plain),
        s.allocation.parts.map((part) => part.amount),
      );
      const donut = page.locator('xmf-donut svg[role="img"]');
      assert.ok((await donut.getAttribute('aria-label'))?.length, 'the donut has a description');
      assert.equal(
        await donut.locator('path').count(),
        s.allocation.parts.filter((p) => !/^0(\.0+)?$/.test(p.amount)).length,
      );
    }
    if (s.sales.byCategory.length > 0) {
      const byCategory = await page
        .locator('[data-table="by-category"] tbody td:last-child')
        .allTextContents();
      assert.deepEqual(
        byCategory.map(plain),
        s.sales.byCategory.map((row) => row.amount),
      );
    }
    if (s.sales.byTender.length > 0) {
      const byTender = await page
        .locator('[data-table="by-tender"] tbody td:last-child')
        .allTextContents();
      assert.deepEqual(
        byTender.map(plain),
        s.sales.byTender.map((row) => row.amount),
      );
    }
    const costs = await page.locator('[data-table="costs"] tbody td').allTextContents();
    assert.deepEqual(
      costs.map(plain),
      s.costs.byAccount.map((row) => row.amount),
    );
    const spendingRows = page.locator('[data-table="spending"] tbody tr');
    assert.equal(await spendingRows.count(), s.spending.length);
    const amounts = await page.locator('[data-table="spending"] tbody td.num').allTextContents();
    assert.deepEqual(
      amounts.map(plain),
      s.spending.map((line) => line.amount),
    );
    const aidRecipients = await page
      .locator('[data-table="spending"] tr[data-fund="hardship"] .recipient')
      .allTextContents();
    assert.ok(aidRecipients.length > 0, 'the seeded aid payment is listed');
    assert.deepEqual([...new Set(aidRecipients.map((text) => text.trim()))], ['困难家庭']);
    const digest = await page.locator('xmf-hash[data-kind="digest"] code').textContent();
    assert.equal(digest, s.digest.value);
    assert.ok(await page.locator('xmf-fund-chart svg[role="img"]').getAttribute('aria-label'));
    await noHorizontalScroll(page, 'month');
    await recordPage(page, `month page ${s.period}`);
    await screenshot(page, 'month');
  });

  await suite.check(
    `month page ${s.period}: the PDF link's bytes hash to the SHA-256 shown`,
    async () => {
      const href = await page.locator('a[data-pdf="zh"]').getAttribute('href');
      assert.equal(href, answer.publication.pdfUrl);
      const shown = await page.locator('xmf-hash[data-kind="pdf"] code').textContent();
      assert.equal(shown, answer.publication.sha256);
      const response = await fetch(new URL(href, baseUrl));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/pdf/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.equal(sha256(bytes), shown, 'SHA-256 of the downloaded PDF');
      await writeFile(join(scratch, 'current.pdf'), bytes);
      const english = await page.locator('a[data-pdf="en"]').getAttribute('href');
      assert.equal(english, answer.publication.pdfUrlEn);
      assert.equal((await fetch(new URL(english, baseUrl))).status, 200);
    },
  );
}

async function checkEarlierVersion(
  page: Page,
  baseUrl: string,
  answer: StatementResponse,
): Promise<void> {
  await suite.check(
    'versions: the correction note, and version 1 still public and marked superseded',
    async () => {
      assert.equal(answer.publication.version, 2);
      await open(page, baseUrl, `/statements/${answer.statement.period}`);
      assert.equal((await page.locator('.correction-note').textContent())?.trim(), CORRECTION_NOTE);
      assert.deepEqual(
        await page
          .locator('.versions a')
          .evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
        [
          `/statements/${answer.statement.period}`,
          `/statements/${answer.statement.period}/versions/1`,
        ],
      );
      await page.locator('.versions a').nth(1).click();
      await page.locator('.badge.superseded').waitFor();
      assert.equal(
        new URL(page.url()).pathname,
        `/statements/${answer.statement.period}/versions/1`,
      );
      const v1 = answer.versions.find((version) => version.version === 1)!;
      assert.equal(await page.locator('xmf-hash[data-kind="pdf"] code').textContent(), v1.sha256);
      assert.ok((await page.locator('.notice').textContent())?.includes('第 2 版'));
      await recordPage(page, 'version 1 page');
      await screenshot(page, 'month-version-1');
    },
  );
}

async function checkDeepLinks(
  page: Page,
  baseUrl: string,
  months: SeededMonths,
  consoleErrors: string[],
): Promise<void> {
  await suite.check(
    'addresses: a month opens directly; unpublished months and unknown pages say so',
    async () => {
      await open(page, baseUrl, `/statements/${months.first}`);
      assert.match((await page.locator('main h1').textContent()) ?? '', /社区再投入公示/);
      await recordPage(page, `month page ${months.first}`);
      const before = consoleErrors.length;
      await open(page, baseUrl, '/statements/2001-01');
      assert.match((await page.locator('main').textContent()) ?? '', /尚未公示/);
      // The browser logs the expected 404 of the API; nothing else may appear.
      const extra = consoleErrors.splice(before);
      assert.ok(
        extra.every((line) => /404/.test(line)),
        `unexpected console output: ${extra.join('\n')}`,
      );
      const beforeUnknown = consoleErrors.length;
      await open(page, baseUrl, '/no-such-page');
      assert.equal((await page.locator('main h1').textContent())?.trim(), '找不到这个页面');
      // The page itself now answers 404, which the browser logs.
      const unknown = consoleErrors.splice(beforeUnknown);
      assert.ok(
        unknown.every((line) => /404/.test(line)),
        `unexpected console output: ${unknown.join('\n')}`,
      );
    },
  );
}

async function checkFundsPage(
  page: Page,
  baseUrl: string,
  funds: FundHistoryResponse,
): Promise<void> {
  await suite.check('funds page: chart and table of every published month', async () => {
    await open(page, baseUrl, '/funds');
    const chart = page.locator('xmf-fund-chart svg[role="img"]');
    assert.ok(((await chart.getAttribute('aria-label')) ?? '').length > 10);
    assert.equal(await chart.locator('path.series').count(), funds.history[0]!.funds.length);
    const rows = page.locator('[data-table="fund-history"] tbody tr');
    assert.equal(await rows.count(), funds.history.length);
    const newest = funds.history[funds.history.length - 1]!;
    const cells = await rows.first().locator('td').allTextContents();
    assert.deepEqual(
      cells.map(plain),
      newest.funds.map((fund) => fund.closing),
    );
    await noHorizontalScroll(page, 'funds');
    await recordPage(page, 'funds page');
    await screenshot(page, 'funds');
  });
}

async function checkVerifyPage(
  page: Page,
  baseUrl: string,
  answer: StatementResponse,
): Promise<void> {
  await suite.check(
    'verify page: the commands, the canonical export, and an in-page check of the PDF',
    async () => {
      await open(page, baseUrl, '/verify');
      const text = (await page.locator('main').textContent()) ?? '';
      for (const expected of [
        'sha256sum xinmofang-statement-YYYY-MM-v1.pdf',
        'certutil -hashfile',
        'shasum -a 256',
        'xinmofang-journal-YYYY-MM-v1.canonical.txt',
        '账目摘要',
        '手机也可以',
      ]) {
        assert.ok(text.includes(expected), `mentions ${expected}`);
      }
      // Residents are not shown raw API requests.
      assert.ok(!/GET \/api|\/api\/export/.test(text), 'shows an API request');
      const pdf = new Uint8Array(
        await (await fetch(new URL(answer.publication.pdfUrl, baseUrl))).arrayBuffer(),
      );
      await page.locator('input[type="file"]').setInputFiles({
        name: 'statement.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(pdf),
      });
      await page.locator('.check-result .match').waitFor({ timeout: 10_000 });
      assert.equal(
        await page.locator('.check-result code').textContent(),
        answer.publication.sha256,
      );
      assert.match((await page.locator('.check-result .match').textContent()) ?? '', /中文版/);
      await noHorizontalScroll(page, 'verify');
      await recordPage(page, 'verify page');
      await screenshot(page, 'verify');
    },
  );
}

async function checkEnglish(page: Page, baseUrl: string, period: string): Promise<void> {
  await suite.check(
    'English: the toggle switches the words, <html lang>, and is remembered',
    async () => {
      await open(page, baseUrl, `/statements/${period}`);
      await page.locator('xmf-lang-toggle button').click();
      await page.locator('main h2', { hasText: '1. Sales' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.match(
        (await page.locator('main h1').textContent()) ?? '',
        /Community Reinvestment Statement/,
      );
      assert.equal(await page.evaluate(() => localStorage.getItem('xmf.lang')), 'en');
      await page.reload({ waitUntil: 'networkidle' });
      await page.locator('main h2', { hasText: '1. Sales' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      const recipients = await page
        .locator('[data-table="spending"] tr[data-fund="hardship"] .recipient')
        .allTextContents();
      assert.deepEqual([...new Set(recipients.map((r) => r.trim()))], ['individual household']);
      await noHorizontalScroll(page, 'month (English)');
      await recordPage(page, 'month page (English)');
      await screenshot(page, 'month-en');
      await open(page, baseUrl, '/');
      await screenshot(page, 'list-en');
      await page.locator('xmf-lang-toggle button').click();
      await page.locator('main h1', { hasText: '社区再投入公示' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    },
  );
}

/**
 * A busy month — reports' sample statement: 14 products, 40 spending lines, a transfer, a
 * year of history, six-figure amounts — served in place of the API's answer, to see that
 * it still lays out on a phone.
 */
async function checkSampleMonth(page: Page, baseUrl: string): Promise<void> {
  await suite.check('layout: a busy month (reports’ sample statement) fits a phone', async () => {
    const statement = sampleStatement();
    const publication = {
      period: statement.period,
      version: 1,
      current: true,
      sha256: 'ab'.repeat(32),
      sha256En: 'ef'.repeat(32),
      figuresSha256: null,
      publishedAt: '2025-04-03T09:30:00+08:00',
      pdfUrl: `/api/public/statements/${statement.period}/versions/1.pdf`,
      pdfUrlEn: `/api/public/statements/${statement.period}/versions/1.en.pdf`,
      correction: null,
    };
    const integrity = {
      ok: null,
      recordedFiguresSha256: null,
      servedFiguresSha256: 'ab'.repeat(32),
    };
    const answer: StatementResponse = {
      statement,
      integrity,
      publication,
      versions: [publication],
    };
    const url = `${baseUrl}/api/public/statements/${statement.period}`;
    await page.route(url, (route) => route.fulfill({ json: answer }));
    try {
      await open(page, baseUrl, `/statements/${statement.period}`);
      assert.equal(
        await page.locator('[data-table="spending"] tbody tr').count(),
        statement.spending.length,
      );
      assert.equal(
        await page.locator('[data-table="month-history"] tbody tr').count(),
        statement.history.length,
      );
      // A category selling by the piece and by weight: one figure per unit, never a sum.
      const quantities = await page
        .locator('[data-table="by-category"] tbody td:nth-child(2)')
        .allTextContents();
      const mixed = statement.sales.byCategory
        .map((row, index) => ({ row, shown: quantities[index]?.replace(/\s+/g, ' ').trim() ?? '' }))
        .filter(({ row }) => (row.quantities?.length ?? 0) > 1);
      assert.ok(mixed.length > 0, 'the sample has a mixed-unit category');
      for (const { row, shown } of mixed) {
        for (const item of row.quantities!) {
          const unit = item.unit === 'jin' || item.unit === '斤' ? '斤' : null;
          if (unit) assert.match(shown, new RegExp(`[\\d,.]+ ${unit}`), `${row.name}: ${shown}`);
        }
        assert.match(shown, / · /, `${row.name} shows each unit: ${shown}`);
      }
      await noHorizontalScroll(page, 'sample month');
      await screenshot(page, 'month-sample');
    } finally {
      await page.unroute(url);
    }
  });
}

async function checkAccessibility(
  context: BrowserContext,
  baseUrl: string,
  period: string,
): Promise<void> {
  await suite.check(
    'axe-core: no serious or critical violations on any page, in either language',
    async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of [
        '/',
        `/statements/${period}`,
        `/statements/${period}/versions/1`,
        '/funds',
        '/verify',
      ]) {
        await open(page, baseUrl, path);
        problems.push(
          ...(await seriousAxeViolations(page, path)).map((line) => `${path}: ${line}`),
        );
      }
      await open(page, baseUrl, `/statements/${period}`);
      await page.locator('xmf-lang-toggle button').click();
      await page.locator('main h2', { hasText: '1. Sales' }).waitFor();
      problems.push(
        ...(await seriousAxeViolations(page, 'English month')).map(
          (line) => `English month: ${line}`,
        ),
      );
      await page.close();
      assert.deepEqual(problems, []);
    },
  );
}

async function checkPdfs(
  baseUrl: string,
  list: StatementListResponse,
  scratch: string,
): Promise<void> {
  const hasPdfToText =
    spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0;
  await suite.check(
    'PDFs: every published PDF hashes to its listed SHA-256; their text goes to the privacy scan',
    async () => {
      for (const statement of list.statements) {
        for (const [url, expected] of [
          [statement.pdfUrl, statement.sha256],
          [statement.pdfUrlEn, statement.sha256En],
        ] as const) {
          const bytes = new Uint8Array(await (await fetch(new URL(url, baseUrl))).arrayBuffer());
          if (expected) assert.equal(sha256(bytes), expected, url);
          await mkdir(PDFS, { recursive: true });
          await writeFile(join(PDFS, url.split('/').slice(-3).join('-')), bytes);
          if (hasPdfToText) {
            const file = join(scratch, 'scan.pdf');
            await writeFile(file, bytes);
            const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
            assert.equal(text.status, 0, `pdftotext ${url}: ${text.stderr}`);
            publicTexts.push({ where: `PDF ${url}`, text: text.stdout });
          }
        }
      }
      if (!hasPdfToText) console.log('    (pdftotext not installed: PDF text not scanned)');
    },
  );
}

await main();

/** Every generated word of an English page is English; what staff typed is shown as typed. */
function typedByStaff(answer: StatementResponse): string[] {
  const s = answer.statement;
  return [
    ...s.spending.flatMap((line) => [
      ...(line.descriptionEn ? [] : [line.description]),
      ...(line.recipientEn === line.recipient ? [line.recipient] : []),
    ]),
    // Catalogue names staff typed without an English.
    // (a product category is free text: its "English" is the same words).
    ...s.sales.byCategory
      .filter((row) => !row.nameEn || row.nameEn === row.name)
      .map((row) => row.name),
    ...s.production.items
      .filter((item) => !item.productEn || item.productEn === item.product)
      .map((item) => item.product),
    s.closedBy.name,
    s.publishedBy?.name ?? '',
    s.correction?.note ?? '',
    // The shop's own name beside its English, and the language toggle's 中文.
    '辛馍坊',
    '中文',
  ].filter(Boolean);
}

/**
 * The month page on a 320 px and a 390 px phone, in Chinese and English: the page never
 * scrolls sideways, and every figure outside a scrolling table is whole and on screen.
 */
async function checkPhoneLayouts(
  browser: Browser,
  baseUrl: string,
  answer: StatementResponse,
): Promise<void> {
  for (const width of [320, 390]) {
    for (const lang of ['zh-CN', 'en'] as const) {
      await suite.check(
        `phone ${width} px (${lang}): no sideways scroll, every figure visible`,
        async () => {
          const context = await browser.newContext({
            viewport: { width, height: 800 },
            deviceScaleFactor: 2,
            isMobile: true,
            hasTouch: true,
            locale: lang,
            timezoneId: 'UTC',
          });
          await context.addInitScript((chosen) => localStorage.setItem('xmf.lang', chosen), lang);
          const page = await context.newPage();
          try {
            await open(page, baseUrl, `/statements/${answer.statement.period}`);
            await page.locator('[data-money-flow]').waitFor();
            await noHorizontalScroll(page, `month ${width} px ${lang}`);
            const problems = await page.evaluate(() => {
              const found: string[] = [];
              const selectors =
                '[data-money-flow] b, [data-figures] dd, [data-fund-cards] dd, td.num, th, .hash-value, .site-nav a, [data-table="spending"] td';
              for (const element of document.querySelectorAll<HTMLElement>(selectors)) {
                if (element.offsetParent === null) continue; // not shown at this width
                const label = `${element.tagName.toLowerCase()} "${element.textContent?.trim()}"`;
                if (element.scrollWidth > element.clientWidth + 1)
                  found.push(`${label} is clipped`);
                if (element.closest('.table-scroll')) continue; // scrolls, with its cue
                const box = element.getBoundingClientRect();
                if (box.left < -1 || box.right > window.innerWidth + 1)
                  found.push(
                    `${label} is off screen (${Math.round(box.left)}–${Math.round(box.right)})`,
                  );
              }
              // A label broken one character per line is a column squeezed to nothing:
              // count the lines of the label's own text (not its cell, which a taller
              // neighbour stretches).
              for (const element of document.querySelectorAll<HTMLElement>('th, dt')) {
                if (element.offsetParent === null) continue;
                const text = element.textContent?.trim() ?? '';
                if (text.length < 4) continue;
                const tops: number[] = [];
                const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  const range = document.createRange();
                  range.selectNodeContents(node);
                  for (const rect of range.getClientRects())
                    if (rect.width > 0) tops.push(rect.top);
                }
                tops.sort((a, b) => a - b);
                const lines = tops.filter(
                  (top, index) => index === 0 || top - tops[index - 1]! > 4,
                );
                const words = text.split(/\s+/).length;
                // Chinese has no spaces: up to 3 lines; Latin: no more lines than words.
                const allowed = /[\u3400-\u9fff]/.test(text) ? 3 : Math.max(3, words);
                if (lines.length > allowed)
                  found.push(`"${text}" wraps into ${lines.length} lines`);
              }
              // A table wider than the phone scrolls inside its box, with a visible hint.
              for (const box of document.querySelectorAll<HTMLElement>('.table-scroll')) {
                if (box.offsetParent === null || box.scrollWidth <= box.clientWidth + 1) continue;
                const hint = box.previousElementSibling as HTMLElement | null;
                const shown =
                  hint?.classList.contains('scroll-hint') &&
                  hint.offsetParent !== null &&
                  getComputedStyle(hint).visibility !== 'hidden';
                if (!shown)
                  found.push(
                    `${box.querySelector('table')?.dataset.table ?? 'a table'} scrolls sideways with no hint`,
                  );
              }
              // Every payment and every product is readable whole: each card inside the
              // screen, no swiping needed (the unaccounted quantity included).
              for (const row of document.querySelectorAll<HTMLElement>(
                '[data-table="spending"] tbody tr, [data-table="production"] tbody td',
              )) {
                const box = row.getBoundingClientRect();
                if (box.left < -1 || box.right > window.innerWidth + 1)
                  found.push(
                    `${row.closest('table')?.dataset.table} "${row.textContent?.trim()}" runs off screen (${Math.round(box.right)})`,
                  );
              }
              return found;
            });
            assert.deepEqual(problems, []);
            assert.ok(
              (await page.locator('[data-table="spending"] tbody tr').count()) > 0,
              'the seeded month has payments to lay out',
            );
            // Residents read account names, not codes (5401.01…).
            const costsText = (await page.locator('[data-table="costs"]').textContent()) ?? '';
            assert.doesNotMatch(costsText, /\b\d{4}\.\d{2}\b/, 'an account code is shown');
            // Times are Beijing time even on a phone set to UTC.
            const text = await page.evaluate(() => document.body.innerText);
            assert.ok(!text.includes('UTC'), 'a time is shown in UTC');
            assert.ok(
              text.includes(lang === 'en' ? 'Beijing time' : '北京时间'),
              'times are labelled',
            );
            if (lang === 'en') {
              let rest = text;
              for (const typed of typedByStaff(answer)) rest = rest.split(typed).join('');
              const chinese = rest.match(/[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]+/g) ?? [];
              assert.deepEqual(chinese, [], 'generated Chinese on the English page');
            }
            const name = `phone-${width}-${lang === 'en' ? 'en' : 'zh'}`;
            await screenshot(page, name);
            // The first screen, and the funds, at readable size.
            await page.screenshot({ path: join(SCREENSHOTS, `${name}-top.png`) });
            await page
              .locator('section[aria-labelledby="h-funds"]')
              .screenshot({ path: join(SCREENSHOTS, `${name}-funds.png`) });
            assert.deepEqual(await brokenTerms(page), [], 'a term broken across lines');
            if (width === 320) {
              await open(page, baseUrl, '/verify');
              await noHorizontalScroll(page, `verify ${width} px ${lang}`);
              assert.deepEqual(await brokenTerms(page), [], 'a term broken across lines (verify)');
              await screenshot(page, `verify-${width}-${lang === 'en' ? 'en' : 'zh'}`);
            }
          } finally {
            await context.close();
          }
        },
      );
    }
  }
}

/** A version that does not exist, the favicon, missing files and the canonical download. */
async function checkMissingVersionAndFiles(
  page: Page,
  baseUrl: string,
  answer: StatementResponse,
  consoleErrors: string[],
): Promise<void> {
  const period = answer.statement.period;
  await suite.check('a missing version says so and links the versions that exist', async () => {
    const before = consoleErrors.length;
    await open(page, baseUrl, `/statements/${period}/versions/7`);
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /没有第 7 版/);
    assert.ok(!text.includes('尚未公示'), 'says the month is not published');
    const links = await page
      .locator('[data-missing-version] .versions a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    assert.deepEqual(
      links,
      [...answer.versions].reverse().map((v) => `/statements/${period}/versions/${v.version}`),
    );
    const extra = consoleErrors.splice(before);
    assert.ok(
      extra.every((line) => /404/.test(line)),
      `unexpected console output: ${extra.join('\n')}`,
    );
  });
  await suite.check(
    'files: a real favicon, 404 for missing assets and unknown addresses',
    async () => {
      const favicon = await fetch(`${baseUrl}/favicon.ico`);
      assert.equal(favicon.status, 200);
      const bytes = new Uint8Array(await favicon.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 1, 0], 'an ICO file');
      assert.equal((await fetch(`${baseUrl}/assets/missing.js`)).status, 404);
      assert.equal((await fetch(`${baseUrl}/no-such-page`)).status, 404);
      assert.equal((await fetch(`${baseUrl}/statements/${period}`)).status, 200);
    },
  );
  await suite.check(
    'the month’s canonical journal downloads without a login and hashes to its digest',
    async () => {
      await open(page, baseUrl, `/statements/${period}`);
      const href = await page.locator('a[data-canonical]').getAttribute('href');
      assert.ok(href, 'no canonical link');
      const response = await fetch(new URL(href, baseUrl));
      assert.equal(response.status, 200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      publicTexts.push({ where: `canonical ${period}`, text: Buffer.from(bytes).toString('utf8') });
      assert.equal(sha256(bytes), answer.statement.digest.value);
    },
  );
}

/**
 * The charts on a 320 px phone: the fund lines in the palette the PDF uses, each with its
 * own dash pattern; labels at a readable size with the unit and whole months; the
 * history title naming the months really shown; the donut's centre text inside its hole.
 */
async function checkCharts(
  browser: Browser,
  baseUrl: string,
  answer: StatementResponse,
): Promise<void> {
  const s = answer.statement;
  for (const lang of ['zh-CN', 'en'] as const) {
    await suite.check(
      `charts at 320 px (${lang}): palette, dashes, readable labels, real span`,
      async () => {
        const context = await browser.newContext({
          viewport: { width: 320, height: 800 },
          deviceScaleFactor: 2,
          isMobile: true,
          locale: lang,
          timezoneId: 'Asia/Shanghai',
        });
        await context.addInitScript((chosen) => localStorage.setItem('xmf.lang', chosen), lang);
        const page = await context.newPage();
        try {
          await open(page, baseUrl, `/statements/${s.period}`);
          const chart = page.locator('[aria-labelledby="h-history"] xmf-fund-chart svg.line-chart');
          await chart.waitFor();
          const facts = await chart.evaluate((svg: SVGSVGElement) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const texts = [...svg.querySelectorAll<SVGTextElement>('text')].map((text) => ({
              text: text.textContent?.trim() ?? '',
              px: Number.parseFloat(getComputedStyle(text).fontSize) * scale,
            }));
            const series = [...svg.querySelectorAll<SVGPathElement>('path.series')].map((path) => ({
              fund: path.dataset.fund ?? '',
              stroke: path.getAttribute('stroke') ?? '',
              dash: path.getAttribute('stroke-dasharray') ?? '',
            }));
            return { texts, series };
          });
          assert.equal(facts.series.length, s.funds.length);
          for (const line of facts.series) {
            const paint = FUND_PALETTE[line.fund as keyof typeof FUND_PALETTE];
            assert.ok(paint, `a line for ${line.fund}`);
            assert.equal(line.stroke.toLowerCase(), paint.color, `${line.fund} colour`);
          }
          assert.equal(
            new Set(facts.series.map((line) => line.dash)).size,
            facts.series.length,
            `every line its own dash pattern: ${facts.series.map((line) => line.dash).join(' | ')}`,
          );
          const small = facts.texts.filter((text) => text.px < 11.5);
          assert.deepEqual(small, [], 'chart text under 11.5 px on a 320 px phone');
          const labels = facts.texts.map((text) => text.text);
          assert.ok(
            labels.some((text) => /^¥[\d,]+$/.test(text)),
            `money ticks with ¥: ${labels.join(', ')}`,
          );
          assert.ok(
            labels.includes(lang === 'en' ? 'Closing balance (CNY)' : '期末余额（元）'),
            'the axis names its unit',
          );
          const last = s.history[s.history.length - 1]!.period;
          const [year, month] = last.split('-').map(Number) as [number, number];
          const monthText =
            lang === 'en'
              ? `${new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' })} ${year}`
              : `${year}年${month}月`;
          assert.ok(
            labels.includes(monthText),
            `the last month as ${monthText}: ${labels.join(', ')}`,
          );
          // The title says how many months the chart shows.
          const title = (await page.locator('#h-history').textContent()) ?? '';
          const count = s.history.length;
          assert.match(
            title,
            lang === 'en' ? new RegExp(`\\(${count} months\\)`) : new RegExp(`共 ${count} 个月`),
          );
          if (count !== 12) assert.doesNotMatch(title, /12/);
          // The legend keys are dashed like their lines.
          const legendDashes = await page
            .locator('[aria-labelledby="h-history"] .legend-key line')
            .evaluateAll((lines) => lines.map((line) => line.getAttribute('stroke-dasharray')));
          assert.deepEqual(
            legendDashes,
            facts.series.map((line) => line.dash),
          );
          // The donut: slices in the palette, centre text legible and inside the hole.
          const donut = page.locator('xmf-donut svg.donut');
          if ((await donut.count()) > 0) {
            const centre = await donut.evaluate((svg: SVGSVGElement) => {
              const box = svg.getBoundingClientRect();
              const scale = box.width / svg.viewBox.baseVal.width;
              const hole = Number(svg.dataset.inner) * scale;
              const cx = box.left + box.width / 2;
              const cy = box.top + box.height / 2;
              return [...svg.querySelectorAll<SVGTextElement>('text')].map((text) => {
                const r = text.getBoundingClientRect();
                const corners = [
                  [r.left, r.top],
                  [r.right, r.top],
                  [r.left, r.bottom],
                  [r.right, r.bottom],
                ];
                return {
                  text: text.textContent?.trim() ?? '',
                  px: Number.parseFloat(getComputedStyle(text).fontSize) * scale,
                  inside: corners.every(([x, y]) => Math.hypot(x! - cx, y! - cy) <= hole + 0.5),
                };
              });
            });
            assert.ok(centre.length >= 2, 'the donut has a centre label');
            for (const text of centre) {
              assert.ok(text.px >= 11.5, `donut text "${text.text}" is ${text.px.toFixed(1)} px`);
              assert.ok(text.inside, `donut text "${text.text}" spills out of the hole`);
            }
            const fills = await donut
              .locator('path')
              .evaluateAll((paths) => paths.map((path) => path.getAttribute('fill')));
            for (const fill of fills)
              assert.ok(
                Object.values(FUND_PALETTE).some((paint) => paint.color === fill),
                `slice colour ${fill}`,
              );
          }
          await page.locator('section[aria-labelledby="h-history"]').screenshot({
            path: join(SCREENSHOTS, `chart-320-${lang === 'en' ? 'en' : 'zh'}.png`),
          });
          await page.locator('section[aria-labelledby="h-allocation"]').screenshot({
            path: join(SCREENSHOTS, `donut-320-${lang === 'en' ? 'en' : 'zh'}.png`),
          });
        } finally {
          await context.close();
        }
      },
    );
  }
}

/** The month page on a desktop, both languages: the table layout, charts at readable size. */
async function checkDesktop(
  browser: Browser,
  baseUrl: string,
  answer: StatementResponse,
): Promise<void> {
  await suite.check(
    'desktop 1280 px (zh, en): tables, readable chart labels, screenshots',
    async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await context.newPage();
      try {
        for (const lang of ['zh-CN', 'en'] as const) {
          await page
            .evaluate((chosen) => localStorage.setItem('xmf.lang', chosen), lang)
            .catch(() => undefined);
          await open(page, baseUrl, `/statements/${answer.statement.period}`);
          if ((await page.locator('html').getAttribute('lang')) !== lang) {
            await page.locator('xmf-lang-toggle button').click();
            await page.waitForFunction((want) => document.documentElement.lang === want, lang);
          }
          await noHorizontalScroll(page, `desktop ${lang}`);
          assert.ok(await page.locator('[data-table="funds"]').isVisible(), 'the funds table');
          assert.ok(
            await page.locator('[data-table="spending"] thead').isVisible(),
            'the spending table keeps its header row',
          );
          const sizes = await page
            .locator('xmf-fund-chart svg.line-chart text')
            .evaluateAll((texts) =>
              texts.map((text) => {
                const svg = (text as SVGTextElement).ownerSVGElement!;
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return Number.parseFloat(getComputedStyle(text).fontSize) * scale;
              }),
            );
          assert.ok(sizes.length > 0);
          for (const size of sizes)
            assert.ok(size >= 11.5 && size <= 16, `chart text ${size.toFixed(1)} px on a desktop`);
          await screenshot(page, `desktop-${lang === 'en' ? 'en' : 'zh'}`);
        }
      } finally {
        await context.close();
      }
    },
  );
}

/**
 * A resident abroad (browser set to New York time) sees every time of the statement list
 * in Beijing time, labelled 北京时间.
 */
async function checkForeignTimeZone(
  browser: Browser,
  baseUrl: string,
  list: StatementListResponse,
): Promise<void> {
  await suite.check(
    'list page in a New York browser: times in Beijing time, labelled 北京时间',
    async () => {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        locale: 'zh-CN',
        timezoneId: 'America/New_York',
      });
      const page = await context.newPage();
      try {
        await open(page, baseUrl, '/');
        assert.equal(
          await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
          'America/New_York',
        );
        const shown = (await page.locator('.statement-card .when').allTextContents()).map((text) =>
          text.trim(),
        );
        assert.ok(shown.length > 0, 'the list shows when each month was published');
        const beijing = new Intl.DateTimeFormat('en-CA', {
          timeZone: 'Asia/Shanghai',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        });
        const expected = list.statements
          .filter((statement) => statement.current)
          .map((statement) => {
            const parts = Object.fromEntries(
              beijing.formatToParts(new Date(statement.publishedAt)).map((p) => [p.type, p.value]),
            );
            return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} 北京时间`;
          });
        for (const when of expected)
          assert.ok(
            shown.some((text) => text.includes(when)),
            `expected "${when}" among ${JSON.stringify(shown)}`,
          );
        const text = await page.evaluate(() => document.body.innerText);
        assert.ok(!/UTC|GMT|EST|EDT/.test(text), 'a time in another zone');
        await screenshot(page, 'list-new-york');
      } finally {
        await context.close();
      }
    },
  );
}

/** Each "SHA-256" on the page that a line break cuts in two ("SHA-" | "256"). */
async function brokenTerms(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let at = text.indexOf('SHA-256'); at >= 0; at = text.indexOf('SHA-256', at + 1)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'SHA-256'.length);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(`"${text.slice(Math.max(0, at - 20), at + 12)}"`);
      }
    }
    return broken;
  });
}

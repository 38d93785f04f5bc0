/**
 * The accountant console in real Chromium against the real server, on a 1366×768 laptop
 * screen: log in, record a flour purchase with a template and see it in the trial balance,
 * import a WeChat Pay bill, close last month through the wizard (the preview equals the
 * result), publish after the inline PDF preview and find it on the residents' page, go
 * from a balance-sheet figure and from a daily sales figure down to the entries and a
 * receipt, read the private registers, correct the published month through a reopen and
 * a version 2, reverse an entry, and a cashier sees nothing of the books. axe-core on each
 * screen; screenshots kept in test-artifacts/screenshots/books-*.png. Ends with
 * "N passed, M failed".
 *
 *   npx tsx tests/browser/books-run.ts   (SKIP_UI_BUILD=1 to use an existing dist/)
 *   BOOKS_BROWSER_PG=1 npx tsx tests/browser/books-run.ts   (a fresh PostgreSQL database
 *   on 127.0.0.1:5432 instead of PGlite)
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seriousAxeViolations } from './axe.js';
import { CHROMIUM_ARGS, Suite } from './harness.js';
import { ApiClient, login } from './http-client.js';
import { pastPeriod, tillTrader, VOUCHER_HOLDER } from './seed.js';
import { startServer, type RunningServer } from './server-process.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
/** A volunteer's laptop. */
const VIEWPORT = { width: 1366, height: 768 };
const WECHAT_BILL = join(ROOT, 'tests', 'books', 'fixtures', 'wechat-2026-11-03.csv');
const ACCOUNTANT = {
  username: 'books-accountant',
  displayName: '李会计',
  password: 'accountant-pass-123',
};
const CASHIER = { username: 'books-cashier', displayName: '王收银', password: 'cashier-pass-1234' };

const suite = new Suite();

/**
 * A WeChat Pay 交易账单 in the provider's layout (the fixture's header and summary lines,
 * UTF-8 with a BOM, CRLF, backtick-prefixed values) with one payment: the till's WeChat
 * sale of `date` 08:10 (reference WX…0001, 15.00, fee 0.09).
 */
function wechatBill(date: string): Buffer {
  const fixture = readFileSync(WECHAT_BILL, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  const [header, , , , , , , summaryHeader] = fixture;
  const id = `WX${date.replace(/-/g, '')}0001`;
  const row = [
    `${date} 08:10:12`,
    'wx8a1b2c3d4e5f6a7b',
    '1600123456',
    '0',
    'counter-1',
    id,
    `XMF${date.replace(/-/g, '')}081000`,
    'oX7Yz081000',
    'MICROPAY',
    'SUCCESS',
    'OTHERS',
    'CNY',
    '15.00',
    '0.00',
    '0',
    '0',
    '0.00',
    '0.00',
    '',
    '',
    '辛馍坊-馒头',
    '',
    '0.09',
    '0.60%',
    '15.00',
    '0.00',
    '',
  ];
  const summary = ['1', '15.00', '0.00', '0.00', '0.09', '15.00', '0.00'];
  const lines = [
    header,
    row.map((value) => `\`${value}`).join(','),
    summaryHeader,
    summary.map((value) => `\`${value}`).join(','),
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
const axeFindings: string[] = [];

async function buildUi(): Promise<void> {
  if (process.env.SKIP_UI_BUILD === '1') return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

async function axe(page: Page, label: string): Promise<void> {
  axeFindings.push(...(await seriousAxeViolations(page, label)));
}

async function logInThroughPage(
  page: Page,
  baseUrl: string,
  who: { username: string; password: string },
) {
  await page.goto(`${baseUrl}/books/`);
  await page.fill('form[data-form="login"] input[name="username"]', who.username);
  await page.fill('form[data-form="login"] input[name="password"]', who.password);
  await page.click('form[data-form="login"] button[type="submit"]');
}

/**
 * With BOOKS_BROWSER_PG=1: a fresh PostgreSQL database on 127.0.0.1:5432 for this run
 * (dropped at the end), else undefined (PGlite).
 */
let droppable: string | undefined;
const ADMIN_DB_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
async function freshPostgres(): Promise<string | undefined> {
  if (process.env.BOOKS_BROWSER_PG !== '1') return undefined;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  droppable = `xmf_books_browser_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${droppable}`);
  await admin.end();
  return ADMIN_DB_URL.replace(/\/postgres$/, `/${droppable}`);
}

async function dropPostgres(): Promise<void> {
  if (!droppable) return;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${droppable} WITH (FORCE)`);
  await admin.end();
}

/** The business date (Beijing) `daysAgo` days before now. */
function beijingDate(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const adminPassword = `admin-${randomBytes(9).toString('hex')}`;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    console.log('books browser suite: building the UI, starting the server');
    await buildUi();
    const databaseUrl = await freshPostgres();
    server = await startServer(adminPassword, databaseUrl ? { databaseUrl } : {});
    console.log(`  database: ${databaseUrl ? 'PostgreSQL (fresh database)' : 'PGlite'}`);
    const baseUrl = server.baseUrl;
    const last = pastPeriod(1);
    let books: ApiClient | undefined;
    let trade: ReturnType<typeof tillTrader> | undefined;
    await suite.check('seed: an accountant, a cashier and last month’s sales', async () => {
      const adminToken = await login(baseUrl, 'admin', adminPassword);
      const admin = new ApiClient(baseUrl, adminToken);
      // A till day last month: cash, a WeChat Pay sale with its reference, Alipay; shift closed.
      trade = tillTrader(baseUrl, adminToken);
      await trade(`${last}-08`, false);
      await admin.post('/api/users', { ...ACCOUNTANT, role: 'accountant' });
      await admin.post('/api/users', { ...CASHIER, role: 'cashier' });
      books = new ApiClient(
        baseUrl,
        await login(baseUrl, ACCOUNTANT.username, ACCOUNTANT.password),
      );
      await books.post('/api/journal', {
        id: randomUUID(),
        date: `${last}-05`,
        description: '门店现金销售（汇总）',
        lines: [
          { account: '1001', debit: '6000.00' },
          { account: '5001', credit: '6000.00' },
        ],
      });
    });

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // axe arrives as an inline script: the context bypasses the server's CSP for it.
    const context = await browser.newContext({
      viewport: VIEWPORT,
      bypassCSP: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    const cspRefusals: string[] = [];
    page.on('console', (message) => {
      if (/Refused to (frame|display)|frame-ancestors/i.test(message.text()))
        cspRefusals.push(message.text());
    });

    await suite.check(
      '(1) log in, record a flour purchase with a template; the trial balance shows it',
      async () => {
        await logInThroughPage(page, baseUrl, ACCOUNTANT);
        await page.waitForSelector('[data-dashboard]');
        await page.waitForSelector('[data-table="dashboard-funds"]');
        await axe(page, 'dashboard');
        await page.screenshot({ path: join(SCREENSHOTS, 'books-dashboard.png'), fullPage: true });
        await page.click('nav a[href="#/entry"]');
        await page.selectOption('select[name="template"]', 'flour');
        await page.fill('input[name="template-amount"]', '1523.40');
        await page.fill('input[name="invoice"]', 'No.04417788');
        assert.equal(await page.inputValue('input[name="account-0"]'), '5401.01');
        assert.equal(await page.inputValue('input[name="debit-0"]'), '1523.40');
        assert.equal(await page.getAttribute('[data-balance]', 'data-balance'), 'balanced');
        // The pinyin search: "mf" on an empty line suggests 面粉及原料.
        await page.click('button:has-text("加一行")');
        await page.click('input[name="account-2"]');
        await page.keyboard.type('mf');
        await page.waitForSelector('.suggestions li[data-code="5401.01"]');
        await axe(page, 'entry form');
        await page.screenshot({ path: join(SCREENSHOTS, 'books-entry-form.png'), fullPage: true });
        await page.fill('input[name="account-2"]', '');
        await page.click('input[name="description"]');
        await page.keyboard.press('Control+Enter');
        await page.waitForSelector('[data-posted]');
        await page.click('nav a[href="#/reports"]');
        const cell = page
          .locator('[data-table="trial-balance"] tr:has([data-drill="5401.01"]) td')
          .first();
        await cell.waitFor();
        assert.equal((await cell.innerText()).trim(), '1,523.40');
        console.log(`    trial balance 5401.01 debit: ${(await cell.innerText()).trim()}`);
        // The hledger download of the month answers the file, with the flour purchase in it.
        const exportHref = await page.locator('form.filters a[download]').getAttribute('href');
        const exported = await page.request.get(new URL(exportHref!, baseUrl).toString());
        assert.equal(exported.status(), 200, `${exportHref} → ${exported.status()}`);
        assert.match(await exported.text(), /1523\.40/);
        await axe(page, 'reports');
      },
    );

    await suite.check('(2) import a WeChat Pay bill and settle it with its fee', async () => {
      await page.click('nav a[href="#/reconcile"]');
      await page.setInputFiles('input[name="bill"]', {
        name: `wechat-${last}-08.csv`,
        mimeType: 'text/csv',
        buffer: wechatBill(`${last}-08`),
      });
      await page.click('form.upload button[type="submit"]');
      await page.waitForSelector('[data-reconciliation]');
      assert.equal(await page.locator('[data-side="matched"] li').count(), 1);
      assert.equal((await page.locator('[data-totals] [data-fee]').innerText()).trim(), '0.09');
      assert.equal((await page.locator('[data-totals] [data-net]').innerText()).trim(), '14.91');
      await axe(page, 'reconcile');
      await page.click('[data-settle]');
      const settled = await page.waitForSelector('[data-settled]');
      const entryId = await settled.getAttribute('data-settled');
      const entry = await books!.get<{
        entry: { lines: { account: string; debit: string; credit: string }[] };
      }>(`/api/journal/${entryId}`);
      const lines = entry.entry.lines.map((line) => `${line.account} ${line.debit} ${line.credit}`);
      console.log(`    settlement: ${lines.join(' | ')}`);
      assert.deepEqual(lines.sort(), [
        '1002 14.91 0.00',
        '1012.01 0.00 15.00',
        '5601.01 0.09 0.00',
      ]);
    });

    let previewSurplus = '';
    await suite.check(
      '(3) close last month through the wizard; the result equals the preview',
      async () => {
        // From the dashboard's to-do box, as a volunteer would start the month end.
        await page.goto(`${baseUrl}/books/#/dashboard`);
        await page.click(`[data-todo] a[data-to-close="${last}"]`);
        await page.waitForSelector('[data-checklist] [data-check="shiftsClosed"][data-state="ok"]');
        await page.waitForSelector('[data-preview]');
        previewSurplus = (await page.locator('[data-preview-figure="surplus"]').innerText()).trim();
        await axe(page, 'close wizard');
        await page.screenshot({
          path: join(SCREENSHOTS, 'books-close-wizard.png'),
          fullPage: true,
        });
        await page.click('[data-confirm-close]');
        await page.waitForSelector('[data-close-result]');
        assert.equal(await page.getAttribute('[data-compare]', 'data-compare'), 'same');
        const digest = (await page.locator('[data-digest]').innerText()).trim();
        assert.match(digest, /^[0-9a-f]{64}$/);
        console.log(`    surplus ${previewSurplus}, digest ${digest.slice(0, 16)}…`);
      },
    );

    await suite.check(
      '(4) publish after the PDF preview; the residents’ page has the same figures',
      async () => {
        const framed = page.waitForResponse(
          (response) =>
            response.url().includes(`/api/statements/${last}/preview.pdf`) &&
            response.request().frame() !== page.mainFrame(),
        );
        await page.goto(`${baseUrl}/books/#/publish/${last}`);
        const link = page.locator('[data-preview-pdf]');
        await link.waitFor();
        const src = await link.getAttribute('href');
        const preview = await page.request.get(new URL(src!, baseUrl).toString());
        assert.equal(preview.status(), 200);
        assert.equal((await preview.body()).subarray(0, 5).toString('latin1'), '%PDF-');
        // The same PDF inline: the iframe's own request is answered with the PDF, which its
        // CSP lets this same-origin page frame (no "Refused to frame" from Chromium).
        const frameResponse = await framed;
        assert.equal(frameResponse.status(), 200);
        assert.equal(frameResponse.headers()['content-type'], 'application/pdf');
        assert.match(
          frameResponse.headers()['content-security-policy'] ?? '',
          /frame-ancestors 'self'/,
        );
        assert.equal(
          await page.getAttribute('iframe[data-preview-frame]', 'src'),
          src,
          'the iframe shows the preview link’s PDF',
        );
        const frame = frameResponse.frame();
        await frame.waitForLoadState('load');
        // A frame the CSP refuses ends on Chromium's error page, not on the PDF's address.
        assert.match(frame.url(), /\/preview\.pdf\?/, `the frame is at ${frame.url()}`);
        assert.deepEqual(cspRefusals, []);
        const box = await page.locator('iframe[data-preview-frame]').boundingBox();
        assert.ok(box && box.height > 300, `the preview is readable (${box?.height}px high)`);
        await axe(page, 'publish');
        await page.screenshot({
          path: join(SCREENSHOTS, 'books-publish-preview.png'),
          fullPage: true,
        });
        await page.click('[data-publish]');
        await page.waitForSelector('[data-published="1"]');
        const statement = (await (
          await fetch(`${baseUrl}/api/public/statements/${last}`)
        ).json()) as {
          statement: { surplus?: string; result?: { surplus: string } } & Record<string, unknown>;
        };
        const text = JSON.stringify(statement);
        assert.ok(
          text.includes(previewSurplus.replaceAll(',', '')),
          `statement has ${previewSurplus}`,
        );
        const residents = await context.newPage();
        await residents.goto(`${baseUrl}/statements/${last}`);
        await residents.waitForSelector('text=' + previewSurplus.replace(/\.\d\d$/, ''), {
          timeout: 15000,
        });
        await residents.close();
      },
    );

    await suite.check(
      'drill-down: a balance-sheet figure → its ledger → the entry; a fund’s row → its account',
      async () => {
        await page.goto(`${baseUrl}/books/#/reports/${last}`);
        await page.locator('[data-table="balance-sheet"] [data-drill="1002"]').click();
        const ledger = page.locator('[data-table="general-ledger"]');
        await ledger.waitFor();
        assert.match(await ledger.locator('caption').innerText(), /1002/);
        // The ledger's closing balance is the balance sheet's figure for the account.
        const sheetFigure = (
          await page
            .locator('[data-table="balance-sheet"] tr:has([data-drill="1002"]) td')
            .first()
            .innerText()
        ).trim();
        const closing = (await ledger.locator('tfoot td').last().innerText()).trim();
        assert.equal(closing, sheetFigure);
        console.log(`    1002 on the balance sheet ${sheetFigure}, ledger closing ${closing}`);
        const settlement = ledger.locator('tbody a[href^="#/journal/"]').last();
        const href = await settlement.getAttribute('href');
        await settlement.click();
        await page.waitForSelector(`[data-entry-detail="${href!.split('/').pop()}"]`);
        assert.ok((await page.locator('[data-table="entry-lines"] tbody tr').count()) >= 2);
        // The hardship fund's row in the fund statement opens 3104.13.
        await page.goto(`${baseUrl}/books/#/reports/${last}`);
        await page.locator('[data-table="funds"] [data-drill="3104.13"]').click();
        await page.waitForSelector('[data-table="general-ledger"] caption:has-text("3104.13")');
        await axe(page, 'reports drill-down');
      },
    );

    await suite.check(
      'daily sales: chart and breakdowns; a tender figure → its sales → entry → receipt',
      async () => {
        const day = `${last}-08`;
        await page.goto(`${baseUrl}/books/#/sales/${day}`);
        await page.waitForSelector(`[data-sales-day="${day}"]`);
        const bars = page.locator('[data-chart="by-hour"] [data-bar]');
        // Sales at 07:30, 08:10 and 09:45: three hourly bars, each with an accessible title.
        assert.equal(await bars.count(), 3);
        assert.match(
          (await page.locator('[data-chart="by-hour"] svg').getAttribute('role')) ?? '',
          /img/,
        );
        assert.match((await bars.first().locator('title').textContent()) ?? '', /07:00/);
        await axe(page, 'daily sales');
        await page.screenshot({ path: join(SCREENSHOTS, 'books-daily-sales.png'), fullPage: true });
        await page.click('[data-drill-sales="tender:wechat"]');
        const rows = page.locator('[data-table="sales-entries"] tbody tr');
        await rows.first().waitFor();
        assert.equal(await rows.count(), 1);
        assert.equal((await rows.first().locator('td.num').first().innerText()).trim(), '15.00');
        await rows.first().locator('a[data-entry-link]').click();
        const receipt = page.locator('[data-receipt] pre');
        await receipt.waitFor();
        const text = await receipt.innerText();
        assert.match(text, /15\.00/);
        const lines = await page.locator('[data-table="entry-lines"] tbody th').allInnerTexts();
        assert.ok(
          lines.some((line) => line.startsWith('1012.01')),
          `the WeChat sale's entry debits the clearing account: ${lines.join(' | ')}`,
        );
        await axe(page, 'entry detail');
        await page.screenshot({
          path: join(SCREENSHOTS, 'books-entry-receipt.png'),
          fullPage: true,
        });
      },
    );

    await suite.check(
      '(8) correction after a reopen: admin reopens, an entry, close again, version 2 with its 更正说明',
      async () => {
        const adminContext = await browser!.newContext({
          viewport: VIEWPORT,
          bypassCSP: true,
          locale: 'zh-CN',
        });
        const adminPage = await adminContext.newPage();
        await logInThroughPage(adminPage, baseUrl, { username: 'admin', password: adminPassword });
        await adminPage.waitForSelector('nav');
        await adminPage.goto(`${baseUrl}/books/#/close/${last}`);
        await adminPage.fill('[data-reopen] input[name="reopen-reason"]', '漏记十月水电费，更正');
        await adminPage.click('[data-reopen] button');
        await adminPage.waitForSelector(
          '[data-checklist] [data-check="periodOpen"][data-state="ok"]',
        );
        await adminContext.close();

        await page.goto(`${baseUrl}/books/#/entry`);
        await page.selectOption('select[name="template"]', 'utilities');
        await page.fill('input[name="template-amount"]', '200.00');
        await page.fill('input[name="date"]', `${last}-20`);
        await page.fill('input[name="description"]', '补记漏记的水电费（更正）');
        await page.click('input[name="description"]');
        await page.keyboard.press('Control+Enter');
        await page.waitForSelector('[data-posted]');

        await page.goto(`${baseUrl}/books/#/close/${last}`);
        await page.waitForSelector('[data-preview]');
        const surplus = (await page.locator('[data-preview-figure="surplus"]').innerText()).trim();
        assert.notEqual(surplus, previewSurplus, 'the correction changed the surplus');
        await page.click('[data-confirm-close]');
        await page.waitForSelector('[data-close-result] [data-compare="same"]');

        const note = '补记漏记的十月水电费 200.00 元，盈余和各基金分配相应减少。';
        await page.goto(`${baseUrl}/books/#/publish/${last}`);
        await page.waitForSelector('[data-latest-version="1"]');
        // Without a note the form refuses before sending, beside the field.
        await page.click('[data-publish]');
        await page.waitForSelector('textarea[name="note"][aria-invalid="true"]');
        assert.equal(await page.locator('[data-published]').count(), 0);
        await page.fill('textarea[name="note"]', note);
        await page.locator('textarea[name="note"]').press('Tab');
        await page.waitForSelector('iframe[data-preview-frame][src*="note="]');
        await page.click('[data-publish]');
        await page.waitForSelector('[data-published="2"]');
        console.log(`    version 2: surplus ${previewSurplus} → ${surplus}`);

        const residents = await context.newPage();
        await residents.goto(`${baseUrl}/statements/${last}`);
        await residents.waitForSelector(`.correction-note:has-text("${note}")`, { timeout: 15000 });
        await residents.waitForSelector(`a[href="/statements/${last}/versions/1"]`);
        await residents.waitForSelector('text=' + surplus.replace(/\.\d\d$/, ''));
        await residents.click(`a[href="/statements/${last}/versions/1"]`);
        await residents.waitForSelector('text=' + previewSurplus.replace(/\.\d\d$/, ''));
        await residents.close();
      },
    );

    await suite.check('(5) reverse an entry with a reason', async () => {
      await page.goto(`${baseUrl}/books/#/journal`);
      const button = page.locator('[data-reverse]').first();
      await button.waitFor();
      const id = await button.getAttribute('data-reverse');
      await button.click();
      await page.fill('input[name="reverse-reason"]', '金额录错');
      await page.click('[data-confirm-reverse]');
      await page.waitForSelector(`tr[data-entry="${id}"] .muted`);
      const entry = await books!.get<{ entry: { reversedBy: string | null } }>(
        `/api/journal/${id}`,
      );
      assert.ok(entry.entry.reversedBy);
      await axe(page, 'journal');
    });

    await suite.check(
      'session expiry: the log-in dialog keeps the form; the entry posts once',
      async () => {
        await page.goto(`${baseUrl}/books/#/entry`);
        await page.selectOption('select[name="template"]', 'utilities');
        await page.fill('input[name="template-amount"]', '388.00');
        await page.fill('input[name="description"]', '十一月水电费（会话过期测试）');
        await context.clearCookies();
        await page.click('input[name="description"]');
        await page.keyboard.press('Control+Enter');
        await page.waitForSelector('[role="dialog"] form[data-form="login"]');
        assert.equal(await page.inputValue('input[name="debit-0"]'), '388.00');
        await page.fill('[role="dialog"] input[name="username"]', ACCOUNTANT.username);
        await page.fill('[role="dialog"] input[name="password"]', ACCOUNTANT.password);
        await page.click('[role="dialog"] button[type="submit"]');
        await page.waitForSelector('[data-posted]');
        const token = await login(baseUrl, ACCOUNTANT.username, ACCOUNTANT.password);
        const journal = await new ApiClient(baseUrl, token).get<{
          entries: { description: string }[];
        }>(`/api/journal?period=${pastPeriod(0)}&pageSize=200`);
        const posted = journal.entries.filter((entry) =>
          entry.description.includes('会话过期测试'),
        );
        assert.equal(posted.length, 1);
      },
    );

    await suite.check(
      'fund spending: aid with private recipient fields only for aid categories',
      async () => {
        await page.goto(`${baseUrl}/books/#/funds`);
        await page.waitForSelector('select[name="category"] option', { state: 'attached' });
        assert.equal(await page.locator('[data-private]').count(), 0);
        await page.selectOption('select[name="fund"]', 'hardship');
        await page.selectOption('select[name="category"]', 'aid_cash');
        await page.waitForSelector('[data-private] input[name="recipientName"]');
        await page.fill('form[data-form="disbursement"] input[name="amount"]', '100.00');
        await page.fill('form[data-form="disbursement"] input[name="description"]', '临时生活补助');
        await page.fill('input[name="recipientName"]', '测试受助人');
        await page.click('form[data-form="disbursement"] button[type="submit"]');
        // Hardship has 1,208.88 from last month's close: the aid is recorded.
        await page.waitForSelector('form[data-form="disbursement"] [role="status"]');
        await axe(page, 'fund spending');
      },
    );

    await suite.check(
      'private registers: vouchers with their holders, aid with its recipient',
      async () => {
        // Yesterday at the till, with a hardship voucher (the fund has last month's share).
        const day = beijingDate(1);
        const period = day.slice(0, 7);
        if (period === pastPeriod(0)) await trade!(day, true);
        await page.goto(`${baseUrl}/books/#/registers`);
        await page.fill('input[name="registers-period"]', pastPeriod(0));
        await page.locator('input[name="registers-period"]').dispatchEvent('change');
        await page.waitForSelector('[data-table="voucher-register"]');
        if (period === pastPeriod(0)) {
          await page.waitForSelector(
            `[data-table="voucher-register"] td:has-text("${VOUCHER_HOLDER.name}")`,
          );
          // On to the voucher sale's entry and receipt, which never carry the holder's name.
          await page.click('[data-table="voucher-register"] a[data-voucher-entry]');
          const receipt = await page.locator('[data-receipt] pre').innerText();
          assert.match(receipt, /6\.00/);
          const entryPage = await page.evaluate(() => document.body.innerText);
          assert.doesNotMatch(
            entryPage,
            new RegExp(`${VOUCHER_HOLDER.name}|${VOUCHER_HOLDER.phone}`),
          );
          await page.goBack();
          await page.waitForSelector('[data-table="aid-register"]');
        }
        const aid = page.locator('[data-table="aid-register"] [data-show-recipient]').first();
        await aid.click();
        await page.waitForSelector(
          '[data-table="aid-register"] [data-recipient]:has-text("测试受助人")',
        );
        await axe(page, 'private registers');
        await page.screenshot({ path: join(SCREENSHOTS, 'books-registers.png'), fullPage: true });
      },
    );

    await suite.check('admin: users, allocation rule preview, audit log', async () => {
      const adminContext = await browser!.newContext({ viewport: VIEWPORT, bypassCSP: true });
      const adminPage = await adminContext.newPage();
      await logInThroughPage(adminPage, baseUrl, { username: 'admin', password: adminPassword });
      await adminPage.click('nav a[href="#/admin"]');
      await adminPage.waitForSelector(
        `[data-table="users"] tr[data-user="${ACCOUNTANT.username}"]`,
      );
      await adminPage.waitForSelector('[data-table="audit-log"] tbody tr');
      const preview = await adminPage.locator('[data-table="rule-preview"] td').allInnerTexts();
      console.log(`    rule preview on last month: ${preview.join(' / ')}`);
      await axe(adminPage, 'admin');
      await adminPage.screenshot({ path: join(SCREENSHOTS, 'books-admin.png'), fullPage: true });
      await adminContext.close();
    });

    await suite.check('(6) a cashier who opens /books/ sees nothing of the books', async () => {
      const cashierContext = await browser!.newContext({ viewport: VIEWPORT, bypassCSP: true });
      const cashierPage = await cashierContext.newPage();
      const seen: string[] = [];
      cashierPage.on('response', (response) => {
        if (response.url().includes('/api/') && response.status() === 200)
          seen.push(response.url());
      });
      await logInThroughPage(cashierPage, baseUrl, CASHIER);
      await cashierPage.waitForSelector('[data-page="no-access"]');
      assert.equal(await cashierPage.locator('nav').count(), 0);
      const text = await cashierPage.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /1,523\.40|6,000\.00|试算/);
      // Typed addresses of the private screens show the same page, and fetch nothing.
      for (const hash of ['#/registers', '#/sales', '#/journal', '#/reports', '#/funds']) {
        await cashierPage.goto(`${baseUrl}/books/${hash}`);
        await cashierPage.waitForSelector('[data-page="no-access"]');
        const shown = await cashierPage.evaluate(() => document.body.innerText);
        assert.doesNotMatch(shown, new RegExp(`${VOUCHER_HOLDER.name}|测试受助人|帮扶券使用登记`));
      }
      const direct = await cashierPage.request.get(
        `${baseUrl}/api/hardship-vouchers?period=${pastPeriod(0)}`,
      );
      assert.equal(direct.status(), 403);
      assert.deepEqual(
        seen.filter((url) => !/\/api\/auth\//.test(url)),
        [],
      );
      await axe(cashierPage, 'no access');
      await cashierContext.close();
    });

    await suite.check('(7) axe-core: no serious or critical violation on any screen', async () => {
      assert.deepEqual(axeFindings, []);
    });
    await suite.check('no uncaught page errors', async () => {
      assert.deepEqual(consoleErrors, []);
    });
    await context.close();
  } catch (error) {
    await suite.check('suite infrastructure', async () => {
      throw error instanceof Error ? error : new Error(String(error));
    });
    if (server) console.log(`server output:\n${server.output().slice(-4000)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await dropPostgres().catch((error: unknown) => console.log(`could not drop: ${String(error)}`));
    console.log(`screenshots in ${SCREENSHOTS}`);
    console.log(suite.summary());
    process.exitCode = suite.failed > 0 ? 1 : 0;
  }
}

await main();

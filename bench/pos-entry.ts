/**
 * The tablet POS's figures: the entry JavaScript's size (gzip, everything /pos/ loads
 * before it is interactive), time to interactive from the service-worker cache with the
 * network off, the taps the standard sales take (2-item cash exact, 3-item WeChat, split
 * ¥1 cash + WeChat), and how long N queued offline sales take to sync after reconnecting
 * (real Chromium, real server, PGlite). Prints figures; asserts nothing about time.
 *
 *   npx tsx bench/pos-entry.ts            (SKIP_UI_BUILD=1 to use dist/; POS_BENCH_SALES=500)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../tests/browser/harness.js';
import { ApiClient, login } from '../tests/browser/http-client.js';
import { startServer } from '../tests/browser/server-process.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const SALES = Number(process.env.POS_BENCH_SALES ?? '500');

async function entrySize(): Promise<void> {
  const html = await readFile(join(DIST, 'pos', 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const path of scripts) {
    const bytes = await readFile(join(DIST, path));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    console.log(
      `  ${path}: ${(bytes.length / 1024).toFixed(1)} KB, gzip ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB`,
    );
  }
  console.log(
    `POS entry JavaScript: ${(raw / 1024).toFixed(1)} KB, gzip ${(gzip / 1024).toFixed(1)} KB (budget 60 KB)`,
  );
}

/** Sales made by `tapCounts`. */
const TAP_SALES = 3;

/** The taps the standard sales take after login, counted as the browser suite does. */
async function tapCounts(page: Page): Promise<void> {
  const counts: Record<string, number> = {};
  let taps = 0;
  const tap = async (selector: string) => {
    taps += 1;
    await page.locator(selector).first().click();
  };
  const sale = async (name: string, steps: () => Promise<void>) => {
    taps = 0;
    await steps();
    counts[name] = taps;
    await page.locator('.receipt-number').waitFor();
    await page.locator('[data-testid=next-sale]').click();
    await page.locator('.tile').first().waitFor();
  };
  await sale('2-item cash exact', async () => {
    await tap('.tile[data-sku="MT-01"]');
    await tap('.tile[data-sku="DB-01"]');
    await tap('[data-testid=pay-cash]');
    await tap('[data-testid=cash-exact]');
  });
  await sale('3-item WeChat', async () => {
    for (const sku of ['MT-01', 'MT-01', 'DB-01']) await tap(`.tile[data-sku="${sku}"]`);
    await tap('[data-testid=sell-wechat]');
    await tap('[data-testid=confirm-arrived]');
  });
  await sale('split ¥1 cash + WeChat', async () => {
    for (const sku of ['DB-01', 'DB-01']) await tap(`.tile[data-sku="${sku}"]`);
    await tap('[data-testid=pay-cash]');
    taps += 1; // typing the cash part: one tap on the field
    await page.locator('[data-testid=part-amount]').fill('1');
    await tap('[data-testid=cash-exact]');
    await tap('[data-testid=pay-wechat]');
    await tap('[data-testid=confirm-arrived]');
  });
  console.log(`taps after login: ${JSON.stringify(counts)} (the 2-item cash sale's budget is 4)`);
}

async function main(): Promise<void> {
  if (process.env.SKIP_UI_BUILD !== '1') {
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  await entrySize();
  const adminPassword = `admin-${randomBytes(9).toString('hex')}`;
  const server = await startServer(adminPassword);
  const dir = await mkdtemp(join(tmpdir(), 'xmf-pos-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    // The page's CSP forbids eval; Playwright's string predicates need it.
    bypassCSP: true,
  });
  try {
    const admin = new ApiClient(
      server.baseUrl,
      await login(server.baseUrl, 'admin', adminPassword),
    );
    await admin.post('/api/products', {
      sku: 'MT-01',
      name: '馒头',
      nameEn: 'Mantou',
      category: '馒头类',
      price: '1.50',
      unit: 'piece',
    });
    await admin.post('/api/products', {
      sku: 'DB-01',
      name: '豆包',
      nameEn: 'Red-bean bun',
      category: '包子豆包',
      price: '2.50',
      unit: 'piece',
    });
    await admin.post('/api/users', {
      username: 'bench',
      displayName: '测速',
      role: 'cashier',
      pin: '2468',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.baseUrl}/pos/`);
    await page.locator('input[name=registerId]').fill('bench-1');
    await page.locator('input[name=prefix]').fill('B1');
    await page.locator('button[type=submit]').click();
    await page.locator('.staff-tile.other').click();
    await page.locator('input[name=username]').fill('bench');
    for (const digit of '2468') await page.locator(`[data-pad=pin] [data-key="${digit}"]`).click();
    await page.locator('[data-testid=pin-submit]').click();
    await page.locator('input[name=float]').fill('100');
    await page.locator('[data-testid=open-shift]').click();
    await page.locator('.tile').first().waitFor();
    await tapCounts(page);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.reload();
    await page.waitForFunction('Boolean(navigator.serviceWorker.controller)');
    await context.setOffline(true);
    const times: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const started = Date.now();
      await page.reload();
      await page.locator('.tile').first().waitFor();
      times.push(Date.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `time to interactive from the service-worker cache, offline: median ${times[2]} ms (runs ${times.join(', ')})`,
    );
    const queueStarted = Date.now();
    for (let sale = 0; sale < SALES; sale += 1) {
      try {
        await page.locator('.tile[data-sku="MT-01"]').click();
        await page.locator('[data-testid=pay-cash]').click();
        await page.locator('[data-testid=cash-exact]').click();
        await page.locator('[data-testid=next-sale]').click({ timeout: 10_000 });
      } catch (error) {
        await page.screenshot({ path: join(dir, '..', 'xmf-pos-bench-failure.png') });
        throw error;
      }
    }
    console.log(
      `${SALES} offline sales rung up by tapping in ${((Date.now() - queueStarted) / 1000).toFixed(1)} s`,
    );
    const syncStarted = Date.now();
    await context.setOffline(false);
    await page.waitForFunction(
      "document.querySelector('[data-testid=sync-chip]')?.getAttribute('data-unsynced') === '0'",
      undefined,
      { timeout: 600_000, polling: 100 },
    );
    const seconds = (Date.now() - syncStarted) / 1000;
    console.log(
      `${SALES} queued offline sales synced after reconnecting in ${seconds.toFixed(1)} s (${(SALES / seconds).toFixed(1)} sales/s)`,
    );
    // What the server holds: the shift's sales (the tap-count sales, then the offline ones).
    const shifts = await admin.get<{ shifts: { id: string }[] }>('/api/shifts?registerId=bench-1');
    const x = await admin.get<{ xReport: { sales: { count: number } } }>(
      `/api/shifts/${shifts.shifts[0]!.id}/x-report`,
    );
    console.log(
      `server holds ${x.xReport.sales.count} sales on the shift (${TAP_SALES} tap-count sales + ${SALES} offline)`,
    );
  } finally {
    await context.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHROMIUM_ARGS } from '../browser/harness.js';
import { HttpShop, scaled } from '../support/reliability-shop.js';
import { startServerChild, troubleIn, type ServerChild } from '../support/server-child.js';

/**
 * Privacy after the demo data (`npm run demo`, a small one in CI): the aid recipients' and
 * voucher holders' names, phones, ID numbers and addresses, read back from the private
 * registers (GET /api/hardship-vouchers, GET /api/disbursements/{id}/recipient) — the
 * demo's, and one recipient with every field added as a correction of its last month —
 * appear in
 * no public answer: no public JSON, no published PDF's text (pdftotext), no canonical
 * journal, and no residents' page — as served and as Chromium renders it.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const ADMIN_PASSWORD = 'privacy suite admin password';
const DEMO_FLAGS = scaled(['--months', '2', '--scale', '0.1'], ['--months', '3', '--scale', '1']);

const dataDir = mkdtempSync(join(tmpdir(), 'xmf-privacy-'));
let server: ServerChild | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolveRun) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('exit', (code) => resolveRun({ code, output }));
  });
}

beforeAll(async () => {
  const env = { DATA_DIR: dataDir, ADMIN_PASSWORD };
  const began = Date.now();
  const demo = await run(process.execPath, ['--import', 'tsx', 'tools/demo.ts', ...DEMO_FLAGS], {
    ...env,
    DATABASE_URL: '',
  });
  expect(demo.code, demo.output).toBe(0);
  console.info(
    `[privacy] demo ${DEMO_FLAGS.join(' ')} in ${Math.round((Date.now() - began) / 1000)} s`,
  );
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    const build = await run(process.execPath, [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'warn',
    ]);
    expect(build.code, build.output).toBe(0);
  }
  server = await startServerChild({ dataDir, adminPassword: ADMIN_PASSWORD });
}, 1_800_000);

interface Secret {
  what: string;
  value: string;
}

/** Every name, phone, ID number and address in the private registers, every month. */
async function privateDetails(shop: HttpShop, token: string): Promise<Secret[]> {
  const secrets: Secret[] = [];
  const add = (what: string, value: string | null | undefined) => {
    if (value && value.trim().length >= 2) secrets.push({ what, value: value.trim() });
  };
  const { periods } = await shop.json<{ periods: { period: string }[] }>(
    'GET',
    '/api/periods',
    token,
  );
  for (const { period } of periods) {
    const { vouchers } = await shop.json<{
      vouchers: {
        holder: { name: string | null; phone: string | null; household: string | null };
      }[];
    }>('GET', `/api/hardship-vouchers?period=${period}`, token);
    for (const { holder } of vouchers) {
      add('voucher holder name', holder.name);
      add('voucher holder phone', holder.phone);
      add('voucher holder household', holder.household);
    }
  }
  const { disbursements } = await shop.json<{ disbursements: { id: string; fund: string }[] }>(
    'GET',
    '/api/disbursements',
    token,
  );
  for (const disbursement of disbursements.filter((d) => d.fund === 'hardship')) {
    const response = await shop.request('GET', `/api/disbursements/${disbursement.id}/recipient`, {
      token,
    });
    if (response.status === 404) continue;
    const { recipient } = (await response.json()) as {
      recipient: {
        name: string;
        phone: string | null;
        idNumber: string | null;
        address: string | null;
        household: string | null;
      };
    };
    add('aid recipient name', recipient.name);
    add('aid recipient phone', recipient.phone);
    add('aid recipient ID number', recipient.idNumber);
    add('aid recipient address', recipient.address);
    add('aid recipient household', recipient.household);
  }
  const unique = new Map(secrets.map((secret) => [secret.value, secret]));
  return [...unique.values()];
}

test('no aid recipient’s or voucher holder’s name, phone, ID or address in any public JSON, page or PDF', async () => {
  const shop = new HttpShop(server!.baseUrl);
  const texts: { where: string; text: string }[] = [];
  const fetchText = async (path: string) => {
    const response = await fetch(`${shop.baseUrl}${path}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.status, path).toBeLessThan(500);
    return { response, bytes, text: Buffer.from(bytes).toString('utf8') };
  };

  const admin = await shop.login('admin', ADMIN_PASSWORD);
  await shop.json('POST', '/api/users', admin, {
    username: 'privacy-accountant',
    displayName: 'privacy-accountant',
    role: 'accountant',
    password: ADMIN_PASSWORD,
  });
  const accountant = await shop.login('privacy-accountant', ADMIN_PASSWORD);
  const publishedList = async () =>
    JSON.parse((await fetchText('/api/public/statements')).text) as {
      statements: { period: string; version: number }[];
    };

  // The demo's recipients carry a name and a phone; one with every private field is added
  // to its last month, as a correction: reopened, spent, closed and published again.
  const latest = (await publishedList()).statements
    .map((s) => s.period)
    .sort()
    .at(-1);
  expect(latest, 'the demo published nothing').toBeDefined();
  await shop.json('POST', `/api/periods/${latest}/reopen`, admin, { reason: '补记一笔困难帮扶' });
  await shop.json('POST', '/api/disbursements', admin, {
    fund: 'hardship',
    date: `${latest}-20`,
    amount: '88.00',
    category: 'aid_cash',
    description: '困难家庭临时补助',
    paidFrom: 'bank',
    recipient: {
      name: '欧阳某某',
      household: '欧阳家（三口）',
      phone: '13912345678',
      idNumber: '110101199001011234',
      address: '幸福里小区5号楼2单元301室',
      reason: '失业',
    },
    overrideReason: '理事会同意先行垫付',
  });
  await shop.json('POST', `/api/periods/${latest}/close`, accountant);
  await shop.json('POST', `/api/statements/${latest}/publish`, accountant, {
    note: '补记一笔困难家庭补助',
  });

  // Public JSON: the list, every month, every version, the funds, the canonical journals.
  const list = await publishedList();
  texts.push({ where: 'GET /api/public/statements', text: JSON.stringify(list) });
  const periods = [...new Set(list.statements.map((s) => s.period))];
  texts.push({ where: 'GET /api/public/funds', text: (await fetchText('/api/public/funds')).text });
  const pdfDir = mkdtempSync(join(tmpdir(), 'xmf-privacy-pdf-'));
  let pdfs = 0;
  try {
    for (const { period, version } of list.statements) {
      for (const path of [
        `/api/public/statements/${period}`,
        `/api/public/statements/${period}/versions/${version}`,
        `/api/public/statements/${period}/versions/${version}/canonical`,
      ])
        texts.push({ where: `GET ${path}`, text: (await fetchText(path)).text });
      for (const file of [`${version}.pdf`, `${version}.en.pdf`]) {
        const path = `/api/public/statements/${period}/versions/${file}`;
        const { response, bytes } = await fetchText(path);
        expect(response.status, path).toBe(200);
        const pdf = join(pdfDir, `${period}-${file}`);
        writeFileSync(pdf, bytes);
        const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
        expect(text.status, text.stderr).toBe(0);
        expect(text.stdout.length, `${path} has no text`).toBeGreaterThan(200);
        texts.push({ where: `PDF ${path}`, text: text.stdout });
        pdfs += 1;
      }
    }
  } finally {
    rmSync(pdfDir, { recursive: true, force: true });
  }

  // The residents' pages, as served and as a browser shows them.
  const pages = [
    '/',
    '/funds',
    '/verify',
    ...list.statements.map((s) => `/statements/${s.period}/versions/${s.version}`),
    ...periods.map((p) => `/statements/${p}`),
  ];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const path of pages) {
      texts.push({ where: `HTML ${path}`, text: (await fetchText(path)).text });
      await page.goto(`${shop.baseUrl}${path}`, { waitUntil: 'networkidle' });
      texts.push({ where: `page ${path} (DOM)`, text: await page.content() });
      texts.push({
        where: `page ${path} (text)`,
        text: await page.innerText('body'),
      });
    }
  } finally {
    await browser.close();
  }

  const secrets = await privateDetails(shop, accountant);
  const kinds = new Set(secrets.map((secret) => secret.what));
  const leaks = texts.flatMap(({ where, text }) =>
    secrets
      .filter(({ value }) => text.includes(value))
      .map(({ what, value }) => `${what} "${value}" in ${where}`),
  );
  const renderedText = texts
    .filter((t) => t.where.endsWith('(text)'))
    .reduce((n, t) => n + t.text.length, 0);
  console.info(
    `[privacy] ${periods.length} published months, ${texts.length} public texts (${pdfs} PDFs, ${pages.length} pages, ` +
      `${renderedText} characters rendered); ${secrets.length} private details (${[...kinds].join(', ')}); ` +
      `${leaks.length} leaks`,
  );
  if (leaks.length > 0) console.info(leaks.slice(0, 30).join('\n'));
  for (const kind of ['name', 'phone', 'ID number', 'address'])
    expect(kinds).toContain(`aid recipient ${kind}`);
  // The public side really showed the aid: its anonymous label is there.
  expect(texts.some(({ text }) => text.includes('困难家庭'))).toBe(true);
  expect(leaks).toEqual([]);
  await server!.stop();
  expect(troubleIn(server!.output())).toEqual([]);
}, 1_800_000);

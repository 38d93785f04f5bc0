import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { FUND_PALETTE, fundDash } from '../contract/fund-palette.js';
import { categoryQuantityText } from '../contract/vocabulary.js';
import { formatQuantity } from './display-format.js';
import { PDF_SERIES_LINE_WIDTH } from './pdf-charts.js';
import { PAGE_WIDTH, MARGIN_LEFT, MARGIN_RIGHT } from './pdf-theme.js';
import { sampleSpendingLines, sampleStatement } from '../tests/support/statement-fixture.js';
import type { StatementModel } from './statement-model.js';
import { renderStatementPdf } from './statement-pdf.js';

/**
 * The PDF is read back with poppler (pdftotext, pdffonts, pdfinfo), the tools a resident
 * or a journalist would use, rather than with pdfkit's own view of what it wrote.
 *
 * Expected figures are written out by hand for the fixture (not produced by the formatter
 * under test), so a formatting or reconciliation slip fails here.
 */

const run = promisify(execFile);
let directory: string;
let fileCount = 0;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'statement-pdf-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function save(pdf: Buffer): Promise<string> {
  fileCount += 1;
  const file = path.join(directory, `statement-${fileCount}.pdf`);
  await writeFile(file, pdf);
  return file;
}

async function pdftotext(file: string, page?: number): Promise<string> {
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', ...pages, file, '-']);
  return stdout;
}

async function pageCount(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  const match = /^Pages:\s+(\d+)$/m.exec(stdout);
  if (!match) throw new Error(`pdfinfo gave no page count:\n${stdout}`);
  return Number(match[1]);
}

/** pdftotext drops or keeps spaces between CJK and Latin runs as it sees fit. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

async function render(
  model: StatementModel,
  lang: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ pdf: Buffer; file: string; text: string }> {
  const pdf = await renderStatementPdf(model, { lang });
  const file = await save(pdf);
  return { pdf, file, text: await pdftotext(file) };
}

// The fixture's figures as a resident reads them.
const SURPLUS = '15,436.92';
const CLOSING = { operations: '9,900.07', events: '2,607.73', hardship: '9,072.02' };

describe('renderStatementPdf, Chinese (the default)', () => {
  const model = sampleStatement();
  let rendered: { pdf: Buffer; file: string; text: string };

  beforeAll(async () => {
    rendered = await render(model);
  });

  it('shows the surplus, each fund closing balance and the digest as extractable text', () => {
    const { text } = rendered;
    expect(text).toContain(SURPLUS);
    expect(text).toContain(`¥${SURPLUS}`);
    for (const closing of Object.values(CLOSING)) expect(text).toContain(closing);
    expect(text).toContain(model.digest.value);
    expect(text).toContain(model.verifyUrl);
  });

  it('has the Chinese title and headings', async () => {
    const text = squash(rendered.text);
    for (const heading of [
      '辛馍坊社区再投入公示2025年3月',
      '第1版',
      '净销售额',
      '可分配结余',
      '一、销售',
      '二、生产与损耗',
      '三、成本费用',
      '四、结余分配',
      '五、各基金收支',
      '六、支出明细',
      '七、基金期末余额（2024年4月至2025年3月，共12个月）',
      '八、结账、公示与核验',
      '结账：王秀兰（会计）',
      '公示：陈建国（会计）',
      '分配规则（自2025年1月起执行）',
    ]) {
      expect(text).toContain(heading);
    }
    // Times in the business zone, labelled; the public download named in section 八.
    expect(text).toContain('北京时间');
    expect(text).not.toContain('UTC');
    expect(squash(text)).toContain(
      'https://xinmofang.example.cn/api/public/statements/2025-03/versions/1/canonical',
    );
    expect(squash(text)).toContain('免登录');
    // Page 1 says where the money went, in the order it moved.
    const first = squash(await pdftotext(rendered.file, 1));
    expect(first).toContain('钱的去向：净销售额¥83,787.25→减成本费用¥68,350.33→本月结余¥15,436.92');
    expect(first).toContain('月末余额合计');
    // Residents read account names, not codes.
    expect(text).not.toMatch(/\b5\d{3}\.\d{2}\b/);
    expect(text).toContain('困难家庭');
    expect(text).not.toContain('更正说明');
    expect(text).not.toContain('Sales');
  });

  it('embeds Noto Sans SC as a subset with a Unicode map, and no other font', async () => {
    const { stdout } = await run('pdffonts', [rendered.file]);
    const rows = stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '');
    expect(rows).toHaveLength(1);
    const columns = rows[0]!.trim().split(/\s+/);
    // name, type (3 words: CID Type 0C), encoding, emb, sub, uni, object, generation
    expect(columns[0]).toMatch(/^[A-Z]{6}\+NotoSansHans-Regular$/);
    expect(columns.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
  });

  it('numbers every page "第 n / N 页" with N the real page count, and leaves no page empty', async () => {
    const pages = await pageCount(rendered.file);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page += 1) {
      const text = await pdftotext(rendered.file, page);
      const labels = [...text.matchAll(/第\s*(\d+)\s*\/\s*(\d+)\s*页/g)];
      expect(labels.map((match) => [Number(match[1]), Number(match[2])])).toEqual([[page, pages]]);
      expect(text).toContain(model.digest.value);
      const content = squash(text).replace(squash(model.digest.value), '');
      expect(content.length).toBeGreaterThan(300);
    }
  });

  it('re-renders to the same bytes, with the publication time as creation date', async () => {
    const again = await renderStatementPdf(sampleStatement(), { lang: 'zh-CN' });
    expect(again.equals(rendered.pdf)).toBe(true);
    const { stdout } = await run('pdfinfo', ['-isodates', rendered.file]);
    expect(stdout).toMatch(/^CreationDate:\s+2025-04-03T01:30:00Z$/m);
  });
});

describe('renderStatementPdf, determinism', () => {
  it('gives identical bytes for an explicitly pinned creation date', async () => {
    const creationDate = new Date('2025-05-01T00:00:00Z');
    const first = await renderStatementPdf(sampleStatement(), { lang: 'en', creationDate });
    const second = await renderStatementPdf(sampleStatement(), { lang: 'en', creationDate });
    expect(first.equals(second)).toBe(true);
  });

  it('derives the file ID from what is rendered: another figure gets another ID', async () => {
    const trailerId = (pdf: Buffer): string => {
      const match = /\/ID \[<([0-9a-f]+)> <([0-9a-f]+)>\]/.exec(pdf.toString('latin1'));
      if (!match) throw new Error('no /ID in trailer');
      return match[1]!;
    };
    const first = await renderStatementPdf(sampleStatement(), { lang: 'zh-CN' });
    // Only a figure differs: title, version and metadata are the same.
    const refigured = await renderStatementPdf(sampleStatement({ surplus: '15436.93' }), {
      lang: 'zh-CN',
    });
    const english = await renderStatementPdf(sampleStatement(), { lang: 'en' });
    expect(trailerId(first)).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([trailerId(first), trailerId(refigured), trailerId(english)]).size).toBe(3);
  });
});

describe('renderStatementPdf, the shared parsed font', () => {
  it('renders the same bytes in a fresh process as after other statements in this one', async () => {
    // This process has already rendered other statements with the cached font.
    await renderStatementPdf(sampleStatement({ period: '2024-01' }), { lang: 'en' });
    const here = await renderStatementPdf(sampleStatement(), { lang: 'zh-CN' });
    const script = [
      "const { createHash } = await import('node:crypto');",
      "const { sampleStatement } = await import('./tests/support/statement-fixture.ts');",
      "const { renderStatementPdf } = await import('./reports/statement-pdf.ts');",
      "const pdf = await renderStatementPdf(sampleStatement(), { lang: 'zh-CN' });",
      "process.stdout.write(createHash('sha256').update(pdf).digest('hex'));",
    ].join('\n');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
      },
    );
    expect(stdout).toBe(createHash('sha256').update(here).digest('hex'));
  }, 60_000);
});

describe('renderStatementPdf, English', () => {
  it('has the English headings and the same figures', async () => {
    const model = sampleStatement();
    const { file, text } = await render(model, 'en');
    for (const heading of [
      'Xinmofang Community Reinvestment Statement, March 2025',
      'Version 1',
      '1. Sales',
      '2. Production and waste',
      '3. Costs',
      '4. Allocation of the surplus',
      '5. The funds',
      '6. Spending',
      '7. Fund closing balances, April 2024 to March 2025 (12 months)',
      '8. Close, publication and verification',
      'individual household',
      'How to verify',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).not.toContain('一、销售');
    expect(text).toContain('Beijing time');
    expect(text).toContain('no login');
    expect(squash(text)).toContain('/api/public/statements/2025-03/versions/1/canonical');
    // Generated words have an English: aid purposes, the allocation rule's month.
    expect(text).not.toContain('医疗救助');
    expect(text).toContain('January 2025');
    expect(text).toContain(SURPLUS);
    for (const closing of Object.values(CLOSING)) expect(text).toContain(closing);
    const pages = await pageCount(file);
    expect(text).toContain(`Page ${pages} / ${pages}`);
  });
});

describe('renderStatementPdf, long spending list', () => {
  it('breaks the table across pages and repeats its header row on each', async () => {
    const { file } = await render(sampleStatement({ spending: sampleSpendingLines(200) }));
    const pages = await pageCount(file);
    const pagesWithRows: number[] = [];
    for (let page = 1; page <= pages; page += 1) {
      const text = await pdftotext(file, page);
      // Spending rows are the only lines dated in March 2025.
      const rows = text.match(/2025-03-\d{2}/g) ?? [];
      if (rows.length === 0) continue;
      pagesWithRows.push(page);
      for (const header of ['日期', '基金', '品类', '用途', '收款方', '金额（元）']) {
        expect(squash(text), `page ${page}`).toContain(header);
      }
    }
    expect(pagesWithRows.length).toBeGreaterThanOrEqual(4);
    // Continuation pages say so above the repeated header.
    const continued = await pdftotext(file, pagesWithRows[1]);
    expect(squash(continued)).toContain('六、支出明细（续）');
    // All 200 rows made it: one date per row, nothing lost at a page break.
    let dated = 0;
    for (const page of pagesWithRows) {
      dated += ((await pdftotext(file, page)).match(/2025-03-\d{2}/g) ?? []).length;
    }
    expect(dated).toBe(200);
  });

  it('keeps every word inside the page margins, cutting over-long cells with an ellipsis', async () => {
    const [line] = sampleSpendingLines(1);
    const longLine = {
      ...line!,
      description: '社区活动室整体改造所需的各类材料与人工费用'.repeat(12),
      recipient: 'A-very-long-supplier-name-without-any-spaces-at-all-that-cannot-wrap-nicely',
    };
    const { file, text } = await render(
      sampleStatement({ spending: [longLine, ...sampleSpendingLines(30)] }),
    );
    expect(text).toContain('…');
    // The description wraps to a second line before it is cut: more of it shows than fits
    // on one line of its column (about 17 characters).
    expect(squash(text)).toContain(longLine.description.slice(0, 26));
    const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
    const words = [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)];
    expect(words.length).toBeGreaterThan(500);
    const tolerance = 0.5;
    for (const word of words) {
      expect(Number(word[1])).toBeGreaterThanOrEqual(MARGIN_LEFT - tolerance);
      expect(Number(word[2])).toBeLessThanOrEqual(PAGE_WIDTH - MARGIN_RIGHT + tolerance);
    }
  });
});

describe('renderStatementPdf, corrections and deficits', () => {
  it('shows the correction note and names the superseded version', async () => {
    const note = '第1版将3月14日阅览室书架支出误记入公益活动基金，现更正为服务中心运营基金。';
    const model = sampleStatement({ version: 2, correction: { supersedesVersion: 1, note } });
    const zh = squash((await render(model)).text);
    expect(zh).toContain('更正说明（本版取代第1版');
    expect(zh).toContain('第2版（更正版，取代第1版）');
    expect(zh).toContain(squash(note));
    const en = (await render(model, 'en')).text;
    expect(en).toContain('Correction note (this version supersedes version 1');
  });

  it('shows a deficit month as a deficit with nothing allocated', async () => {
    const model = sampleStatement({
      surplus: '-1234.50',
      deficitCarriedIn: '120.00',
      allocable: '0.00',
      allocation: {
        rule: sampleStatement().allocation.rule,
        parts: [
          { fund: 'operations', amount: '0.00' },
          { fund: 'events', amount: '0.00' },
          { fund: 'hardship', amount: '0.00' },
        ],
      },
    });
    const text = squash((await render(model)).text);
    expect(text).toContain('本月亏损¥-1,234.50');
    expect(text).toContain('以前月份结转亏损¥120.00');
    expect(text).toContain('本月没有可分配结余');
  });

  it('refuses a model whose digest is not a SHA-256 value', async () => {
    const model = sampleStatement({
      digest: { algorithm: 'sha256', value: 'not-a-digest', entryCount: 1 },
    });
    await expect(renderStatementPdf(model, { lang: 'zh-CN' })).rejects.toThrow(/digest/);
  });
});

/** The decompressed content streams of a PDF (pdfkit writes them Flate-compressed). */
function contentStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(bytes).toString('latin1'));
    } catch {
      // not a Flate stream (e.g. the font program's own encoding)
    }
  }
  return streams;
}

/** "#1d5c8c" as the PDF's "r g b RG" operands, each to three decimals. */
function rgb(hex: string): number[] {
  return [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
}

describe('renderStatementPdf, charts', () => {
  it('titles the balance chart with the months it really shows, not "12 months"', async () => {
    const twoMonths = sampleStatement().history.slice(-2);
    const model = sampleStatement({ history: twoMonths });
    const zh = squash((await render(model)).text);
    expect(zh).toContain('七、基金期末余额（2025年2月至2025年3月，共2个月）');
    expect(zh).not.toContain('12个月');
    const en = (await render(model, 'en')).text;
    expect(en).toContain('7. Fund closing balances, February 2025 to March 2025 (2 months)');
    expect(en).not.toMatch(/12 months/);
  });

  it('labels the axes with units and whole months, in each language', async () => {
    const model = sampleStatement();
    const zh = await render(model);
    const zhChart = squash(await pdftotext(zh.file, await pageCount(zh.file)));
    expect(zhChart).toContain('期末余额（元）');
    expect(zhChart).toMatch(/¥10,000/);
    expect(zhChart).toContain('2024年4月');
    expect(zhChart).toContain('2025年3月');
    const en = await render(model, 'en');
    const enChart = await pdftotext(en.file, await pageCount(en.file));
    expect(enChart).toContain('Closing balance (CNY)');
    expect(enChart).toMatch(/¥10,000/);
    expect(enChart).toContain('Apr 2024');
    expect(enChart).toContain('Mar 2025');
  });

  it('strokes each fund in the web palette’s colour with its own dash pattern', async () => {
    const { pdf } = await render(sampleStatement());
    const streams = contentStreams(pdf).join('\n');
    const colours = [...streams.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) SCN/g)].map((m) =>
      [m[1], m[2], m[3]].map(Number),
    );
    for (const paint of Object.values(FUND_PALETTE)) {
      const wanted = rgb(paint.color);
      expect(
        colours.some((colour) => colour.every((value, i) => Math.abs(value - wanted[i]!) < 0.005)),
        `stroke colour ${paint.color}`,
      ).toBe(true);
    }
    const dashes = new Set(
      [...streams.matchAll(/\[([\d. ]+)\] [\d.]+ d/g)].map((m) =>
        m[1]!.trim().split(/\s+/).map(Number).join(' '),
      ),
    );
    const expected = (['events', 'hardship'] as const).map((fund) =>
      fundDash(fund, PDF_SERIES_LINE_WIDTH).join(' '),
    );
    expect(new Set(expected).size).toBe(2);
    for (const dash of expected) expect(dashes, `dash ${dash}`).toContain(dash);
  });
});

describe('renderStatementPdf, quantities per unit', () => {
  it('prints a category that sells by the piece and by weight as one figure per unit', async () => {
    const model = sampleStatement();
    const mixed = model.sales.byCategory.filter((row) => (row.quantities?.length ?? 0) > 1);
    expect(mixed.length).toBeGreaterThan(0);
    const zh = squash((await render(model)).text);
    const en = squash((await render(model, 'en')).text);
    // One line per unit in the PDF's cell.
    for (const row of model.sales.byCategory) {
      expect(zh).toContain(squash(categoryQuantityText(row, 'zh-CN', formatQuantity, '')));
      expect(en).toContain(squash(categoryQuantityText(row, 'en', formatQuantity, '')));
    }
    expect(zh).toMatch(/[个块][\d,.]+斤/);
    expect(en).toMatch(/pc[\d,.]+jin/);
  });
});

describe('renderStatementPdf, English words', () => {
  // A hyphenated fund name, as the shop's own funds are called, in narrow table cells.
  const base = sampleStatement();
  const model = sampleStatement({
    funds: base.funds.map((fund) =>
      fund.fund === 'operations' ? { ...fund, nameEn: 'Service-center operations' } : fund,
    ),
    // The month's voucher line, as the books write it: a long generated purpose.
    spending: [
      ...base.spending,
      {
        date: '2025-03-31',
        fund: 'hardship',
        category: 'voucher_redemption',
        categoryName: '帮扶券兑换',
        categoryNameEn: 'Bread vouchers redeemed',
        description: '本月帮扶券兑换馒头等面食（合计）',
        descriptionEn:
          'Hardship vouchers redeemed for buns and other wheat foods this month (total)',
        recipient: '困难家庭',
        recipientEn: 'individual household',
        amount: '468.00',
      },
    ],
  });
  let text = '';
  beforeAll(async () => {
    text = (await render(model, 'en')).text;
  });

  it('has no generated Chinese: only what staff typed is left as typed', () => {
    let rest = squash(text);
    const typed = [
      ...model.spending.filter((line) => !line.descriptionEn).map((line) => line.description),
      ...model.spending
        .filter((line) => line.recipientEn === line.recipient)
        .map((l) => l.recipient),
      model.closedBy.name,
      model.publishedBy?.name ?? '',
    ].filter(Boolean);
    for (const words of typed.sort((a, b) => b.length - a.length)) {
      rest = rest.split(squash(words)).join('');
    }
    expect(rest.match(/[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]+/g) ?? []).toEqual([]);
  });

  it('never splits a generated word across lines ("Service-cente / r")', () => {
    const generated = [
      ...model.funds.map((fund) => fund.nameEn),
      ...model.funds.flatMap((fund) => fund.spentByCategory.map((row) => row.nameEn)),
      ...model.sales.byCategory.map((row) => row.nameEn),
      ...model.costs.byAccount.map((row) => row.nameEn),
      ...model.spending.flatMap((line) => [line.categoryNameEn, line.descriptionEn ?? '']),
    ];
    const words = new Set(generated.flatMap((phrase) => phrase.match(/[A-Za-z]+/g) ?? []));
    const tokens = text.match(/[A-Za-z]+/g) ?? [];
    const broken: string[] = [];
    tokens.forEach((token, index) => {
      const next = tokens[index + 1] ?? '';
      if (!words.has(token) && words.has(token + next)) broken.push(`${token}/${next}`);
    });
    expect(broken).toEqual([]);
    expect(text).toContain('Service-');
    // Generated words are printed whole, not cut with an ellipsis.
    for (const line of model.spending) {
      if (line.descriptionEn) expect(squash(text)).toContain(squash(line.descriptionEn));
      expect(squash(text)).toContain(squash(line.categoryNameEn));
    }
    expect(text).not.toMatch(/[’‘“”]/);
  });
});

describe('renderStatementPdf, production that does not reconcile', () => {
  it('shows what the records do not explain, per product, and says what it means', async () => {
    const base = sampleStatement();
    const weighed = base.production.items.findIndex((item) => item.unit === '斤');
    expect(weighed).toBeGreaterThanOrEqual(0);
    const items = base.production.items.map((item, index) =>
      index === weighed ? { ...item, unaccounted: '7.5' } : { ...item, unaccounted: '0' },
    );
    const model = sampleStatement({ production: { ...base.production, items } });
    const zh = squash((await render(model)).text);
    expect(zh).toContain('未记录去向');
    expect(zh).toContain('称重误差');
    const en = await render(model, 'en');
    expect(en.text).toContain('Not accounted for');
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', en.file, '-']);
    const row = stdout
      .split('\n')
      .find((line) => line.includes(base.production.items[weighed]!.productEn));
    // The weighed product's row ends in its unaccounted quantity.
    expect(row).toMatch(/\s7\.5\s*$/);
    // A month where everything is accounted for has no such column.
    expect(squash((await render(base)).text)).not.toContain('未记录去向');
  });
});

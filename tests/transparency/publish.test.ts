import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import type { StatementModel } from '../../reports/statement-model.js';
import { renderStatementPdf } from '../../reports/statement-pdf.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

const SECRET_NAME = '欧阳翠花';
const SECRET_PHONE = '13912345678';
const SECRET_ID = '370104198802305566';
const SECRET_ADDRESS = '幸福小区7号楼';

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'xmf-pdf-'));
  const file = join(dir, 'statement.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describeEachDatabase('transparency: publish and public pages', (database) => {
  let t: TestApp;
  let accountant: string;
  let admin: string;
  const db = () => database.current.db;
  const publicAnswers: string[] = [];

  async function getPublic(path: string) {
    const response = await t.request('GET', path);
    const body = Buffer.from(await response.arrayBuffer());
    publicAnswers.push(
      response.headers.get('content-type')?.includes('pdf') ? pdfText(body) : body.toString('utf8'),
    );
    return { response, body };
  }

  test('setup: a closed month with sales, costs and hardship aid', async () => {
    t = createTestApp(database);
    t.clock.set('2026-11-28T04:00:00Z');
    accountant = (await t.login('accountant')).token;
    admin = (await t.login('admin')).token;
    await post(
      db(),
      '2026-09-01',
      [
        ['1002', '50000.00', null],
        ['3001', null, '50000.00'],
      ],
      '实收资本',
    );
    await post(
      db(),
      '2026-09-15',
      [
        ['1001', '8888.88', null],
        ['5001', null, '8888.88'],
      ],
      '现金销售',
    );
    await post(
      db(),
      '2026-09-20',
      [
        ['5401.01', '2345.67', null],
        ['1002', null, '2345.67'],
      ],
      '面粉',
    );
    expect(
      (await t.request('POST', '/api/periods/2026-09/close', { token: accountant })).status,
    ).toBe(200);
    const aid = await t.request('POST', '/api/disbursements', {
      token: accountant,
      body: {
        fund: 'hardship',
        date: '2026-10-08',
        amount: '300.00',
        category: 'aid_cash',
        description: `${SECRET_NAME}家医药费补助`,
        paidFrom: 'bank',
        recipient: {
          name: SECRET_NAME,
          phone: SECRET_PHONE,
          idNumber: SECRET_ID,
          address: SECRET_ADDRESS,
          reason: '重病',
        },
      },
    });
    expect(aid.status).toBe(201);
    await post(
      db(),
      '2026-10-10',
      [
        ['1001', '1000.00', null],
        ['5001', null, '1000.00'],
      ],
      '现金销售',
    );
  });

  test('publishing an open month is refused; a closed one is version 1 with the PDF’s SHA-256', async () => {
    const open = await t.request('POST', '/api/statements/2026-10/publish', { token: accountant });
    expect(open.status).toBe(409);
    expect(((await open.json()) as { error: { code: string } }).error.code).toBe(
      'period_not_closed',
    );
    expect(
      (
        await t.request('POST', '/api/statements/2026-09/publish', {
          token: (await t.login('cashier')).token,
        })
      ).status,
    ).toBe(403);

    const response = await t.request('POST', '/api/statements/2026-09/publish', {
      token: accountant,
    });
    expect(response.status).toBe(201);
    const { statement } = (await response.json()) as {
      statement: { period: string; version: number; sha256: string; pdfUrl: string };
    };
    expect(statement.version).toBe(1);
    const { response: pdfResponse, body } = await getPublic(statement.pdfUrl);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    expect(sha256(body)).toBe(statement.sha256);
    const text = pdfText(body);
    const digest = (
      await db()
        .selectFrom('periods')
        .select('digest')
        .where('period', '=', '2026-09')
        .executeTakeFirstOrThrow()
    ).digest!;
    expect(text).toContain('6,543.21'); // the surplus 8888.88 − 2345.67
    expect(text.replace(/\s+/g, '')).toContain(digest);

    const again = await t.request('POST', '/api/statements/2026-09/publish', { token: accountant });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'already_published',
    );
  });

  test('public endpoints need no login and show the stored figures of published months only', async () => {
    const { response, body } = await getPublic('/api/public/statements');
    expect(response.status).toBe(200);
    const list = JSON.parse(body.toString()) as {
      statements: { period: string; version: number; current: boolean; surplus: string }[];
    };
    expect(list.statements.map((s) => [s.period, s.version, s.current, s.surplus])).toEqual([
      ['2026-09', 1, true, '6543.21'],
    ]);
    const month = await getPublic('/api/public/statements/2026-09');
    const answer = JSON.parse(month.body.toString()) as {
      statement: { surplus: string; funds: { fund: string; closing: string }[] };
    };
    expect(answer.statement.surplus).toBe('6543.21');
    expect(answer.statement.funds.map((f) => [f.fund, f.closing])).toEqual([
      ['operations', '3271.61'],
      ['events', '1962.96'],
      ['hardship', '1308.64'],
    ]);
    // Revenue booked by hand, outside the till, still makes the tables add up to net sales.
    const sales = (
      answer as unknown as {
        statement: {
          sales: {
            net: string;
            byCategory: { category: string; amount: string }[];
            byTender: { method: string; amount: string }[];
          };
        };
      }
    ).statement.sales;
    expect(sales.byCategory).toEqual([
      expect.objectContaining({ category: 'other', amount: '8888.88' }),
    ]);
    expect(sales.byTender.find((row) => row.method === 'other')?.amount).toBe('8888.88');
    expect(sales.net).toBe('8888.88');
    const unpublished = await getPublic('/api/public/statements/2026-10');
    expect(unpublished.response.status).toBe(404);
    await getPublic('/api/public/funds');
  });

  test('the database refuses any change to a published version', async () => {
    await expect(
      sql`UPDATE statements SET sha256 = 'x' WHERE period = '2026-09'`.execute(db()),
    ).rejects.toThrow(/entry_immutable/);
    await expect(sql`DELETE FROM statements`.execute(db())).rejects.toThrow(/entry_immutable/);
    await expect(
      sql`INSERT INTO statements (period, version, close_id, figures, pdf, sha256, pdf_en, sha256_en, digest, published_at, correction_note, supersedes_version)
          SELECT period, 9, close_id, figures, pdf, 'not-the-hash', pdf_en, sha256_en, digest, now(), 'x', 8 FROM statements WHERE period = '2026-09'`.execute(
        db(),
      ),
    ).rejects.toThrow();
  });

  test('a correction after reopen needs a note, makes version 2 naming version 1, and both stay public', async () => {
    await t.request('POST', '/api/periods/2026-10/close', { token: accountant });
    // Reopen needs later months reopened first.
    expect(
      (
        await t.request('POST', '/api/periods/2026-10/reopen', {
          token: admin,
          body: { reason: '补录九月电费' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.request('POST', '/api/periods/2026-09/reopen', {
          token: admin,
          body: { reason: '补录九月电费' },
        })
      ).status,
    ).toBe(200);
    await post(
      db(),
      '2026-09-30',
      [
        ['5602.02', '43.21', null],
        ['1002', null, '43.21'],
      ],
      '九月电费',
    );
    expect(
      (await t.request('POST', '/api/periods/2026-09/close', { token: accountant })).status,
    ).toBe(200);

    const noNote = await t.request('POST', '/api/statements/2026-09/publish', {
      token: accountant,
    });
    expect(noNote.status).toBe(422);
    expect(((await noNote.json()) as { error: { code: string } }).error.code).toBe(
      'correction_note_required',
    );
    const corrected = await t.request('POST', '/api/statements/2026-09/publish', {
      token: accountant,
      body: { note: '补录九月电费 43.21 元，盈余相应减少。' },
    });
    expect(corrected.status).toBe(201);
    const { statement } = (await corrected.json()) as {
      statement: { version: number; pdfUrl: string; sha256: string };
    };
    expect(statement.version).toBe(2);
    const text = pdfText((await getPublic(statement.pdfUrl)).body);
    expect(text).toContain('更正说明');
    expect(text).toContain('6,500.00');

    const { body } = await getPublic('/api/public/statements');
    const list = JSON.parse(body.toString()) as {
      statements: {
        version: number;
        current: boolean;
        correction: { supersedesVersion: number } | null;
      }[];
    };
    expect(
      list.statements.map((s) => [s.version, s.current, s.correction?.supersedesVersion ?? null]),
    ).toEqual([
      [2, true, 1],
      [1, false, null],
    ]);
    const v1 = await getPublic('/api/public/statements/2026-09/versions/1.pdf');
    expect(v1.response.status).toBe(200);
    // Anyone holding the published figures can re-render the PDF and get the same bytes.
    const stored = JSON.parse(
      (await getPublic('/api/public/statements/2026-09/versions/1')).body.toString(),
    ) as { statement: StatementModel };
    const rerendered = await renderStatementPdf(stored.statement, { lang: 'zh-CN' });
    expect(sha256(rerendered)).toBe(sha256(v1.body));
    await getPublic('/api/public/statements/2026-09/versions/1.en.pdf');
    await getPublic('/api/public/statements/2026-09/versions/2');
  });

  test('privacy: no public answer or PDF names, locates or identifies the aid recipient', async () => {
    await t.request('POST', '/api/periods/2026-10/close', { token: accountant });
    expect(
      (await t.request('POST', '/api/statements/2026-10/publish', { token: accountant })).status,
    ).toBe(201);
    const month = await getPublic('/api/public/statements/2026-10');
    const answer = JSON.parse(month.body.toString()) as {
      statement: { spending: { recipient: string }[] };
      publication: { pdfUrl: string; pdfUrlEn: string };
    };
    expect(answer.statement.spending.map((line) => line.recipient)).toContain('困难家庭');
    await getPublic(answer.publication.pdfUrl);
    await getPublic(answer.publication.pdfUrlEn);
    await getPublic('/api/public/statements');
    await getPublic('/api/public/funds');
    expect(publicAnswers.length).toBeGreaterThan(10);
    const everything = publicAnswers.join('\n');
    expect(everything).toContain('困难家庭');
    for (const secret of [SECRET_NAME, SECRET_PHONE, SECRET_ID, SECRET_ADDRESS, '欧阳'])
      expect(everything).not.toContain(secret);
  });
});

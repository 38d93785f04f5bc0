import { sql } from 'kysely';
import type { Executor } from '../../ledger/core/executor.js';
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

async function statementCount(db: Executor): Promise<number> {
  const row = await sql<{ n: string }>`SELECT count(*) AS n FROM statements`.execute(db);
  return Number(row.rows[0]!.n);
}

describeEachDatabase('statements: the PDF preview before publishing', (database) => {
  let t: TestApp;
  let accountant: string;

  beforeAll(async () => {
    t = createTestApp(database);
    t.clock.set('2026-11-10T04:00:00Z');
    accountant = (await t.login('accountant')).token;
    await post(database.current.db, '2026-10-05', [
      ['1001', '1200.00', null],
      ['5001', null, '1200.00'],
    ]);
  });

  test('an open month has no preview: period_not_closed', async () => {
    const response = await t.request('GET', '/api/statements/2026-10/preview.pdf', {
      token: accountant,
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'period_not_closed',
    );
  });

  test('a cashier may not preview', async () => {
    const response = await t.request('GET', '/api/statements/2026-10/preview.pdf', {
      token: (await t.login('cashier')).token,
    });
    expect(response.status).toBe(403);
  });

  test('a closed month renders in Chinese and English, and nothing is stored', async () => {
    const closed = await t.request('POST', '/api/periods/2026-10/close', { token: accountant });
    expect(closed.status).toBe(200);
    const before = await statementCount(database.current.db);
    for (const path of [
      '/api/statements/2026-10/preview.pdf',
      '/api/statements/2026-10/preview.pdf?lang=en',
    ]) {
      const response = await t.request('GET', path, { token: accountant });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);
      // The console frames this PDF inline: same origin only, never another site.
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain("frame-ancestors 'none'");
      console.log(`${database.kind} ${path}: ${bytes.length} bytes`);
    }
    expect(await statementCount(database.current.db)).toBe(before);
    expect(before).toBe(0);
    // The month is still publishable as version 1: the preview took no version.
    const published = await t.request('POST', '/api/statements/2026-10/publish', {
      token: accountant,
    });
    expect(published.status).toBe(201);
    expect(((await published.json()) as { statement: { version: number } }).statement.version).toBe(
      1,
    );
  });

  test('every other route, the published PDF included, may not be framed at all', async () => {
    const listing = (await (await t.request('GET', '/api/public/statements')).json()) as {
      statements: { pdfUrl: string }[];
    };
    const pdfUrl = new URL(listing.statements[0]!.pdfUrl, 'http://localhost').pathname;
    for (const path of [
      '/health',
      '/api/public/statements',
      pdfUrl,
      '/api/statements/2026-10/preview.pdf/x',
    ]) {
      const response = await t.request('GET', path, { token: accountant });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("frame-ancestors 'self'");
    }
  });
});

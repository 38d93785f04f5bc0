import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { periodDigest, sha256Hex } from '../../ledger/books/digest.js';
import { D } from '../../ledger/core/money.js';
import { createTestApp, TestClock, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

interface EntryJson {
  id: string;
  seq: number;
  date: string;
  period: string;
  description: string;
  source: string;
  reversesId: string | null;
  reversedBy?: string | null;
  lines: { account: string; debit: string; credit: string; memo: string | null }[];
}

async function errorOf(response: Response): Promise<{ code: string; details?: unknown }> {
  const body = (await response.json()) as { error?: { code: string; details?: unknown } };
  return body.error ?? { code: `(no error; status ${response.status})` };
}

function flour(amount: string, extra: Record<string, unknown> = {}) {
  return {
    date: '2026-05-04',
    description: '面粉 10 袋',
    lines: [
      { account: '5401.01', debit: amount, memo: '富强粉' },
      { account: '1002', credit: amount },
    ],
    ...extra,
  };
}

describeEachDatabase(
  'ledger over HTTP: accounts, journal, reports, periods, export',
  (database) => {
    const db = () => database.current.db;
    let shared: { t: TestApp; token: string } | undefined;
    async function accountant(): Promise<{ t: TestApp; token: string }> {
      if (!shared) {
        // The suite posts into 2027: the clock stands at its end, so no date is in the future.
        const t = createTestApp(database, {
          clock: new TestClock(new Date('2027-12-20T02:00:00Z')),
        });
        shared = { t, token: (await t.login('accountant')).token };
      }
      return shared;
    }

    test('every ledger route needs an accountant: 401 without login, 403 for a cashier', async () => {
      const { t } = await accountant();
      const cashier = await t.login('cashier');
      const admin = await t.login('admin');
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/accounts'],
        ['POST', '/api/journal', flour('1.00')],
        ['GET', '/api/journal'],
        ['GET', `/api/journal/${randomUUID()}`],
        ['POST', `/api/journal/${randomUUID()}/reverse`, { date: '2026-05-05', reason: 'x' }],
        ['GET', '/api/reports/trial-balance?period=2026-05'],
        ['GET', '/api/reports/general-ledger?account=1001&from=2026-05-01&to=2026-05-31'],
        ['GET', '/api/periods'],
        ['GET', '/api/periods/2026-05/verify'],
        ['GET', '/api/export/journal?format=ledger'],
      ];
      for (const [method, path, body] of routes) {
        const anonymous = await t.request(method, path, { body });
        expect([path, anonymous.status, (await errorOf(anonymous)).code]).toEqual([
          path,
          401,
          'unauthenticated',
        ]);
        const refused = await t.request(method, path, { body, token: cashier.token });
        expect([path, refused.status, (await errorOf(refused)).code]).toEqual([
          path,
          403,
          'forbidden',
        ]);
      }
      // An admin may step in for an accountant (docs/decisions/0003-roles-imply.md).
      expect((await t.request('GET', '/api/accounts', { token: admin.token })).status).toBe(200);
    });

    test('GET /api/accounts lists the chart with parent, normal side and fund', async () => {
      const { t, token } = await accountant();
      const response = await t.request('GET', '/api/accounts', { token });
      expect(response.status).toBe(200);
      const { accounts } = (await response.json()) as { accounts: Record<string, unknown>[] };
      const byCode = new Map(accounts.map((account) => [account.code, account]));
      expect(byCode.get('1012.01')).toEqual({
        code: '1012.01',
        name: '微信支付待结算',
        nameEn: 'WeChat Pay clearing',
        type: 'asset',
        postable: true,
        parent: '1012',
        normalSide: 'debit',
        active: true,
      });
      expect(byCode.get('1012')).toMatchObject({ postable: false, parent: null });
      expect(byCode.get('3104.13')).toMatchObject({
        fund: 'hardship',
        type: 'equity',
        normalSide: 'credit',
      });
      expect(accounts.map((account) => account.code)).toEqual(
        [...accounts.map((account) => account.code as string)].sort(),
      );
    });

    test('POST /api/journal: 201 with money as strings; same id and content 200; other content 409; audited once', async () => {
      const { t, token } = await accountant();
      const id = randomUUID();
      const first = await t.request('POST', '/api/journal', {
        token,
        body: flour('850.5', { id }),
      });
      expect(first.status).toBe(201);
      const { entry } = (await first.json()) as { entry: EntryJson };
      expect(entry).toMatchObject({
        id,
        date: '2026-05-04',
        period: '2026-05',
        description: '面粉 10 袋',
        source: 'manual',
        reversesId: null,
        lines: [
          { account: '5401.01', debit: '850.50', credit: '0.00', memo: '富强粉' },
          { account: '1002', debit: '0.00', credit: '850.50', memo: null },
        ],
      });
      expect(Number.isInteger(entry.seq)).toBe(true);

      const replay = await t.request('POST', '/api/journal', {
        token,
        body: flour('850.50', { id }),
      });
      expect(replay.status).toBe(200);
      expect(((await replay.json()) as { entry: EntryJson }).entry).toEqual(entry);

      const other = await t.request('POST', '/api/journal', {
        token,
        body: flour('851.00', { id }),
      });
      expect(other.status).toBe(409);
      expect((await errorOf(other)).code).toBe('idempotency_conflict');

      const audits = await db()
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('subject', '=', id)
        .execute();
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        action: 'journal_entry_posted',
        details: { total: '850.50', lines: 2 },
      });
    });

    test('POST /api/journal: an id that belongs to another kind of entry is a 409, not a 500', async () => {
      const { t, token } = await accountant();
      const id = randomUUID();
      await db()
        .transaction()
        .execute(async (trx) => {
          await sql`INSERT INTO periods (period) VALUES ('2026-05') ON CONFLICT DO NOTHING`.execute(
            trx,
          );
          await sql`INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
          VALUES (${id}, '2026-05-02', '2026-05', 'a sale', 'sale', ${`sale:${id}`}, 'x')`.execute(
            trx,
          );
          await sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
          VALUES (${id}, 1, '1001', 3, 0, '2026-05', '2026-05-02'), (${id}, 2, '5001', 0, 3, '2026-05', '2026-05-02')`.execute(
            trx,
          );
        });
      const response = await t.request('POST', '/api/journal', {
        token,
        body: flour('3.00', { id }),
      });
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe('idempotency_conflict');
    });

    test('POST /api/journal: the same new id from 8 requests at once makes one entry', async () => {
      const { t, token } = await accountant();
      const id = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.request('POST', '/api/journal', { token, body: flour('12.34', { id }) }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = await Promise.all(
        responses.map(
          async (response) => ((await response.json()) as { entry: EntryJson }).entry.id,
        ),
      );
      expect(new Set(ids)).toEqual(new Set([id]));
      const rows = await db()
        .selectFrom('journal_entries')
        .select('id')
        .where('idempotency_key', '=', `manual:${id}`)
        .execute();
      expect(rows).toHaveLength(1);
    });

    test.each([
      [
        'unbalanced by a fen',
        {
          date: '2026-05-06',
          description: 'x',
          lines: [
            { account: '1001', debit: '10.00' },
            { account: '5001', credit: '9.99' },
          ],
        },
        422,
        'entry_unbalanced',
      ],
      [
        'one line',
        { date: '2026-05-06', description: 'x', lines: [{ account: '1001', debit: '1.00' }] },
        422,
        'entry_too_few_lines',
      ],
      [
        'unknown account',
        {
          date: '2026-05-06',
          description: 'x',
          lines: [
            { account: '9999', debit: '1.00' },
            { account: '5001', credit: '1.00' },
          ],
        },
        422,
        'account_unknown',
      ],
      [
        'heading account',
        {
          date: '2026-05-06',
          description: 'x',
          lines: [
            { account: '1012', debit: '1.00' },
            { account: '5001', credit: '1.00' },
          ],
        },
        422,
        'account_not_postable',
      ],
      [
        'debit and credit on one line',
        {
          date: '2026-05-06',
          description: 'x',
          lines: [
            { account: '1001', debit: '1.00', credit: '1.00' },
            { account: '5001', credit: '0.00' },
          ],
        },
        422,
        'amount_invalid',
      ],
      [
        'money as a number',
        {
          date: '2026-05-06',
          description: 'x',
          lines: [
            { account: '1001', debit: 1 },
            { account: '5001', credit: '1.00' },
          ],
        },
        400,
        'invalid_input',
      ],
      [
        'three decimals',
        {
          date: '2026-05-06',
          description: 'x',
          lines: [
            { account: '1001', debit: '1.005' },
            { account: '5001', credit: '1.005' },
          ],
        },
        400,
        'invalid_input',
      ],
      [
        'not a calendar date',
        {
          date: '2026-02-30',
          description: 'x',
          lines: [
            { account: '1001', debit: '1.00' },
            { account: '5001', credit: '1.00' },
          ],
        },
        400,
        'invalid_input',
      ],
      [
        'unknown field',
        {
          date: '2026-05-06',
          description: 'x',
          source: 'sale',
          lines: [
            { account: '1001', debit: '1.00' },
            { account: '5001', credit: '1.00' },
          ],
        },
        400,
        'invalid_input',
      ],
      [
        'empty description',
        {
          date: '2026-05-06',
          description: '  ',
          lines: [
            { account: '1001', debit: '1.00' },
            { account: '5001', credit: '1.00' },
          ],
        },
        400,
        'invalid_input',
      ],
      ['not JSON', '{"date":', 400, 'malformed_json'],
    ] as const)('POST /api/journal: %s → %i %s', async (_name, body, status, code) => {
      const { t, token } = await accountant();
      const response = await t.request('POST', '/api/journal', { token, body });
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      if (code === 'invalid_input') expect(Array.isArray(error.details)).toBe(true);
    });

    test('POST /api/journal: more than 500 lines is 422 entry_too_large', async () => {
      const { t, token } = await accountant();
      const lines = Array.from({ length: 501 }, (_, index) =>
        index === 0 ? { account: '5001', credit: '500.00' } : { account: '1001', debit: '1.00' },
      );
      const response = await t.request('POST', '/api/journal', {
        token,
        body: { date: '2026-05-06', description: 'many', lines },
      });
      expect(response.status).toBe(422);
      expect((await errorOf(response)).code).toBe('entry_too_large');
    });

    test('a closed period refuses postings with 409 period_closed', async () => {
      const { t, token } = await accountant();
      await db()
        .insertInto('periods')
        .values({
          period: '2025-01',
          status: 'closed',
          closed_by: null,
          closed_at: new Date(),
          digest: (await periodDigest(db(), '2025-01')).digest,
          entry_count: 0,
        })
        .execute();
      for (const date of ['2025-01-15', '2024-12-31']) {
        const response = await t.request('POST', '/api/journal', {
          token,
          body: flour('5.00', { date }),
        });
        expect(response.status).toBe(409);
        expect((await errorOf(response)).code).toBe('period_closed');
      }
    });

    test('GET /api/journal pages through a period in sequence order; GET /api/journal/{id} reads one', async () => {
      const { t, token } = await accountant();
      const ids: string[] = [];
      for (let day = 1; day <= 7; day += 1) {
        const response = await t.request('POST', '/api/journal', {
          token,
          body: flour(`${day}.25`, { date: `2026-08-0${day}` }),
        });
        expect(response.status).toBe(201);
        ids.push(((await response.json()) as { entry: EntryJson }).entry.id);
      }
      const seen: string[] = [];
      for (let page = 1; page <= 3; page += 1) {
        const response = await t.request(
          'GET',
          `/api/journal?period=2026-08&page=${page}&pageSize=3`,
          {
            token,
          },
        );
        expect(response.status).toBe(200);
        const body = (await response.json()) as {
          total: number;
          pages: number;
          entries: EntryJson[];
        };
        expect(body).toMatchObject({ total: 7, pages: 3 });
        seen.push(...body.entries.map((entry) => entry.id));
      }
      expect(seen).toEqual(ids);
      const newest = await t.request('GET', '/api/journal?period=2026-08&order=desc&pageSize=1', {
        token,
      });
      expect(((await newest.json()) as { entries: EntryJson[] }).entries[0]!.id).toBe(ids[6]);

      for (const query of ['pageSize=201', 'page=0', 'period=2026-13', 'colour=red']) {
        const bad = await t.request('GET', `/api/journal?${query}`, { token });
        expect([query, bad.status, (await errorOf(bad)).code]).toEqual([
          query,
          400,
          'invalid_input',
        ]);
      }

      const one = await t.request('GET', `/api/journal/${ids[2]}`, { token });
      expect(one.status).toBe(200);
      expect(((await one.json()) as { entry: EntryJson }).entry).toMatchObject({
        id: ids[2],
        date: '2026-08-03',
        reversedBy: null,
        lines: [{ debit: '3.25' }, { credit: '3.25' }],
      });
      const missing = await t.request('GET', `/api/journal/${randomUUID()}`, { token });
      expect(missing.status).toBe(404);
      expect((await errorOf(missing)).code).toBe('entry_not_found');
      const malformed = await t.request('GET', '/api/journal/not-a-uuid', { token });
      expect(malformed.status).toBe(400);
      expect((await errorOf(malformed)).code).toBe('invalid_input');
    });

    test('POST /api/journal/{id}/reverse: 201 mirror entry, same request 200, another 409; sales are not reversed here', async () => {
      const { t, token } = await accountant();
      const posted = await t.request('POST', '/api/journal', {
        token,
        body: {
          date: '2026-09-03',
          description: '误记 wrong account',
          lines: [
            { account: '5602.04', debit: '99.90' },
            { account: '1002', credit: '99.90' },
          ],
        },
      });
      const { entry } = (await posted.json()) as { entry: EntryJson };
      const request = { date: '2026-09-04', reason: '记错科目' };
      const reversed = await t.request('POST', `/api/journal/${entry.id}/reverse`, {
        token,
        body: request,
      });
      expect(reversed.status).toBe(201);
      const reversal = ((await reversed.json()) as { entry: EntryJson }).entry;
      expect(reversal).toMatchObject({
        source: 'reversal',
        reversesId: entry.id,
        date: '2026-09-04',
        lines: [
          { account: '5602.04', debit: '0.00', credit: '99.90' },
          { account: '1002', debit: '99.90', credit: '0.00' },
        ],
      });
      expect(reversal.description).toContain('记错科目');

      const again = await t.request('POST', `/api/journal/${entry.id}/reverse`, {
        token,
        body: request,
      });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { entry: EntryJson }).entry.id).toBe(reversal.id);
      const different = await t.request('POST', `/api/journal/${entry.id}/reverse`, {
        token,
        body: { date: '2026-09-05', reason: '再次' },
      });
      expect(different.status).toBe(409);
      expect(await errorOf(different)).toMatchObject({
        code: 'entry_already_reversed',
        details: { reversalId: reversal.id },
      });
      const ofReversal = await t.request('POST', `/api/journal/${reversal.id}/reverse`, {
        token,
        body: request,
      });
      expect(ofReversal.status).toBe(409);
      expect((await errorOf(ofReversal)).code).toBe('entry_already_reversed');

      const read = await t.request('GET', `/api/journal/${entry.id}`, { token });
      expect(((await read.json()) as { entry: EntryJson }).entry.reversedBy).toBe(reversal.id);

      const audits = await db()
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'journal_entry_reversed')
        .where('subject', '=', entry.id)
        .execute();
      expect(audits).toHaveLength(1);
      expect(audits[0]!.details).toMatchObject({ reversalId: reversal.id, reason: '记错科目' });

      const saleId = randomUUID();
      await db()
        .transaction()
        .execute(async (trx) => {
          await sql`INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
          VALUES (${saleId}, '2026-09-02', '2026-09', 'a sale', 'sale', ${`sale:${saleId}`}, 'x')`.execute(
            trx,
          );
          await sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
          VALUES (${saleId}, 1, '1001', 3, 0, '2026-09', '2026-09-02'), (${saleId}, 2, '5001', 0, 3, '2026-09', '2026-09-02')`.execute(
            trx,
          );
        });
      const sale = await t.request('POST', `/api/journal/${saleId}/reverse`, {
        token,
        body: request,
      });
      expect(sale.status).toBe(422);
      expect((await errorOf(sale)).code).toBe('entry_not_reversible');

      const missing = await t.request('POST', `/api/journal/${randomUUID()}/reverse`, {
        token,
        body: request,
      });
      expect(missing.status).toBe(404);
      expect((await errorOf(missing)).code).toBe('entry_not_found');
      const noReason = await t.request('POST', `/api/journal/${entry.id}/reverse`, {
        token,
        body: { date: '2026-09-04' },
      });
      expect(noReason.status).toBe(400);
      expect((await errorOf(noReason)).code).toBe('invalid_input');
    });

    test('trial balance: API shape, both scopes, balanced totals; general ledger with running balance', async () => {
      const { t, token } = await accountant();
      for (const [date, lines] of [
        [
          '2026-10-01',
          [
            { account: '1012.01', debit: '100.00' },
            { account: '5001', credit: '100.00' },
          ],
        ],
        [
          '2026-11-02',
          [
            { account: '1002', debit: '99.40' },
            { account: '5601.01', debit: '0.60' },
            { account: '1012.01', credit: '100.00' },
          ],
        ],
        [
          '2026-11-03',
          [
            { account: '1012.01', debit: '20.05' },
            { account: '5001', credit: '20.05' },
          ],
        ],
      ] as const) {
        const response = await t.request('POST', '/api/journal', {
          token,
          body: { date, description: 'tb', lines },
        });
        expect(response.status).toBe(201);
      }
      const period = await t.request(
        'GET',
        '/api/reports/trial-balance?period=2026-11&scope=period',
        {
          token,
        },
      );
      expect(period.status).toBe(200);
      const tb = (await period.json()) as {
        period: string;
        scope: string;
        rows: { account: string; name: string; debit: string; credit: string }[];
        totals: { debit: string; credit: string };
      };
      expect(tb.period).toBe('2026-11');
      expect(tb.scope).toBe('period');
      expect(tb.rows.find((row) => row.account === '1012.01')).toMatchObject({
        name: '微信支付待结算',
        debit: '0.00',
        credit: '79.95',
      });
      expect(tb.totals.debit).toBe(tb.totals.credit);
      expect(tb.totals.debit).toBe('100.00');

      const cumulative = await t.request('GET', '/api/reports/trial-balance?period=2026-11', {
        token,
      });
      const cum = (await cumulative.json()) as typeof tb;
      expect(cum.scope).toBe('cumulative');
      expect(cum.totals.debit).toBe(cum.totals.credit);

      for (const query of [
        '',
        'period=2026-1',
        'period=2026-11&scope=year',
        'period=2026-11&x=1',
      ]) {
        const bad = await t.request('GET', `/api/reports/trial-balance?${query}`, { token });
        expect([query, bad.status, (await errorOf(bad)).code]).toEqual([
          query,
          400,
          'invalid_input',
        ]);
      }

      const gl = await t.request(
        'GET',
        '/api/reports/general-ledger?account=1012&from=2026-11-01&to=2026-11-30',
        { token },
      );
      expect(gl.status).toBe(200);
      const ledger = (await gl.json()) as {
        opening: string;
        closing: string;
        lines: { balance: string; credit: string; debit: string }[];
      };
      const opening = ledger.opening;
      expect(ledger.lines.map((line) => [line.debit, line.credit])).toEqual([
        ['0.00', '100.00'],
        ['20.05', '0.00'],
      ]);
      expect(D(ledger.closing).minus(D(opening)).toFixed(2)).toBe('-79.95');
      for (const query of [
        'account=9999&from=2026-11-01&to=2026-11-30',
        'account=1012&from=2026-11-30&to=2026-11-01',
        'account=1012&from=2026-02-30&to=2026-03-01',
      ]) {
        const bad = await t.request('GET', `/api/reports/general-ledger?${query}`, { token });
        const expected = query.startsWith('account=9999')
          ? [422, 'account_unknown']
          : [400, 'invalid_input'];
        expect([query, bad.status, (await errorOf(bad)).code]).toEqual([query, ...expected]);
      }
    });

    test('periods: list with entry counts; verify compares the stored digest with the journal', async () => {
      const { t, token } = await accountant();
      await t.request('POST', '/api/journal', {
        token,
        body: flour('7.77', { date: '2026-12-05' }),
      });
      const list = await t.request('GET', '/api/periods', { token });
      expect(list.status).toBe(200);
      const { periods } = (await list.json()) as {
        periods: { period: string; status: string; digest: string | null; entryCount: number }[];
      };
      expect(periods.find((row) => row.period === '2026-12')).toMatchObject({
        status: 'open',
        digest: null,
        entryCount: 1,
      });

      const open = await t.request('GET', '/api/periods/2026-12/verify', { token });
      expect(open.status).toBe(200);
      expect(await open.json()).toMatchObject({ status: 'open', storedDigest: null, ok: null });

      const { digest, entryCount } = await periodDigest(db(), '2026-12');
      await db()
        .updateTable('periods')
        .set({ status: 'closed', closed_at: new Date(), digest, entry_count: entryCount })
        .where('period', '=', '2026-12')
        .execute();
      const verified = await t.request('GET', '/api/periods/2026-12/verify', { token });
      expect(await verified.json()).toMatchObject({
        status: 'closed',
        storedDigest: digest,
        computedDigest: digest,
        entryCount: 1,
        storedEntryCount: 1,
        ok: true,
      });

      // A superuser changes a posted amount behind the triggers' back: verify notices.
      await db()
        .transaction()
        .execute(async (trx) => {
          await sql`SET LOCAL session_replication_role = replica`.execute(trx);
          await sql`UPDATE journal_lines SET debit = 7.78 WHERE period = '2026-12' AND debit > 0`.execute(
            trx,
          );
          await sql`UPDATE journal_lines SET credit = 7.78 WHERE period = '2026-12' AND credit > 0`.execute(
            trx,
          );
        });
      const tampered = await t.request('GET', '/api/periods/2026-12/verify', { token });
      const body = (await tampered.json()) as { ok: boolean; computedDigest: string };
      expect(body.ok).toBe(false);
      expect(body.computedDigest).not.toBe(digest);

      const unknown = await t.request('GET', '/api/periods/2001-01/verify', { token });
      expect(unknown.status).toBe(404);
      expect((await errorOf(unknown)).code).toBe('not_found');
      const malformed = await t.request('GET', '/api/periods/2026-1/verify', { token });
      expect(malformed.status).toBe(400);
      expect((await errorOf(malformed)).code).toBe('invalid_input');
      // Before the books start (2000-01) is malformed, not merely unknown.
      const beforeTheBooks = await t.request('GET', '/api/periods/1999-01/verify', { token });
      expect((await errorOf(beforeTheBooks)).code).toBe('invalid_input');
    });

    test('export: canonical bytes hash to the period digest; ledger format is an attachment; bad queries are 400', async () => {
      const { t, token } = await accountant();
      await t.request('POST', '/api/journal', {
        token,
        body: {
          date: '2027-01-03',
          description: '带\t制表符和\n换行的说明 \\ 反斜杠',
          lines: [
            { account: '1001', debit: '12.50', memo: '备注\r\n第二行' },
            { account: '5001', credit: '12.50' },
          ],
        },
      });
      const canonical = await t.request(
        'GET',
        '/api/export/journal?format=canonical&period=2027-01',
        { token },
      );
      expect(canonical.status).toBe(200);
      expect(canonical.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(canonical.headers.get('content-disposition')).toBe(
        'attachment; filename="xinmofang-journal-2027-01.canonical.txt"',
      );
      const bytes = new Uint8Array(await canonical.arrayBuffer());
      const { digest } = await periodDigest(db(), '2027-01');
      expect(sha256Hex(bytes)).toBe(digest);
      expect(canonical.headers.get('x-content-sha256')).toBe(digest);
      const text = new TextDecoder().decode(bytes);
      expect(text.startsWith('xinmofang-journal/1\tperiod\t2027-01\n')).toBe(true);
      expect(text).toContain('带\\t制表符和\\n换行的说明 \\\\ 反斜杠');

      const ledger = await t.request(
        'GET',
        '/api/export/journal?format=ledger&from=2027-01-01&to=2027-01-31',
        { token },
      );
      expect(ledger.status).toBe(200);
      expect(ledger.headers.get('content-disposition')).toBe(
        'attachment; filename="xinmofang-journal_2027-01-01_2027-01-31.journal"',
      );
      const journal = await ledger.text();
      expect(journal).toContain('account 1012.01 微信支付待结算\n');
      expect(journal).toMatch(/\n2027-01-03 \* \(\d+\) 带 制表符和 换行的说明 \\ 反斜杠\n/);
      expect(journal).toContain('    1001 库存现金  12.50 CNY  ; 备注 第二行\n');
      expect(journal).toContain('    5001 主营业务收入  -12.50 CNY\n');
      expect(journal).not.toContain('2026-');

      for (const query of [
        '',
        'format=csv',
        'format=canonical',
        'format=canonical&period=2027-01&from=2027-01-01',
        'format=ledger&from=2027-02-01&to=2027-01-01',
        'format=ledger&from=2027-02-30',
        'format=ledger&opening=yes',
      ]) {
        const bad = await t.request('GET', `/api/export/journal?${query}`, { token });
        expect([query, bad.status, (await errorOf(bad)).code]).toEqual([
          query,
          400,
          'invalid_input',
        ]);
      }
      const exports = await db()
        .selectFrom('audit_log')
        .select('subject')
        .where('action', '=', 'journal_exported')
        .execute();
      expect(exports.map((row) => row.subject)).toEqual(
        expect.arrayContaining(['2027-01', '2027-01-01..2027-01-31']),
      );
    });

    test('every ledger route is in the OpenAPI document', async () => {
      const { t } = await accountant();
      const doc = (await (await t.request('GET', '/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [path, method] of [
        ['/api/accounts', 'get'],
        ['/api/journal', 'post'],
        ['/api/journal', 'get'],
        ['/api/journal/{id}', 'get'],
        ['/api/journal/{id}/reverse', 'post'],
        ['/api/reports/trial-balance', 'get'],
        ['/api/reports/general-ledger', 'get'],
        ['/api/periods', 'get'],
        ['/api/periods/{period}/verify', 'get'],
        ['/api/export/journal', 'get'],
      ] as const) {
        expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      }
    });
  },
);

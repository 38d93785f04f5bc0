import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describeEachDatabase(
  'fund spending: month filters and idempotency under concurrency',
  (database) => {
    let t: TestApp;
    let accountant: string;
    const db = () => database.current.db;

    function spending(date: string, description: string) {
      return {
        id: randomUUID(),
        fund: 'events',
        date,
        amount: '1.00',
        category: 'event_supplies',
        description,
        paidFrom: 'bank',
      };
    }

    test('setup: an accountant, a clock in 2026, money in the funds', async () => {
      t = createTestApp(database);
      t.clock.set('2026-11-20T04:00:00Z');
      accountant = (await t.login('accountant')).token;
      // As a month close's allocation would: money into the events and operations funds.
      await post(db(), '2024-01-05', [
        ['3104.01', '3000.00', null],
        ['3104.12', null, '2000.00'],
        ['3104.11', null, '1000.00'],
      ]);
    });

    test('?period= lists the spending of months of every length (28, 29, 30, 31 days)', async () => {
      const dates = [
        '2026-01-31',
        '2026-02-01',
        '2026-02-28',
        '2026-03-01',
        '2026-04-30',
        '2026-05-01',
        '2024-02-29',
        '2024-03-01',
      ];
      for (const date of dates) {
        const response = await t.request('POST', '/api/disbursements', {
          token: accountant,
          body: spending(date, `物资 ${date}`),
        });
        expect(response.status, await response.clone().text()).toBe(201);
      }
      for (const [period, expected] of [
        ['2026-01', ['2026-01-31']],
        ['2026-02', ['2026-02-01', '2026-02-28']],
        ['2026-04', ['2026-04-30']],
        ['2024-02', ['2024-02-29']],
        ['2026-06', []],
      ] as const) {
        const response = await t.request('GET', `/api/disbursements?period=${period}`, {
          token: accountant,
        });
        expect([period, response.status]).toEqual([period, 200]);
        const { disbursements } = await json<{ disbursements: { date: string }[] }>(response);
        expect([period, disbursements.map((row) => row.date)]).toEqual([period, expected]);
      }
    });

    test('six identical disbursements at once: one 201, five 200 with the same answer, one row', async () => {
      const body = {
        ...spending('2026-06-10', '重阳节活动物资'),
        amount: '320.00',
        recipient: '粮油店',
      };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.request('POST', '/api/disbursements', { token: accountant, body }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
      const answers = await Promise.all(responses.map((response) => response.text()));
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0]!)).toMatchObject({
        disbursement: { id: body.id, amount: '320.00', payee: '粮油店' },
      });
      const rows = await db()
        .selectFrom('disbursements')
        .select('id')
        .where('id', '=', body.id)
        .execute();
      expect(rows).toHaveLength(1);
      const entries = await db()
        .selectFrom('journal_entries')
        .select('id')
        .where('idempotency_key', '=', `disbursement:${body.id}`)
        .execute();
      expect(entries).toHaveLength(1);

      // The same id with other content is a conflict, at once or later.
      const other = await Promise.all(
        [
          { ...body, amount: '321.00' },
          { ...body, description: '另一笔' },
          { ...body, recipient: '另一家店' },
        ].map((changed) =>
          t.request('POST', '/api/disbursements', { token: accountant, body: changed }),
        ),
      );
      for (const response of other) {
        expect(response.status).toBe(409);
        expect((await json<{ error: { code: string } }>(response)).error.code).toBe(
          'idempotency_conflict',
        );
      }
    });

    test('six identical fund transfers at once: one 201, five 200 with the same answer, one row', async () => {
      const body = {
        id: randomUUID(),
        fromFund: 'operations',
        toFund: 'hardship',
        date: '2026-06-11',
        amount: '50',
        reason: '理事会决议：冬季帮扶',
      };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.request('POST', '/api/fund-transfers', { token: accountant, body }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([
        200, 200, 200, 200, 200, 201,
      ]);
      const answers = await Promise.all(responses.map((response) => response.text()));
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0]!)).toMatchObject({
        transfer: { id: body.id, fromFund: 'operations', toFund: 'hardship', amount: '50.00' },
      });
      const rows = await db()
        .selectFrom('fund_transfers')
        .select('id')
        .where('id', '=', body.id)
        .execute();
      expect(rows).toHaveLength(1);

      // A retry that says the same amount differently is the same transfer; other content is not.
      const again = await t.request('POST', '/api/fund-transfers', {
        token: accountant,
        body: { ...body, amount: '50.00' },
      });
      expect(again.status).toBe(200);
      expect(await again.text()).toBe(answers[0]);
      for (const changed of [
        { ...body, amount: '51.00' },
        { ...body, toFund: 'events' },
        { ...body, reason: '另一个理由' },
      ]) {
        const response = await t.request('POST', '/api/fund-transfers', {
          token: accountant,
          body: changed,
        });
        expect(response.status).toBe(409);
        expect((await json<{ error: { code: string } }>(response)).error.code).toBe(
          'idempotency_conflict',
        );
      }
    });

    test('a recipient id that is not a UUID is invalid_input, not a server error', async () => {
      for (const id of ['not-a-uuid', '1', "x'--"]) {
        const response = await t.request(
          'GET',
          `/api/disbursements/${encodeURIComponent(id)}/recipient`,
          {
            token: accountant,
          },
        );
        expect([id, response.status]).toEqual([id, 400]);
        expect((await json<{ error: { code: string } }>(response)).error.code).toBe(
          'invalid_input',
        );
      }
      const unknown = await t.request('GET', `/api/disbursements/${randomUUID()}/recipient`, {
        token: accountant,
      });
      expect(unknown.status).toBe(404);
    });
  },
);

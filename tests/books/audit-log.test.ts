import { expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { errorCode, json } from '../selling/helpers.js';

interface Page {
  entries: {
    id: string;
    at: string;
    actor: { username: string } | null;
    action: string;
    subject: string | null;
    details: unknown;
  }[];
  page: number;
  pageSize: number;
  total: number;
  hasMore: boolean;
}

describeEachDatabase('books: audit log viewer', (database) => {
  let t: TestApp;
  let admin: string;
  let accountantName: string;

  test('setup: records at known times by two users', async () => {
    t = createTestApp(database);
    t.clock.set('2026-11-20T02:00:00Z');
    admin = (await t.login('admin')).token;
    const accountant = await t.login('accountant');
    accountantName = accountant.username;
    const db = database.current.db;
    // Beijing times: 2026-11-18 23:30 and 2026-11-19 00:30 fall on different business days.
    const rows = [
      ['2026-11-18T15:30:00Z', accountant.userId, 'period_closed', '2026-10'],
      ['2026-11-18T16:30:00Z', accountant.userId, 'journal_entry_posted', 'e-1'],
      ['2026-11-19T03:00:00Z', null, 'journal_entry_posted', 'e-2'],
      ['2026-11-19T04:00:00Z', accountant.userId, 'journal_entry_posted', 'e-3'],
    ] as const;
    for (const [at, actor, action, subject] of rows) {
      await db
        .insertInto('audit_log')
        .values({
          at,
          actor_id: actor,
          action,
          subject,
          details: JSON.stringify({ subject }),
          ip: null,
        })
        .execute();
    }
  });

  const get = async (query: string) => {
    const response = await t.request('GET', `/api/audit-log${query}`, { token: admin });
    expect(response.status, await response.clone().text()).toBe(200);
    return json<Page>(response);
  };
  const subjects = (page: Page) => page.entries.map((entry) => entry.subject);

  test('newest first, with filters by action, user, entity and business day', async () => {
    expect(subjects(await get('?action=journal_entry_posted'))).toEqual(['e-3', 'e-2', 'e-1']);
    expect(subjects(await get(`?action=journal_entry_posted&user=${accountantName}`))).toEqual([
      'e-3',
      'e-1',
    ]);
    expect(subjects(await get('?entity=2026-10'))).toEqual(['2026-10']);
    // 2026-11-19 in Beijing runs from 2026-11-18T16:00Z.
    const day = await get('?from=2026-11-19&to=2026-11-19&action=journal_entry_posted');
    expect(subjects(day)).toEqual(['e-3', 'e-2', 'e-1']);
    expect(subjects(await get('?to=2026-11-18'))).toEqual(['2026-10']);
    expect(
      subjects(await get('?from=2026-11-19T03:30:00%2B00:00&to=2026-11-19T05:00:00Z')),
    ).toEqual(['e-3']);
    expect(day.entries[0]!.at).toBe('2026-11-19T12:00:00+08:00');
    expect(day.entries[0]!.details).toEqual({ subject: 'e-3' });
    expect(day.entries[1]!.actor).toBeNull();
  });

  test('paged: total and hasMore', async () => {
    const first = await get('?action=journal_entry_posted&pageSize=2');
    expect([subjects(first), first.total, first.hasMore]).toEqual([['e-3', 'e-2'], 3, true]);
    const second = await get('?action=journal_entry_posted&pageSize=2&page=2');
    expect([subjects(second), second.hasMore]).toEqual([['e-1'], false]);
  });

  test('bad filters are 400; only an admin may read it', async () => {
    for (const query of ['?pageSize=500', '?page=0', '?from=2026-13-01', '?unknown=1']) {
      const response = await t.request('GET', `/api/audit-log${query}`, { token: admin });
      expect([query, response.status, await errorCode(response)]).toEqual([
        query,
        400,
        'invalid_input',
      ]);
    }
    const accountant = await t.login('accountant');
    const refused = await t.request('GET', '/api/audit-log', { token: accountant.token });
    expect(refused.status).toBe(403);
  });
});

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { periodDigest } from '../../ledger/books/digest.js';
import type { Executor } from '../../ledger/core/executor.js';
import { figuresSha256 } from '../../reports/statement-integrity.js';
import type { TestApp } from '../helpers/app.js';
import { post } from '../helpers/ledger.js';

/**
 * Books with a history worth protecting, for the reliability suite's hostile-input and
 * tamper parts: sales in July, August and September 2026, July closed and published, the
 * clock in November. `fingerprint` is what must not change.
 */

export const PUBLISHED_PERIOD = '2026-07';
const OPEN_PERIODS = ['2026-08', '2026-09'];

export interface PublishedMonth {
  accountant: string;
  admin: string;
}

async function sale(db: Executor, date: string, amount: string) {
  await post(
    db,
    date,
    [
      ['1001', amount, null],
      ['5001', null, amount],
    ],
    '现金销售',
  );
}

async function expectStatus(response: Response, status: number, what: string) {
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

export async function setUpPublishedMonth(t: TestApp, db: Executor): Promise<PublishedMonth> {
  t.clock.set('2026-11-20T04:00:00Z');
  const accountant = (await t.login('accountant')).token;
  const admin = (await t.login('admin')).token;
  for (const [index, date] of [
    '2026-07-10',
    '2026-07-21',
    ...OPEN_PERIODS.map((p) => `${p}-10`),
  ].entries())
    await sale(db, date, `${(index + 1) * 1000}.00`);
  await expectStatus(
    await t.request('POST', `/api/periods/${PUBLISHED_PERIOD}/close`, { token: accountant }),
    200,
    'close',
  );
  await expectStatus(
    await t.request('POST', `/api/statements/${PUBLISHED_PERIOD}/publish`, { token: accountant }),
    201,
    'publish',
  );
  return { accountant, admin };
}

export interface Fingerprint {
  /** The published month's digest recomputed from the journal. */
  publishedPeriodDigest: string;
  /** GET /api/periods/{p}/verify: stored, journal and published checks. */
  verifyOk: boolean | null;
  /** The digest the public statement carries, and the SHA-256 of its figures recomputed. */
  publicDigest: string;
  publicFiguresSha256: string;
  /** SHA-256 over every journal entry and line that existed when the fingerprint was taken. */
  journalSha256: string;
  /** Sum of debits minus sum of credits over the whole journal (0 when even). */
  trialBalanceGap: string;
}

/** What a hostile request or a tamperer would have to change; `entryIds` limits the journal part. */
export async function fingerprint(
  t: TestApp,
  db: Executor,
  month: PublishedMonth,
  entryIds?: readonly string[],
): Promise<{ fingerprint: Fingerprint; entryIds: readonly string[] }> {
  const ids =
    entryIds ??
    (await sql<{ id: string }>`SELECT id FROM journal_entries ORDER BY id`.execute(db)).rows.map(
      (row) => row.id,
    );
  const hash = createHash('sha256');
  for (const id of ids) {
    const entry = await sql`SELECT * FROM journal_entries WHERE id = ${id}`.execute(db);
    const lines =
      await sql`SELECT * FROM journal_lines WHERE entry_id = ${id} ORDER BY line_no`.execute(db);
    hash.update(JSON.stringify([entry.rows, lines.rows]));
  }
  const verify = await t.request('GET', `/api/periods/${PUBLISHED_PERIOD}/verify`, {
    token: month.accountant,
  });
  await expectStatus(verify.clone(), 200, 'verify');
  const publicAnswer = await t.request('GET', `/api/public/statements/${PUBLISHED_PERIOD}`);
  await expectStatus(publicAnswer.clone(), 200, 'public statement');
  const statement = (
    (await publicAnswer.json()) as {
      statement: { digest: { value: string } };
    }
  ).statement;
  const gap = await sql<{ gap: string }>`
    SELECT (coalesce(sum(debit), 0) - coalesce(sum(credit), 0))::text AS gap FROM journal_lines`.execute(
    db,
  );
  return {
    entryIds: ids,
    fingerprint: {
      publishedPeriodDigest: (await periodDigest(db, PUBLISHED_PERIOD)).digest,
      verifyOk: ((await verify.json()) as { ok: boolean | null }).ok,
      publicDigest: statement.digest.value,
      publicFiguresSha256: figuresSha256(statement),
      journalSha256: hash.digest('hex'),
      trialBalanceGap: gap.rows[0]!.gap,
    },
  };
}

import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { periodDigest } from '../../ledger/books/digest.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { SEED_REGISTER, seedIds } from '../support/hostile-requests.js';
import {
  PUBLISHED_PERIOD,
  fingerprint,
  setUpPublishedMonth,
  type PublishedMonth,
} from '../support/published-month.js';

/**
 * Tamper: raw UPDATE, DELETE and TRUNCATE on the journal, the sales and the published
 * statements are refused by the database itself, even to the tables' owner; and a value
 * altered with the triggers off (as a superuser: `session_replication_role = replica`,
 * which PGlite's only user may set too) is found by GET /api/periods/{p}/verify and by
 * recomputing the digest the public statement carries. The periods' own guards, edited
 * stored and published digests and edited published figures are in
 * tests/month-close/tamper-evidence.test.ts.
 */

const GUARDED_TABLES = [
  'journal_entries',
  'journal_lines',
  'sales',
  'sale_lines',
  'sale_tenders',
  'statements',
] as const;

describeEachDatabase('reliability: tamper', (database) => {
  let t: TestApp;
  let month: PublishedMonth;
  const db = () => database.current.db;

  async function rowCounts(): Promise<Record<string, string>> {
    const counts: Record<string, string> = {};
    for (const table of GUARDED_TABLES)
      counts[table] = (
        await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(db())
      ).rows[0]!.n;
    return counts;
  }

  test('setup: a published month and a sale through the API', async () => {
    t = createTestApp(database);
    month = await setUpPublishedMonth(t, db());
    const manager = (await t.login('manager')).token;
    const cashier = (await t.login('cashier')).token;
    const [productId, shiftId] = await seedIds(t, { manager, cashier });
    const sale = await t.request('POST', '/api/sales', {
      token: cashier,
      body: {
        id: crypto.randomUUID(),
        registerId: SEED_REGISTER,
        shiftId,
        createdAt: t.clock.now().toISOString(),
        lines: [{ productId, quantity: '2' }],
        tenders: [{ method: 'cash', amount: '5.00' }],
      },
    });
    expect(sale.status, await sale.clone().text()).toBe(201);
    const counts = await rowCounts();
    for (const table of GUARDED_TABLES) expect(Number(counts[table]), table).toBeGreaterThan(0);
  });

  test('UPDATE, DELETE and TRUNCATE on the journal, sales and published statements are refused', async () => {
    const before = await rowCounts();
    const { fingerprint: books } = await fingerprint(t, db(), month);
    const refused: string[] = [];
    const allowed: string[] = [];
    for (const table of GUARDED_TABLES) {
      const column = (
        await sql<{ column_name: string }>`
          SELECT column_name FROM information_schema.columns
          WHERE table_name = ${table} AND table_schema = current_schema()
          ORDER BY ordinal_position LIMIT 1`.execute(db())
      ).rows[0]!.column_name;
      for (const [what, statement] of [
        ['UPDATE', sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sql.ref(column)}`],
        ['DELETE', sql`DELETE FROM ${sql.table(table)}`],
        ['TRUNCATE', sql`TRUNCATE ${sql.table(table)} CASCADE`],
      ] as const) {
        try {
          await statement.execute(db());
          allowed.push(`${what} ${table}`);
        } catch (error) {
          // Refused by the table's own trigger, not by some accident of the statement.
          if (/entry_immutable/.test(String(error))) refused.push(`${what} ${table}`);
          else allowed.push(`${what} ${table}: ${String(error)}`);
        }
      }
    }
    console.info(
      `[tamper ${database.kind}] raw SQL refused: ${refused.length} of ${GUARDED_TABLES.length * 3} (${GUARDED_TABLES.join(', ')})`,
    );
    expect(allowed).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect((await fingerprint(t, db(), month)).fingerprint).toEqual(books);
  });

  test('an amount altered with the triggers off is found by verify and by the recomputed public digest', async () => {
    const before = await fingerprint(t, db(), month);
    expect(before.fingerprint.verifyOk).toBe(true);
    expect(before.fingerprint.publishedPeriodDigest).toBe(before.fingerprint.publicDigest);
    // Both lines of one entry of the published month, so the books still balance: only the
    // digest can tell.
    const entry = (
      await sql<{ id: string }>`
        SELECT id FROM journal_entries WHERE period = ${PUBLISHED_PERIOD} AND description = '现金销售'
        ORDER BY id LIMIT 1`.execute(db())
    ).rows[0]!.id;
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`UPDATE journal_lines SET debit = CASE WHEN debit > 0 THEN debit - 1 ELSE 0 END,
            credit = CASE WHEN credit > 0 THEN credit - 1 ELSE 0 END
          WHERE entry_id = ${entry}`.execute(trx);
      });
    const after = await fingerprint(t, db(), month);
    const verify = (await (
      await t.request('GET', `/api/periods/${PUBLISHED_PERIOD}/verify`, { token: month.accountant })
    ).json()) as { checks: { journal: boolean }; ok: boolean | null };
    const recomputed = (await periodDigest(db(), PUBLISHED_PERIOD)).digest;
    console.info(
      `[tamper ${database.kind}] one entry of ${PUBLISHED_PERIOD} lowered by 1.00 on both sides with triggers off: ` +
        `verify ok=${String(verify.ok)} journal=${String(verify.checks.journal)}; ` +
        `recomputed digest ${recomputed.slice(0, 12)}… vs published ${before.fingerprint.publicDigest.slice(0, 12)}…; ` +
        `trial balance gap ${after.fingerprint.trialBalanceGap}`,
    );
    expect(after.fingerprint.trialBalanceGap).toMatch(/^-?0(\.0+)?$/);
    expect(verify.ok).toBe(false);
    expect(verify.checks.journal).toBe(false);
    expect(after.fingerprint.verifyOk).toBe(false);
    expect(recomputed).not.toBe(before.fingerprint.publicDigest);
    expect(after.fingerprint.publicDigest).toBe(before.fingerprint.publicDigest);
  });
});

import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { periodDigest } from '../../ledger/books/digest.js';
import { figuresSha256 } from '../../reports/statement-integrity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

interface VerifyAnswer {
  status: string;
  storedDigest: string | null;
  computedDigest: string;
  publishedDigest: string | null;
  published: {
    version: number;
    digest: string;
    figuresDigest: string | null;
    recordedFiguresSha256: string | null;
    servedFiguresSha256: string;
    figuresIntact: boolean | null;
    reopenedSince: boolean;
  } | null;
  checks: { journal: boolean; published: boolean | null };
  ok: boolean | null;
}

interface PublicAnswer {
  statement: { surplus: string; digest: { value: string } };
  integrity: {
    ok: boolean | null;
    recordedFiguresSha256: string | null;
    servedFiguresSha256: string;
  };
  publication: { version: number; figuresSha256: string | null };
}

/**
 * What the database refuses even to the tables' owner, and what verification notices when
 * a superuser switches the triggers off: periods, published digests and published figures.
 */
describeEachDatabase('tamper evidence: periods, published digests and figures', (database) => {
  let t: TestApp;
  let accountant: string;
  let admin: string;
  const db = () => database.current.db;

  async function verify(period: string): Promise<VerifyAnswer> {
    const response = await t.request('GET', `/api/periods/${period}/verify`, { token: accountant });
    expect(response.status).toBe(200);
    return json<VerifyAnswer>(response);
  }
  async function publicStatement(period: string): Promise<PublicAnswer> {
    const response = await t.request('GET', `/api/public/statements/${period}`);
    expect(response.status).toBe(200);
    return json<PublicAnswer>(response);
  }
  async function sale(date: string, amount: string) {
    await post(
      db(),
      date,
      [
        ['1001', amount, null],
        ['5001', null, amount],
      ],
      '现金销售',
    );
  }
  /** Runs raw SQL as a superuser with every trigger off (as an attacker with full access would). */
  async function withTriggersOff(statements: ReturnType<typeof sql>[]) {
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        for (const statement of statements) await statement.execute(trx);
      });
  }

  test('setup: three months of sales; July closed and published', async () => {
    t = createTestApp(database);
    t.clock.set('2026-11-20T04:00:00Z');
    accountant = (await t.login('accountant')).token;
    admin = (await t.login('admin')).token;
    await sale('2026-07-10', '1000.00');
    await sale('2026-08-10', '2000.00');
    await sale('2026-09-10', '3000.00');
    expect(
      (await t.request('POST', '/api/periods/2026-07/close', { token: accountant })).status,
    ).toBe(200);
    const published = await t.request('POST', '/api/statements/2026-07/publish', {
      token: accountant,
    });
    expect(published.status).toBe(201);
    const { statement } = await json<{ statement: { figuresSha256: string } }>(published);
    const answer = await publicStatement('2026-07');
    expect(answer.integrity).toEqual({
      ok: true,
      recordedFiguresSha256: statement.figuresSha256,
      servedFiguresSha256: statement.figuresSha256,
    });
    expect(answer.publication.figuresSha256).toBe(statement.figuresSha256);
    // Anyone can recompute it from the public figures.
    expect(figuresSha256(answer.statement)).toBe(statement.figuresSha256);
    const verified = await verify('2026-07');
    expect(verified).toMatchObject({
      status: 'closed',
      checks: { journal: true, published: true },
      ok: true,
    });
    expect(verified.publishedDigest).toBe(verified.storedDigest);
    expect(verified.published).toMatchObject({
      version: 1,
      figuresIntact: true,
      reopenedSince: false,
    });
  });

  test('the tables’ owner cannot reopen, re-digest, rename or delete a closed month by SQL', async () => {
    const before = await db()
      .selectFrom('periods')
      .selectAll()
      .where('period', '=', '2026-07')
      .executeTakeFirstOrThrow();
    for (const statement of [
      sql`UPDATE periods SET status = 'open', digest = NULL, entry_count = NULL, closed_at = NULL, closed_by = NULL WHERE period = '2026-07'`,
      sql`UPDATE periods SET status = 'open' WHERE period = '2026-07'`,
      sql`UPDATE periods SET digest = repeat('0', 64) WHERE period = '2026-07'`,
      sql`UPDATE periods SET entry_count = entry_count + 1 WHERE period = '2026-07'`,
      sql`UPDATE periods SET period = '2025-07' WHERE period = '2026-07'`,
      sql`DELETE FROM periods WHERE period = '2026-07'`,
      // An open month cannot be given a digest without being closed.
      sql`UPDATE periods SET digest = repeat('0', 64) WHERE period = '2026-08'`,
      // A close record that does not match its month.
      sql`INSERT INTO period_closes (id, period, surplus, deficit_carried_in, allocable, digest, entry_count, closed_at)
          VALUES (gen_random_uuid(), '2026-08', 0, 0, 0, repeat('0', 64), 0, now())`,
    ]) {
      await expect(statement.execute(db())).rejects.toThrow(/entry_immutable/);
    }
    await expect(sql`TRUNCATE periods CASCADE`.execute(db())).rejects.toThrow(/entry_immutable/);
    expect(
      await db()
        .selectFrom('periods')
        .selectAll()
        .where('period', '=', '2026-07')
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    expect((await verify('2026-07')).ok).toBe(true);
  });

  test('the audited reopen and the close through the API still work; verify asks for the correction', async () => {
    const reopened = await t.request('POST', '/api/periods/2026-07/reopen', {
      token: admin,
      body: { reason: '漏记电费' },
    });
    expect(reopened.status).toBe(200);
    expect(await verify('2026-07')).toMatchObject({ status: 'open', ok: null });
    await post(db(), '2026-07-28', [
      ['5602.02', '100.00', null],
      ['1002', null, '100.00'],
    ]);
    expect(
      (await t.request('POST', '/api/periods/2026-07/close', { token: accountant })).status,
    ).toBe(200);
    // The books changed after version 1 was published: not ok until the correction is out.
    const stale = await verify('2026-07');
    expect(stale).toMatchObject({
      checks: { journal: true, published: false },
      published: { version: 1, reopenedSince: true },
      ok: false,
    });
    expect(stale.publishedDigest).not.toBe(stale.storedDigest);
    const correction = await t.request('POST', '/api/statements/2026-07/publish', {
      token: accountant,
      body: { note: '补记 7 月电费 100 元' },
    });
    expect(correction.status).toBe(201);
    expect(await verify('2026-07')).toMatchObject({
      published: { version: 2, reopenedSince: false, figuresIntact: true },
      ok: true,
    });
  });

  test('reopening by SQL needs the close record marked in the same transaction; a re-close behind the API shows against the published digest', async () => {
    // Opening the month alone is refused at commit: its close record is still in force.
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`UPDATE periods SET status = 'open', digest = NULL, entry_count = NULL, closed_at = NULL, closed_by = NULL WHERE period = '2026-07'`.execute(
            trx,
          );
        }),
    ).rejects.toThrow(/entry_immutable/);
    // The owner goes the whole way, leaving the reopen on the close record for good, posts
    // into July and closes it again with a digest that matches the new journal.
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`UPDATE period_closes SET reopened_at = now(), reopen_reason = 'x' WHERE period = '2026-07' AND reopened_at IS NULL`.execute(
          trx,
        );
        await sql`UPDATE periods SET status = 'open', digest = NULL, entry_count = NULL, closed_at = NULL, closed_by = NULL WHERE period = '2026-07'`.execute(
          trx,
        );
      });
    await sale('2026-07-29', '5.00');
    const { digest, entryCount } = await periodDigest(db(), '2026-07');
    await sql`UPDATE periods SET status = 'closed', digest = ${digest}, entry_count = ${entryCount}, closed_at = now() WHERE period = '2026-07'`.execute(
      db(),
    );
    const answer = await verify('2026-07');
    expect(answer).toMatchObject({
      storedDigest: digest,
      computedDigest: digest,
      checks: { journal: true, published: false },
      published: { version: 2, reopenedSince: true },
      ok: false,
    });
    expect(answer.publishedDigest).not.toBe(digest);
  });

  test('with the triggers off, an edited stored digest or published digest is caught by verify', async () => {
    expect(
      (await t.request('POST', '/api/periods/2026-08/close', { token: accountant })).status,
    ).toBe(200);
    expect(
      (await t.request('POST', '/api/statements/2026-08/publish', { token: accountant })).status,
    ).toBe(201);
    expect((await verify('2026-08')).ok).toBe(true);
    const fake = 'f'.repeat(64);
    await withTriggersOff([sql`UPDATE statements SET digest = ${fake} WHERE period = '2026-08'`]);
    expect(await verify('2026-08')).toMatchObject({
      publishedDigest: fake,
      checks: { journal: true, published: false },
      ok: false,
    });
    // Now the stored digest is made to agree with the fake one too: the journal disagrees.
    await withTriggersOff([sql`UPDATE periods SET digest = ${fake} WHERE period = '2026-08'`]);
    expect(await verify('2026-08')).toMatchObject({
      storedDigest: fake,
      checks: { journal: false },
      ok: false,
    });
  });

  test('with the triggers off, edited figures are flagged by the public answer and by verify', async () => {
    expect(
      (await t.request('POST', '/api/periods/2026-09/close', { token: accountant })).status,
    ).toBe(200);
    expect(
      (await t.request('POST', '/api/statements/2026-09/publish', { token: accountant })).status,
    ).toBe(201);
    const honest = await publicStatement('2026-09');
    expect(honest.integrity.ok).toBe(true);
    await withTriggersOff([
      sql`UPDATE statements SET figures = jsonb_set(figures, '{surplus}', '"9999.99"') WHERE period = '2026-09'`,
    ]);
    const edited = await publicStatement('2026-09');
    expect(edited.statement.surplus).toBe('9999.99');
    expect(edited.integrity).toMatchObject({
      ok: false,
      recordedFiguresSha256: honest.integrity.recordedFiguresSha256,
    });
    expect(edited.integrity.servedFiguresSha256).not.toBe(honest.integrity.servedFiguresSha256);
    const versionAnswer = await t.request('GET', '/api/public/statements/2026-09/versions/1');
    expect((await json<PublicAnswer>(versionAnswer)).integrity.ok).toBe(false);
    expect(await verify('2026-09')).toMatchObject({
      checks: { journal: true, published: false },
      published: { figuresIntact: false },
      ok: false,
    });
    // The digest inside the figures edited as well: still caught.
    await withTriggersOff([
      sql`UPDATE statements SET figures = jsonb_set(figures, '{digest,value}', '"0000"') WHERE period = '2026-09'`,
    ]);
    expect((await verify('2026-09')).published).toMatchObject({
      figuresDigest: '0000',
      figuresIntact: false,
    });
  });

  test('a version published before figure hashes were recorded says "not recorded", not "tampered"', async () => {
    // Simulates a data directory from before migration 0007.
    await withTriggersOff([
      sql`UPDATE statements SET figures_sha256 = NULL WHERE period = '2026-08'`,
    ]);
    await withTriggersOff([
      sql`UPDATE statements SET digest = (SELECT digest FROM period_closes WHERE period = '2026-08' AND reopened_at IS NULL) WHERE period = '2026-08'`,
      sql`UPDATE periods SET digest = (SELECT digest FROM period_closes WHERE period = '2026-08' AND reopened_at IS NULL) WHERE period = '2026-08'`,
    ]);
    const answer = await publicStatement('2026-08');
    expect(answer.integrity).toMatchObject({ ok: null, recordedFiguresSha256: null });
    expect(answer.publication.figuresSha256).toBeNull();
    expect(await verify('2026-08')).toMatchObject({
      published: { figuresIntact: null, recordedFiguresSha256: null },
      checks: { journal: true, published: true },
      ok: true,
    });
    // A new version must record it (refused before any other check of the row).
    await expect(
      sql`INSERT INTO statements (period, version, close_id, figures, pdf, sha256, pdf_en, sha256_en, digest, published_at)
          SELECT period, 99, gen_random_uuid(), figures, pdf, sha256, pdf_en, sha256_en, digest, now()
          FROM statements WHERE period = '2026-08'`.execute(db()),
    ).rejects.toThrow(/SHA-256 of its figures/);
  });
});

import { Hono } from 'hono';
import { verifyPeriodDigest } from '../../ledger/books/digest.js';
import { Refusal } from '../../ledger/core/errors.js';
import { checkFigures } from '../../reports/statement-integrity.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readParam } from '../validate.js';
import { periodListResponseSchema, periodVerifyResponseSchema } from '../schemas/books-close.js';

// Mounted under /periods beside the month-close routes, so each route names its role rather
// than a `use()` that would also guard its neighbours.
export const ledgerPeriodRoutes = new Hono<AppEnv>()
  .get('/', requireRole('accountant'), async (c) => {
    const { db } = c.var.deps;
    const periods = await db
      .selectFrom('periods as p')
      .leftJoin('users as u', 'u.id', 'p.closed_by')
      .select(['p.period', 'p.status', 'p.closed_at', 'p.digest', 'p.entry_count', 'u.username'])
      .orderBy('p.period', 'desc')
      .execute();
    // Counted now, from the journal: for a closed period it should equal the count stored at
    // close, and /verify says whether it does.
    const counts = await db
      .selectFrom('journal_entries')
      .select(['period', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('period')
      .execute();
    const countByPeriod = new Map(counts.map((row) => [row.period, Number(row.n)]));
    return c.json({
      periods: periods.map((row) => ({
        period: row.period,
        status: row.status,
        closedAt: row.closed_at?.toISOString() ?? null,
        closedBy: row.username ?? null,
        digest: row.digest,
        entryCount: countByPeriod.get(row.period) ?? 0,
      })),
    });
  })
  .get('/:period/verify', requireRole('accountant'), async (c) => {
    const period = readParam(c, 'period', fields.period);
    const { db } = c.var.deps;
    const row = await db
      .selectFrom('periods')
      .select(['status', 'entry_count'])
      .where('period', '=', period)
      .executeTakeFirst();
    if (!row) throw new Refusal('not_found', `There is no period ${period}.`);
    const result = await verifyPeriodDigest(db, period);
    // What residents were shown: the latest published version of the month.
    const latest = await db
      .selectFrom('statements as s')
      .innerJoin('period_closes as pc', 'pc.id', 's.close_id')
      .select(['s.version', 's.digest', 's.figures', 's.figures_sha256', 'pc.reopened_at'])
      .where('s.period', '=', period)
      .orderBy('s.version', 'desc')
      .executeTakeFirst();
    let published = null;
    if (latest) {
      const figures = checkFigures(latest.figures, latest.figures_sha256);
      const figuresDigest = (latest.figures as { digest?: { value?: unknown } } | null)?.digest
        ?.value;
      published = {
        version: latest.version,
        digest: latest.digest,
        // The digest printed in the published figures (and PDF).
        figuresDigest: typeof figuresDigest === 'string' ? figuresDigest : null,
        recordedFiguresSha256: figures.recordedSha256,
        servedFiguresSha256: figures.servedSha256,
        // null: published before figure hashes were recorded.
        figuresIntact: figures.ok,
        // The month was reopened after this version was published: a correction is due.
        reopenedSince: latest.reopened_at !== null,
      };
    }
    const publishedAgrees =
      published === null
        ? null
        : published.digest === result.stored &&
          published.figuresDigest === published.digest &&
          published.figuresIntact !== false;
    return c.json({
      period,
      status: row.status,
      storedDigest: result.stored,
      computedDigest: result.computed,
      publishedDigest: published?.digest ?? null,
      storedEntryCount: row.entry_count,
      entryCount: result.entryCount,
      published,
      checks: { journal: result.ok, published: publishedAgrees },
      // An open period has no stored digest yet: there is nothing to agree with. A closed one
      // is ok when the journal, the stored digest and what was published all agree.
      ok: row.status === 'closed' ? result.ok && publishedAgrees !== false : null,
    });
  });

documentRoute({
  method: 'get',
  path: '/api/periods',
  summary:
    'Every period, newest first: open or closed, who closed it and when, its stored digest and its entry count now',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: periodListResponseSchema },
  responses: {
    200: '{"periods":[{"period","status","closedAt","closedBy","digest","entryCount"}]}',
  },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/periods/{period}/verify',
  summary:
    'Recompute a period’s digest from the journal and compare it with the one stored at close and with the latest published statement (its digest and the hash of its figures); ok: null while the period is open',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: periodVerifyResponseSchema },
  responses: {
    200: '{"period","status","storedDigest","computedDigest","publishedDigest","storedEntryCount","entryCount","published","checks","ok"}',
  },
  errors: ['not_found'],
});

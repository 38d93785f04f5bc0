import { Hono } from 'hono';
import { verifyPeriodDigest } from '../../ledger/digest.js';
import { Refusal } from '../../ledger/errors.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readParam } from '../validate.js';

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
    return c.json({
      period,
      status: row.status,
      storedDigest: result.stored,
      computedDigest: result.computed,
      storedEntryCount: row.entry_count,
      entryCount: result.entryCount,
      // An open period has no stored digest yet: there is nothing to agree with.
      ok: row.status === 'closed' ? result.ok : null,
    });
  });

documentRoute({
  method: 'get',
  path: '/api/periods',
  summary:
    'Every period, newest first: open or closed, who closed it and when, its stored digest and its entry count now',
  tag: 'ledger',
  roles: ['accountant'],
  responses: {
    200: '{"periods":[{"period","status","closedAt","closedBy","digest","entryCount"}]}',
  },
});
documentRoute({
  method: 'get',
  path: '/api/periods/{period}/verify',
  summary:
    'Recompute a period’s digest from the journal and compare it with the one stored at close (ok: null while the period is open)',
  tag: 'ledger',
  roles: ['accountant'],
  responses: {
    200: '{"period","status","storedDigest","computedDigest","storedEntryCount","entryCount","ok"}',
    400: 'invalid_input',
    404: 'not_found',
  },
});

import { Hono } from 'hono';
import { z } from 'zod';
import { closePeriod, type CloseResult } from '../../ledger/books/close-period.js';
import { countOpenShiftsIn } from '../../ledger/selling/shifts.js';
import { fen } from '../../ledger/core/money.js';
import { reopenPeriod } from '../../ledger/books/reopen-period.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam } from '../validate.js';
import { closeResultSchema, reopenResponseSchema } from '../schemas/books-close.js';

const reopenBody = z.strictObject({
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});

export function closeJson(result: CloseResult) {
  return {
    period: result.period,
    surplus: fen(result.surplus),
    deficitCarriedIn: fen(result.deficitCarriedIn),
    allocable: fen(result.allocable),
    deficitCarriedOut: fen(result.deficitCarriedOut),
    rule: result.rule,
    allocation: result.allocation.map((item) => ({
      fund: item.fund,
      percent: item.percent.toString(),
      amount: fen(item.amount),
    })),
    digest: result.digest,
    entryCount: result.entryCount,
    closingEntryId: result.closingEntryId,
    allocationEntryId: result.allocationEntryId,
    closedAt: result.closedAt.toISOString(),
  };
}

export const periodCloseRoutes = new Hono<AppEnv>()
  .post('/:period/close', requireRole('accountant'), async (c) => {
    const auth = currentAuth(c);
    const period = readParam(c, 'period', fields.period);
    const { db, now, config } = c.var.deps;
    const result = await db.transaction().execute(async (trx) => {
      const closed = await closePeriod(trx, {
        period,
        closedBy: auth.user.id,
        now: now(),
        timeZone: config.businessTimeZone,
        openShiftsIn: countOpenShiftsIn,
      });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'period_closed',
        subject: period,
        details: closeJson(closed),
      });
      return closed;
    });
    return c.json(closeJson(result));
  })
  .post('/:period/reopen', requireRole('admin'), async (c) => {
    const auth = currentAuth(c);
    const period = readParam(c, 'period', fields.period);
    const body = await readJson(c, reopenBody);
    const { db, now } = c.var.deps;
    const result = await db.transaction().execute(async (trx) => {
      const reopened = await reopenPeriod(trx, {
        period,
        reason: body.reason,
        reopenedBy: auth.user.id,
        now: now(),
      });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'period_reopened',
        subject: period,
        details: { reason: body.reason, ...reopened },
      });
      return reopened;
    });
    return c.json({
      period: result.period,
      status: 'open',
      reversedEntryIds: result.reversedEntryIds,
    });
  });

documentRoute({
  method: 'post',
  path: '/api/periods/{period}/close',
  summary:
    'Close a month: close revenue and expenses, allocate the surplus by the rule, lock the month, store its digest',
  tag: 'month close',
  roles: ['accountant'],
  response: { 200: closeResultSchema },
  responses: {
    200: '{"period","surplus","allocation":[{"fund","amount"}],"digest",…}',
  },
  errors: ['period_closed', 'period_not_ended', 'earlier_period_open', 'shifts_open'],
});
documentRoute({
  method: 'post',
  path: '/api/periods/{period}/reopen',
  summary: 'Reopen the latest closed month (reverses its closing and allocation entries; audited)',
  tag: 'month close',
  roles: ['admin'],
  response: { 200: reopenResponseSchema },
  body: reopenBody,
  responses: {
    200: '{"period","status":"open"}',
  },
  errors: ['period_not_closed', 'later_period_closed'],
});

import { Hono } from 'hono';
import { businessIso } from '../../ledger/core/business-time.js';
import {
  previewClose,
  type CloseChecklist,
  type PreviewEntry,
} from '../../ledger/books/close-period.js';
import { fen } from '../../ledger/core/money.js';
import { countOpenShiftsIn } from '../../ledger/selling/shifts.js';
import type { AppEnv } from '../app-env.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readParam } from '../validate.js';
import { closeJson } from './period-close.js';
import { closePreviewResponseSchema } from '../schemas/books-close.js';

function checklistJson(checklist: CloseChecklist, timeZone: string) {
  return {
    ready: checklist.ready,
    monthEnded: checklist.monthEnded,
    periodOpen: checklist.periodOpen,
    earlierMonthsClosed: checklist.earlierMonthsClosed,
    shiftsClosed: {
      ...checklist.shiftsClosed,
      openShifts: checklist.shiftsClosed.openShifts.map((shift) => ({
        ...shift,
        openedAt: businessIso(shift.openedAt, timeZone),
      })),
    },
    trialBalanceBalanced: {
      ...checklist.trialBalanceBalanced,
      debit: fen(checklist.trialBalanceBalanced.debit),
      credit: fen(checklist.trialBalanceBalanced.credit),
    },
    clearingAccounts: {
      ...checklist.clearingAccounts,
      accounts: checklist.clearingAccounts.accounts.map((account) => ({
        ...account,
        balance: fen(account.balance),
      })),
    },
  };
}

function entryJson(entry: PreviewEntry | null) {
  if (!entry) return null;
  return {
    date: entry.date,
    description: entry.description,
    lines: entry.lines.map((line) => ({
      account: line.account,
      debit: fen(line.debit),
      credit: fen(line.credit),
      memo: line.memo,
    })),
  };
}

// Mounted under /periods beside the month-close routes: the role is named on the route.
export const closePreviewRoutes = new Hono<AppEnv>().get(
  '/:period/close-preview',
  requireRole('accountant'),
  async (c) => {
    const auth = currentAuth(c);
    const period = readParam(c, 'period', fields.period);
    const { db, now, config } = c.var.deps;
    const preview = await previewClose(db, {
      period,
      closedBy: auth.user.id,
      now: now(),
      timeZone: config.businessTimeZone,
      openShiftsIn: countOpenShiftsIn,
    });
    let close = null;
    if (preview.result) {
      // The dry run's ids, digest and time are its own; the real close makes new ones.
      const {
        digest: _digest,
        closingEntryId: _closing,
        allocationEntryId: _allocation,
        closedAt: _closedAt,
        ...figures
      } = closeJson(preview.result);
      close = figures;
    }
    return c.json({
      period,
      checklist: checklistJson(preview.checklist, config.businessTimeZone),
      close,
      entries: {
        closing: entryJson(preview.closingEntry),
        allocation: entryJson(preview.allocationEntry),
      },
      refusal: preview.refusal
        ? {
            code: preview.refusal.code,
            message: preview.refusal.message,
            ...(preview.refusal.details === undefined ? {} : { details: preview.refusal.details }),
          }
        : null,
    });
  },
);

documentRoute({
  method: 'get',
  path: '/api/periods/{period}/close-preview',
  summary:
    'Dry run of the month close: the preconditions checklist, and the figures and entries POST /api/periods/{period}/close would produce ' +
    '(run by the same code in a transaction that is rolled back; nothing is written)',
  tag: 'month close',
  roles: ['accountant'],
  response: { 200: closePreviewResponseSchema },
  responses: {
    200: '{"period","checklist":{"ready","monthEnded","periodOpen","earlierMonthsClosed","shiftsClosed":{"openShifts":[…]},"trialBalanceBalanced","clearingAccounts"},"close":{"surplus","deficitCarriedIn","allocable","deficitCarriedOut","rule","allocation":[{"fund","percent","amount"}],"entryCount"}|null,"entries":{"closing","allocation"},"refusal":{"code","message"}|null}',
  },
  errors: [],
});

import { Hono } from 'hono';
import { z } from 'zod';
import { generalLedger, MAX_LEDGER_PAGE, trialBalance } from '../../ledger/books/balances.js';
import { Refusal } from '../../ledger/core/errors.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { ledgerFields } from '../ledger-fields.js';
import { documentRoute } from '../openapi.js';
import { fields, readQuery } from '../validate.js';
import {
  generalLedgerResponseSchema,
  trialBalanceResponseSchema,
} from '../schemas/books-ledger.js';

const trialBalanceQuery = z.strictObject({
  period: fields.period,
  scope: z.enum(['cumulative', 'period']).optional(),
});

const generalLedgerQuery = z
  .strictObject({
    account: ledgerFields.accountCode,
    from: ledgerFields.calendarDate,
    to: ledgerFields.calendarDate,
  })
  .refine((query) => query.from <= query.to, { error: 'from must not be after to' });

// Mounted under /reports beside other report routes, so each route names its role rather
// than a `use()` that would also guard its neighbours.
export const ledgerReportRoutes = new Hono<AppEnv>()
  .get('/trial-balance', requireRole('accountant'), async (c) => {
    const query = readQuery(c, trialBalanceQuery);
    const tb = await trialBalance(c.var.deps.db, {
      period: query.period,
      scope: query.scope ?? 'cumulative',
    });
    return c.json({
      period: tb.period,
      scope: tb.scope,
      rows: tb.rows.map((row) => ({
        account: row.account,
        name: row.name,
        nameEn: row.nameEn,
        type: row.type,
        debit: row.debit.toFixed(2),
        credit: row.credit.toFixed(2),
      })),
      totals: { debit: tb.totals.debit.toFixed(2), credit: tb.totals.credit.toFixed(2) },
    });
  })
  .get('/general-ledger', requireRole('accountant'), async (c) => {
    const query = readQuery(c, generalLedgerQuery);
    const { db } = c.var.deps;
    const account = await db
      .selectFrom('accounts')
      .select(['code', 'name', 'name_en', 'normal_side'])
      .where('code', '=', query.account)
      .executeTakeFirst();
    if (!account) {
      throw new Refusal('account_unknown', `There is no account ${query.account}.`, {
        account: query.account,
      });
    }
    const ledger = await generalLedger(db, {
      account: query.account,
      fromDate: query.from,
      toDate: query.to,
    });
    return c.json({
      account: account.code,
      name: account.name,
      nameEn: account.name_en,
      normalSide: account.normal_side,
      from: query.from,
      to: query.to,
      opening: ledger.opening.toFixed(2),
      lines: ledger.lines.map((line) => ({
        seq: Number(line.seq),
        entryId: line.entryId,
        date: line.date,
        description: line.description,
        account: line.account,
        debit: line.debit.toFixed(2),
        credit: line.credit.toFixed(2),
        memo: line.memo,
        balance: line.balance.toFixed(2),
      })),
      closing: ledger.closing.toFixed(2),
      truncated: ledger.truncated,
    });
  });

documentRoute({
  method: 'get',
  path: '/api/reports/trial-balance',
  summary:
    'Trial balance: each account’s net balance in its debit or credit column, cumulative to the end of the period (default) or for the period’s movements only',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: trialBalanceResponseSchema },
  query: trialBalanceQuery,
  responses: {
    200: '{"period","scope","rows":[{"account","name","nameEn","type","debit","credit"}],"totals":{"debit","credit"}}',
  },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/reports/general-ledger',
  summary: `General ledger of an account and its sub-accounts between two dates, with opening, running and closing balances on its normal side (at most ${MAX_LEDGER_PAGE} lines; \`truncated\` says when there were more)`,
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: generalLedgerResponseSchema },
  query: generalLedgerQuery,
  responses: {
    200: '{"account","name","nameEn","normalSide","from","to","opening","lines":[{"seq","entryId","date","description","account","debit","credit","memo","balance"}],"closing","truncated"}',
  },
  errors: ['account_unknown'],
});

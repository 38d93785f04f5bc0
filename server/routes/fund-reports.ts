import { Hono } from 'hono';
import { z } from 'zod';
import { fen } from '../../ledger/core/money.js';
import {
  balanceSheet,
  incomeStatement,
  type StatementLine,
} from '../../reports/financial-statements.js';
import { fundStatement } from '../../reports/fund-statement.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readQuery } from '../validate.js';
import { fundReportResponseSchema } from '../schemas/books-reports.js';
import {
  balanceSheetResponseSchema,
  incomeStatementResponseSchema,
} from '../schemas/books-ledger.js';

const fundsQuery = z.strictObject({
  period: fields.period,
  scope: z.enum(['month', 'ytd']).default('month'),
});
const periodQuery = z.strictObject({ period: fields.period });

const lineJson = (line: StatementLine) => ({
  account: line.account,
  name: line.name,
  nameEn: line.nameEn,
  amount: fen(line.amount),
});

// Role checks sit on each route, not in a `use`: other groups are mounted under /reports
// too, and a sub-app's `use('*')` would apply to theirs.
export const fundReportRoutes = new Hono<AppEnv>()
  .get('/funds', requireRole('accountant'), async (c) => {
    const query = readQuery(c, fundsQuery);
    const fromPeriod = query.scope === 'ytd' ? `${query.period.slice(0, 4)}-01` : query.period;
    const funds = await fundStatement(c.var.deps.db, { fromPeriod, toPeriod: query.period });
    return c.json({
      period: query.period,
      scope: query.scope,
      from: fromPeriod,
      funds: funds.map((fund) => ({
        fund: fund.fund,
        name: fund.name,
        nameEn: fund.nameEn,
        account: fund.account,
        opening: fen(fund.opening),
        allocated: fen(fund.allocated),
        spent: fen(fund.spent),
        spentByCategory: fund.spentByCategory.map((item) => ({
          ...item,
          amount: fen(item.amount),
        })),
        transfersIn: fen(fund.transfersIn),
        transfersOut: fen(fund.transfersOut),
        adjustments: fen(fund.adjustments),
        closing: fen(fund.closing),
      })),
    });
  })
  .get('/income-statement', requireRole('accountant'), async (c) => {
    const { period } = readQuery(c, periodQuery);
    const statement = await incomeStatement(c.var.deps.db, period);
    return c.json({
      period,
      revenue: statement.revenue.map(lineJson),
      expenses: statement.expenses.map(lineJson),
      totalRevenue: fen(statement.totalRevenue),
      totalExpenses: fen(statement.totalExpenses),
      result: fen(statement.result),
    });
  })
  .get('/balance-sheet', requireRole('accountant'), async (c) => {
    const { period } = readQuery(c, periodQuery);
    const sheet = await balanceSheet(c.var.deps.db, period);
    return c.json({
      period,
      assets: sheet.assets.map(lineJson),
      liabilities: sheet.liabilities.map(lineJson),
      equity: sheet.equity.map(lineJson),
      unclosedResult: fen(sheet.unclosedResult),
      totalAssets: fen(sheet.totalAssets),
      totalLiabilitiesAndEquity: fen(sheet.totalLiabilitiesAndEquity),
    });
  });

documentRoute({
  method: 'get',
  path: '/api/reports/funds',
  summary:
    'Fund movements for a month or the year to date: opening, allocated, spent by category, transfers, closing',
  tag: 'reports',
  roles: ['accountant'],
  response: { 200: fundReportResponseSchema },
  query: fundsQuery,
  responses: {
    200: '{"funds":[{"fund","opening","allocated","spent","closing",…}]}',
  },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/reports/income-statement',
  summary: '利润表 for a month',
  tag: 'reports',
  roles: ['accountant'],
  response: { 200: incomeStatementResponseSchema },
  query: periodQuery,
  responses: { 200: 'income statement' },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/reports/balance-sheet',
  summary: '资产负债表 at the end of a month',
  tag: 'reports',
  roles: ['accountant'],
  response: { 200: balanceSheetResponseSchema },
  query: periodQuery,
  responses: { 200: 'balance sheet' },
  errors: [],
});

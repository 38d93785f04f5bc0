import { Hono } from 'hono';
import { businessIso } from '../../ledger/core/business-time.js';
import { fen } from '../../ledger/core/money.js';
import { booksDashboard } from '../../reports/books-dashboard.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { booksDashboardResponseSchema } from '../schemas/books-reports.js';

export const booksDashboardRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .get('/', async (c) => {
    const { db, now, config } = c.var.deps;
    const zone = config.businessTimeZone;
    const dashboard = await booksDashboard(db, { now: now(), timeZone: zone });
    const { month } = dashboard;
    return c.json({
      today: dashboard.today,
      period: dashboard.period,
      month: {
        netSales: fen(month.netSales),
        revenue: fen(month.revenue),
        costs: fen(month.costs),
        surplus: fen(month.surplus),
        saleCount: month.saleCount,
        deficitCarriedIn: fen(month.deficitCarriedIn),
        allocable: fen(month.split.allocable),
        deficitCarriedOut: fen(month.split.deficitCarriedOut),
        rule: month.rule,
        allocation: month.split.allocation.map((item) => ({
          fund: item.fund,
          percent: item.percent.toString(),
          amount: fen(item.amount),
        })),
      },
      funds: dashboard.funds.map((fund) => ({ ...fund, balance: fen(fund.balance) })),
      openShifts: dashboard.openShifts.map((shift) => ({
        ...shift,
        openedAt: businessIso(shift.openedAt, zone),
      })),
      attention: {
        ...dashboard.attention,
        sales: dashboard.attention.sales.map((sale) => ({
          ...sale,
          total: fen(sale.total),
          createdAt: businessIso(sale.createdAt, zone),
          receivedAt: businessIso(sale.receivedAt, zone),
        })),
      },
      periods: {
        toClose: dashboard.periods.toClose,
        toPublish: dashboard.periods.toPublish.map((item) => ({
          period: item.period,
          closedAt: item.closedAt.toISOString(),
        })),
      },
      clearing: dashboard.clearing.map((account) => ({
        ...account,
        balance: fen(account.balance),
      })),
    });
  });

documentRoute({
  method: 'get',
  path: '/api/books/dashboard',
  summary:
    'This month so far (net sales, costs, projected surplus and each fund’s share by the rule in force), fund balances, open shifts, ' +
    'late and offline sales of this month and the last, months waiting to be closed or published, clearing accounts with the age of the oldest unsettled money',
  tag: 'reports',
  roles: ['accountant'],
  response: { 200: booksDashboardResponseSchema },
  responses: {
    200: '{"today","period","month":{"netSales","revenue","costs","surplus","saleCount","deficitCarriedIn","allocable","deficitCarriedOut","rule","allocation":[{"fund","percent","amount"}]},"funds":[{"fund","name","nameEn","account","balance"}],"openShifts":[…],"attention":{"late","offline","oversold","sales":[…]},"periods":{"toClose":[{"period","entryCount"}],"toPublish":[{"period","closedAt"}]},"clearing":[{"provider","account","balance","oldestUnsettledDate","ageDays"}]}',
  },
  errors: [],
});

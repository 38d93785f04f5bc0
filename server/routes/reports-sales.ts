import { Hono } from 'hono';
import { z } from 'zod';
import { isValidDate } from '../../ledger/core/business-time.js';
import { dailySummary } from '../../reports/daily-summary.js';
import { fen } from '../../ledger/core/money.js';
import { formatQuantity } from '../../ledger/selling/quantity.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readQuery } from '../validate.js';
import { dailySummaryResponseSchema } from '../schemas/books-reports.js';

const dailyQuery = z.strictObject({ date: fields.date.refine(isValidDate, 'a calendar date') });

/**
 * `GET /api/reports/daily`. Mounted at exactly that path (not at /reports) so that other
 * report groups mounted under /reports keep their own role checks.
 */
export const dailySalesReportRoutes = new Hono<AppEnv>().get(
  '/',
  requireRole('manager', 'accountant'),
  async (c) => {
    const { db, config } = c.var.deps;
    const { date } = readQuery(c, dailyQuery);
    const day = await dailySummary(db, { date, timeZone: config.businessTimeZone });
    return c.json({
      date: day.date,
      sales: {
        count: day.sales.count,
        gross: fen(day.sales.gross),
        discounts: fen(day.sales.discounts),
        total: fen(day.sales.total),
      },
      refunds: { count: day.refunds.count, amount: fen(day.refunds.amount) },
      net: fen(day.net),
      byProduct: day.byProduct.map((row) => ({
        productId: row.productId,
        sku: row.sku,
        name: row.name,
        nameEn: row.nameEn,
        category: row.category,
        unit: row.unit,
        quantity: formatQuantity(row.quantity),
        gross: fen(row.gross),
        discounts: fen(row.discounts),
        total: fen(row.total),
        refundedQuantity: formatQuantity(row.refundedQuantity),
        refunded: fen(row.refunded),
      })),
      byCategory: day.byCategory.map((row) => ({
        category: row.category,
        total: fen(row.total),
        refunded: fen(row.refunded),
      })),
      byTender: day.byTender.map((row) => ({
        method: row.method,
        count: row.count,
        amount: fen(row.amount),
        refunded: fen(row.refunded),
      })),
      byHour: day.byHour.map((row) => ({
        hour: row.hour,
        count: row.count,
        total: fen(row.total),
      })),
    });
  },
);

documentRoute({
  method: 'get',
  path: '/api/reports/daily',
  summary:
    "A day's sales (by the sale's own business date) by product, category, tender and local hour, with the day's refunds",
  tag: 'reports',
  roles: ['manager', 'accountant'],
  response: { 200: dailySummaryResponseSchema },
  query: dailyQuery,
  responses: {
    200: '{"date","sales":{"count","gross","discounts","total"},"refunds","net","byProduct","byCategory","byTender","byHour"}',
  },
  errors: [],
});

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
import {
  dailySalesEntriesResponseSchema,
  dailySummaryResponseSchema,
} from '../schemas/books-reports.js';
import {
  dailySalesEntries,
  MAX_DRILL_SALES,
  type DailySalesFigure,
} from '../../reports/daily-sales-entries.js';

const dailyQuery = z.strictObject({ date: fields.date.refine(isValidDate, 'a calendar date') });

/** One figure of the summary: at most one of product, category, tender, hour; none = the day. */
const entriesQuery = z
  .strictObject({
    date: fields.date.refine(isValidDate, 'a calendar date'),
    product: fields.id.optional(),
    category: z.string().min(1).max(40).optional(),
    tender: z.enum(['cash', 'wechat', 'alipay', 'hardship_voucher']).optional(),
    hour: z
      .string()
      .regex(/^([01]\d|2[0-3])$/, 'an hour 00–23')
      .optional(),
  })
  .refine(
    (query) =>
      [query.product, query.category, query.tender, query.hour].filter((v) => v !== undefined)
        .length <= 1,
    { error: 'at most one of product, category, tender, hour' },
  );

function figureOf(query: z.infer<typeof entriesQuery>): DailySalesFigure {
  if (query.product) return { by: 'product', productId: query.product };
  if (query.category) return { by: 'category', category: query.category };
  if (query.tender) return { by: 'tender', method: query.tender };
  if (query.hour) return { by: 'hour', hour: query.hour };
  return { by: 'all' };
}

function figureValue(figure: DailySalesFigure): string | null {
  switch (figure.by) {
    case 'product':
      return figure.productId;
    case 'category':
      return figure.category;
    case 'tender':
      return figure.method;
    case 'hour':
      return figure.hour;
    default:
      return null;
  }
}

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

dailySalesReportRoutes.get('/sales', requireRole('manager', 'accountant'), async (c) => {
  const { db, config } = c.var.deps;
  const query = readQuery(c, entriesQuery);
  const found = await dailySalesEntries(db, {
    date: query.date,
    timeZone: config.businessTimeZone,
    figure: figureOf(query),
  });
  return c.json({
    date: found.date,
    figure: { by: found.figure.by, value: figureValue(found.figure) },
    sales: found.sales.map((sale) => ({
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      registerId: sale.registerId,
      createdAt: sale.createdAt.toISOString(),
      total: fen(sale.total),
      amount: fen(sale.amount),
      entryId: sale.entryId,
      late: sale.late,
    })),
    amount: fen(found.amount),
    truncated: found.truncated,
  });
});

documentRoute({
  method: 'get',
  path: '/api/reports/daily/sales',
  summary: `The sales behind one figure of a day's sales summary (a product, category, tender or local hour; none = the whole day), each with its journal entry, at most ${MAX_DRILL_SALES}`,
  tag: 'reports',
  roles: ['manager', 'accountant'],
  response: { 200: dailySalesEntriesResponseSchema },
  query: entriesQuery,
  responses: {
    200: '{"date","figure":{"by","value"},"sales":[{"saleId","receiptNumber","registerId","createdAt","total","amount","entryId","late"}],"amount","truncated"}',
  },
  errors: [],
});

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

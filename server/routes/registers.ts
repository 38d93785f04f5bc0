import { Hono } from 'hono';
import { z } from 'zod';
import { businessDate } from '../../ledger/core/business-time.js';
import { Refusal } from '../../ledger/core/errors.js';
import { fen } from '../../ledger/core/money.js';
import {
  decodeRegisterSalesCursor,
  listRegisterSales,
  listRegisterStaff,
  MAX_REGISTER_SALES_PAGE,
} from '../../ledger/selling/register-sales.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { registerSalesAnswerSchema, registerStaffAnswerSchema } from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { fields, readParam, readQuery } from '../validate.js';

const DEFAULT_PAGE_SIZE = 50;

const salesQuery = z.strictObject({
  /** The business day (default: today, unless searching). */
  date: fields.date.optional(),
  /** Part of a receipt number (`C1-0001`, `000123`) or a whole serial number. */
  q: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,25}$/, 'letters, digits and hyphens, at most 25')
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'a whole number')
    .refine(
      (value) => Number(value) >= 1 && Number(value) <= MAX_REGISTER_SALES_PAGE,
      `1 to ${MAX_REGISTER_SALES_PAGE}`,
    )
    .optional(),
  /** nextCursor of the previous page. */
  before: z.string().max(80).optional(),
});

/**
 * What a tablet needs about its register: the day's sales for history and reprint, and
 * the staff for its lock screen. Any cashier (and so any manager or admin) may read them:
 * history is shared across the register's tablets, and the staff list must be cachable by
 * whoever is logged in on a shared tablet (docs/decisions/0024-pos-offline-staff.md).
 */
export const registerRoutes = new Hono<AppEnv>()
  .use(requireRole('cashier'))
  .get('/:registerId/sales', async (c) => {
    const { db, now, config } = c.var.deps;
    const registerId = readParam(c, 'registerId', fields.registerId);
    const query = readQuery(c, salesQuery);
    const before = query.before === undefined ? undefined : decodeRegisterSalesCursor(query.before);
    if (query.before !== undefined && !before) {
      throw new Refusal('invalid_input', 'before is not a cursor this server gave out.', [
        { path: 'before', problem: 'invalid_format' },
      ]);
    }
    // A search looks across days (a receipt from yesterday can be reprinted); a listing
    // without a date is today's.
    const date =
      query.date ??
      (query.q === undefined ? businessDate(now(), config.businessTimeZone) : undefined);
    const page = await listRegisterSales(db, {
      registerId,
      date,
      search: query.q,
      limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
      before,
    });
    return c.json({
      registerId,
      date: date ?? null,
      sales: page.sales.map((sale) => ({
        id: sale.id,
        shiftId: sale.shiftId,
        receiptNumber: sale.receiptNumber,
        serialNumber: sale.serialNumber,
        createdAt: sale.createdAt.toISOString(),
        businessDate: sale.businessDate,
        total: fen(sale.total),
        tenders: sale.tenders.map((tender) => ({
          method: tender.method,
          amount: fen(tender.amount),
        })),
        refunded: fen(sale.refunded),
        offline: sale.offline,
        late: sale.late,
        cashier: sale.cashier,
      })),
      nextCursor: page.nextCursor,
    });
  })
  .get('/:registerId/staff', async (c) => {
    const registerId = readParam(c, 'registerId', fields.registerId);
    const staff = await listRegisterStaff(c.var.deps.db, { registerId });
    return c.json({ registerId, staff });
  });

documentRoute({
  method: 'get',
  path: '/api/registers/{registerId}/sales',
  response: { 200: registerSalesAnswerSchema },
  summary:
    "One register's sales, newest first, for history and reprint on any of its tablets: a business day's (?date=YYYY-MM-DD, default today) " +
    'or, with ?q=, those whose receipt number contains q (or whose serial number is q) on any day. ' +
    `Each with its receipt number, total, tenders by method, amount refunded and cashier. Paged: ?limit= (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_REGISTER_SALES_PAGE}), ?before=nextCursor.`,
  tag: 'sales',
  roles: ['cashier'],
  query: salesQuery,
  responses: {
    200: '{"registerId","date","sales":[{"id","shiftId","receiptNumber","serialNumber","createdAt","businessDate","total","tenders":[{"method","amount"}],"refunded","offline","late","cashier":{"id","displayName"}}],"nextCursor"}',
  },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/registers/{registerId}/staff',
  response: { 200: registerStaffAnswerSchema },
  summary:
    "The staff tiles of a register's lock screen: active cashiers and managers, by display name, and whether each has a PIN. " +
    'Any logged-in cashier or manager may read it, so a shared tablet refreshes its cached copy whenever someone is logged in.',
  tag: 'auth',
  roles: ['cashier'],
  responses: {
    200: '{"registerId","staff":[{"id","username","displayName","role":"cashier|manager","hasPin"}]}',
  },
  errors: [],
});

import { Hono } from 'hono';
import { z } from 'zod';
import { businessIso } from '../../ledger/core/business-time.js';
import { localToInstant, shiftDate } from '../../ledger/books/reconciliation/local-time.js';
import type { AppEnv } from '../app-env.js';
import { listAuditLog, MAX_AUDIT_PAGE_SIZE } from '../audit-log-query.js';
import { requireRole } from '../auth/middleware.js';
import { ledgerFields } from '../ledger-fields.js';
import { documentRoute } from '../openapi.js';
import { fields, readQuery } from '../validate.js';
import { auditLogResponseSchema } from '../schemas/books-admin.js';

/** A day (YYYY-MM-DD, in the business time zone) or an exact instant with its offset. */
const dayOrInstant = z.union([fields.date, fields.instant]);

const auditQuery = z.strictObject({
  /** From this day or instant (inclusive). */
  from: dayOrInstant.optional(),
  /** Up to this day (inclusive) or before this instant. */
  to: dayOrInstant.optional(),
  action: z.string().trim().min(1).max(64).optional(),
  /** The username of who acted. */
  user: z.string().trim().min(1).max(64).optional(),
  /** What the action was about: a period, an entry id, a username… (the record's subject). */
  entity: z.string().trim().min(1).max(200).optional(),
  page: ledgerFields.page.optional(),
  pageSize: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `a page size from 1 to ${MAX_AUDIT_PAGE_SIZE}`)
    .transform(Number)
    .refine((size) => size <= MAX_AUDIT_PAGE_SIZE, `at most ${MAX_AUDIT_PAGE_SIZE}`)
    .optional(),
});

export const auditLogRoutes = new Hono<AppEnv>().use(requireRole('admin')).get('/', async (c) => {
  const query = readQuery(c, auditQuery);
  const timeZone = c.var.deps.config.businessTimeZone;
  const isDay = (value: string) => value.length === 10;
  const from = query.from
    ? isDay(query.from)
      ? localToInstant(`${query.from} 00:00:00`, timeZone, 'from')
      : new Date(query.from)
    : undefined;
  const to = query.to
    ? isDay(query.to)
      ? localToInstant(`${shiftDate(query.to, 1)} 00:00:00`, timeZone, 'to')
      : new Date(query.to)
    : undefined;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const { records, total } = await listAuditLog(c.var.deps.db, {
    from,
    to,
    action: query.action,
    username: query.user,
    subject: query.entity,
    page,
    pageSize,
  });
  return c.json({
    entries: records.map((record) => ({
      id: record.id,
      at: businessIso(record.at, timeZone),
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      details: record.details,
      ip: record.ip,
    })),
    page,
    pageSize,
    total,
    hasMore: page * pageSize < total,
  });
});

documentRoute({
  method: 'get',
  path: '/api/audit-log',
  summary:
    'The audit log, newest first, paged: filters from / to (a day in the business time zone, or an instant), action, user (username), entity (the subject)',
  tag: 'admin',
  roles: ['admin'],
  response: { 200: auditLogResponseSchema },
  query: auditQuery,
  responses: {
    200: '{"entries":[{"id","at","actor":{"id","username","displayName"}|null,"action","subject","details","ip"}],"page","pageSize","total","hasMore"}',
  },
  errors: [],
});

import { Hono } from 'hono';
import { z } from 'zod';
import { isValidDate } from '../../ledger/core/business-time.js';
import { productionDay, recordLeftovers, setProduction } from '../../ledger/selling/production.js';
import { formatQuantity } from '../../ledger/selling/quantity.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { productionDayAnswerSchema } from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam } from '../validate.js';

/** Decimal text; the ledger refuses zero, negatives and too many decimals with their own codes. */
const decimalText = z.string().regex(/^-?\d{1,15}(\.\d{1,15})?$/, 'a decimal number as a string');
const dateParam = fields.date.refine(isValidDate, 'a calendar date');

const productionBody = z.strictObject({
  items: z.array(z.strictObject({ productId: fields.id, quantity: decimalText })).max(1000),
});

const leftoversBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        productId: fields.id,
        disposition: z.enum(['donated', 'discounted', 'waste']),
        quantity: decimalText,
        reason: z.string().max(200),
      }),
    )
    .max(1000),
});

export const productionRoutes = new Hono<AppEnv>()
  .put('/:date', requireRole('manager'), async (c) => {
    const { db, now } = c.var.deps;
    const auth = currentAuth(c);
    const date = readParam(c, 'date', dateParam);
    const body = await readJson(c, productionBody);
    await db.transaction().execute(async (trx) => {
      await setProduction(trx, { date, items: body.items, updatedBy: auth.user.id, now: now() });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'production_set',
        subject: date,
        details: { items: body.items },
      });
    });
    return c.json(await dayJson(c.var.deps.db, date));
  })
  .put('/:date/leftovers', requireRole('cashier'), async (c) => {
    const { db, now } = c.var.deps;
    const auth = currentAuth(c);
    const date = readParam(c, 'date', dateParam);
    const body = await readJson(c, leftoversBody);
    await db.transaction().execute(async (trx) => {
      await recordLeftovers(trx, { date, items: body.items, recordedBy: auth.user.id, now: now() });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'leftovers_recorded',
        subject: date,
        details: { items: body.items },
      });
    });
    return c.json(await dayJson(c.var.deps.db, date));
  })
  .get('/:date', requireRole('manager'), async (c) => {
    const date = readParam(c, 'date', dateParam);
    return c.json(await dayJson(c.var.deps.db, date));
  });

async function dayJson(db: Parameters<typeof productionDay>[0], date: string) {
  const rows = await productionDay(db, date);
  return {
    date,
    products: rows.map((row) => ({
      productId: row.productId,
      sku: row.sku,
      name: row.name,
      baked: row.baked === null ? null : formatQuantity(row.baked),
      sold: formatQuantity(row.sold),
      refunded: formatQuantity(row.refunded),
      remaining: row.remaining === null ? null : formatQuantity(row.remaining),
      leftovers: row.leftovers.map((leftover) => ({
        disposition: leftover.disposition,
        quantity: formatQuantity(leftover.quantity),
        reason: leftover.reason,
      })),
    })),
  };
}

documentRoute({
  method: 'put',
  path: '/api/production/{date}',
  response: { 200: productionDayAnswerSchema },
  summary:
    "Set the day's baked counts (replaces the day's list); remaining = baked − sold + refunded",
  tag: 'production',
  roles: ['manager'],
  body: productionBody,
  responses: {
    200: '{"date","products":[{"productId","sku","name","baked","sold","refunded","remaining","leftovers"}]}',
  },
  errors: ['product_unknown', 'quantity_not_positive', 'quantity_too_precise'],
});
documentRoute({
  method: 'put',
  path: '/api/production/{date}/leftovers',
  response: { 200: productionDayAnswerSchema },
  summary:
    "Record the day's leftovers: donated, discounted or waste, with quantities and a reason (replaces the day's list)",
  tag: 'production',
  roles: ['cashier'],
  body: leftoversBody,
  responses: {
    200: 'the day, as GET',
  },
  errors: [
    'reason_required',
    'product_unknown',
    'quantity_not_positive',
    'quantity_too_precise',
    'quantity_too_large',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/production/{date}',
  response: { 200: productionDayAnswerSchema },
  summary: 'The day per product: baked, sold, refunded, remaining and leftovers',
  tag: 'production',
  roles: ['manager'],
  responses: { 200: '{"date","products":[…]}' },
  errors: [],
});

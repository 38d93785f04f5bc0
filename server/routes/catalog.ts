import { Hono } from 'hono';
import { z } from 'zod';
import { businessDate } from '../../ledger/core/business-time.js';
import { listCatalog, listCategories, upsertCategory } from '../../ledger/selling/catalog.js';
import { fen } from '../../ledger/core/money.js';
import { formatQuantity } from '../../ledger/selling/quantity.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { catalogAnswerSchema } from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { readJson, readParam } from '../validate.js';

const categoryName = z.string().trim().min(1).max(32);
const categoryBody = z.strictObject({
  nameEn: z.string().trim().max(64).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});

/** `GET /api/catalog`: what the tablet sells today, with what remains of today's production. */
export const catalogRoutes = new Hono<AppEnv>().use(requireRole('cashier')).get('/', async (c) => {
  const { db, now, config } = c.var.deps;
  const at = now();
  const date = businessDate(at, config.businessTimeZone);
  const items = await listCatalog(db, { date, at });
  const categories = await listCategories(db);
  return c.json({
    date,
    products: items.map((item) => ({
      id: item.id,
      sku: item.sku,
      name: item.name,
      nameEn: item.nameEn,
      category: item.category,
      categoryEn: item.categoryEn,
      price: fen(item.price),
      unit: item.unit,
      tileOrder: item.tileOrder,
      soldOut: item.soldOut,
      remaining: item.remaining === null ? null : formatQuantity(item.remaining),
    })),
    categories,
  });
});

/** `PUT /api/categories/{name}`: a category's English name and place on the tablet. */
export const categoryRoutes = new Hono<AppEnv>()
  .use(requireRole('manager'))
  .put('/:name', async (c) => {
    const { db } = c.var.deps;
    const auth = currentAuth(c);
    const name = readParam(c, 'name', categoryName);
    const body = await readJson(c, categoryBody);
    const category = await db.transaction().execute(async (trx) => {
      const saved = await upsertCategory(trx, { name, ...body });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'category_saved',
        subject: name,
        details: { ...body },
      });
      return saved;
    });
    return c.json({ category });
  });

documentRoute({
  method: 'get',
  path: '/api/catalog',
  response: { 200: catalogAnswerSchema },
  summary:
    "Active products at today's prices with soldOut and remaining (today's baked − sold + refunded; null when no count was set)",
  tag: 'catalog',
  roles: ['cashier'],
  responses: {
    200: '{"date","products":[{"id","sku","name","nameEn","category","categoryEn","price","unit","tileOrder","soldOut","remaining"}],"categories":[…]}',
  },
  errors: [],
});
documentRoute({
  method: 'put',
  path: '/api/categories/{name}',
  summary: "Set a category's English name and sort order (created when new)",
  tag: 'catalog',
  roles: ['manager'],
  body: categoryBody,
  responses: { 200: '{"category":{"name","nameEn","sortOrder"}}' },
  errors: [],
});

import { Hono } from 'hono';
import { z } from 'zod';
import {
  createProduct,
  getProduct,
  listProducts,
  priceHistory,
  updateProduct,
  type Product,
} from '../../ledger/selling/catalog.js';
import { Refusal } from '../../ledger/core/errors.js';
import { fen } from '../../ledger/core/money.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { productAnswerSchema, productListAnswerSchema } from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam } from '../validate.js';

const unitSchema = z.enum(['piece', 'jin', 'kg']);
const categoryName = z.string().trim().min(1).max(32);

const createProductBody = z.strictObject({
  sku: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'letters, digits, dot, dash or underscore'),
  name: fields.text(64),
  nameEn: z.string().trim().max(64).optional(),
  category: categoryName,
  price: fields.money,
  unit: unitSchema,
  tileOrder: z.number().int().min(0).max(10_000).optional(),
});

const updateProductBody = z
  .strictObject({
    price: fields.money.optional(),
    /** When the new price starts; default now. Never in the past. */
    effectiveFrom: fields.instant.optional(),
    active: z.boolean().optional(),
    name: fields.text(64).optional(),
    nameEn: z.string().trim().max(64).optional(),
    category: categoryName.optional(),
    tileOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'change at least one field' })
  .refine((body) => body.effectiveFrom === undefined || body.price !== undefined, {
    error: 'effectiveFrom goes with a price',
  });

/** A product as JSON: money as a two-decimal string. */
export function productJson(product: Product) {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    nameEn: product.nameEn,
    category: product.category,
    categoryEn: product.categoryEn,
    price: fen(product.price),
    unit: product.unit,
    tileOrder: product.tileOrder,
    active: product.active,
  };
}

export const productRoutes = new Hono<AppEnv>()
  .use(requireRole('manager'))
  .post('/', async (c) => {
    const { db, now } = c.var.deps;
    const auth = currentAuth(c);
    const body = await readJson(c, createProductBody);
    const product = await db.transaction().execute(async (trx) => {
      const created = await createProduct(trx, { ...body, createdBy: auth.user.id, now: now() });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'product_created',
        subject: created.id,
        details: { sku: created.sku, price: fen(created.price) },
      });
      return created;
    });
    return c.json({ product: productJson(product) }, 201);
  })
  .patch('/:id', async (c) => {
    const { db, now } = c.var.deps;
    const auth = currentAuth(c);
    const id = readParam(c, 'id', fields.id);
    const body = await readJson(c, updateProductBody);
    const product = await db.transaction().execute(async (trx) => {
      const updated = await updateProduct(trx, {
        productId: id,
        ...body,
        effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : undefined,
        updatedBy: auth.user.id,
        now: now(),
      });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'product_updated',
        subject: id,
        details: { ...body },
      });
      return updated;
    });
    return c.json({ product: productJson(product) });
  })
  .get('/', async (c) => {
    const { db, now } = c.var.deps;
    const products = await listProducts(db, { at: now(), includeInactive: true });
    return c.json({ products: products.map(productJson) });
  })
  .get('/:id', async (c) => {
    const { db, now } = c.var.deps;
    const id = readParam(c, 'id', fields.id);
    const product = await getProduct(db, id, now());
    if (!product) throw new Refusal('product_unknown', `There is no product ${id}.`);
    const history = await priceHistory(db, id);
    return c.json({
      product: {
        ...productJson(product),
        prices: history.map((entry) => ({
          effectiveFrom: entry.effectiveFrom.toISOString(),
          price: fen(entry.price),
        })),
      },
    });
  });

documentRoute({
  method: 'post',
  path: '/api/products',
  response: { 201: productAnswerSchema },
  summary:
    'Add a product with its first price (in effect from now); the category is created on first use',
  tag: 'catalog',
  roles: ['manager'],
  body: createProductBody,
  responses: {
    201: '{"product":{"id","sku","name","nameEn","category","price","unit","tileOrder","active"}}',
  },
  errors: ['sku_taken', 'amount_invalid'],
});
documentRoute({
  method: 'patch',
  path: '/api/products/{id}',
  response: { 200: productAnswerSchema },
  summary:
    'Change a product from now on: a new price (kept in the price history), active or not, names, category, tile order',
  tag: 'catalog',
  roles: ['manager'],
  body: updateProductBody,
  responses: {
    200: '{"product":{…}}',
  },
  errors: ['product_unknown', 'amount_invalid', 'conflict'],
});
documentRoute({
  method: 'get',
  path: '/api/products',
  response: { 200: productListAnswerSchema },
  summary: 'Every product, active or not, at its current price',
  tag: 'catalog',
  roles: ['manager'],
  responses: { 200: '{"products":[…]}' },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/products/{id}',
  summary: 'One product with its price history (newest first)',
  tag: 'catalog',
  roles: ['manager'],
  responses: {
    200: '{"product":{…,"prices":[{"effectiveFrom","price"}]}}',
  },
  errors: ['product_unknown'],
});

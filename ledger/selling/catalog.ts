import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ProductUnit } from '../schema/database.js';
import { assert, Refusal } from '../core/errors.js';
import { inTransaction, type Executor } from '../core/executor.js';
import { D, Money } from '../core/money.js';
import { remainingByProduct, type Remaining } from './production.js';
import { parseAmount } from './quantity.js';

/** The most expensive thing the bakery sells is far below this; a typo is not. */
export const MAX_PRICE = D('10000.00');

/**
 * A price may start a little in the past (the manager's tablet clock, the request's
 * travel time) but not further: sales already made were priced by what was in effect.
 */
const PRICE_BACKDATE_TOLERANCE_MS = 60_000;

export interface Product {
  id: string;
  sku: string;
  name: string;
  nameEn: string;
  category: string;
  categoryEn: string;
  unit: ProductUnit;
  tileOrder: number;
  active: boolean;
  /** When `active` last changed. */
  statusChangedAt: Date;
  /** The price in effect at the moment asked about. */
  price: Money;
}

export interface PriceChange {
  effectiveFrom: Date;
  price: Money;
}

function parsePrice(text: string, where: string): Money {
  const price = parseAmount(text, where);
  if (price.isZero() || price.gt(MAX_PRICE)) {
    throw new Refusal(
      'amount_invalid',
      `${where}: a price is above 0.00 and at most ${MAX_PRICE.toFixed(2)}.`,
      {
        path: where,
      },
    );
  }
  return price;
}

async function ensureCategory(db: Executor, name: string): Promise<void> {
  await db
    .insertInto('categories')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export interface CreateProductOptions {
  sku: string;
  name: string;
  nameEn?: string | undefined;
  /** A category name; created on first use. */
  category: string;
  price: string;
  unit: ProductUnit;
  tileOrder?: number | undefined;
  createdBy: string | null;
  now: Date;
}

/**
 * Adds a product with its first price, in effect from `now`. A SKU is used once
 * (`sku_taken`).
 *
 * @example await createProduct(trx, { sku: 'MT-01', name: '馒头', category: '馒头', price: '1.50', unit: 'piece', createdBy, now })
 */
export async function createProduct(db: Executor, options: CreateProductOptions): Promise<Product> {
  const price = parsePrice(options.price, 'price');
  return inTransaction(db, async (trx) => {
    const taken = await trx
      .selectFrom('products')
      .select('id')
      .where('sku', '=', options.sku)
      .executeTakeFirst();
    if (taken)
      throw new Refusal('sku_taken', `The SKU ${options.sku} is already used.`, {
        productId: taken.id,
      });
    await ensureCategory(trx, options.category);
    const id = randomUUID();
    const inserted = await trx
      .insertInto('products')
      .values({
        id,
        sku: options.sku,
        name: options.name,
        name_en: options.nameEn ?? '',
        category: options.category,
        unit: options.unit,
        tile_order: options.tileOrder ?? 0,
        active: true,
        status_changed_at: options.now,
        created_at: options.now,
      })
      .onConflict((oc) => oc.column('sku').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new Refusal('sku_taken', `The SKU ${options.sku} is already used.`);
    await trx
      .insertInto('product_prices')
      .values({
        product_id: id,
        effective_from: options.now,
        price: price.toFixed(2),
        set_by: options.createdBy,
      })
      .execute();
    const product = await getProduct(trx, id, options.now);
    assert(product, 'a created product can be read back');
    return product;
  });
}

export interface UpdateProductOptions {
  productId: string;
  /** A new price, in effect from `effectiveFrom` (default: now). Earlier sales keep theirs. */
  price?: string | undefined;
  effectiveFrom?: Date | undefined;
  active?: boolean | undefined;
  name?: string | undefined;
  nameEn?: string | undefined;
  category?: string | undefined;
  tileOrder?: number | undefined;
  updatedBy: string | null;
  now: Date;
}

/**
 * Changes a product from now on: a new price becomes a new row of its price history (the
 * old one stays, so a sale made offline before the change is priced as it was sold);
 * withdrawing it (`active: false`) refuses online sales from now on.
 *
 * @example await updateProduct(trx, { productId, price: '1.80', updatedBy, now })
 */
export async function updateProduct(db: Executor, options: UpdateProductOptions): Promise<Product> {
  const price = options.price === undefined ? undefined : parsePrice(options.price, 'price');
  const effectiveFrom = options.effectiveFrom ?? options.now;
  if (price && effectiveFrom.getTime() < options.now.getTime() - PRICE_BACKDATE_TOLERANCE_MS) {
    throw new Refusal(
      'invalid_input',
      'A price change starts now or later; sales already made keep the price they were made at.',
      [{ path: 'effectiveFrom', problem: 'in_the_past' }],
    );
  }
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('products')
      .select(['id', 'active'])
      .where('id', '=', options.productId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new Refusal('product_unknown', `There is no product ${options.productId}.`);
    if (options.category !== undefined) await ensureCategory(trx, options.category);
    const changes = {
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.nameEn === undefined ? {} : { name_en: options.nameEn }),
      ...(options.category === undefined ? {} : { category: options.category }),
      ...(options.tileOrder === undefined ? {} : { tile_order: options.tileOrder }),
      ...(options.active === undefined || options.active === current.active
        ? {}
        : { active: options.active, status_changed_at: options.now }),
    };
    if (Object.keys(changes).length > 0) {
      await trx.updateTable('products').set(changes).where('id', '=', options.productId).execute();
    }
    if (price) {
      const inserted = await trx
        .insertInto('product_prices')
        .values({
          product_id: options.productId,
          effective_from: effectiveFrom,
          price: price.toFixed(2),
          set_by: options.updatedBy,
        })
        .onConflict((oc) => oc.columns(['product_id', 'effective_from']).doNothing())
        .returning('price')
        .executeTakeFirst();
      if (!inserted) {
        throw new Refusal(
          'conflict',
          'A price change for this product already starts at that moment.',
        );
      }
    }
    const product = await getProduct(trx, options.productId, options.now);
    assert(product, 'an updated product can be read back');
    return product;
  });
}

/** One product with the price in effect at `at`, or undefined. */
export async function getProduct(db: Executor, id: string, at: Date): Promise<Product | undefined> {
  const [product] = await listProducts(db, { at, ids: [id], includeInactive: true });
  return product;
}

interface ProductQuery {
  at: Date;
  ids?: readonly string[];
  includeInactive?: boolean;
}

/** The query of `listProducts`. */
function productsQuery(db: Executor, options: ProductQuery) {
  let query = db
    .selectFrom('products as p')
    .innerJoin('categories as c', 'c.name', 'p.category')
    .select([
      'p.id',
      'p.sku',
      'p.name',
      'p.name_en',
      'p.category',
      'c.name_en as category_en',
      'p.unit',
      'p.tile_order',
      'p.active',
      'p.status_changed_at',
      // The pricing rule is the database's (migrations/0015), shared with a sale's read.
      // As text: a price never becomes a JS number, not even inside JSON.
      sql<string>`xmf_product_price(p.id, ${options.at})::text`.as('price'),
    ])
    .orderBy('c.sort_order')
    .orderBy('p.category')
    .orderBy('p.tile_order')
    .orderBy('p.sku');
  if (options.ids) query = query.where('p.id', 'in', options.ids);
  if (!options.includeInactive) query = query.where('p.active', '=', true);
  return query;
}

type ProductRow = Awaited<ReturnType<ReturnType<typeof productsQuery>['execute']>>[number];

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    nameEn: row.name_en,
    category: row.category,
    categoryEn: row.category_en,
    unit: row.unit,
    tileOrder: row.tile_order,
    active: row.active,
    statusChangedAt: row.status_changed_at,
    price: D(row.price),
  };
}

/**
 * Products with the price in effect at `at`. When `at` precedes a product's first price
 * (a tablet clock running behind), its first price applies: the tablet could only have
 * sold what its catalog showed.
 */
export async function listProducts(db: Executor, options: ProductQuery): Promise<Product[]> {
  if (options.ids && options.ids.length === 0) return [];
  return (await productsQuery(db, options).execute()).map(toProduct);
}

/**
 * A product as a sale's read has it (`xmf_sale_context`, migrations/0015): the same
 * fields as `listProducts` reads, its time as JSON text.
 */
export type ProductJson = Omit<ProductRow, 'status_changed_at'> & { status_changed_at: string };

export function productFromJson(row: ProductJson): Product {
  return toProduct({ ...row, status_changed_at: new Date(row.status_changed_at) });
}

/** A product's price history, newest first. */
export async function priceHistory(db: Executor, productId: string): Promise<PriceChange[]> {
  const rows = await db
    .selectFrom('product_prices')
    .select(['effective_from', 'price'])
    .where('product_id', '=', productId)
    .orderBy('effective_from', 'desc')
    .execute();
  return rows.map((row) => ({ effectiveFrom: row.effective_from, price: D(row.price) }));
}

export interface CatalogItem extends Product {
  /** What is left of the day's production, or null when no count was set for the day. */
  remaining: Money | null;
  soldOut: boolean;
}

/**
 * What the tablet shows: active products at today's prices, each with what remains of
 * today's production (null when none was counted: then it never sells out).
 *
 * @example await listCatalog(db, { date: '2026-03-10', at: now })
 */
export async function listCatalog(
  db: Executor,
  options: { date: string; at: Date },
): Promise<CatalogItem[]> {
  const products = await listProducts(db, { at: options.at });
  const remaining = await remainingByProduct(db, { date: options.date });
  return products.map((product) => {
    const counted: Remaining | undefined = remaining.get(product.id);
    return {
      ...product,
      remaining: counted ? counted.remaining : null,
      soldOut: counted ? counted.remaining.lte(0) : false,
    };
  });
}

export interface Category {
  name: string;
  nameEn: string;
  sortOrder: number;
}

/** Sets a category's English name and place on the tablet; creates it when new. */
export async function upsertCategory(
  db: Executor,
  options: { name: string; nameEn?: string | undefined; sortOrder?: number | undefined },
): Promise<Category> {
  const row = await db
    .insertInto('categories')
    .values({
      name: options.name,
      name_en: options.nameEn ?? '',
      sort_order: options.sortOrder ?? 0,
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        ...(options.nameEn === undefined ? {} : { name_en: options.nameEn }),
        ...(options.sortOrder === undefined ? {} : { sort_order: options.sortOrder }),
        // Keeps the statement valid when neither field changes.
        name: options.name,
      }),
    )
    .returning(['name', 'name_en', 'sort_order'])
    .executeTakeFirstOrThrow();
  return { name: row.name, nameEn: row.name_en, sortOrder: row.sort_order };
}

/** Every category in tablet order. */
export async function listCategories(db: Executor): Promise<Category[]> {
  const rows = await db
    .selectFrom('categories')
    .select(['name', 'name_en', 'sort_order'])
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ name: row.name, nameEn: row.name_en, sortOrder: row.sort_order }));
}

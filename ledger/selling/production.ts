import { sql } from 'kysely';
import type { LeftoverDisposition } from '../schema/database.js';
import { Refusal } from '../core/errors.js';
import { inTransaction, type Executor } from '../core/executor.js';
import { D, Money, ZERO } from '../core/money.js';
import { parseQuantity } from './quantity.js';

/** Most products one day's production list may name. */
export const MAX_PRODUCTION_ITEMS = 500;

export interface Remaining {
  baked: Money;
  sold: Money;
  refunded: Money;
  /** baked − sold + refunded; negative when offline sales went beyond the count. */
  remaining: Money;
}

/**
 * What remains of a day's production, per product that has a count for the day:
 * baked − sold + refunded, from the day's totals the database keeps as lines are inserted
 * (`product_day_totals`, migrations/0013): one row per product, however busy the day.
 * Sales of the same product already take turns for the exact online check, so the
 * counter's row lock queues nothing that did not queue before (decision 0033, which
 * replaces 0010's sum over the lines).
 *
 * @example (await remainingByProduct(db, { date: '2026-03-10' })).get(productId)?.remaining
 */
export async function remainingByProduct(
  db: Executor,
  options: { date: string; productIds?: readonly string[] },
): Promise<Map<string, Remaining>> {
  if (options.productIds && options.productIds.length === 0) return new Map();
  let query = db
    .selectFrom('production as pr')
    .leftJoin('product_day_totals as t', (join) =>
      join
        .onRef('t.business_date', '=', 'pr.business_date')
        .onRef('t.product_id', '=', 'pr.product_id'),
    )
    .select([
      'pr.product_id',
      'pr.quantity',
      sql<string>`coalesce(t.sold, 0)`.as('sold'),
      sql<string>`coalesce(t.refunded, 0)`.as('refunded'),
    ])
    .where('pr.business_date', '=', options.date);
  if (options.productIds) query = query.where('pr.product_id', 'in', options.productIds);
  const rows = await query.execute();
  return new Map(
    rows.map((row) => {
      const baked = D(row.quantity);
      const sold = D(row.sold);
      const refunded = D(row.refunded);
      return [
        row.product_id,
        { baked, sold, refunded, remaining: baked.minus(sold).plus(refunded) },
      ];
    }),
  );
}

export interface ProductionItemInput {
  productId: string;
  quantity: string;
}

/**
 * Sets the day's baked counts, replacing the day's list: a product left out has no count
 * (and so never sells out). Idempotent: the same list twice gives the same day.
 *
 * @example await setProduction(db, { date: '2026-03-10', items: [{ productId, quantity: '120' }], updatedBy, now })
 */
export async function setProduction(
  db: Executor,
  options: {
    date: string;
    items: readonly ProductionItemInput[];
    updatedBy: string | null;
    now: Date;
  },
): Promise<void> {
  if (options.items.length > MAX_PRODUCTION_ITEMS) {
    throw new Refusal(
      'too_many_lines',
      `A day's production lists at most ${MAX_PRODUCTION_ITEMS} products.`,
    );
  }
  const items = options.items.map((item, index) => ({
    productId: item.productId,
    quantity: parseQuantity(item.quantity, `items[${index}].quantity`, { allowZero: true }),
  }));
  const ids = items.map((item) => item.productId);
  if (new Set(ids).size !== ids.length) {
    throw new Refusal('invalid_input', 'Each product appears once in a production list.', [
      { path: 'items', problem: 'duplicate_product' },
    ]);
  }
  await inTransaction(db, async (trx) => {
    await assertProductsExist(trx, ids);
    await trx
      .deleteFrom('production')
      .where('business_date', '=', options.date)
      .$if(ids.length > 0, (q) => q.where('product_id', 'not in', ids))
      .execute();
    if (items.length === 0) return;
    await trx
      .insertInto('production')
      .values(
        items.map((item) => ({
          business_date: options.date,
          product_id: item.productId,
          quantity: item.quantity.toFixed(3),
          updated_by: options.updatedBy,
          updated_at: options.now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['business_date', 'product_id']).doUpdateSet((eb) => ({
          quantity: eb.ref('excluded.quantity'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  });
}

async function assertProductsExist(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.selectFrom('products').select('id').where('id', 'in', ids).execute();
  const known = new Set(found.map((row) => row.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown)
    throw new Refusal('product_unknown', `There is no product ${unknown}.`, { productId: unknown });
}

export interface LeftoverInput {
  productId: string;
  disposition: LeftoverDisposition;
  quantity: string;
  reason: string;
}

/**
 * Records what was left at the end of the day and where it went (donated, sold off
 * discounted, or thrown away), replacing the day's earlier list, so the monthly statement
 * can show the waste rate. Quantities only: the flour was expensed when bought, so there
 * is no stock value to write off in the journal.
 */
export async function recordLeftovers(
  db: Executor,
  options: { date: string; items: readonly LeftoverInput[]; recordedBy: string | null; now: Date },
): Promise<void> {
  if (options.items.length > MAX_PRODUCTION_ITEMS) {
    throw new Refusal(
      'too_many_lines',
      `A day's leftovers list at most ${MAX_PRODUCTION_ITEMS} lines.`,
    );
  }
  const items = options.items.map((item, index) => {
    const reason = item.reason.trim();
    if (reason === '')
      throw new Refusal('reason_required', `items[${index}]: say why (a reason is required).`);
    return { ...item, reason, quantity: parseQuantity(item.quantity, `items[${index}].quantity`) };
  });
  const keys = items.map((item) => `${item.productId}/${item.disposition}`);
  if (new Set(keys).size !== keys.length) {
    throw new Refusal('invalid_input', 'Each product and disposition appears once.', [
      { path: 'items', problem: 'duplicate_product' },
    ]);
  }
  await inTransaction(db, async (trx) => {
    await assertProductsExist(trx, [...new Set(items.map((item) => item.productId))]);
    await trx.deleteFrom('leftovers').where('business_date', '=', options.date).execute();
    if (items.length === 0) return;
    await trx
      .insertInto('leftovers')
      .values(
        items.map((item) => ({
          business_date: options.date,
          product_id: item.productId,
          disposition: item.disposition,
          quantity: item.quantity.toFixed(3),
          reason: item.reason,
          recorded_by: options.recordedBy,
          recorded_at: options.now,
        })),
      )
      .execute();
  });
}

export interface ProductionDayRow {
  productId: string;
  sku: string;
  name: string;
  baked: Money | null;
  sold: Money;
  refunded: Money;
  remaining: Money | null;
  leftovers: { disposition: LeftoverDisposition; quantity: Money; reason: string }[];
}

/** The day's production, sales and leftovers per product (products with any of them). */
export async function productionDay(db: Executor, date: string): Promise<ProductionDayRow[]> {
  const rows = await db
    .selectFrom('products as p')
    .leftJoin('production as pr', (join) =>
      join.onRef('pr.product_id', '=', 'p.id').on('pr.business_date', '=', date),
    )
    .select([
      'p.id',
      'p.sku',
      'p.name',
      'pr.quantity as baked',
      sql<string>`coalesce((SELECT sum(sl.quantity) FROM sale_lines sl
        WHERE sl.business_date = ${date} AND sl.product_id = p.id), 0)`.as('sold'),
      sql<string>`coalesce((SELECT sum(rl.quantity) FROM refund_lines rl
        WHERE rl.business_date = ${date} AND rl.product_id = p.id), 0)`.as('refunded'),
    ])
    .orderBy('p.category')
    .orderBy('p.tile_order')
    .orderBy('p.sku')
    .execute();
  const leftovers = await db
    .selectFrom('leftovers')
    .select(['product_id', 'disposition', 'quantity', 'reason'])
    .where('business_date', '=', date)
    .orderBy('disposition')
    .execute();
  const byProduct = new Map<string, ProductionDayRow['leftovers']>();
  for (const row of leftovers) {
    const list = byProduct.get(row.product_id) ?? [];
    list.push({ disposition: row.disposition, quantity: D(row.quantity), reason: row.reason });
    byProduct.set(row.product_id, list);
  }
  return rows
    .map((row): ProductionDayRow => {
      const baked = row.baked === null ? null : D(row.baked);
      const sold = D(row.sold);
      const refunded = D(row.refunded);
      return {
        productId: row.id,
        sku: row.sku,
        name: row.name,
        baked,
        sold,
        refunded,
        remaining: baked === null ? null : baked.minus(sold).plus(refunded),
        leftovers: byProduct.get(row.id) ?? [],
      };
    })
    .filter(
      (row) =>
        row.baked !== null ||
        !row.sold.isZero() ||
        row.leftovers.length > 0 ||
        !row.refunded.equals(ZERO),
    );
}

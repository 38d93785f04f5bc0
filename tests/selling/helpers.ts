import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type ValueNode } from 'kysely';
import { expect } from 'vitest';
import type { Executor } from '../../ledger/core/executor.js';
import { createTestApp, TestClock, type TestApp } from '../helpers/app.js';
import type { TestDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

/** 10:00 in Beijing on a Tuesday: the shop is open. */
export const SHOP_MORNING = '2026-03-10T02:00:00.000Z';
export const SHOP_DATE = '2026-03-10';

export async function errorCode(response: Response): Promise<string> {
  const body = (await response.clone().json()) as { error?: { code?: string } };
  return body.error?.code ?? `(no error code; status ${response.status})`;
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

let skuCounter = 0;

export interface ProductRef {
  id: string;
  sku: string;
  price: string;
}

export interface Shop {
  t: TestApp;
  manager: { token: string; userId: string; username: string };
  cashier: { token: string; userId: string; username: string };
  products: Record<string, ProductRef>;
}

/**
 * A test app with a manager (PIN 8642), a cashier and the given products, the clock at
 * SHOP_MORNING. Product keys are short names used by the tests; SKUs are made unique.
 */
export async function setupShop(
  database: TestDatabase,
  products: Record<
    string,
    { name: string; price: string; category?: string; unit?: 'piece' | 'jin' | 'kg' }
  >,
  options: { clock?: TestClock } = {},
): Promise<Shop> {
  const t = createTestApp(database, {
    clock: options.clock ?? new TestClock(new Date(SHOP_MORNING)),
  });
  const manager = await t.login('manager', { pin: '8642' });
  const cashier = await t.login('cashier', { pin: '1357' });
  const refs: Record<string, ProductRef> = {};
  for (const [key, product] of Object.entries(products)) {
    skuCounter += 1;
    const sku = `T${process.pid}-${skuCounter}`;
    const response = await t.request('POST', '/api/products', {
      token: manager.token,
      body: {
        sku,
        name: product.name,
        nameEn: `${key} en`,
        category: product.category ?? '馒头',
        price: product.price,
        unit: product.unit ?? 'piece',
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { product: created } = await json<{ product: { id: string } }>(response);
    refs[key] = { id: created.id, sku, price: product.price };
  }
  return { t, manager, cashier, products: refs };
}

let registerCounter = 0;

/** A register name no other test uses. */
export function newRegister(prefix = 'reg'): string {
  registerCounter += 1;
  return `${prefix}-${process.pid % 10000}-${registerCounter}`;
}

export async function openShift(
  t: TestApp,
  token: string,
  registerId: string,
  openingFloat = '200.00',
): Promise<string> {
  const response = await t.request('POST', '/api/shifts', {
    token,
    body: { registerId, openingFloat },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const { shift } = await json<{ shift: { id: string } }>(response);
  return shift.id;
}

export interface SaleOptions {
  id?: string;
  registerId: string;
  shiftId: string;
  createdAt?: string;
  lines: { productId: string; quantity: string; discount?: string }[];
  tenders: {
    method: string;
    amount: string;
    tendered?: string;
    reference?: string;
    holder?: unknown;
  }[];
  discount?: string;
  offline?: boolean;
  approverPin?: string;
  approver?: string;
}

export function saleBody(t: TestApp, options: SaleOptions): Record<string, unknown> {
  return {
    id: options.id ?? randomUUID(),
    registerId: options.registerId,
    shiftId: options.shiftId,
    createdAt: options.createdAt ?? t.clock.now().toISOString(),
    lines: options.lines,
    tenders: options.tenders,
    ...(options.discount === undefined ? {} : { discount: options.discount }),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.approverPin === undefined ? {} : { approverPin: options.approverPin }),
    ...(options.approver === undefined ? {} : { approver: options.approver }),
  };
}

export async function sell(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return t.request('POST', '/api/sales', { token, body });
}

export interface SaleAnswer {
  id: string;
  total: string;
  change: string;
  entryId: string;
  late: boolean;
  offline: boolean;
  oversold: boolean;
  period: string;
  entryDate: string;
  businessDate: string;
  receiptNumber: string;
  lines: {
    productId: string;
    quantity: string;
    unitPrice: string;
    gross: string;
    discount: string;
    total: string;
    net: string;
  }[];
  tenders: {
    method: string;
    amount: string;
    tendered: string | null;
    change: string | null;
    reference: string | null;
  }[];
}

const COUNTED_TABLES = [
  'sales',
  'sale_lines',
  'sale_tenders',
  'hardship_voucher_holders',
  'refunds',
  'refund_lines',
  'refund_tenders',
  'journal_entries',
  'journal_lines',
  'shifts',
  'cash_movements',
  'z_reports',
] as const;

/** Row counts of every table a sale, refund or shift writes: to prove nothing was written. */
export async function rowCounts(
  db: Executor,
): Promise<Record<(typeof COUNTED_TABLES)[number], number>> {
  const result = {} as Record<(typeof COUNTED_TABLES)[number], number>;
  for (const table of COUNTED_TABLES) {
    const row = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    result[table] = Number(row.rows[0]!.n);
  }
  return result;
}

/** Puts money into the hardship fund (as a month close's allocation would). */
export async function fundHardship(db: Executor, amount: string, date = SHOP_DATE): Promise<void> {
  await post(db, date, [
    ['3104.01', amount, null],
    ['3104.13', null, amount],
  ]);
}

/** Marks a month closed directly (the month-close use case is another module's). */
export async function closePeriodDirectly(db: Executor, period: string): Promise<void> {
  await db
    .insertInto('periods')
    .values({ period, closed_by: null, closed_at: null, digest: null, entry_count: null })
    .onConflict((oc) => oc.column('period').doNothing())
    .execute();
  await db
    .updateTable('periods')
    .set({ status: 'closed', closed_at: new Date(), digest: 'test', entry_count: 0 })
    .where('period', '=', period)
    .execute();
}

/**
 * The day totals the database keeps (product_day_totals, migration 0013) equal what the
 * sale and refund lines add up to, for every product and day: none missing, none extra.
 */
export async function expectDayTotalsMatchLines(db: Executor): Promise<void> {
  const { rows } = await sql<{
    business_date: string;
    product_id: string;
    kept_sold: string | null;
    kept_refunded: string | null;
    sold: string | null;
    refunded: string | null;
  }>`
    WITH counted AS (
      SELECT business_date, product_id, sum(sold) AS sold, sum(refunded) AS refunded
        FROM (SELECT business_date, product_id, quantity AS sold, 0 AS refunded FROM sale_lines
              UNION ALL
              SELECT business_date, product_id, 0, quantity FROM refund_lines) AS lines
       GROUP BY business_date, product_id)
    SELECT coalesce(t.business_date, c.business_date)::text AS business_date,
           coalesce(t.product_id, c.product_id) AS product_id,
           t.sold::text AS kept_sold, t.refunded::text AS kept_refunded,
           c.sold::text AS sold, c.refunded::text AS refunded
      FROM product_day_totals t
      FULL JOIN counted c ON c.business_date = t.business_date AND c.product_id = t.product_id
     WHERE t.sold IS DISTINCT FROM c.sold OR t.refunded IS DISTINCT FROM c.refunded`.execute(db);
  expect(rows).toEqual([]);
  const kept = await sql<{ n: string }>`SELECT count(*) AS n FROM product_day_totals`.execute(db);
  expect(Number(kept.rows[0]!.n)).toBeGreaterThan(0);
}

/**
 * The database seen through a plugin that hands `look` the JSON argument of every call of
 * the SQL function `fn` (`xmf_record_sales`, …) before it is sent; what `look` changes in
 * it is what the database gets — as a faulty server would send it.
 */
export function watchingJsonCalls<DB>(
  db: Kysely<DB>,
  fn: string,
  look: (argument: unknown) => void,
): Kysely<DB> {
  return db.withPlugin({
    transformQuery: ({ node }) => {
      if (node.kind !== 'RawNode' || !node.sqlFragments.join('').includes(`${fn}(`)) return node;
      return {
        ...node,
        parameters: node.parameters.map((parameter) => {
          if (parameter.kind !== 'ValueNode') return parameter;
          const argument = JSON.parse((parameter as ValueNode).value as string) as unknown;
          look(argument);
          return { ...parameter, value: JSON.stringify(argument) };
        }),
      };
    },
    transformResult: ({ result }) => Promise.resolve(result),
  });
}

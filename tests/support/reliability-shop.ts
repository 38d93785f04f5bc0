import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../ledger/core/executor.js';

/**
 * A shop driven over real HTTP, as tablets drive it: the reliability suite's load, crash
 * and backup tests share it. Everything goes through the public API with bearer tokens;
 * only the final checks read the database directly.
 */

/** How big the reliability suite runs: `RELIABILITY_SCALE=full` for the sizes. */
export const FULL_SCALE = process.env.RELIABILITY_SCALE === 'full';

/** Picks the size for the current scale. */
export function scaled<T>(ci: T, full: T): T {
  return FULL_SCALE ? full : ci;
}

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function yuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export function fenOf(amount: string): bigint {
  const [whole, part = ''] = amount.split('.');
  const sign = whole!.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole!.replace('-', '')) * 100n + BigInt(part.padEnd(2, '0').slice(0, 2)));
}

/** Today in the business's time zone (the server's default, Asia/Shanghai). */
export function businessToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

export class HttpShop {
  /** Changes when a restarted server listens on another port. */
  constructor(public baseUrl: string) {}

  async request(
    method: string,
    path: string,
    options: { token?: string | undefined; body?: unknown } = {},
  ): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  async json<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, { token, body });
    const text = await response.text();
    if (response.status >= 300)
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async login(username: string, password: string): Promise<string> {
    const answer = await this.json<{ token: string }>('POST', '/api/auth/login', undefined, {
      username,
      password,
    });
    return answer.token;
  }
}

export const PRODUCTS = {
  bun: { name: '馒头', price: '1.50' },
  roll: { name: '花卷', price: '2.00' },
  bean: { name: '豆包', price: '2.50' },
  grain: { name: '杂粮馒头', price: '3.00' },
  cake: { name: '枣糕', price: '8.00' },
} as const;
export type ProductKey = keyof typeof PRODUCTS;
export const PRODUCT_KEYS = Object.keys(PRODUCTS) as ProductKey[];

export interface Register {
  index: number;
  token: string;
  registerId: string;
  shiftId: string;
}

export interface SeededShop {
  shop: HttpShop;
  managerToken: string;
  productIds: Record<ProductKey, string>;
  registers: Register[];
}

let seedCounter = 0;

/**
 * Logs in as the admin, creates a manager, the products and one cashier per register,
 * and opens each register's shift with a float of 100.00. Names carry a tag so that a
 * server restarted on the same data can be seeded again.
 */
export async function seedShop(
  baseUrl: string,
  adminPassword: string,
  registerCount: number,
  options: { production?: Partial<Record<ProductKey, number>> } = {},
): Promise<SeededShop> {
  seedCounter += 1;
  const tag = `${process.pid % 100000}x${seedCounter}${Date.now() % 100000}`;
  const shop = new HttpShop(baseUrl);
  const adminToken = await shop.login('admin', adminPassword);
  const password = 'reliability suite password';
  const createUser = (username: string, role: string) =>
    shop.json('POST', '/api/users', adminToken, {
      username,
      displayName: username,
      role,
      password,
    });
  await createUser(`mgr${tag}`, 'manager');
  const managerToken = await shop.login(`mgr${tag}`, password);
  const productIds = {} as Record<ProductKey, string>;
  for (const key of PRODUCT_KEYS) {
    const { product } = await shop.json<{ product: { id: string } }>(
      'POST',
      '/api/products',
      managerToken,
      {
        sku: `R${tag}-${key}`,
        name: PRODUCTS[key].name,
        nameEn: key,
        category: key === 'cake' ? '糕点' : '馒头',
        price: PRODUCTS[key].price,
        unit: 'piece',
      },
    );
    productIds[key] = product.id;
  }
  if (options.production) {
    await shop.json('PUT', `/api/production/${businessToday()}`, managerToken, {
      items: Object.entries(options.production).map(([key, quantity]) => ({
        productId: productIds[key as ProductKey],
        quantity: String(quantity),
      })),
    });
  }
  const registers: Register[] = [];
  for (let index = 0; index < registerCount; index += 1) {
    const username = `cash${tag}r${index}`;
    await createUser(username, 'cashier');
    const token = await shop.login(username, password);
    const registerId = `rel-${tag}-${index}`;
    const { shift } = await shop.json<{ shift: { id: string } }>('POST', '/api/shifts', token, {
      registerId,
      openingFloat: '100.00',
    });
    registers.push({ index, token, registerId, shiftId: shift.id });
  }
  return { shop, managerToken, productIds, registers };
}

export interface PlannedSale {
  body: {
    id: string;
    registerId: string;
    shiftId: string;
    createdAt: string;
    lines: { productId: string; quantity: string }[];
    tenders: { method: string; amount: string; tendered?: string; reference?: string }[];
  };
  registerId: string;
  total: bigint;
  /** Cash that stays in the drawer: the amount paid in cash (tendered minus change). */
  cash: bigint;
  quantities: Map<ProductKey, number>;
}

/** A random sale of 1–3 lines, paid 60 % in cash (with change) and otherwise by WeChat. */
export function planSale(
  seeded: SeededShop,
  register: Register,
  random: () => number,
): PlannedSale {
  const quantities = new Map<ProductKey, number>();
  const lineCount = 1 + Math.floor(random() * 3);
  for (let i = 0; i < lineCount; i += 1) {
    const key = PRODUCT_KEYS[Math.floor(random() * PRODUCT_KEYS.length)]!;
    quantities.set(key, (quantities.get(key) ?? 0) + 1 + Math.floor(random() * 4));
  }
  const total = [...quantities].reduce(
    (sum, [key, quantity]) => sum + fenOf(PRODUCTS[key].price) * BigInt(quantity),
    0n,
  );
  const byCash = random() < 0.6;
  const id = randomUUID();
  return {
    body: {
      id,
      registerId: register.registerId,
      shiftId: register.shiftId,
      createdAt: new Date().toISOString(),
      lines: [...quantities].map(([key, quantity]) => ({
        productId: seeded.productIds[key],
        quantity: String(quantity),
      })),
      tenders: byCash
        ? [
            {
              method: 'cash',
              amount: yuan(total),
              tendered: yuan(total + BigInt(Math.floor(random() * 500))),
            },
          ]
        : [{ method: 'wechat', amount: yuan(total), reference: `wx-${id.slice(0, 8)}` }],
    },
    registerId: register.registerId,
    total,
    cash: byCash ? total : 0n,
    quantities,
  };
}

export interface BooksCheck {
  sales: number;
  entries: number;
  debit: string;
  credit: string;
}

/**
 * Every acknowledged sale is stored whole — its lines, its tenders and its balanced journal
 * entry — and nothing partial exists anywhere: no sale without lines, tenders or entry, no
 * sale entry without its sale, no unbalanced entry. Throws with the first problem found.
 */
export async function checkBooks(
  db: Executor,
  acknowledged: ReadonlyMap<string, { total: bigint; lines: number; tenders: number }>,
): Promise<BooksCheck> {
  const problems: string[] = [];
  const sales = await sql<{
    id: string;
    total: string;
    entry_id: string;
    lines: string;
    tenders: string;
    entry: string | null;
  }>`
    SELECT s.id, s.total::text AS total, s.entry_id,
      (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id)::text AS lines,
      (SELECT count(*) FROM sale_tenders t WHERE t.sale_id = s.id)::text AS tenders,
      (SELECT e.id FROM journal_entries e WHERE e.id = s.entry_id) AS entry
    FROM sales s`.execute(db);
  const stored = new Map(sales.rows.map((row) => [row.id, row]));
  for (const [id, expected] of acknowledged) {
    const row = stored.get(id);
    if (!row) {
      problems.push(`acknowledged sale ${id} is missing`);
      continue;
    }
    if (fenOf(row.total) !== expected.total) problems.push(`sale ${id} total ${row.total}`);
    if (Number(row.lines) !== expected.lines) problems.push(`sale ${id} has ${row.lines} lines`);
    if (Number(row.tenders) !== expected.tenders)
      problems.push(`sale ${id} has ${row.tenders} tenders`);
  }
  for (const row of sales.rows) {
    if (Number(row.lines) === 0) problems.push(`sale ${row.id} has no lines`);
    if (Number(row.tenders) === 0) problems.push(`sale ${row.id} has no tenders`);
    if (row.entry === null) problems.push(`sale ${row.id} has no journal entry`);
  }
  const orphans = await sql<{ id: string }>`
    SELECT e.id FROM journal_entries e
    WHERE e.source = 'sale' AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.entry_id = e.id)`.execute(
    db,
  );
  for (const row of orphans.rows) problems.push(`sale entry ${row.id} has no sale`);
  const unbalanced = await sql<{ entry_id: string }>`
    SELECT entry_id FROM journal_lines GROUP BY entry_id
    HAVING sum(debit) <> sum(credit)`.execute(db);
  for (const row of unbalanced.rows) problems.push(`entry ${row.entry_id} does not balance`);
  const lineless = await sql<{ id: string }>`
    SELECT e.id FROM journal_entries e
    WHERE NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id)`.execute(db);
  for (const row of lineless.rows) problems.push(`entry ${row.id} has no lines`);
  const totals = await sql<{ debit: string; credit: string; entries: string }>`
    SELECT coalesce(sum(debit), 0)::text AS debit, coalesce(sum(credit), 0)::text AS credit,
      (SELECT count(*) FROM journal_entries)::text AS entries
    FROM journal_lines`.execute(db);
  const { debit, credit, entries } = totals.rows[0]!;
  if (fenOf(debit) !== fenOf(credit)) problems.push(`trial balance ${debit} ≠ ${credit}`);
  if (problems.length > 0)
    throw new Error(`${problems.length} problems:\n${problems.slice(0, 20).join('\n')}`);
  return { sales: sales.rows.length, entries: Number(entries), debit, credit };
}

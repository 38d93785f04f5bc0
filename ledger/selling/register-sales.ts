import { sql } from 'kysely';
import type { Role, TenderMethod } from '../schema/database.js';
import type { Executor } from '../core/executor.js';
import { D, type Money, ZERO } from '../core/money.js';

/** Most sales one page of a register's history holds. */
export const MAX_REGISTER_SALES_PAGE = 200;

export interface RegisterSaleSummary {
  id: string;
  shiftId: string;
  /** The register's own number when the tablet sent one, else the server's serial number. */
  receiptNumber: string;
  serialNumber: string;
  createdAt: Date;
  businessDate: string;
  total: Money;
  /** One entry per tender method, in the sale's tender order. */
  tenders: { method: TenderMethod; amount: Money }[];
  /** Σ of every refund of the sale so far (0 when none). */
  refunded: Money;
  offline: boolean;
  late: boolean;
  cashier: { id: string; displayName: string };
}

export interface RegisterSalesPage {
  sales: RegisterSaleSummary[];
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextCursor: string | null;
}

/** `<createdAt ISO>_<sale id>`: the position of the last sale on a page. */
function encodeCursor(sale: { createdAt: Date; id: string }): string {
  return `${sale.createdAt.toISOString()}_${sale.id}`;
}

/** The cursor's two parts, or undefined when it is not one this module made. */
export function decodeRegisterSalesCursor(
  cursor: string,
): { createdAt: Date; id: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/.exec(cursor);
  if (!match) return undefined;
  const createdAt = new Date(match[1]!);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: match[2]! };
}

/**
 * One register's sales, newest first, for the tablet's history and reprint: either those
 * of one business day, or (with `search`) those whose receipt number contains the text or
 * whose serial number is it, on any day. Never the voucher holder; tenders are summed by
 * method. Paged by a cursor because a busy day has hundreds of sales.
 *
 * @example const { sales } = await listRegisterSales(db, { registerId: 'counter-1', date: '2026-03-10', limit: 50 });
 */
export async function listRegisterSales(
  db: Executor,
  options: {
    registerId: string;
    date?: string | undefined;
    search?: string | undefined;
    limit: number;
    before?: { createdAt: Date; id: string } | undefined;
  },
): Promise<RegisterSalesPage> {
  const limit = Math.max(1, Math.min(options.limit, MAX_REGISTER_SALES_PAGE));
  let query = db
    .selectFrom('sales as s')
    .innerJoin('users as u', 'u.id', 's.cashier_id')
    .select([
      's.id',
      's.shift_id',
      's.receipt_number',
      's.register_receipt_number',
      's.created_at',
      's.business_date',
      's.total',
      's.offline',
      's.late',
      's.cashier_id',
      'u.display_name',
      sql<string>`(SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.sale_id = s.id)`.as(
        'refunded',
      ),
    ])
    .where('s.register_id', '=', options.registerId);
  if (options.date !== undefined) query = query.where('s.business_date', '=', options.date);
  const search = options.search;
  if (search !== undefined) {
    // The search text is letters, digits and hyphens only (checked at the edge), so it
    // carries no LIKE wildcard of its own.
    query = query.where((eb) =>
      eb.or([
        eb('s.register_receipt_number', 'ilike', `%${search}%`),
        ...(/^\d{1,18}$/.test(search)
          ? [eb(sql<string>`s.receipt_number::text`, '=', search)]
          : []),
      ]),
    );
  }
  const before = options.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('s.created_at', '<', before.createdAt),
        eb.and([eb('s.created_at', '=', before.createdAt), eb('s.id', '<', before.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const ids = page.map((row) => row.id);
  const tenderRows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('sale_tenders')
          .select(['sale_id', 'tender_no', 'method', 'amount'])
          .where('sale_id', 'in', ids)
          .orderBy('sale_id')
          .orderBy('tender_no')
          .execute();
  const tendersBySale = new Map<string, { method: TenderMethod; amount: Money }[]>();
  for (const row of tenderRows) {
    const tenders = tendersBySale.get(row.sale_id) ?? [];
    const same = tenders.find((tender) => tender.method === row.method);
    if (same) same.amount = same.amount.plus(D(row.amount));
    else tenders.push({ method: row.method, amount: D(row.amount) });
    tendersBySale.set(row.sale_id, tenders);
  }
  const sales = page.map((row): RegisterSaleSummary => ({
    id: row.id,
    shiftId: row.shift_id,
    receiptNumber: row.register_receipt_number ?? row.receipt_number,
    serialNumber: row.receipt_number,
    createdAt: row.created_at,
    businessDate: row.business_date,
    total: D(row.total),
    tenders: tendersBySale.get(row.id) ?? [],
    refunded: row.refunded === null ? ZERO : D(row.refunded),
    offline: row.offline,
    late: row.late,
    cashier: { id: row.cashier_id, displayName: row.display_name },
  }));
  const last = sales[sales.length - 1];
  return { sales, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export interface RegisterStaffMember {
  id: string;
  username: string;
  displayName: string;
  role: Extract<Role, 'cashier' | 'manager'>;
  hasPin: boolean;
}

/** Most staff tiles a lock screen shows: a bun shop has a handful. */
export const MAX_REGISTER_STAFF = 100;

/**
 * The people who may unlock a register's tablet: active cashiers and managers, by display
 * name (the first MAX_REGISTER_STAFF by username). There is no assignment of staff to registers yet, so every register has the same
 * list; the register is in the signature so that one can be added without a new API.
 *
 * @example const staff = await listRegisterStaff(db, { registerId: 'counter-1' });
 */
export async function listRegisterStaff(
  db: Executor,
  _options: { registerId: string },
): Promise<RegisterStaffMember[]> {
  const rows = await db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'role',
      sql<boolean>`pin_hash IS NOT NULL`.as('has_pin'),
    ])
    .where('active', '=', true)
    .where('role', 'in', ['cashier', 'manager'])
    .orderBy('username')
    .limit(MAX_REGISTER_STAFF)
    .execute();
  // Code-point order, not the database's collation: the same tiles on every server.
  rows.sort((a, b) =>
    a.display_name < b.display_name ? -1 : a.display_name > b.display_name ? 1 : 0,
  );
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as RegisterStaffMember['role'],
    hasPin: row.has_pin,
  }));
}

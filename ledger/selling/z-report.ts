import { sql } from 'kysely';
import type { TenderMethod } from '../schema/database.js';
import { assert } from '../core/errors.js';
import { tenderTotals } from './tender-totals.js';
import { lockZReportNumbers } from '../core/advisory-locks.js';
import type { Executor } from '../core/executor.js';
import { D, fen, ZERO } from '../core/money.js';

/**
 * A shift's report: the X report while it is open (at any time), the Z report once it is
 * closed — then numbered and stored for good. Plain data with money as two-decimal
 * strings, because the Z report is stored exactly as it was printed.
 */
export interface ShiftReport {
  shiftId: string;
  registerId: string;
  cashierId: string;
  cashierName: string;
  businessDate: string;
  openedAt: string;
  closedAt: string | null;
  status: 'open' | 'closed';
  openingFloat: string;
  sales: {
    count: number;
    /** Σ round_half_up(quantity × price), before any discount. */
    gross: string;
    lineDiscounts: string;
    saleDiscounts: string;
    discounts: string;
    /** What the sales came to: gross − discounts. */
    total: string;
    offline: number;
    late: number;
    oversold: number;
  };
  tenders: { method: TenderMethod; count: number; amount: string }[];
  /**
   * The register's own receipt numbers on this shift, one range per prefix (normally one):
   * first and last, how many, and the numbers between them that no sale of the shift
   * carries, so a missing receipt shows on the Z report. `unnumbered` counts sales sent
   * without a register number. Absent from Z reports stored before receipt numbers.
   */
  receiptNumbers: ReceiptNumberSummary;
  categories: { category: string; amount: string }[];
  cash: {
    /** Handed over by customers. */
    tendered: string;
    /** Given back to them. */
    change: string;
    /** tendered − change. */
    sales: string;
    refunds: string;
    paidIn: string;
    paidOut: string;
  };
  refunds: { count: number; amount: string; tenders: { method: TenderMethod; amount: string }[] };
  /** Whole sales taken back on the shift that made them. */
  voids: { count: number; amount: string };
  cashMovements: {
    id: string;
    kind: 'paid_in' | 'paid_out';
    purpose: string;
    amount: string;
    reason: string;
    createdAt: string;
  }[];
  /** float + cash sales − cash refunds + paid in − paid out. */
  expectedCash: string;
  countedCash: string | null;
  overShort: string | null;
  counts: { denomination: string; count: number }[] | null;
  overShortEntryId: string | null;
}

export interface ReceiptNumberRange {
  prefix: string;
  first: string;
  last: string;
  count: number;
  /** Numbers between first and last that no sale of the shift has, at most MAX_LISTED_GAPS. */
  missing: string[];
  /** How many are missing in all (may exceed the list). */
  missingCount: number;
}

export interface ReceiptNumberSummary {
  ranges: ReceiptNumberRange[];
  unnumbered: number;
}

/** A Z report lists at most this many missing numbers; the count says how many in all. */
export const MAX_LISTED_GAPS = 50;

/**
 * Groups a shift's register receipt numbers by prefix and finds the gaps between the
 * first and the last of each. Numbers keep their zero padding as the tablet printed them.
 *
 * @example summariseReceiptNumbers(['C1-000001', 'C1-000003'], 0).ranges[0].missing // ['C1-000002']
 */
export function summariseReceiptNumbers(
  numbers: readonly string[],
  unnumbered: number,
): ReceiptNumberSummary {
  const byPrefix = new Map<string, Map<bigint, string>>();
  for (const number of numbers) {
    const match = /^(.+)-(\d+)$/.exec(number);
    assert(match, `receipt number ${number} has a prefix and a sequence`);
    const [, prefix, digits] = match as unknown as [string, string, string];
    const group = byPrefix.get(prefix) ?? new Map<bigint, string>();
    group.set(BigInt(digits), number);
    byPrefix.set(prefix, group);
  }
  const ranges = [...byPrefix.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prefix, group]): ReceiptNumberRange => {
      const sequences = [...group.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const missing: string[] = [];
      let missingCount = 0;
      for (let index = 1; index < sequences.length; index += 1) {
        const previous = sequences[index - 1]!;
        const next = sequences[index]!;
        // A missing number is padded like the one before it, as the tablet would have.
        const width = group.get(previous)!.length - prefix.length - 1;
        for (let gap = previous + 1n; gap < next; gap += 1n) {
          if (missing.length === MAX_LISTED_GAPS) {
            // Count the rest of this gap without walking it.
            missingCount += Number(next - gap);
            break;
          }
          missingCount += 1;
          missing.push(`${prefix}-${gap.toString().padStart(width, '0')}`);
        }
      }
      return {
        prefix,
        first: group.get(sequences[0]!)!,
        last: group.get(sequences[sequences.length - 1]!)!,
        count: sequences.length,
        missing,
        missingCount,
      };
    });
  return { ranges, unnumbered };
}

function money(value: string | null | undefined): string {
  return fen(D(value ?? '0'));
}

/**
 * Computes a shift's report from its sales, refunds and cash movements as they are now.
 * Inside a close it runs under the shift's update lock, so nothing can change under it.
 *
 * @example const x = await computeShiftReport(db, shiftId); x.expectedCash // '486.50'
 */
export async function computeShiftReport(db: Executor, shiftId: string): Promise<ShiftReport> {
  const shift = await db
    .selectFrom('shifts as s')
    .innerJoin('users as u', 'u.id', 's.cashier_id')
    .select([
      's.id',
      's.register_id',
      's.cashier_id',
      'u.display_name',
      's.business_date',
      's.opened_at',
      's.closed_at',
      's.status',
      's.opening_float',
      's.counted_cash',
      's.over_short',
      's.counts',
      's.close_entry_id',
    ])
    .where('s.id', '=', shiftId)
    .executeTakeFirst();
  assert(shift, `shift ${shiftId} exists`);

  const sales = await db
    .selectFrom('sales')
    .select([
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(total), 0)`.as('total'),
      sql<string>`coalesce(sum(discount), 0)`.as('sale_discounts'),
      sql<string>`count(*) FILTER (WHERE offline)`.as('offline'),
      sql<string>`count(*) FILTER (WHERE late)`.as('late'),
      sql<string>`count(*) FILTER (WHERE oversold)`.as('oversold'),
    ])
    .where('shift_id', '=', shiftId)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('sale_lines as l')
    .innerJoin('sales as s', 's.id', 'l.sale_id')
    .select([
      'l.category',
      sql<string>`sum(l.gross)`.as('gross'),
      sql<string>`sum(l.discount)`.as('discount'),
      sql<string>`sum(l.net)`.as('net'),
    ])
    .where('s.shift_id', '=', shiftId)
    .groupBy('l.category')
    .execute();
  // Code-point order, not the database's collation: the same report on every server.
  lines.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const tenders = await tenderTotals(db, { shiftId });
  const refunds = await db
    .selectFrom('refunds')
    .select([
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(amount), 0)`.as('amount'),
      sql<string>`count(*) FILTER (WHERE is_void)`.as('voids'),
      sql<string>`coalesce(sum(amount) FILTER (WHERE is_void), 0)`.as('void_amount'),
    ])
    .where('shift_id', '=', shiftId)
    .executeTakeFirstOrThrow();
  const numbered = await db
    .selectFrom('sales')
    .select(['register_receipt_number'])
    .where('shift_id', '=', shiftId)
    .where('register_receipt_number', 'is not', null)
    .execute();
  const movements = await db
    .selectFrom('cash_movements')
    .select(['id', 'kind', 'purpose', 'amount', 'reason', 'created_at'])
    .where('shift_id', '=', shiftId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

  const gross = lines.reduce((sum, row) => sum.plus(D(row.gross)), ZERO);
  const lineDiscounts = lines.reduce((sum, row) => sum.plus(D(row.discount)), ZERO);
  const saleDiscounts = D(sales.sale_discounts);
  const cashRow = tenders.find((row) => row.method === 'cash');
  const cashTendered = cashRow?.tendered ?? ZERO;
  const cashChange = cashRow?.change ?? ZERO;
  const cashSales = cashRow?.amount ?? ZERO;
  assert(cashTendered.minus(cashChange).equals(cashSales), 'cash tendered − change = cash sales');
  const cashRefunds = cashRow?.refunded ?? ZERO;
  const paidIn = movements
    .filter((m) => m.kind === 'paid_in')
    .reduce((sum, m) => sum.plus(D(m.amount)), ZERO);
  const paidOut = movements
    .filter((m) => m.kind === 'paid_out')
    .reduce((sum, m) => sum.plus(D(m.amount)), ZERO);
  const expectedCash = D(shift.opening_float)
    .plus(cashSales)
    .minus(cashRefunds)
    .plus(paidIn)
    .minus(paidOut);
  const counts =
    typeof shift.counts === 'string'
      ? (JSON.parse(shift.counts) as ShiftReport['counts'])
      : shift.counts;

  return {
    shiftId: shift.id,
    registerId: shift.register_id,
    cashierId: shift.cashier_id,
    cashierName: shift.display_name,
    businessDate: shift.business_date,
    openedAt: shift.opened_at.toISOString(),
    closedAt: shift.closed_at?.toISOString() ?? null,
    status: shift.status,
    openingFloat: money(shift.opening_float),
    sales: {
      count: Number(sales.count),
      gross: fen(gross),
      lineDiscounts: fen(lineDiscounts),
      saleDiscounts: fen(saleDiscounts),
      discounts: fen(lineDiscounts.plus(saleDiscounts)),
      total: money(sales.total),
      offline: Number(sales.offline),
      late: Number(sales.late),
      oversold: Number(sales.oversold),
    },
    tenders: tenders
      .filter((row) => row.count > 0)
      .map((row) => ({ method: row.method, count: row.count, amount: fen(row.amount) })),
    receiptNumbers: summariseReceiptNumbers(
      numbered.map((row) => row.register_receipt_number!),
      Number(sales.count) - numbered.length,
    ),
    categories: lines.map((row) => ({ category: row.category, amount: money(row.net) })),
    cash: {
      tendered: fen(cashTendered),
      change: fen(cashChange),
      sales: fen(cashSales),
      refunds: fen(cashRefunds),
      paidIn: fen(paidIn),
      paidOut: fen(paidOut),
    },
    refunds: {
      count: Number(refunds.count),
      amount: money(refunds.amount),
      tenders: tenders
        .filter((row) => row.refunded.gt(0))
        .map((row) => ({ method: row.method, amount: fen(row.refunded) })),
    },
    voids: { count: Number(refunds.voids), amount: money(refunds.void_amount) },
    cashMovements: movements.map((m) => ({
      id: m.id,
      kind: m.kind,
      purpose: m.purpose,
      amount: money(m.amount),
      reason: m.reason,
      createdAt: m.created_at.toISOString(),
    })),
    expectedCash: fen(expectedCash),
    countedCash: shift.counted_cash === null ? null : money(shift.counted_cash),
    overShort: shift.over_short === null ? null : money(shift.over_short),
    counts: counts ?? null,
    overShortEntryId: shift.close_entry_id,
  };
}

/** jsonb arrives parsed from pg; be tolerant of a driver that hands back text. */
export function parseReport(value: unknown): ShiftReport {
  const report = (typeof value === 'string' ? JSON.parse(value) : value) as ShiftReport;
  // Z reports stored before register receipt numbers existed: every sale had only the
  // server's serial number.
  report.receiptNumbers ??= { ranges: [], unnumbered: report.sales.count };
  return report;
}

/**
 * Stores a closed shift's Z report under the next number. Numbers have no gaps: they are
 * taken as max + 1 under a transaction-scoped advisory lock (closes are a few a day, so
 * serialising them costs nothing), with the primary key as the backstop; a sequence
 * would leave a gap whenever a close rolled back, and a gap in Z numbers is exactly
 * what an auditor asks about. The database refuses any later change to the row.
 */
export async function storeZReport(
  trx: Executor,
  options: { shiftId: string; registerId: string; report: ShiftReport; now: Date },
): Promise<number> {
  await lockZReportNumbers(trx);
  const last = await trx
    .selectFrom('z_reports')
    .select(sql<number | null>`max(number)`.as('number'))
    .executeTakeFirstOrThrow();
  const number = Number(last.number ?? 0) + 1;
  await trx
    .insertInto('z_reports')
    .values({
      number,
      shift_id: options.shiftId,
      register_id: options.registerId,
      created_at: options.now,
      report: JSON.stringify({ ...options.report, number }),
    })
    .execute();
  return number;
}

/** The stored Z report of a closed shift, or undefined. */
export async function getZReport(
  db: Executor,
  shiftId: string,
): Promise<(ShiftReport & { number: number }) | undefined> {
  const row = await db
    .selectFrom('z_reports')
    .select(['number', 'report'])
    .where('shift_id', '=', shiftId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...parseReport(row.report), number: row.number };
}

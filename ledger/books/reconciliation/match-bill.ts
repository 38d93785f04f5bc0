import type { Money } from '../../core/money.js';
import type { BillRow } from './bill.js';

/** How far a bill row's time may be from the sale's time to match by amount: ±10 minutes. */
export const MATCH_WINDOW_MS = 10 * 60 * 1000;

/** A recorded non-cash tender (a sale's) or its pay-back (a refund's), seen from the books. */
export interface BookItem {
  kind: 'sale' | 'refund';
  /** The sale's or the refund's id. */
  id: string;
  tenderNo: number;
  /** The sale's (or refund's) tablet time. */
  occurredAt: Date;
  businessDate: string;
  /** Signed like the bill: a sale positive, a refund negative. */
  amount: Money;
  /** The provider's transaction reference the cashier recorded (the sale's, for a refund). */
  reference: string | null;
  registerId: string;
  receiptNumber: string | null;
}

export type MatchMethod = 'reference' | 'amount_time';

export interface BillMatch {
  rowNo: number;
  item: BookItem;
  method: MatchMethod;
}

/** Why a row or an item stayed unmatched, when there is more to say than "not found". */
export type UnmatchedNote = 'amount_differs' | 'reference_not_in_bill' | null;

export interface MatchResult {
  matches: BillMatch[];
  onlyInBill: { row: BillRow; note: UnmatchedNote }[];
  onlyInBooks: { item: BookItem; note: UnmatchedNote }[];
}

const kindOf = (row: BillRow): BookItem['kind'] => (row.kind === 'payment' ? 'sale' : 'refund');

/**
 * Matches a bill's rows to the books' items, each used at most once:
 *  1. by reference, where the cashier recorded one: the row's 微信订单号 / 支付宝交易号 or
 *     商户订单号 equals the item's reference, with the same kind and the same amount
 *     (a refund carries its sale's reference; several partial refunds are told apart by
 *     amount, then by time). An item with a reference matches only this way;
 *  2. otherwise by exact amount and time within ±`windowMs`, nearest time first.
 * A reference that names a row of another amount leaves both unmatched, noted
 * `amount_differs`, for the accountant to look at. Pure and deterministic.
 *
 * @example matchBill(bill.rows, items).onlyInBill.length // money received with no sale
 */
export function matchBill(
  rows: readonly BillRow[],
  items: readonly BookItem[],
  windowMs: number = MATCH_WINDOW_MS,
): MatchResult {
  const usedRows = new Set<number>();
  const usedItems = new Set<BookItem>();
  const notes = new Map<BillRow | BookItem, UnmatchedNote>();
  const matches: BillMatch[] = [];

  const assign = (
    candidates: { row: BillRow; item: BookItem; distance: number }[],
    method: MatchMethod,
  ) => {
    candidates.sort(
      (a, b) =>
        a.distance - b.distance ||
        a.row.rowNo - b.row.rowNo ||
        a.item.occurredAt.getTime() - b.item.occurredAt.getTime() ||
        a.item.id.localeCompare(b.item.id) ||
        a.item.tenderNo - b.item.tenderNo,
    );
    for (const { row, item } of candidates) {
      if (usedRows.has(row.rowNo) || usedItems.has(item)) continue;
      usedRows.add(row.rowNo);
      usedItems.add(item);
      matches.push({ rowNo: row.rowNo, item, method });
    }
  };
  const distance = (row: BillRow, item: BookItem) =>
    Math.abs(row.occurredAt.getTime() - item.occurredAt.getTime());

  // 1. By reference.
  const byReference = new Map<string, BookItem[]>();
  for (const item of items) {
    if (!item.reference) continue;
    const list = byReference.get(item.reference) ?? [];
    list.push(item);
    byReference.set(item.reference, list);
  }
  const referenceCandidates: { row: BillRow; item: BookItem; distance: number }[] = [];
  const referenced = new Set<BillRow>();
  for (const row of rows) {
    const named = new Set<BookItem>();
    for (const key of [row.transactionId, row.merchantOrderId]) {
      for (const item of (key && byReference.get(key)) || []) {
        if (item.kind === kindOf(row)) named.add(item);
      }
    }
    if (named.size > 0) referenced.add(row);
    for (const item of named) {
      if (item.amount.equals(row.amount)) {
        referenceCandidates.push({ row, item, distance: distance(row, item) });
      } else {
        notes.set(row, 'amount_differs');
        notes.set(item, 'amount_differs');
      }
    }
  }
  assign(referenceCandidates, 'reference');

  // 2. By amount and time, for rows no reference named and items without a reference.
  const timeCandidates: { row: BillRow; item: BookItem; distance: number }[] = [];
  for (const row of rows) {
    if (usedRows.has(row.rowNo) || referenced.has(row)) continue;
    for (const item of items) {
      if (item.reference || usedItems.has(item) || item.kind !== kindOf(row)) continue;
      if (!item.amount.equals(row.amount)) continue;
      const gap = distance(row, item);
      if (gap <= windowMs) timeCandidates.push({ row, item, distance: gap });
    }
  }
  assign(timeCandidates, 'amount_time');

  matches.sort((a, b) => a.rowNo - b.rowNo);
  return {
    matches,
    onlyInBill: rows
      .filter((row) => !usedRows.has(row.rowNo))
      .map((row) => ({ row, note: notes.get(row) ?? null })),
    onlyInBooks: items
      .filter((item) => !usedItems.has(item))
      .map((item) => ({
        item,
        note: notes.get(item) ?? (item.reference ? 'reference_not_in_bill' : null),
      })),
  };
}

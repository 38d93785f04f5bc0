import type { Executor } from '../../core/executor.js';
import { D, type Money, ZERO } from '../../core/money.js';
import type { BillProvider, BillRow } from './bill.js';
import { matchedBookItems, unmatchedBookItems } from './book-items.js';
import { matchBill, type BookItem, type MatchMethod, type UnmatchedNote } from './match-bill.js';

export interface ReconciliationSummary {
  id: string;
  provider: BillProvider;
  clearingAccount: string;
  fileName: string;
  sha256: string;
  encoding: 'utf-8' | 'gbk';
  fromDate: string;
  toDate: string;
  rowCount: number;
  billAmount: Money;
  billFee: Money;
  importedBy: string | null;
  importedAt: Date;
  settlementEntryId: string | null;
  settledBy: string | null;
  settledAt: Date | null;
}

export interface ReconciliationView extends ReconciliationSummary {
  matched: { row: BillRow; item: BookItem; method: MatchMethod }[];
  onlyInBill: { row: BillRow; note: UnmatchedNote }[];
  onlyInBooks: { item: BookItem; note: UnmatchedNote }[];
  totals: {
    bill: { count: number; amount: Money; fee: Money; net: Money };
    matched: { count: number; amount: Money; fee: Money; net: Money };
    onlyInBill: { count: number; amount: Money; fee: Money; net: Money };
    onlyInBooks: { count: number; amount: Money };
  };
}

type ImportRow = {
  id: string;
  provider: BillProvider;
  clearing_account: string;
  file_name: string;
  sha256: string;
  encoding: 'utf-8' | 'gbk';
  from_date: string;
  to_date: string;
  row_count: number;
  bill_amount: string;
  bill_fee: string;
  imported_at: Date;
  settlement_entry_id: string | null;
  settled_at: Date | null;
  imported_by_name: string | null;
  settled_by_name: string | null;
};

function summaryQuery(db: Executor) {
  return db
    .selectFrom('reconciliation_imports as i')
    .leftJoin('users as iu', 'iu.id', 'i.imported_by')
    .leftJoin('users as su', 'su.id', 'i.settled_by')
    .select([
      'i.id',
      'i.provider',
      'i.clearing_account',
      'i.file_name',
      'i.sha256',
      'i.encoding',
      'i.from_date',
      'i.to_date',
      'i.row_count',
      'i.bill_amount',
      'i.bill_fee',
      'i.imported_at',
      'i.settlement_entry_id',
      'i.settled_at',
      'iu.username as imported_by_name',
      'su.username as settled_by_name',
    ]);
}

function toSummary(row: ImportRow): ReconciliationSummary {
  return {
    id: row.id,
    provider: row.provider,
    clearingAccount: row.clearing_account,
    fileName: row.file_name,
    sha256: row.sha256,
    encoding: row.encoding,
    fromDate: row.from_date,
    toDate: row.to_date,
    rowCount: row.row_count,
    billAmount: D(row.bill_amount),
    billFee: D(row.bill_fee),
    importedBy: row.imported_by_name,
    importedAt: row.imported_at,
    settlementEntryId: row.settlement_entry_id,
    settledBy: row.settled_by_name,
    settledAt: row.settled_at,
  };
}

/** The most imports one list returns. */
export const MAX_RECONCILIATION_LIST = 500;

/** Imports, newest bill period first. */
export async function listReconciliations(
  db: Executor,
  filter: { provider?: BillProvider | undefined } = {},
): Promise<ReconciliationSummary[]> {
  let query = summaryQuery(db);
  if (filter.provider) query = query.where('i.provider', '=', filter.provider);
  const rows = await query
    .orderBy('i.from_date', 'desc')
    .orderBy('i.imported_at', 'desc')
    .limit(MAX_RECONCILIATION_LIST)
    .execute();
  return rows.map(toSummary);
}

/**
 * One import side by side: the stored matches, the bill rows nothing matched (money
 * received with no sale), and the provider's recorded tenders in the bill's period that
 * no import has matched (a sale with no money) — read now, so a sale matched by a later
 * import drops out. Notes (e.g. `amount_differs`) come from matching the leftovers again.
 */
export async function getReconciliation(
  db: Executor,
  id: string,
): Promise<ReconciliationView | undefined> {
  const header = await summaryQuery(db).where('i.id', '=', id).executeTakeFirst();
  if (!header) return undefined;
  const summary = toSummary(header);
  const stored = await db
    .selectFrom('reconciliation_bill_rows')
    .selectAll()
    .where('import_id', '=', id)
    .orderBy('row_no')
    .execute();
  const rows: BillRow[] = stored.map((row) => ({
    rowNo: row.row_no,
    kind: row.kind,
    occurredAt: row.occurred_at,
    transactionId: row.transaction_id,
    merchantOrderId: row.merchant_order_id,
    refundId: row.refund_id,
    amount: D(row.amount),
    fee: D(row.fee),
    description: row.description,
  }));
  const matchedItems = await matchedBookItems(db, id);
  const matched = rows.flatMap((row) => {
    const found = matchedItems.get(row.rowNo);
    return found ? [{ row, item: found.item, method: found.method }] : [];
  });
  const leftoverRows = rows.filter((row) => !matchedItems.has(row.rowNo));
  const leftoverItems = await unmatchedBookItems(db, {
    provider: summary.provider,
    fromDate: summary.fromDate,
    toDate: summary.toDate,
  });
  const again = matchBill(leftoverRows, leftoverItems);
  const notes = new Map(again.onlyInBill.map((entry) => [entry.row.rowNo, entry.note]));
  const sum = (list: { amount: Money; fee?: Money }[]) => {
    const amount = list.reduce((total, entry) => total.plus(entry.amount), ZERO);
    const fee = list.reduce((total, entry) => total.plus(entry.fee ?? ZERO), ZERO);
    return { count: list.length, amount, fee, net: amount.minus(fee) };
  };
  const onlyInBooksTotals = sum(leftoverItems);
  return {
    ...summary,
    matched,
    onlyInBill: leftoverRows.map((row) => ({ row, note: notes.get(row.rowNo) ?? null })),
    onlyInBooks: again.onlyInBooks
      .map((entry) => entry)
      .concat(
        // Items the second pass matched are still unsettled: show them on the books' side.
        again.matches.map((match) => ({ item: match.item, note: null })),
      )
      .sort((a, b) => a.item.occurredAt.getTime() - b.item.occurredAt.getTime()),
    totals: {
      bill: sum(rows),
      matched: sum(matched.map((entry) => entry.row)),
      onlyInBill: sum(leftoverRows),
      onlyInBooks: { count: onlyInBooksTotals.count, amount: onlyInBooksTotals.amount },
    },
  };
}

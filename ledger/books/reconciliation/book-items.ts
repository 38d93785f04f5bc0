import type { Executor } from '../../core/executor.js';
import { D } from '../../core/money.js';
import type { BillProvider } from './bill.js';
import type { BookItem } from './match-bill.js';

interface ItemFilter {
  provider: BillProvider;
  /** Business dates, inclusive. */
  fromDate: string;
  toDate: string;
}

type MatchMethod = 'reference' | 'amount_time';

/** Sales' tenders with the columns a book item is made of. */
function saleTenderRows(db: Executor) {
  return db
    .selectFrom('sale_tenders as t')
    .innerJoin('sales as s', 's.id', 't.sale_id')
    .select([
      's.id',
      't.tender_no',
      's.created_at',
      's.business_date',
      't.amount',
      't.reference',
      's.register_id',
      's.receipt_number',
    ]);
}

/** Refunds' pay-backs with the reference of the sale tender each pays back. */
function refundTenderRows(db: Executor) {
  return db
    .selectFrom('refund_tenders as t')
    .innerJoin('refunds as r', 'r.id', 't.refund_id')
    .leftJoin('sale_tenders as st', (join) =>
      join.onRef('st.sale_id', '=', 'r.sale_id').onRef('st.tender_no', '=', 't.sale_tender_no'),
    )
    .select([
      'r.id',
      't.tender_no',
      'r.created_at',
      'r.business_date',
      't.amount',
      'st.reference',
      'r.register_id',
    ]);
}

type SaleRow = Awaited<ReturnType<ReturnType<typeof saleTenderRows>['execute']>>[number];
type RefundRow = Awaited<ReturnType<ReturnType<typeof refundTenderRows>['execute']>>[number];

function saleItem(row: SaleRow): BookItem {
  return {
    kind: 'sale',
    id: row.id,
    tenderNo: row.tender_no,
    occurredAt: row.created_at,
    businessDate: row.business_date,
    amount: D(row.amount),
    reference: row.reference,
    registerId: row.register_id,
    receiptNumber: row.receipt_number,
  };
}

function refundItem(row: RefundRow): BookItem {
  return {
    kind: 'refund',
    id: row.id,
    tenderNo: row.tender_no,
    occurredAt: row.created_at,
    businessDate: row.business_date,
    amount: D(row.amount).neg(),
    reference: row.reference ?? null,
    registerId: row.register_id,
    receiptNumber: null,
  };
}

/**
 * The recorded tenders of a provider between two business dates that no import has
 * matched yet: sales' tenders (positive) and refunds' pay-backs (negative, carrying the
 * reference of the sale tender they pay back).
 */
export async function unmatchedBookItems(db: Executor, filter: ItemFilter): Promise<BookItem[]> {
  const sales = await saleTenderRows(db)
    .where('t.method', '=', filter.provider)
    .where('s.business_date', '>=', filter.fromDate)
    .where('s.business_date', '<=', filter.toDate)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('reconciliation_matches as m')
            .select('m.row_no')
            .whereRef('m.sale_id', '=', 't.sale_id')
            .whereRef('m.tender_no', '=', 't.tender_no'),
        ),
      ),
    )
    .orderBy('s.created_at')
    .execute();
  const refunds = await refundTenderRows(db)
    .where('t.method', '=', filter.provider)
    .where('r.business_date', '>=', filter.fromDate)
    .where('r.business_date', '<=', filter.toDate)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('reconciliation_matches as m')
            .select('m.row_no')
            .whereRef('m.refund_id', '=', 't.refund_id')
            .whereRef('m.tender_no', '=', 't.tender_no'),
        ),
      ),
    )
    .orderBy('r.created_at')
    .execute();
  return [...sales.map(saleItem), ...refunds.map(refundItem)];
}

/** The books' side of an import's matches, keyed by bill row number. */
export async function matchedBookItems(
  db: Executor,
  importId: string,
): Promise<Map<number, { item: BookItem; method: MatchMethod }>> {
  const sales = await saleTenderRows(db)
    .innerJoin('reconciliation_matches as m', (join) =>
      join.onRef('m.sale_id', '=', 't.sale_id').onRef('m.tender_no', '=', 't.tender_no'),
    )
    .select(['m.row_no', 'm.method'])
    .where('m.import_id', '=', importId)
    .execute();
  const refunds = await refundTenderRows(db)
    .innerJoin('reconciliation_matches as m', (join) =>
      join.onRef('m.refund_id', '=', 't.refund_id').onRef('m.tender_no', '=', 't.tender_no'),
    )
    .select(['m.row_no', 'm.method'])
    .where('m.import_id', '=', importId)
    .execute();
  const result = new Map<number, { item: BookItem; method: MatchMethod }>();
  for (const row of sales) result.set(row.row_no, { method: row.method, item: saleItem(row) });
  for (const row of refunds) result.set(row.row_no, { method: row.method, item: refundItem(row) });
  return result;
}

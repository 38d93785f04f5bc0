import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type Executor } from '../../core/executor.js';
import { CLEARING_ACCOUNTS, type BillProvider, type ParsedBill } from './bill.js';
import { unmatchedBookItems } from './book-items.js';
import { shiftDate } from './local-time.js';
import { matchBill } from './match-bill.js';
import { parseBill } from './parse-bill.js';

export interface ImportBillOptions {
  provider: BillProvider;
  fileName: string;
  bytes: Uint8Array;
  importedBy: string | null;
  now: Date;
  timeZone: string;
}

/**
 * Imports a provider's merchant bill: parses it (refusing a bad file before anything is
 * written), matches its rows against the recorded tenders of that provider that no other
 * import has matched, and stores the import, its rows and its matches in one transaction.
 * Idempotent on the provider and the SHA-256 of the bytes: the same file again returns
 * the first import (`created: false`). Imports of one provider are serialised, so two
 * uploads can never match the same sale.
 *
 * @example const { importId } = await importBill(db, { provider: 'wechat', fileName, bytes, importedBy, now, timeZone });
 */
export async function importBill(
  db: Executor,
  options: ImportBillOptions,
): Promise<{ importId: string; created: boolean; bill: ParsedBill }> {
  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  // Parsed before the lock is taken: a bad file is refused without waiting on anyone.
  const bill = parseBill(options.provider, options.bytes, options.timeZone);
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`reconciliation:${options.provider}`}))`.execute(
      trx,
    );
    const existing = await trx
      .selectFrom('reconciliation_imports')
      .select('id')
      .where('provider', '=', options.provider)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (existing) return { importId: existing.id, created: false, bill };

    // A day either side, so a sale at 23:58 paid at 00:03 is still a candidate.
    const items = await unmatchedBookItems(trx, {
      provider: options.provider,
      fromDate: shiftDate(bill.fromDate, -1),
      toDate: shiftDate(bill.toDate, 1),
    });
    const result = matchBill(bill.rows, items);
    const importId = randomUUID();
    await trx
      .insertInto('reconciliation_imports')
      .values({
        id: importId,
        provider: options.provider,
        clearing_account: CLEARING_ACCOUNTS[options.provider],
        file_name: options.fileName,
        sha256,
        encoding: bill.encoding,
        from_date: bill.fromDate,
        to_date: bill.toDate,
        row_count: bill.rows.length,
        bill_amount: bill.totals.amount.toFixed(2),
        bill_fee: bill.totals.fee.toFixed(2),
        imported_by: options.importedBy,
        imported_at: options.now,
        settlement_entry_id: null,
        settled_by: null,
        settled_at: null,
      })
      .execute();
    // In chunks: a month's bill can hold thousands of rows, beyond one statement's parameters.
    for (let start = 0; start < bill.rows.length; start += 500) {
      await trx
        .insertInto('reconciliation_bill_rows')
        .values(
          bill.rows.slice(start, start + 500).map((row) => ({
            import_id: importId,
            row_no: row.rowNo,
            kind: row.kind,
            occurred_at: row.occurredAt,
            transaction_id: row.transactionId?.slice(0, 64) ?? null,
            merchant_order_id: row.merchantOrderId?.slice(0, 64) ?? null,
            refund_id: row.refundId?.slice(0, 64) ?? null,
            amount: row.amount.toFixed(2),
            fee: row.fee.toFixed(2),
            description: row.description?.slice(0, 200) ?? null,
          })),
        )
        .execute();
    }
    for (let start = 0; start < result.matches.length; start += 500) {
      await trx
        .insertInto('reconciliation_matches')
        .values(
          result.matches.slice(start, start + 500).map((match) => ({
            import_id: importId,
            row_no: match.rowNo,
            book_kind: match.item.kind,
            sale_id: match.item.kind === 'sale' ? match.item.id : null,
            refund_id: match.item.kind === 'refund' ? match.item.id : null,
            tender_no: match.item.tenderNo,
            method: match.method,
            amount: match.item.amount.toFixed(2),
          })),
        )
        .execute();
    }
    return { importId, created: true, bill };
  });
}

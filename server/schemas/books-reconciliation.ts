import { z } from 'zod';
import { moneySchema } from './public-statements.js';
import { journalEntrySchema } from './books-ledger.js';

/**
 * What the reconciliation endpoints answer (an imported merchant bill matched against the
 * books, the list of imports, the settlement), for the OpenAPI document, the console's
 * generated types and tests/foundation/contract-books.test.ts.
 */

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const billRow = z.strictObject({
  rowNo: z.number().int(),
  kind: z.enum(['payment', 'refund']),
  occurredAt: z.string(),
  transactionId: z.string(),
  merchantOrderId: z.string().nullable(),
  refundId: z.string().nullable(),
  amount: moneySchema,
  fee: moneySchema,
  description: z.string().nullable(),
});

const booksRow = z.strictObject({
  kind: z.enum(['sale', 'refund']),
  /** Present for a sale; a refund carries `refundId` instead. */
  saleId: z.string().optional(),
  refundId: z.string().optional(),
  tenderNo: z.number().int().optional(),
  occurredAt: z.string(),
  businessDate: dateSchema,
  amount: moneySchema,
  reference: z.string().nullable(),
  registerId: z.string(),
  receiptNumber: z.string().nullable(),
});

export const reconciliationSummarySchema = z
  .strictObject({
    id: z.string(),
    provider: z.enum(['wechat', 'alipay']),
    clearingAccount: z.string(),
    fileName: z.string(),
    sha256: z.string(),
    encoding: z.string(),
    fromDate: dateSchema,
    toDate: dateSchema,
    rowCount: z.number().int(),
    billAmount: moneySchema,
    billFee: moneySchema,
    billNet: moneySchema,
    importedBy: z.string().nullable(),
    importedAt: z.string(),
    settlementEntryId: z.string().nullable(),
    settledBy: z.string().nullable(),
    settledAt: z.string().nullable(),
  })
  .meta({ id: 'ReconciliationSummary' });

const total = z.strictObject({
  count: z.number().int(),
  amount: moneySchema,
  fee: moneySchema.optional(),
  net: moneySchema.optional(),
});

export const reconciliationSchema = z
  .strictObject({
    ...reconciliationSummarySchema.shape,
    matched: z.array(
      z.strictObject({
        method: z.string(),
        note: z.string().nullable().optional(),
        bill: billRow,
        books: booksRow,
      }),
    ),
    onlyInBill: z.array(z.strictObject({ note: z.string().nullable(), bill: billRow })),
    onlyInBooks: z.array(z.strictObject({ note: z.string().nullable(), books: booksRow })),
    totals: z.strictObject({ bill: total, matched: total, onlyInBill: total, onlyInBooks: total }),
  })
  .meta({ id: 'Reconciliation' });

export const reconciliationResponseSchema = z.strictObject({
  reconciliation: reconciliationSchema,
});
export const reconciliationListResponseSchema = z.strictObject({
  reconciliations: z.array(reconciliationSummarySchema),
});
export const settlementResponseSchema = z.strictObject({
  entry: journalEntrySchema,
  reconciliation: reconciliationSummarySchema,
});

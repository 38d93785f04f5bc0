import { Hono } from 'hono';
import { z } from 'zod';
import { assertNotInFuture, businessIso } from '../../ledger/core/business-time.js';
import { Refusal } from '../../ledger/core/errors.js';
import { fen } from '../../ledger/core/money.js';
import {
  BILL_PROVIDERS,
  MAX_BILL_BYTES,
  type BillRow,
} from '../../ledger/books/reconciliation/bill.js';
import { importBill } from '../../ledger/books/reconciliation/import-bill.js';
import type { BookItem } from '../../ledger/books/reconciliation/match-bill.js';
import {
  getReconciliation,
  listReconciliations,
  type ReconciliationSummary,
  type ReconciliationView,
} from '../../ledger/books/reconciliation/reconciliation-view.js';
import { settleReconciliation } from '../../ledger/books/reconciliation/settle-reconciliation.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { entryJson } from '../ledger-json.js';
import { ledgerFields } from '../ledger-fields.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam, readQuery } from '../validate.js';
import {
  reconciliationListResponseSchema,
  reconciliationResponseSchema,
  settlementResponseSchema,
} from '../schemas/books-reconciliation.js';

/** The request body limit of an upload: a bill of MAX_BILL_BYTES in base64, and some room. */
export const MAX_UPLOAD_BODY_BYTES = Math.ceil((MAX_BILL_BYTES * 4) / 3) + 64 * 1024;

const provider = z.enum(BILL_PROVIDERS);

const importBody = z.strictObject({
  provider,
  fileName: z.string().trim().min(1).max(255),
  /** The file's bytes exactly as exported, base64-encoded. */
  contentBase64: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/, 'the file’s bytes in base64'),
});

const settleBody = z.strictObject({
  /** The settlement entry's own id: a retry with the same id never posts twice. */
  id: fields.id,
  date: fields.date,
  bankAccount: ledgerFields.accountCode.optional(),
});

const listQuery = z.strictObject({ provider: provider.optional() });

export function reconciliationSummaryJson(summary: ReconciliationSummary) {
  return {
    id: summary.id,
    provider: summary.provider,
    clearingAccount: summary.clearingAccount,
    fileName: summary.fileName,
    sha256: summary.sha256,
    encoding: summary.encoding,
    fromDate: summary.fromDate,
    toDate: summary.toDate,
    rowCount: summary.rowCount,
    billAmount: fen(summary.billAmount),
    billFee: fen(summary.billFee),
    billNet: fen(summary.billAmount.minus(summary.billFee)),
    importedBy: summary.importedBy,
    importedAt: summary.importedAt.toISOString(),
    settlementEntryId: summary.settlementEntryId,
    settledBy: summary.settledBy,
    settledAt: summary.settledAt?.toISOString() ?? null,
  };
}

function reconciliationJson(view: ReconciliationView, timeZone: string) {
  const row = (entry: BillRow) => ({
    rowNo: entry.rowNo,
    kind: entry.kind,
    occurredAt: businessIso(entry.occurredAt, timeZone),
    transactionId: entry.transactionId,
    merchantOrderId: entry.merchantOrderId,
    refundId: entry.refundId,
    amount: fen(entry.amount),
    fee: fen(entry.fee),
    description: entry.description,
  });
  const item = (entry: BookItem) => ({
    kind: entry.kind,
    ...(entry.kind === 'sale' ? { saleId: entry.id } : { refundId: entry.id }),
    tenderNo: entry.tenderNo,
    occurredAt: businessIso(entry.occurredAt, timeZone),
    businessDate: entry.businessDate,
    amount: fen(entry.amount),
    reference: entry.reference,
    registerId: entry.registerId,
    receiptNumber: entry.receiptNumber,
  });
  const totals = (figures: {
    count: number;
    amount: typeof view.billAmount;
    fee: typeof view.billFee;
    net: typeof view.billAmount;
  }) => ({
    count: figures.count,
    amount: fen(figures.amount),
    fee: fen(figures.fee),
    net: fen(figures.net),
  });
  return {
    ...reconciliationSummaryJson(view),
    matched: view.matched.map((entry) => ({
      method: entry.method,
      bill: row(entry.row),
      books: item(entry.item),
    })),
    onlyInBill: view.onlyInBill.map((entry) => ({ note: entry.note, bill: row(entry.row) })),
    onlyInBooks: view.onlyInBooks.map((entry) => ({ note: entry.note, books: item(entry.item) })),
    totals: {
      bill: totals(view.totals.bill),
      matched: totals(view.totals.matched),
      onlyInBill: totals(view.totals.onlyInBill),
      onlyInBooks: {
        count: view.totals.onlyInBooks.count,
        amount: fen(view.totals.onlyInBooks.amount),
      },
    },
  };
}

export const reconciliationRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .post('/', async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, importBody);
    const bytes = Buffer.from(body.contentBase64, 'base64');
    if (bytes.byteLength > MAX_BILL_BYTES) {
      throw new Refusal('bill_too_large', `A bill file may be at most ${MAX_BILL_BYTES} bytes.`, {
        maxBytes: MAX_BILL_BYTES,
      });
    }
    const { db, now, config } = c.var.deps;
    const { importId, created } = await db.transaction().execute(async (trx) => {
      const imported = await importBill(trx, {
        provider: body.provider,
        fileName: body.fileName,
        bytes,
        importedBy: auth.user.id,
        now: now(),
        timeZone: config.businessTimeZone,
      });
      if (imported.created) {
        await audit(trx, {
          actorId: auth.user.id,
          action: 'reconciliation_imported',
          subject: imported.importId,
          details: {
            provider: body.provider,
            fileName: body.fileName,
            rows: imported.bill.rows.length,
            fromDate: imported.bill.fromDate,
            toDate: imported.bill.toDate,
          },
        });
      }
      return imported;
    });
    const view = await getReconciliation(db, importId);
    if (!view) throw new Error('Invariant failed: an import can be read back');
    return c.json(
      { reconciliation: reconciliationJson(view, config.businessTimeZone) },
      created ? 201 : 200,
    );
  })
  .get('/', async (c) => {
    const query = readQuery(c, listQuery);
    const list = await listReconciliations(c.var.deps.db, { provider: query.provider });
    return c.json({ reconciliations: list.map(reconciliationSummaryJson) });
  })
  .get('/:id', async (c) => {
    const id = readParam(c, 'id', fields.id);
    const view = await getReconciliation(c.var.deps.db, id);
    if (!view) throw new Refusal('not_found', `There is no reconciliation ${id}.`);
    return c.json({ reconciliation: reconciliationJson(view, c.var.deps.config.businessTimeZone) });
  })
  .post('/:id/settle', async (c) => {
    const auth = currentAuth(c);
    const id = readParam(c, 'id', fields.id);
    const body = await readJson(c, settleBody);
    const { db, now, config } = c.var.deps;
    assertNotInFuture(body.date, now(), config.businessTimeZone);
    const { entry, created } = await db.transaction().execute(async (trx) => {
      const settled = await settleReconciliation(trx, {
        importId: id,
        entryId: body.id,
        date: body.date,
        bankAccount: body.bankAccount,
        settledBy: auth.user.id,
        now: now(),
      });
      if (settled.created) {
        await audit(trx, {
          actorId: auth.user.id,
          action: 'reconciliation_settled',
          subject: id,
          details: { entryId: settled.entry.id, date: body.date },
        });
      }
      return settled;
    });
    const view = await getReconciliation(db, id);
    if (!view) throw new Error('Invariant failed: a settled import can be read back');
    return c.json(
      { entry: entryJson(entry), reconciliation: reconciliationSummaryJson(view) },
      created ? 201 : 200,
    );
  });

documentRoute({
  method: 'post',
  path: '/api/reconciliations',
  summary:
    'Import a WeChat Pay (交易账单) or Alipay (业务明细) merchant bill, GBK or UTF-8, and match its rows to the recorded non-cash sales and refunds ' +
    '(by reference, else by exact amount within ±10 minutes). Idempotent on the provider and the file’s SHA-256 (same file → 200, the same import).',
  tag: 'reconciliation',
  roles: ['accountant'],
  response: { 201: reconciliationResponseSchema, 200: reconciliationResponseSchema },
  body: importBody,
  responses: {
    200: 'the same file again: the first import',
    201: '{"reconciliation":{"id","provider","fromDate","toDate","matched":[{"method","bill","books"}],"onlyInBill":[…],"onlyInBooks":[…],"totals":{…}}}',
  },
  errors: [
    'bill_too_large',
    'bill_encoding_invalid',
    'bill_layout_invalid',
    'bill_totals_mismatch',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/reconciliations',
  summary: 'Imported bills, newest period first, with whether each is settled',
  tag: 'reconciliation',
  roles: ['accountant'],
  response: { 200: reconciliationListResponseSchema },
  query: listQuery,
  responses: {
    200: '{"reconciliations":[{"id","provider","fileName","fromDate","toDate","rowCount","billAmount","billFee","billNet","settlementEntryId",…}]}',
  },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/reconciliations/{id}',
  summary:
    'One import side by side: matched rows, rows only in the bill (money with no sale), recorded tenders only in the books (a sale with no money), with totals',
  tag: 'reconciliation',
  roles: ['accountant'],
  response: { 200: reconciliationResponseSchema },
  responses: { 200: '{"reconciliation":{…}}' },
  errors: ['not_found'],
});
documentRoute({
  method: 'post',
  path: '/api/reconciliations/{id}/settle',
  summary:
    'Post the settlement of the matched rows in one entry: Dr 1002 银行存款 (net), Dr 5601.01 支付手续费 (fees), Cr the clearing account. ' +
    'Rows only in the bill are not settled. Idempotent on the entry id.',
  tag: 'reconciliation',
  roles: ['accountant'],
  response: { 201: settlementResponseSchema, 200: settlementResponseSchema },
  body: settleBody,
  responses: {
    200: 'the same settlement again (replay)',
    201: '{"entry":{…},"reconciliation":{…}}',
  },
  errors: [
    'not_found',
    'reconciliation_settled',
    'idempotency_conflict',
    'period_closed',
    'nothing_to_settle',
    'date_in_future',
  ],
});

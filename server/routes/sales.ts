import { Hono } from 'hono';
import { z } from 'zod';
import { Refusal } from '../../ledger/core/errors.js';
import { fen } from '../../ledger/core/money.js';
import { postSale, RECEIPT_NUMBER_PATTERN } from '../../ledger/selling/post-sale.js';
import { formatQuantity } from '../../ledger/selling/quantity.js';
import { listRefunds, refundSale, type RefundRecord } from '../../ledger/selling/refund-sale.js';
import { getSale, type SaleRecord } from '../../ledger/selling/sale-records.js';
import { renderReceiptEscPos } from '../../reports/receipt-escpos.js';
import { renderReceiptText } from '../../reports/receipt-text.js';
import { saleReceiptModel } from '../../reports/sale-receipt.js';
import type { AppEnv } from '../app-env.js';
import { recordSentFor, resolveActingCashier } from '../auth/acting-cashier.js';
import { resolveApproval } from '../auth/approval.js';
import { clientIp } from '../auth/client-ip.js';
import { currentAuth, hasRole, requireRole } from '../auth/middleware.js';
import {
  refundAnswerSchema,
  saleAnswerSchema,
  saleWithRefundsAnswerSchema,
} from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam, readQuery } from '../validate.js';

/**
 * Decimal text. Zero, negative and over-precise quantities pass the edge on purpose: the
 * ledger refuses each with its own code (`quantity_not_positive`, `quantity_too_precise`).
 */
const decimalText = z.string().regex(/^-?\d{1,15}(\.\d{1,15})?$/, 'a decimal number as a string');
const tenderMethod = z.enum(['cash', 'wechat', 'alipay', 'hardship_voucher']);
const approvalFields = {
  /** A manager's PIN, for a discount or refund beyond the cashier's limit. */
  approverPin: z
    .string()
    .regex(/^\d{4,6}$/, 'a PIN of 4 to 6 digits')
    .optional(),
  /** The approving manager's username (recommended with approverPin). */
  approver: z.string().trim().min(1).max(64).optional(),
};
/**
 * The cashier who made the item on the tablet, when a queued item is sent under someone
 * else's session (register staff only; decision 0028). Default: the sender.
 */
export const cashierIdField = { cashierId: fields.id.optional() };

export const saleBody = z.strictObject({
  id: fields.id,
  registerId: fields.registerId,
  shiftId: fields.id,
  createdAt: fields.instant,
  /** The tablet made the sale without a connection (also assumed when createdAt is > 10 min old). */
  offline: z.boolean().optional(),
  /** Money off the whole sale. */
  discount: fields.money.optional(),
  /** The register's own receipt number, assigned on the tablet: prefix, hyphen, sequence. */
  receiptNumber: z
    .string()
    .regex(RECEIPT_NUMBER_PATTERN, 'a register receipt number like C1-000123')
    .optional(),
  // More than 200 lines passes the edge so that the ledger can answer `too_many_lines`;
  // the body limit keeps the array small.
  lines: z
    .array(
      z.strictObject({
        productId: fields.id,
        quantity: decimalText,
        discount: fields.money.optional(),
      }),
    )
    .min(1)
    .max(2000),
  tenders: z
    .array(
      z.strictObject({
        method: tenderMethod,
        amount: fields.money,
        tendered: fields.money.optional(),
        reference: z.string().trim().min(1).max(64).optional(),
        /** Hardship voucher only: stored privately, never posted or shown. */
        holder: z
          .strictObject({
            name: z.string().trim().max(64).optional(),
            household: z.string().trim().max(200).optional(),
            phone: z.string().trim().max(32).optional(),
            note: z.string().trim().max(500).optional(),
          })
          .optional(),
      }),
    )
    .max(10),
  ...approvalFields,
  ...cashierIdField,
});

export const refundBody = z.strictObject({
  id: fields.id,
  shiftId: fields.id.optional(),
  createdAt: fields.instant.optional(),
  lines: z
    .array(z.strictObject({ productId: fields.id, quantity: decimalText }))
    .max(2000)
    .optional(),
  // Optional at the edge so that a missing reason is `reason_required`, not a shape error.
  reason: z.string().max(200).optional(),
  /** A manager's choice of how to pay back (default: the sale's own tenders). */
  tenders: z
    .array(z.strictObject({ method: tenderMethod, amount: fields.money }))
    .max(10)
    .optional(),
  ...approvalFields,
  ...cashierIdField,
});

const receiptQuery = z.strictObject({
  format: z.enum(['json', 'text', 'escpos']).optional(),
  width: z.enum(['58', '80']).optional(),
  lang: z.enum(['zh-CN', 'en']).optional(),
  reprint: z.enum(['true', 'false', '1', '0']).optional(),
});

export function saleJson(sale: SaleRecord) {
  return {
    id: sale.id,
    registerId: sale.registerId,
    shiftId: sale.shiftId,
    cashierId: sale.cashierId,
    receiptNumber: sale.receiptNumber,
    serialNumber: sale.serialNumber,
    createdAt: sale.createdAt.toISOString(),
    businessDate: sale.businessDate,
    period: sale.period,
    entryDate: sale.entryDate,
    late: sale.late,
    offline: sale.offline,
    oversold: sale.oversold,
    fundOverdrawn: sale.fundOverdrawn,
    subtotal: fen(sale.subtotal),
    discount: fen(sale.discount),
    total: fen(sale.total),
    change: fen(sale.change),
    approvedBy: sale.approvedBy,
    entryId: sale.entryId,
    lines: sale.lines.map((line) => ({
      lineNo: line.lineNo,
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      nameEn: line.nameEn,
      category: line.category,
      unit: line.unit,
      quantity: formatQuantity(line.quantity),
      unitPrice: fen(line.unitPrice),
      gross: fen(line.gross),
      discount: fen(line.discount),
      total: fen(line.total),
      net: fen(line.net),
    })),
    tenders: sale.tenders.map((tender) => ({
      method: tender.method,
      amount: fen(tender.amount),
      tendered: tender.tendered === null ? null : fen(tender.tendered),
      change: tender.change === null ? null : fen(tender.change),
      reference: tender.reference,
    })),
  };
}

export function refundJson(refund: RefundRecord) {
  return {
    id: refund.id,
    saleId: refund.saleId,
    registerId: refund.registerId,
    shiftId: refund.shiftId,
    cashierId: refund.cashierId,
    approvedBy: refund.approvedBy,
    createdAt: refund.createdAt.toISOString(),
    businessDate: refund.businessDate,
    period: refund.period,
    entryDate: refund.entryDate,
    late: refund.late,
    amount: fen(refund.amount),
    reason: refund.reason,
    void: refund.isVoid,
    entryId: refund.entryId,
    lines: refund.lines.map((line) => ({
      productId: line.productId,
      saleLineNo: line.saleLineNo,
      quantity: formatQuantity(line.quantity),
      amount: fen(line.amount),
    })),
    tenders: refund.tenders.map((tender) => ({
      method: tender.method,
      amount: fen(tender.amount),
    })),
  };
}

const tillOnly = requireRole('cashier');
// The accountant console goes from a sale's journal entry to its receipt; nothing else here.
const receiptReaders = requireRole('cashier', 'accountant');

export const saleRoutes = new Hono<AppEnv>()
  .use((c, next) =>
    (c.req.method === 'GET' && c.req.path.endsWith('/receipt') ? receiptReaders : tillOnly)(
      c,
      next,
    ),
  )
  .post('/', async (c) => {
    const deps = c.var.deps;
    const auth = currentAuth(c);
    const { cashierId, ...body } = await readJson(c, saleBody);
    const acting = await resolveActingCashier(deps, auth, { cashierId });
    const approvedBy = await resolveApproval(deps, acting, {
      approverPin: body.approverPin,
      approver: body.approver,
      ip: clientIp(c),
    });
    const { sale, created } = await postSale(deps.db, {
      sale: { ...body, createdAt: new Date(body.createdAt) },
      cashierId: acting.user.id,
      approvedBy,
      now: deps.now(),
      timeZone: deps.config.businessTimeZone,
    });
    if (created) await recordSentFor(deps, auth, acting, { kind: 'sale', id: sale.id });
    return c.json({ sale: saleJson(sale) }, created ? 201 : 200);
  })
  .get('/:id', async (c) => {
    const { db } = c.var.deps;
    const id = readParam(c, 'id', fields.id);
    const sale = await getSale(db, id);
    if (!sale) throw new Refusal('sale_not_found', `There is no sale ${id}.`);
    const refunds = await listRefunds(db, id);
    return c.json({ sale: { ...saleJson(sale), refunds: refunds.map(refundJson) } });
  })
  .post('/:id/refunds', async (c) => {
    const deps = c.var.deps;
    const auth = currentAuth(c);
    const saleId = readParam(c, 'id', fields.id);
    const { cashierId, ...body } = await readJson(c, refundBody);
    const acting = await resolveActingCashier(deps, auth, { cashierId });
    const approvedBy = await resolveApproval(deps, acting, {
      approverPin: body.approverPin,
      approver: body.approver,
      ip: clientIp(c),
    });
    const { refund, created } = await refundSale(deps.db, {
      refund: {
        id: body.id,
        saleId,
        shiftId: body.shiftId,
        createdAt: body.createdAt ? new Date(body.createdAt) : undefined,
        lines: body.lines,
        reason: body.reason,
        tenders: body.tenders,
      },
      userId: acting.user.id,
      isManager: hasRole(acting.user.role, 'manager'),
      approvedBy,
      now: deps.now(),
      timeZone: deps.config.businessTimeZone,
    });
    if (created) await recordSentFor(deps, auth, acting, { kind: 'refund', id: refund.id });
    return c.json({ refund: refundJson(refund) }, created ? 201 : 200);
  })
  .get('/:id/receipt', async (c) => {
    const { db, config } = c.var.deps;
    const id = readParam(c, 'id', fields.id);
    const query = readQuery(c, receiptQuery);
    const sale = await getSale(db, id);
    if (!sale) throw new Refusal('sale_not_found', `There is no sale ${id}.`);
    const cashier = await db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', sale.cashierId)
      .executeTakeFirstOrThrow();
    const model = saleReceiptModel({
      sale,
      cashierName: cashier.display_name,
      timeZone: config.businessTimeZone,
      statementsUrl: `${config.publicUrl.replace(/\/+$/, '')}/`,
      reprint: query.reprint === 'true' || query.reprint === '1',
    });
    const width = query.width === '58' ? 58 : 80;
    const lang = query.lang ?? 'zh-CN';
    if (query.format === 'escpos') {
      const bytes = renderReceiptEscPos(model, { width, lang });
      return c.body(bytes.slice().buffer, 200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="receipt-${sale.receiptNumber}-${width}mm.bin"`,
      });
    }
    if (query.format === 'text') {
      return c.text(`${renderReceiptText(model, { width, lang }).join('\n')}\n`);
    }
    return c.json({ receipt: model });
  });

documentRoute({
  method: 'post',
  path: '/api/sales',
  response: { 200: saleAnswerSchema, 201: saleAnswerSchema },
  summary:
    'Record a sale made on the tablet: priced by the server at createdAt, tenders checked, posted to the journal in the same transaction. ' +
    "Idempotent on id (same content → 200 and the same sale; different → 409). receiptNumber is the register's own number made on the tablet " +
    "(e.g. C1-000123; another sale of the register with it → 409 receipt_number_taken); without it the receipt shows the server's serial number. " +
    'Discounts above 10% of the gross need a manager (a manager session, or approverPin + approver). createdAt may not be > 15 min ahead of the server, before the shift opened ' +
    "(less 15 min) or before the shop's books begin (sale_time_invalid). An offline voucher sale beyond the hardship fund is recorded " +
    'with fundOverdrawn: true (see GET /api/reports/attention). cashierId: the cashier who made a queued sale when another register staff member sends it (decision 0028).',
  tag: 'sales',
  roles: ['cashier'],
  body: saleBody,
  responses: {
    200: 'the same sale again (replay)',
    201: '{"sale":{"id","total","change","entryId","late","receiptNumber","lines","tenders",…}}',
  },
  errors: [
    'shift_not_yours',
    'cashier_not_staff',
    'approval_required',
    'approval_invalid',
    'shift_not_found',
    'idempotency_conflict',
    'shift_not_open',
    'receipt_number_taken',
    'product_unknown',
    'product_inactive',
    'quantity_not_positive',
    'quantity_too_precise',
    'too_many_lines',
    'tenders_mismatch',
    'tender_short',
    'tender_invalid',
    'sold_out',
    'hardship_fund_insufficient',
    'discount_invalid',
    'register_mismatch',
    'sale_time_invalid',
    'too_many_attempts',
    'amount_invalid',
    'quantity_too_large',
    'login_busy',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/sales/{id}',
  response: { 200: saleWithRefundsAnswerSchema },
  summary: 'One sale with its lines, tenders and refunds',
  tag: 'sales',
  roles: ['cashier'],
  responses: { 200: '{"sale":{…,"refunds":[…]}}' },
  errors: ['sale_not_found'],
});
documentRoute({
  method: 'post',
  path: '/api/sales/{id}/refunds',
  response: { 200: refundAnswerSchema, 201: refundAnswerSchema },
  summary:
    'Refund a sale, whole (no lines) or by lines, with a reason; never more than was sold. A manager approves (approval_required, ' +
    "details.reason) when the sale's refunds without one would pass ¥50, the cashier's in 24 hours ¥150, for another cashier's sale, " +
    "from another register's drawer, or to pay back another way (tenders). Paid back by the original tenders by default; posted " +
    'Dr 5001, Cr the tenders. Idempotent on id.',
  tag: 'sales',
  roles: ['cashier'],
  body: refundBody,
  responses: {
    200: 'the same refund again (replay)',
    201: '{"refund":{"id","amount","entryId",…}}',
  },
  errors: [
    'approval_required',
    'approval_invalid',
    'shift_not_yours',
    'cashier_not_staff',
    'sale_not_found',
    'idempotency_conflict',
    'shift_not_open',
    'reason_required',
    'refund_exceeds_sale',
    'tenders_mismatch',
    'refund_time_invalid',
    'too_many_attempts',
    'quantity_not_positive',
    'quantity_too_precise',
    'quantity_too_large',
    'total_not_positive',
    'too_many_lines',
    'tender_invalid',
    'login_busy',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/sales/{id}/receipt',
  summary:
    'The receipt: JSON data (default), ?format=text, or ?format=escpos&width=58|80 (application/octet-stream, GB18030, with the printer QR command); ?lang=en; ?reprint=true',
  tag: 'sales',
  roles: ['cashier', 'accountant'],
  query: receiptQuery,
  responses: {
    200: '{"receipt":{…}} | text/plain | application/octet-stream',
  },
  errors: ['sale_not_found'],
});

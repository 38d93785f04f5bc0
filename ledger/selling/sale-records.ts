import type { ProductUnit, TenderMethod } from '../schema/database.js';
import type { Executor } from '../core/executor.js';
import { D, Money } from '../core/money.js';

export interface SaleLineRecord {
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  nameEn: string;
  category: string;
  unit: ProductUnit;
  quantity: Money;
  unitPrice: Money;
  /** round_half_up(quantity × unitPrice). */
  gross: Money;
  discount: Money;
  /** gross − discount. */
  total: Money;
  saleDiscountShare: Money;
  /** What the customer paid for this line: total − its share of the sale discount. */
  net: Money;
}

export interface SaleTenderRecord {
  tenderNo: number;
  method: TenderMethod;
  account: string;
  amount: Money;
  tendered: Money | null;
  change: Money | null;
  reference: string | null;
}

export interface SaleRecord {
  id: string;
  registerId: string;
  shiftId: string;
  cashierId: string;
  /**
   * What the customer's receipt shows: the register's own number (`C1-000123`) when the
   * tablet sent one, else the server's sequence number (older sales, other clients).
   */
  receiptNumber: string;
  /** The register's own number as the tablet sent it, or null. */
  registerReceiptNumber: string | null;
  /** The server's sequence number, unique across all registers. */
  serialNumber: string;
  createdAt: Date;
  receivedAt: Date;
  businessDate: string;
  entryDate: string;
  period: string;
  late: boolean;
  offline: boolean;
  oversold: boolean;
  /** An offline voucher sale took the hardship fund below zero: for the accountant to see. */
  fundOverdrawn: boolean;
  subtotal: Money;
  discount: Money;
  total: Money;
  change: Money;
  approvedBy: string | null;
  entryId: string;
  lines: SaleLineRecord[];
  tenders: SaleTenderRecord[];
}

/** One sale with its lines and tenders, or undefined. Never the voucher holder. */
export async function getSale(db: Executor, id: string): Promise<SaleRecord | undefined> {
  const sale = await db.selectFrom('sales').selectAll().where('id', '=', id).executeTakeFirst();
  if (!sale) return undefined;
  const [lines, tenders] = [
    await db
      .selectFrom('sale_lines')
      .selectAll()
      .where('sale_id', '=', id)
      .orderBy('line_no')
      .execute(),
    await db
      .selectFrom('sale_tenders')
      .selectAll()
      .where('sale_id', '=', id)
      .orderBy('tender_no')
      .execute(),
  ];
  return {
    id: sale.id,
    registerId: sale.register_id,
    shiftId: sale.shift_id,
    cashierId: sale.cashier_id,
    receiptNumber: sale.register_receipt_number ?? sale.receipt_number,
    registerReceiptNumber: sale.register_receipt_number,
    serialNumber: sale.receipt_number,
    createdAt: sale.created_at,
    receivedAt: sale.received_at,
    businessDate: sale.business_date,
    entryDate: sale.entry_date,
    period: sale.period,
    late: sale.late,
    offline: sale.offline,
    oversold: sale.oversold,
    fundOverdrawn: sale.fund_overdrawn,
    subtotal: D(sale.subtotal),
    discount: D(sale.discount),
    total: D(sale.total),
    change: D(sale.change),
    approvedBy: sale.approved_by,
    entryId: sale.entry_id,
    lines: lines.map((line) => ({
      lineNo: line.line_no,
      productId: line.product_id,
      sku: line.sku,
      name: line.name,
      nameEn: line.name_en,
      category: line.category,
      unit: line.unit,
      quantity: D(line.quantity),
      unitPrice: D(line.unit_price),
      gross: D(line.gross),
      discount: D(line.discount),
      total: D(line.total),
      saleDiscountShare: D(line.sale_discount_share),
      net: D(line.net),
    })),
    tenders: tenders.map((tender) => ({
      tenderNo: tender.tender_no,
      method: tender.method,
      account: tender.account_code,
      amount: D(tender.amount),
      tendered: tender.tendered === null ? null : D(tender.tendered),
      change: tender.change === null ? null : D(tender.change),
      reference: tender.reference,
    })),
  };
}

/** Quantity and amount already refunded per sale line. */
export async function refundedBySaleLine(
  db: Executor,
  saleId: string,
): Promise<Map<number, { quantity: Money; amount: Money }>> {
  const rows = await db
    .selectFrom('refund_lines')
    .select((eb) => [
      'sale_line_no',
      eb.fn.sum<string>('quantity').as('quantity'),
      eb.fn.sum<string>('amount').as('amount'),
    ])
    .where('sale_id', '=', saleId)
    .groupBy('sale_line_no')
    .execute();
  return new Map(
    rows.map((row) => [row.sale_line_no, { quantity: D(row.quantity), amount: D(row.amount) }]),
  );
}

import { z } from 'zod';
import { moneySchema, decimalSchema } from './public-statements.js';

/**
 * What the endpoints the tablet POS uses answer (login, catalog, shifts, sales, refunds,
 * a register's sales and staff), as zod schemas: the single source for the OpenAPI
 * document, the POS's generated types (pos-ui/src/shared/api/schema.d.ts) and the contract
 * test that parses real answers (tests/foundation/contract-pos.test.ts). Strict objects, so
 * a field the handler adds or drops fails that test.
 */

const id = z.string();
const timestamp = z.string();
const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const saleTenderMethod = z
  .enum(['cash', 'wechat', 'alipay', 'hardship_voucher'])
  .meta({ id: 'SaleTenderMethod' });

export const sessionUserSchema = z
  .strictObject({
    id,
    username: z.string(),
    role: z.enum(['cashier', 'manager', 'accountant', 'admin']),
    displayName: z.string(),
  })
  .meta({ id: 'SessionUser' });

export const loginAnswerSchema = z
  .strictObject({
    user: sessionUserSchema,
    token: z.string(),
    csrfToken: z.string(),
    expiresAt: timestamp,
  })
  .meta({ id: 'LoginAnswer' });

export const meAnswerSchema = z
  .strictObject({ user: sessionUserSchema, csrfToken: z.string() })
  .meta({ id: 'MeAnswer' });

export const productUnitSchema = z.enum(['piece', 'jin', 'kg']).meta({ id: 'ProductUnit' });

export const catalogProductSchema = z
  .strictObject({
    id,
    sku: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    category: z.string(),
    categoryEn: z.string().nullable(),
    price: moneySchema,
    unit: productUnitSchema,
    tileOrder: z.number(),
    soldOut: z.boolean(),
    /** Today's remaining count, or null when production is not counted. */
    remaining: decimalSchema.nullable(),
  })
  .meta({ id: 'CatalogProduct' });

export const categorySchema = z
  .strictObject({ name: z.string(), nameEn: z.string().nullable(), sortOrder: z.number() })
  .meta({ id: 'Category' });

export const catalogAnswerSchema = z
  .strictObject({
    date: businessDate,
    products: z.array(catalogProductSchema),
    categories: z.array(categorySchema),
  })
  .meta({ id: 'CatalogAnswer' });

export const shiftSchema = z
  .strictObject({
    id,
    registerId: z.string(),
    cashierId: id,
    status: z.enum(['open', 'closed']),
    businessDate,
    openedAt: timestamp,
    openingFloat: moneySchema,
    closedAt: timestamp.nullable(),
    countedCash: moneySchema.nullable(),
    expectedCash: moneySchema.nullable(),
    overShort: moneySchema.nullable(),
  })
  .meta({ id: 'Shift' });

export const shiftAnswerSchema = z.strictObject({ shift: shiftSchema }).meta({ id: 'ShiftAnswer' });
export const shiftListAnswerSchema = z
  .strictObject({ shifts: z.array(shiftSchema) })
  .meta({ id: 'ShiftListAnswer' });

const cashMovementKind = z.enum(['paid_in', 'paid_out']);

export const cashMovementAnswerSchema = z
  .strictObject({
    movement: z.strictObject({
      id,
      shiftId: id,
      kind: cashMovementKind,
      purpose: z.string(),
      account: z.string(),
      amount: moneySchema,
      reason: z.string().nullable(),
      createdAt: timestamp,
      entryId: id,
    }),
  })
  .meta({ id: 'CashMovementAnswer' });

const methodAmount = z.strictObject({ method: saleTenderMethod, amount: moneySchema });

export const shiftReportSchema = z
  .strictObject({
    shiftId: id,
    registerId: z.string(),
    cashierId: id,
    cashierName: z.string(),
    businessDate,
    openedAt: timestamp,
    closedAt: timestamp.nullable(),
    status: z.enum(['open', 'closed']),
    openingFloat: moneySchema,
    sales: z.strictObject({
      count: z.number(),
      gross: moneySchema,
      lineDiscounts: moneySchema,
      saleDiscounts: moneySchema,
      discounts: moneySchema,
      total: moneySchema,
      offline: z.number(),
      late: z.number(),
      oversold: z.number(),
    }),
    tenders: z.array(
      z.strictObject({ method: saleTenderMethod, count: z.number(), amount: moneySchema }),
    ),
    /** Absent from Z reports stored before register receipt numbers. */
    receiptNumbers: z
      .strictObject({
        ranges: z.array(
          z.strictObject({
            prefix: z.string(),
            first: z.string(),
            last: z.string(),
            count: z.number(),
            missing: z.array(z.string()),
            missingCount: z.number(),
          }),
        ),
        unnumbered: z.number(),
      })
      .optional(),
    categories: z.array(z.strictObject({ category: z.string(), amount: moneySchema })),
    cash: z.strictObject({
      tendered: moneySchema,
      change: moneySchema,
      sales: moneySchema,
      refunds: moneySchema,
      paidIn: moneySchema,
      paidOut: moneySchema,
    }),
    refunds: z.strictObject({
      count: z.number(),
      amount: moneySchema,
      tenders: z.array(methodAmount),
    }),
    voids: z.strictObject({ count: z.number(), amount: moneySchema }),
    cashMovements: z.array(
      z.strictObject({
        id,
        kind: cashMovementKind,
        purpose: z.string(),
        amount: moneySchema,
        reason: z.string().nullable(),
        createdAt: timestamp,
      }),
    ),
    /** Hidden (null) from the cashier while the shift is open: the count is blind. */
    expectedCash: moneySchema.nullable(),
    countedCash: moneySchema.nullable(),
    overShort: moneySchema.nullable(),
    counts: z.array(z.strictObject({ denomination: z.string(), count: z.number() })).nullable(),
    overShortEntryId: id.nullable(),
  })
  .meta({ id: 'ShiftReport' });

export const zReportSchema = z
  .strictObject({
    ...shiftReportSchema.shape,
    number: z.number(),
  })
  .meta({ id: 'ZReport' });

export const xReportAnswerSchema = z
  .strictObject({ xReport: shiftReportSchema })
  .meta({ id: 'XReportAnswer' });
export const zReportAnswerSchema = z
  .strictObject({ zReport: zReportSchema })
  .meta({ id: 'ZReportAnswer' });

export const shiftCloseAnswerSchema = z
  .strictObject({
    shift: shiftSchema,
    expectedCash: moneySchema,
    countedCash: moneySchema,
    overShort: moneySchema,
    zReport: zReportSchema,
  })
  .meta({ id: 'ShiftCloseAnswer' });

export const saleLineSchema = z
  .strictObject({
    lineNo: z.number(),
    productId: id,
    sku: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    category: z.string(),
    unit: productUnitSchema,
    quantity: decimalSchema,
    unitPrice: moneySchema,
    gross: moneySchema,
    discount: moneySchema,
    total: moneySchema,
    net: moneySchema,
  })
  .meta({ id: 'SaleLine' });

export const saleTenderSchema = z
  .strictObject({
    method: saleTenderMethod,
    amount: moneySchema,
    tendered: moneySchema.nullable(),
    change: moneySchema.nullable(),
    reference: z.string().nullable(),
  })
  .meta({ id: 'SaleTender' });

const saleFields = {
  id,
  registerId: z.string(),
  shiftId: id,
  cashierId: id,
  receiptNumber: z.string().nullable(),
  serialNumber: z.string(),
  createdAt: timestamp,
  businessDate,
  period: z.string(),
  entryDate: businessDate,
  late: z.boolean(),
  offline: z.boolean(),
  oversold: z.boolean(),
  fundOverdrawn: z.boolean(),
  subtotal: moneySchema,
  discount: moneySchema,
  total: moneySchema,
  change: moneySchema,
  approvedBy: id.nullable(),
  entryId: id,
  lines: z.array(saleLineSchema),
  tenders: z.array(saleTenderSchema),
};

export const saleSchema = z.strictObject(saleFields).meta({ id: 'Sale' });
export const saleAnswerSchema = z.strictObject({ sale: saleSchema }).meta({ id: 'SaleAnswer' });

export const refundSchema = z
  .strictObject({
    id,
    saleId: id,
    registerId: z.string(),
    /** null: a manager paid it back off any shift (not from a drawer). */
    shiftId: id.nullable(),
    cashierId: id,
    approvedBy: id.nullable(),
    createdAt: timestamp,
    businessDate,
    period: z.string(),
    entryDate: businessDate,
    late: z.boolean(),
    amount: moneySchema,
    reason: z.string(),
    void: z.boolean(),
    entryId: id,
    lines: z.array(
      z.strictObject({
        productId: id,
        saleLineNo: z.number(),
        quantity: decimalSchema,
        amount: moneySchema,
      }),
    ),
    tenders: z.array(methodAmount),
  })
  .meta({ id: 'Refund' });

export const refundAnswerSchema = z
  .strictObject({ refund: refundSchema })
  .meta({ id: 'RefundAnswer' });

export const saleWithRefundsAnswerSchema = z
  .strictObject({ sale: z.strictObject({ ...saleFields, refunds: z.array(refundSchema) }) })
  .meta({ id: 'SaleWithRefundsAnswer' });

export const registerSalesAnswerSchema = z
  .strictObject({
    registerId: z.string(),
    date: businessDate.nullable(),
    sales: z.array(
      z.strictObject({
        id,
        shiftId: id,
        receiptNumber: z.string().nullable(),
        serialNumber: z.string(),
        createdAt: timestamp,
        businessDate,
        total: moneySchema,
        tenders: z.array(methodAmount),
        refunded: moneySchema,
        offline: z.boolean(),
        late: z.boolean(),
        cashier: z.strictObject({ id, displayName: z.string() }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RegisterSalesAnswer' });

export const registerStaffAnswerSchema = z
  .strictObject({
    registerId: z.string(),
    staff: z.array(
      z.strictObject({
        id,
        username: z.string(),
        displayName: z.string(),
        role: z.enum(['cashier', 'manager']),
        hasPin: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'RegisterStaffAnswer' });

export const productionDayAnswerSchema = z
  .strictObject({
    date: businessDate,
    products: z.array(
      z.strictObject({
        productId: id,
        sku: z.string(),
        name: z.string(),
        baked: decimalSchema.nullable(),
        sold: decimalSchema,
        refunded: decimalSchema,
        remaining: decimalSchema.nullable(),
        leftovers: z.array(
          z.strictObject({
            disposition: z.enum(['donated', 'discounted', 'waste']),
            quantity: decimalSchema,
            reason: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ProductionDayAnswer' });

export const productSchema = z
  .strictObject({
    id,
    sku: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    category: z.string(),
    categoryEn: z.string().nullable(),
    price: moneySchema,
    unit: productUnitSchema,
    tileOrder: z.number(),
    active: z.boolean(),
  })
  .meta({ id: 'Product' });

export const productAnswerSchema = z
  .strictObject({ product: productSchema })
  .meta({ id: 'ProductAnswer' });
export const productListAnswerSchema = z
  .strictObject({ products: z.array(productSchema) })
  .meta({ id: 'ProductListAnswer' });

import { z } from 'zod';
import {
  fundKeySchema,
  moneySchema,
  periodSchema,
  tenderMethodSchema,
} from './public-statements.js';
import { openShiftSchema } from './books-close.js';

/**
 * What the console's report endpoints answer (fund statement, daily sales summary,
 * attention list, dashboard), for the OpenAPI document, the generated types and
 * tests/foundation/contract-books.test.ts.
 */

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const named = { name: z.string(), nameEn: z.string() };

export const fundReportResponseSchema = z
  .strictObject({
    period: periodSchema,
    scope: z.enum(['month', 'ytd']),
    from: periodSchema,
    funds: z.array(
      z.strictObject({
        fund: fundKeySchema,
        ...named,
        account: z.string(),
        opening: moneySchema,
        allocated: moneySchema,
        spent: moneySchema,
        spentByCategory: z.array(
          z.strictObject({ category: z.string(), ...named, amount: moneySchema }),
        ),
        transfersIn: moneySchema,
        transfersOut: moneySchema,
        adjustments: moneySchema,
        closing: moneySchema,
      }),
    ),
  })
  .meta({ id: 'FundReport' });

export const dailySummaryResponseSchema = z
  .strictObject({
    date: dateSchema,
    sales: z.strictObject({
      count: z.number().int(),
      gross: moneySchema,
      discounts: moneySchema,
      total: moneySchema,
    }),
    refunds: z.strictObject({ count: z.number().int(), amount: moneySchema }),
    net: moneySchema,
    byProduct: z.array(
      z.strictObject({
        productId: z.string(),
        sku: z.string(),
        ...named,
        category: z.string(),
        unit: z.string(),
        quantity: z.string(),
        gross: moneySchema,
        discounts: moneySchema,
        total: moneySchema,
        refundedQuantity: z.string(),
        refunded: moneySchema,
      }),
    ),
    byCategory: z.array(
      z.strictObject({ category: z.string(), total: moneySchema, refunded: moneySchema }),
    ),
    byTender: z.array(
      z.strictObject({
        method: tenderMethodSchema,
        count: z.number().int(),
        amount: moneySchema,
        refunded: moneySchema,
      }),
    ),
    byHour: z.array(
      z.strictObject({ hour: z.string(), count: z.number().int(), total: moneySchema }),
    ),
  })
  .meta({ id: 'DailySummary' });

export const dailySalesEntriesResponseSchema = z
  .strictObject({
    date: dateSchema,
    figure: z.strictObject({
      by: z.enum(['all', 'product', 'category', 'tender', 'hour']),
      value: z.string().nullable(),
    }),
    sales: z.array(
      z.strictObject({
        saleId: z.string(),
        receiptNumber: z.string(),
        registerId: z.string(),
        createdAt: z.string(),
        total: moneySchema,
        amount: moneySchema,
        entryId: z.string(),
        late: z.boolean(),
      }),
    ),
    amount: moneySchema,
    truncated: z.boolean(),
  })
  .meta({ id: 'DailySalesEntries' });

export const attentionResponseSchema = z.strictObject({
  fundOverdrawn: z.array(
    z.strictObject({
      saleId: z.string(),
      registerId: z.string(),
      createdAt: z.string(),
      businessDate: dateSchema,
      period: periodSchema,
      vouchers: moneySchema,
    }),
  ),
});

export const booksDashboardResponseSchema = z
  .strictObject({
    today: dateSchema,
    period: periodSchema,
    month: z.strictObject({
      netSales: moneySchema,
      revenue: moneySchema,
      costs: moneySchema,
      surplus: moneySchema,
      saleCount: z.number().int(),
      deficitCarriedIn: moneySchema,
      allocable: moneySchema,
      deficitCarriedOut: moneySchema,
      rule: z.strictObject({ id: z.string(), effectiveFrom: periodSchema }),
      allocation: z.array(
        z.strictObject({ fund: fundKeySchema, percent: z.string(), amount: moneySchema }),
      ),
    }),
    funds: z.array(
      z.strictObject({
        fund: z.union([fundKeySchema, z.literal('unallocated')]),
        ...named,
        account: z.string(),
        balance: moneySchema,
      }),
    ),
    openShifts: z.array(openShiftSchema),
    attention: z.strictObject({
      late: z.number().int(),
      offline: z.number().int(),
      oversold: z.number().int(),
      sales: z.array(
        z.strictObject({
          saleId: z.string(),
          receiptNumber: z.string(),
          registerId: z.string(),
          businessDate: dateSchema,
          period: periodSchema,
          total: moneySchema,
          late: z.boolean(),
          offline: z.boolean(),
          oversold: z.boolean(),
          createdAt: z.string(),
          receivedAt: z.string(),
        }),
      ),
    }),
    periods: z.strictObject({
      toClose: z.array(z.strictObject({ period: periodSchema, entryCount: z.number().int() })),
      toPublish: z.array(z.strictObject({ period: periodSchema, closedAt: z.string() })),
    }),
    clearing: z.array(
      z.strictObject({
        provider: z.enum(['wechat', 'alipay']),
        account: z.string(),
        ...named,
        balance: moneySchema,
        oldestUnsettledDate: dateSchema.nullable(),
        ageDays: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'BooksDashboard' });

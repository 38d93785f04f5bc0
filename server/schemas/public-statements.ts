import { z } from 'zod';

/**
 * What the public statement endpoints answer, as zod schemas: the single source for the
 * OpenAPI document (server/openapi.ts), the browser's generated types
 * (pos-ui/src/shared/api/schema.d.ts) and the contract test that parses real answers
 * (tests/foundation/contract.test.ts). A schema with `meta({ id })` becomes a named
 * component of the document, so clients see `Statement`, not an anonymous shape.
 */

/** Two decimals, as the ledger writes money in JSON. */
export const moneySchema = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .meta({
    id: 'Money',
    description: 'CNY amount as a decimal string with two places, e.g. "12.50"',
  });

/** A decimal quantity or percentage, as many places as stored. */
export const decimalSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ id: 'Decimal', description: 'A decimal number as a string, e.g. "1.500"' });

export const periodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .meta({ id: 'Period', description: 'A month, YYYY-MM' });

const businessDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const timestampSchema = z.iso.datetime({ offset: true });

export const fundKeySchema = z.enum(['operations', 'events', 'hardship']).meta({ id: 'FundKey' });
export const tenderMethodSchema = z
  .enum(['cash', 'wechat', 'alipay', 'hardship_voucher', 'other'])
  .meta({
    id: 'TenderMethod',
    description:
      '`other`: revenue posted outside the till, so the tender table adds up to net sales',
  });

const namedSchema = { name: z.string(), nameEn: z.string() };

export const statementFundSchema = z
  .strictObject({
    fund: fundKeySchema,
    ...namedSchema,
    opening: moneySchema,
    allocated: moneySchema,
    spent: moneySchema,
    spentByCategory: z.array(
      z.strictObject({ category: z.string(), ...namedSchema, amount: moneySchema }),
    ),
    transfersIn: moneySchema,
    transfersOut: moneySchema,
    closing: moneySchema,
  })
  .meta({ id: 'StatementFund' });

export const statementSpendingLineSchema = z
  .strictObject({
    date: businessDateSchema,
    fund: fundKeySchema,
    category: z.string(),
    categoryName: z.string(),
    categoryNameEn: z.string(),
    /** Generic for aid: never a name, address or phone. */
    description: z.string(),
    /**
     * The English of a description the system wrote (aid lines, the voucher total); absent
     * for a description typed by staff, which is shown as typed.
     */
    descriptionEn: z.string().optional(),
    recipient: z.string(),
    recipientEn: z.string(),
    amount: moneySchema,
  })
  .meta({ id: 'StatementSpendingLine' });

export const correctionSchema = z
  .strictObject({ supersedesVersion: z.number().int().positive(), note: z.string() })
  .meta({ id: 'Correction' });

/** The monthly reinvestment statement: the same figures as the published PDF. */
export const statementSchema = z
  .strictObject({
    period: periodSchema,
    version: z.number().int().positive(),
    enterprise: z.strictObject({
      ...namedSchema,
      community: z.string(),
      communityEn: z.string(),
    }),
    sales: z.strictObject({
      saleCount: z.number().int().nonnegative(),
      gross: moneySchema,
      discounts: moneySchema,
      refunds: moneySchema,
      net: moneySchema,
      lateSales: z.strictObject({ count: z.number().int().nonnegative(), amount: moneySchema }),
      byCategory: z.array(
        z.strictObject({
          category: z.string(),
          ...namedSchema,
          /** What was sold per unit (pieces and weights are never added together). */
          quantities: z
            .array(z.strictObject({ unit: z.string(), quantity: decimalSchema }))
            .optional(),
          /** Statements published before quantities were kept per unit: one sum. */
          quantity: decimalSchema.optional(),
          amount: moneySchema,
        }),
      ),
      byTender: z.array(
        z.strictObject({
          method: tenderMethodSchema,
          count: z.number().int().nonnegative(),
          amount: moneySchema,
        }),
      ),
    }),
    production: z.strictObject({
      items: z.array(
        z.strictObject({
          product: z.string(),
          productEn: z.string(),
          unit: z.string(),
          baked: decimalSchema,
          sold: decimalSchema,
          donated: decimalSchema,
          discounted: decimalSchema,
          wasted: decimalSchema,
          /** Baked − sold − donated − discounted − wasted; absent in statements published before it. */
          unaccounted: decimalSchema.optional(),
        }),
      ),
      wasteRatePercent: decimalSchema,
    }),
    costs: z.strictObject({
      byAccount: z.array(
        z.strictObject({ account: z.string(), ...namedSchema, amount: moneySchema }),
      ),
      total: moneySchema,
    }),
    surplus: moneySchema,
    deficitCarriedIn: moneySchema,
    allocable: moneySchema,
    allocation: z.strictObject({
      rule: z
        .strictObject({
          // The rule's first month (YYYY-MM); a date is accepted as older fixtures wrote one.
          effectiveFrom: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
          shares: z.array(z.strictObject({ fund: fundKeySchema, percent: decimalSchema })),
        })
        .nullable(),
      parts: z.array(z.strictObject({ fund: fundKeySchema, amount: moneySchema })),
    }),
    funds: z.array(statementFundSchema),
    spending: z.array(statementSpendingLineSchema),
    history: z.array(
      z.strictObject({
        period: periodSchema,
        funds: z.array(z.strictObject({ fund: fundKeySchema, closing: moneySchema })),
      }),
    ),
    closedBy: z.strictObject({ name: z.string(), at: timestampSchema }),
    publishedBy: z.strictObject({ name: z.string(), at: timestampSchema }).nullable(),
    digest: z.strictObject({
      algorithm: z.literal('sha256'),
      value: z.string().regex(/^[0-9a-f]{64}$/),
      entryCount: z.number().int().nonnegative(),
    }),
    correction: correctionSchema.nullable(),
    verifyUrl: z.string(),
  })
  .meta({ id: 'Statement' });

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** One published version of a month: where its PDFs are and what their hashes are. */
export const publicationSchema = z
  .strictObject({
    period: periodSchema,
    version: z.number().int().positive(),
    current: z.boolean(),
    /** SHA-256 of the Chinese PDF, the published document. */
    sha256: sha256Schema,
    sha256En: sha256Schema,
    /** SHA-256 of the figures' canonical JSON, recorded at publication; null before it was recorded. */
    figuresSha256: sha256Schema.nullable(),
    publishedAt: timestampSchema,
    pdfUrl: z.string(),
    pdfUrlEn: z.string(),
    correction: correctionSchema.nullable(),
  })
  .meta({ id: 'Publication' });

export const statementSummaryFundSchema = z
  .strictObject({
    fund: fundKeySchema,
    ...namedSchema,
    allocated: moneySchema,
    spent: moneySchema,
    closing: moneySchema,
  })
  .meta({ id: 'StatementSummaryFund' });

/** An entry of `GET /api/public/statements`. */
export const statementSummarySchema = publicationSchema
  .extend({ surplus: moneySchema, funds: z.array(statementSummaryFundSchema) })
  .meta({ id: 'StatementSummary' });

export const statementListResponseSchema = z
  .strictObject({ statements: z.array(statementSummarySchema) })
  .meta({ id: 'StatementListResponse' });

/** `GET /api/public/statements/{period}` and `…/versions/{n}`. */
export const statementResponseSchema = z
  .strictObject({
    statement: statementSchema,
    /** The served figures checked against the hash recorded at publication (docs/decisions/0023). */
    integrity: z
      .strictObject({
        /** null: published before figure hashes were recorded. */
        ok: z.boolean().nullable(),
        recordedFiguresSha256: sha256Schema.nullable(),
        servedFiguresSha256: sha256Schema,
      })
      .meta({ id: 'FiguresIntegrity' }),
    publication: publicationSchema,
    versions: z.array(publicationSchema),
  })
  .meta({ id: 'StatementResponse' });

export const fundHistoryResponseSchema = z
  .strictObject({
    history: z.array(
      z.strictObject({
        period: periodSchema,
        funds: z.array(
          z.strictObject({ fund: fundKeySchema, ...namedSchema, closing: moneySchema }),
        ),
      }),
    ),
  })
  .meta({ id: 'FundHistoryResponse' });

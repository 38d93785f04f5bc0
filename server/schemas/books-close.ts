import { z } from 'zod';
import { fundKeySchema, moneySchema, periodSchema } from './public-statements.js';
import { journalLineSchema } from './books-ledger.js';

/**
 * What the month-close endpoints answer (periods, verify, close preview, close, reopen,
 * publish, allocation rules), for the OpenAPI document, the console's generated types and
 * tests/foundation/contract-books.test.ts.
 */

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const rule = z.strictObject({ id: z.string(), effectiveFrom: periodSchema });
const allocation = z.array(
  z.strictObject({ fund: fundKeySchema, percent: z.string(), amount: moneySchema }),
);

export const periodListResponseSchema = z.strictObject({
  periods: z.array(
    z.strictObject({
      period: periodSchema,
      status: z.enum(['open', 'closed']),
      closedAt: z.string().nullable(),
      closedBy: z.string().nullable(),
      digest: z.string().nullable(),
      entryCount: z.number().int(),
    }),
  ),
});

export const periodVerifyResponseSchema = z.strictObject({
  period: periodSchema,
  status: z.enum(['open', 'closed']),
  storedDigest: z.string().nullable(),
  computedDigest: z.string(),
  publishedDigest: z.string().nullable(),
  storedEntryCount: z.number().int().nullable(),
  entryCount: z.number().int(),
  published: z.unknown(),
  checks: z.strictObject({ journal: z.boolean().nullable(), published: z.boolean().nullable() }),
  ok: z.boolean().nullable(),
});

const closeFigures = {
  period: periodSchema,
  surplus: moneySchema,
  deficitCarriedIn: moneySchema,
  allocable: moneySchema,
  deficitCarriedOut: moneySchema,
  rule,
  allocation,
  entryCount: z.number().int(),
};

export const closeResultSchema = z
  .strictObject({
    ...closeFigures,
    digest: z.string(),
    closingEntryId: z.string().nullable(),
    allocationEntryId: z.string().nullable(),
    closedAt: z.string(),
  })
  .meta({ id: 'CloseResult' });

const previewEntry = z
  .strictObject({ date: dateSchema, description: z.string(), lines: z.array(journalLineSchema) })
  .nullable();

const clearingAccount = z.strictObject({
  provider: z.enum(['wechat', 'alipay']),
  account: z.string(),
  name: z.string(),
  nameEn: z.string(),
  balance: moneySchema,
  oldestUnsettledDate: dateSchema.nullable(),
});

export const openShiftSchema = z
  .strictObject({
    id: z.string(),
    registerId: z.string(),
    cashier: z.string(),
    cashierName: z.string(),
    businessDate: dateSchema,
    openedAt: z.string(),
  })
  .meta({ id: 'OpenShift' });

export const closeChecklistSchema = z
  .strictObject({
    ready: z.boolean(),
    monthEnded: z.strictObject({
      ok: z.boolean(),
      blocking: z.literal(true),
      timeZone: z.string(),
    }),
    periodOpen: z.strictObject({
      ok: z.boolean(),
      blocking: z.literal(true),
      status: z.enum(['open', 'closed']),
      laterClosed: periodSchema.nullable(),
    }),
    earlierMonthsClosed: z.strictObject({
      ok: z.boolean(),
      blocking: z.literal(true),
      openPeriods: z.array(periodSchema),
    }),
    shiftsClosed: z.strictObject({
      ok: z.boolean(),
      blocking: z.literal(true),
      openShifts: z.array(openShiftSchema),
    }),
    trialBalanceBalanced: z.strictObject({
      ok: z.boolean(),
      blocking: z.literal(true),
      debit: moneySchema,
      credit: moneySchema,
    }),
    clearingAccounts: z.strictObject({
      ok: z.boolean(),
      blocking: z.literal(false),
      accounts: z.array(clearingAccount),
    }),
  })
  .meta({ id: 'CloseChecklist' });

export const closePreviewResponseSchema = z
  .strictObject({
    period: periodSchema,
    checklist: closeChecklistSchema,
    close: z.strictObject(closeFigures).nullable(),
    entries: z.strictObject({ closing: previewEntry, allocation: previewEntry }),
    refusal: z
      .strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() })
      .nullable(),
  })
  .meta({ id: 'ClosePreview' });

export const reopenResponseSchema = z.strictObject({
  period: periodSchema,
  status: z.literal('open'),
  reversedEntryIds: z.array(z.string()),
});

export const publishResponseSchema = z.strictObject({
  statement: z.strictObject({
    period: periodSchema,
    version: z.number().int(),
    sha256: z.string(),
    sha256En: z.string(),
    figuresSha256: z.string(),
    pdfUrl: z.string(),
    pdfUrlEn: z.string(),
    publishedAt: z.string(),
  }),
});

export const allocationRuleSchema = z
  .strictObject({
    id: z.string(),
    effectiveFrom: periodSchema,
    note: z.string().nullable(),
    createdAt: z.string(),
    shares: z.array(z.strictObject({ fund: fundKeySchema, percent: z.string() })),
  })
  .meta({ id: 'AllocationRule' });

export const allocationRuleListResponseSchema = z.strictObject({
  rules: z.array(allocationRuleSchema),
});
export const allocationRuleResponseSchema = z.strictObject({ rule: allocationRuleSchema });

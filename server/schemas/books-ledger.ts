import { z } from 'zod';
import { fundKeySchema, moneySchema, periodSchema } from './public-statements.js';

/**
 * What the ledger endpoints the accountant console reads answer (chart of accounts,
 * journal, trial balance, general ledger, income statement, balance sheet): the single
 * source for the OpenAPI document, the console's generated types and
 * tests/foundation/contract-books.test.ts, which parses real answers with them.
 */

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const named = { name: z.string(), nameEn: z.string() };
const accountType = z.enum(['asset', 'liability', 'equity', 'revenue', 'expense']);
const side = z.enum(['debit', 'credit']);

export const accountSchema = z
  .strictObject({
    code: z.string(),
    ...named,
    type: accountType,
    postable: z.boolean(),
    /** The fund an equity account holds; `unallocated` for the surplus not yet allocated. */
    fund: z.union([fundKeySchema, z.literal('unallocated')]).optional(),
    parent: z.string().nullable(),
    normalSide: side,
    active: z.boolean(),
  })
  .meta({ id: 'Account' });

export const accountListResponseSchema = z.strictObject({ accounts: z.array(accountSchema) });

export const journalLineSchema = z
  .strictObject({
    account: z.string(),
    debit: moneySchema,
    credit: moneySchema,
    memo: z.string().nullable(),
  })
  .meta({ id: 'JournalLine' });

export const journalEntrySchema = z
  .strictObject({
    id: z.string(),
    seq: z.number().int(),
    date: dateSchema,
    period: periodSchema,
    description: z.string(),
    source: z.string(),
    sourceId: z.string().nullable(),
    reversesId: z.string().nullable(),
    /** Only when the entry is read back (list, one): the reversal's id, if any. */
    reversedBy: z.string().nullable().optional(),
    postedBy: z.string().nullable(),
    postedAt: z.string(),
    lines: z.array(journalLineSchema),
  })
  .meta({ id: 'JournalEntry' });

export const journalEntryResponseSchema = z.strictObject({ entry: journalEntrySchema });

export const journalPageResponseSchema = z.strictObject({
  period: periodSchema.nullable().optional(),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
  entries: z.array(journalEntrySchema),
});

export const trialBalanceResponseSchema = z
  .strictObject({
    period: periodSchema,
    scope: z.enum(['cumulative', 'period']),
    rows: z.array(
      z.strictObject({
        account: z.string(),
        ...named,
        type: accountType,
        debit: moneySchema,
        credit: moneySchema,
      }),
    ),
    totals: z.strictObject({ debit: moneySchema, credit: moneySchema }),
  })
  .meta({ id: 'TrialBalance' });

export const generalLedgerResponseSchema = z
  .strictObject({
    account: z.string(),
    ...named,
    normalSide: side,
    from: dateSchema,
    to: dateSchema,
    opening: moneySchema,
    lines: z.array(
      z.strictObject({
        seq: z.number().int(),
        entryId: z.string(),
        date: dateSchema,
        description: z.string(),
        account: z.string(),
        debit: moneySchema,
        credit: moneySchema,
        memo: z.string().nullable(),
        balance: moneySchema,
      }),
    ),
    closing: moneySchema,
    truncated: z.boolean(),
  })
  .meta({ id: 'GeneralLedger' });

const reportLine = z.strictObject({ account: z.string(), ...named, amount: moneySchema });

export const incomeStatementResponseSchema = z
  .strictObject({
    period: periodSchema,
    revenue: z.array(reportLine),
    expenses: z.array(reportLine),
    totalRevenue: moneySchema,
    totalExpenses: moneySchema,
    result: moneySchema,
  })
  .meta({ id: 'IncomeStatement' });

export const balanceSheetResponseSchema = z
  .strictObject({
    period: periodSchema,
    assets: z.array(reportLine),
    liabilities: z.array(reportLine),
    equity: z.array(reportLine),
    unclosedResult: moneySchema,
    totalAssets: moneySchema,
    totalLiabilitiesAndEquity: moneySchema,
  })
  .meta({ id: 'BalanceSheet' });

import { z } from 'zod';
import { fundKeySchema, moneySchema } from './public-statements.js';

/**
 * What the fund-spending endpoints answer (categories, disbursements, the private recipient,
 * fund transfers, the hardship voucher register), for the OpenAPI document, the console's
 * generated types and tests/foundation/contract-books.test.ts.
 */

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const named = { name: z.string(), nameEn: z.string() };

export const disbursementCategoriesResponseSchema = z
  .strictObject({
    funds: z.array(
      z.strictObject({
        fund: fundKeySchema,
        ...named,
        categories: z.array(z.strictObject({ key: z.string(), ...named, isAid: z.boolean() })),
      }),
    ),
  })
  .meta({ id: 'FundCategories' });

const disbursement = {
  id: z.string(),
  fund: fundKeySchema,
  category: z.string(),
  date: dateSchema,
  amount: moneySchema,
  paidFrom: z.string(),
  description: z.string(),
  payee: z.string().nullable(),
  entryId: z.string(),
};

export const disbursementResponseSchema = z.strictObject({
  disbursement: z.strictObject({ ...disbursement, overrideReason: z.string().nullable() }),
});

export const disbursementListResponseSchema = z
  .strictObject({ disbursements: z.array(z.strictObject(disbursement)) })
  .meta({ id: 'DisbursementList' });

export const recipientResponseSchema = z.strictObject({
  recipient: z
    .strictObject({
      name: z.string(),
      household: z.string().nullable(),
      phone: z.string().nullable(),
      idNumber: z.string().nullable(),
      address: z.string().nullable(),
      reason: z.string().nullable(),
    })
    .meta({ id: 'AidRecipient' }),
});

export const fundTransferResponseSchema = z.strictObject({
  transfer: z.strictObject({
    id: z.string(),
    entryId: z.string(),
    fromFund: fundKeySchema,
    toFund: fundKeySchema,
    date: dateSchema,
    amount: moneySchema,
    reason: z.string(),
  }),
});

export const hardshipVoucherListResponseSchema = z.strictObject({
  period: z.string(),
  vouchers: z.array(
    z.strictObject({
      saleId: z.string(),
      createdAt: z.string(),
      businessDate: dateSchema,
      registerId: z.string(),
      receiptNumber: z.string(),
      /** The sale's journal entry, whose page shows the receipt. */
      entryId: z.string(),
      amount: moneySchema,
      holder: z.strictObject({
        voucherNumber: z.string().nullable(),
        name: z.string().nullable(),
        household: z.string().nullable(),
        phone: z.string().nullable(),
        note: z.string().nullable(),
      }),
    }),
  ),
});

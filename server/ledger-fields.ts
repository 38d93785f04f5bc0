import { z } from 'zod';
import { isValidDate } from '../ledger/core/business-time.js';
import { fields } from './validate.js';

/**
 * Input shapes of the ledger routes that `fields` does not cover. A date must be a real
 * calendar day: `2026-02-30` passes the pattern but would make PostgreSQL throw.
 */
export const ledgerFields = {
  calendarDate: fields.date.refine(isValidDate, 'a real calendar date'),
  accountCode: z.string().regex(/^[0-9]{4}(\.[0-9]{2})*$/, 'an account code like 1012.01'),
  /** A positive page number in a query string. */
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, 'a page number from 1')
    .transform(Number),
};

import { z } from 'zod';
import { apiErrorSchema } from '../openapi.js';
import { refundAnswerSchema, saleAnswerSchema } from './pos-selling.js';
import {
  cashMovementAnswerSchema,
  shiftAnswerSchema,
  shiftCloseAnswerSchema,
} from './pos-selling.js';

/**
 * What POST /api/sync answers: one result per item, in the order sent. `status` and
 * `body` are exactly what the item's own endpoint would have answered (201 or 200 and its
 * answer, or its error envelope), plus `dependency_failed` (424) for an item that needs one
 * that failed earlier in the batch.
 */
const result = <Kind extends string>(kind: Kind, answer: z.ZodType) =>
  z.strictObject({
    kind: z.literal(kind),
    /** The item's id: the shift's, the sale's, the refund's, the movement's; the shift's for a close. */
    id: z.string(),
    status: z.number().int(),
    body: z.union([answer, apiErrorSchema]),
  });

export const syncResultSchema = z
  .discriminatedUnion('kind', [
    result('shift_open', shiftAnswerSchema),
    result('sale', saleAnswerSchema),
    result('refund', refundAnswerSchema),
    result('cash_movement', cashMovementAnswerSchema),
    result('shift_close', shiftCloseAnswerSchema),
  ])
  .meta({ id: 'SyncResult' });

export const syncAnswerSchema = z
  .strictObject({
    results: z.array(syncResultSchema),
    /** How many items were recorded now (201), replayed (200) and refused (4xx/5xx). */
    created: z.number().int(),
    replayed: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'SyncAnswer' });

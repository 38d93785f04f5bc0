import type { Context } from 'hono';
import { z } from 'zod';
import { isValidDate } from '../ledger/core/business-time.js';
import { Refusal } from '../ledger/core/errors.js';

/**
 * Reads and validates a JSON body at the edge. Malformed JSON is `malformed_json`; a body
 * of the wrong shape (wrong types, missing or unknown fields) is `invalid_input` with
 * one detail per problem. Schemas are strict objects, so unknown fields are refused.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal('malformed_json', 'The request body is not valid JSON.');
  }
  return parseInput(schema, value);
}

/** Validates query parameters (all strings) against a schema. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseInput(schema, c.req.query());
}

/** Validates a path parameter, e.g. a period `YYYY-MM`. */
export function readParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  return parseInput(schema, c.req.param(name), name);
}

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    problem: issue.code,
    message: issue.message,
  }));
  const first = details[0];
  throw new Refusal(
    'invalid_input',
    first ? `Invalid ${first.path || 'input'}: ${first.message}` : 'Invalid input.',
    details,
  );
}

/** Common field shapes, so that every route spells money, dates and ids the same way. */
export const fields = {
  id: z.uuid(),
  money: z
    .string()
    .regex(
      /^\d{1,16}(\.\d{1,2})?$/,
      'a non-negative amount with at most two decimals, as a string',
    ),
  signedMoney: z
    .string()
    .regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'an amount with at most two decimals, as a string'),
  quantity: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,3})?$/, 'a quantity with at most three decimals, as a string'),
  date: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD')
    .refine(isValidDate, 'a real calendar date'),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM'),
  instant: z.iso.datetime({ offset: true }),
  registerId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a short register name like counter-1'),
  text: (max: number) => z.string().trim().min(1).max(max),
};

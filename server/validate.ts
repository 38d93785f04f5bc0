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

/** Deeper than any request this API takes; a walk that stops here cannot exhaust the stack. */
const MAX_INPUT_DEPTH = 32;
const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hostileTextProblem(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired surrogate (not valid Unicode)';
  return undefined;
}

/**
 * The one rule for every piece of text that enters the API — body strings and keys, query
 * values and names, path parameters: no NUL and no unpaired surrogate. PostgreSQL cannot
 * store either in text (and json refuses them), so without this rule they reach SQL and
 * fail as a 500. Walked without recursion, and refused when nested deeper than any
 * request of this API, so hostile nesting cannot exhaust the stack either.
 */
function refuseHostileText(value: unknown, prefix: string | undefined): void {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: prefix ? [prefix] : [] }];
  const refuse = (path: string[], problem: string, message: string): never => {
    const where = path.join('.');
    throw new Refusal('invalid_input', `Invalid ${where || 'input'}: ${message}`, [
      { path: where, problem, message },
    ]);
  };
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      const problem = hostileTextProblem(current);
      if (problem) refuse(path, 'invalid_text', problem);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH)
      refuse(path, 'too_deep', `nested deeper than ${MAX_INPUT_DEPTH} levels`);
    for (const [key, item] of Object.entries(current)) {
      const problem = hostileTextProblem(key);
      if (problem) refuse(path, 'invalid_key', `a field name ${problem}`);
      pending.push({ value: item, path: [...path, key] });
    }
  }
}

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix?: string,
): z.output<S> {
  refuseHostileText(value, prefix);
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
  // The books start in 2000 (the default allocation rule is effective from 2000-01), and
  // PostgreSQL has no year 0: dates and periods outside 2000–9999 are refused at the edge.
  date: z
    .string()
    .regex(
      /^(2\d{3}|[3-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
      'a date YYYY-MM-DD from 2000-01-01',
    )
    .refine(isValidDate, 'a real calendar date'),
  period: z
    .string()
    .regex(/^(2\d{3}|[3-9]\d{3})-(0[1-9]|1[0-2])$/, 'a period YYYY-MM from 2000-01'),
  instant: z.iso.datetime({ offset: true }),
  registerId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a short register name like counter-1'),
  text: (max: number) => z.string().trim().min(1).max(max),
};

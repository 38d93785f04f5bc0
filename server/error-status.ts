import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../ledger/errors.js';

/**
 * The one place where refusal codes become HTTP statuses. A `Record` over the union makes
 * it exhaustive: a new code in ledger/errors.ts does not compile until it is mapped here.
 */
export const ERROR_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  malformed_json: 400,
  invalid_input: 400,
  body_too_large: 413,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  too_many_attempts: 429,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  username_taken: 409,
  entry_unbalanced: 422,
  entry_too_few_lines: 422,
  entry_too_large: 422,
  account_unknown: 422,
  account_not_postable: 422,
  account_inactive: 422,
  amount_invalid: 422,
  period_closed: 409,
  period_invalid: 400,
  idempotency_conflict: 409,
  entry_already_reversed: 409,
  entry_not_found: 404,
};

import { LEDGER_ERROR_CODES, type LedgerErrorCode } from '../ledger/core/errors.js';

/**
 * The codes only the server answers: the transport's (a body it cannot read), the login's
 * and the session's, and the failures no rule decided (`busy`, `internal_error`, …). The
 * ledger's codes are in ledger/errors.ts; `ErrorCode` is both, and every code the API
 * answers is one of them (server/error-status.ts maps each to its status).
 */
export const SERVER_ERROR_CODES = [
  // Request shape (400) and size (413).
  'malformed_json',
  'body_too_large',
  'not_found',
  // Authentication and authorisation.
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'too_many_attempts',
  'csrf_failed',
  'forbidden',
  'login_busy',
  'username_taken',
  'approval_invalid',
  // Failures no rule decided: nothing was saved, and the caller may retry.
  'busy',
  'database_unavailable',
  'internal_error',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** Every code the API answers. */
export type ErrorCode = LedgerErrorCode | ServerErrorCode;

export const ERROR_CODES: readonly ErrorCode[] = [...LEDGER_ERROR_CODES, ...SERVER_ERROR_CODES];

declare module '../ledger/core/errors.js' {
  // The server's codes may be thrown as a `Refusal` too (by the edge's validation, the
  // login, the middleware); `busy` and the others are answered by server/app.ts directly.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged, not empty
  interface RefusalCodesAbove extends Record<ServerErrorCode, true> {}
  interface RefusalDetails {
    login_busy: { retryAfterSeconds: number };
    too_many_attempts: { retryAfterSeconds: number };
    /** A published month asked for a version it does not have: the versions it has. */
    not_found: { versions: number[] };
  }
}

/** The error envelope, typed: the one shape of every 4xx and 5xx body. */
export function errorBody(
  code: ErrorCode,
  message: string,
  details?: unknown,
): { error: { code: ErrorCode; message: string; details?: unknown } } {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

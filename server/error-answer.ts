import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Refusal } from '../ledger/core/errors.js';
import { refusalFromDatabaseError } from '../ledger/books/journal.js';
import type { AppEnv, Deps } from './app-env.js';
import { isDatabaseConnectionError } from './database-connection-error.js';
import { ERROR_STATUS } from './error-status.js';
import { errorBody } from './http-errors.js';

/**
 * The answer for an error thrown by a handler: a refusal as its code and status, the
 * database unreachable or busy as 503 with Retry-After, anything else a logged 500. Also used
 * by POST /api/sync for each item, so an item is answered exactly as its own endpoint would.
 */
export function errorAnswer(caught: unknown, c: Context<AppEnv>, deps: Deps): Response {
  // A rule that only the database caught (e.g. a posting racing a month close, refused at
  // COMMIT) still reaches the caller as its stable code.
  const error = refusalFromDatabaseError(caught) ?? caught;
  if (isDatabaseConnectionError(error)) {
    // PostgreSQL restarting or failing over: the transaction did not commit, or (lost at
    // COMMIT) the client's retry with the same id finds it saved; either way, retry.
    c.header('Retry-After', '2');
    return c.json(
      errorBody(
        'database_unavailable',
        'The database cannot be reached just now. Please retry in a moment; ' +
          'a sale, refund or shift sent again with the same id is saved at most once.',
      ),
      ERROR_STATUS.database_unavailable,
    );
  }
  if (isTransientDatabaseError(error)) {
    c.header('Retry-After', '1');
    return c.json(
      errorBody('busy', 'The database was busy; nothing was saved. Please retry.'),
      ERROR_STATUS.busy,
    );
  }
  if (error instanceof Refusal) {
    return c.json(errorBody(error.code, error.message, error.details), ERROR_STATUS[error.code]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(errorBody('invalid_input', error.message || 'Bad request.'), error.status);
  }
  deps.logger.error(`Unexpected error on ${c.req.method} ${c.req.path}`, error);
  return c.json(
    errorBody('internal_error', 'Something went wrong on our side; nothing was saved.'),
    ERROR_STATUS.internal_error,
  );
}

/** Serialization failures and deadlocks: nothing was written, and a retry will succeed. */
function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

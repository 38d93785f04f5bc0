/**
 * Tells a lost or refused database connection — PostgreSQL restarting, failing over, or
 * an administrator terminating backends — from every other error. Such an error says
 * nothing about the request: the same request succeeds once PostgreSQL answers again.
 */

/**
 * SQLSTATE classes and codes of a connection that is gone or cannot be made: class 08
 * (connection exception), 57P01 admin_shutdown (pg_terminate_backend, smart or fast
 * shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, recovering).
 */
const SQLSTATE = /^(08...|57P0[123])$/;

/** The socket-level errors of a connection that dropped or could not be made. */
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/**
 * `pg` reports a connection that ended, or a client that is no longer usable, with these
 * messages and no code; Kysely, with the last one, a connection it discarded after a failed
 * rollback.
 */
const MESSAGES = [
  'Connection terminated', // …unexpectedly, …due to connection timeout

  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Postgres connection has been discarded',
];

export function isDatabaseConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SQLSTATE.test(code) || SOCKET_CODES.has(code))) return true;
  if (MESSAGES.some((message) => error.message.startsWith(message))) return true;
  // A connect timeout, and errors that wrap the socket error that caused them.
  if (error.message.startsWith('timeout exceeded when trying to connect')) return true;
  return (
    error.cause !== undefined && error.cause !== error && isDatabaseConnectionError(error.cause)
  );
}

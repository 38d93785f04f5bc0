import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { isDatabaseConnectionError } from './database-connection-error.js';

/**
 * First statements that may simply be sent again on a fresh connection: they change
 * nothing (a transaction's BEGIN) or only read. Anything else may have run before the
 * connection died, so its error goes to the caller (answered 503; a client retries a
 * write with the same id, which the idempotent writes save at most once).
 */
const SAFE_TO_RESEND = /^\s*(begin|start transaction|select)\b/i;
/**
 * A SELECT that calls a function which writes is a write (a sale's whole posting is one
 * `SELECT xmf_record_sale(…)`, migrations/0013): it is never resent.
 */
const WRITES = /\bxmf_record_\w+\s*\(/i;

/**
 * Wraps a `pg.Pool` for Kysely so that the first request after PostgreSQL dropped its
 * connections (a restart, a failover, `pg_terminate_backend`) does not fail for it. The
 * pool learns that an idle connection is dead only when its socket says so, which may be
 * after it has handed that connection out again; the first statement then fails with a
 * connection error, and if it is safe to resend, it is resent once on a new connection.
 */
export function reconnectingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => new CheckedOutClient(pool, await pool.connect()),
    end: () => pool.end(),
  };
}

class CheckedOutClient implements PostgresPoolClient {
  #client: pg.PoolClient | null;
  #used = false;

  constructor(
    private readonly pool: pg.Pool,
    client: pg.PoolClient,
  ) {
    this.#client = client;
  }

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: readonly unknown[],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const first = !this.#used;
    this.#used = true;
    if (typeof sqlOrCursor !== 'string') {
      return this.current().query(
        sqlOrCursor as unknown as pg.Submittable,
      ) as unknown as PostgresCursor<R>;
    }
    return this.#run<R>(sqlOrCursor, parameters ?? [], first);
  }

  async #run<R>(
    sql: string,
    parameters: readonly unknown[],
    first: boolean,
  ): Promise<PostgresQueryResult<R>> {
    try {
      return (await this.current().query(sql, [
        ...parameters,
      ])) as unknown as PostgresQueryResult<R>;
    } catch (error) {
      if (
        !first ||
        !SAFE_TO_RESEND.test(sql) ||
        WRITES.test(sql) ||
        !isDatabaseConnectionError(error)
      )
        throw error;
      // Discard the dead connection (a released error removes it from the pool).
      this.current().release(error as Error);
      this.#client = null;
      this.#client = await this.pool.connect();
      return (await this.#client.query(sql, [...parameters])) as unknown as PostgresQueryResult<R>;
    }
  }

  release(destroy?: boolean): void {
    // Null when the replacement connection could not be made: nothing is checked out.
    this.#client?.release(destroy);
    this.#client = null;
  }

  private current(): pg.PoolClient {
    if (!this.#client) throw new Error('Connection terminated: no connection is checked out.');
    return this.#client;
  }
}

import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../schema/database.js';
import { assert, Refusal, type RefusalDetails } from './errors.js';
import { inTransaction, type Executor } from './executor.js';

/**
 * A record created under an id the client chose (a tablet's UUID), so that a retry — or
 * the same request sent several times at once — records it once and answers each copy
 * with the same result.
 */
export interface IdempotentRecord<Stored, Result> {
  /** What is recorded, for messages: 'disbursement', 'transfer'. */
  noun: string;
  id: string;
  /** What this request says, in a form that compares equal exactly when the content does. */
  fingerprint: string;
  /** Reads what is stored under `id`, if anything. */
  find(db: Executor): Promise<Stored | undefined>;
  /** The fingerprint of a stored record, built the same way as the request's. */
  fingerprintOf(stored: Stored): string;
  /** The answer for a stored record; a replay answers exactly what the first request did. */
  resultOf(stored: Stored, db: Executor): Result | Promise<Result>;
  /** The `details` of an `idempotency_conflict`; `{ id }` by default. */
  conflictDetails?: RefusalDetails['idempotency_conflict'];
}

/**
 * The fingerprint of a request's content: SHA-256 over its JSON. Stored with the record
 * (a `content_hash` column), so that it must stay the same for the same content forever.
 *
 * @example contentHash([registerId, shiftId, createdAt.toISOString()])
 */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export interface Recorded<Result> {
  result: Result;
  created: boolean;
}

/**
 * The answer for what is already stored under the record's id: nothing yet (`undefined`),
 * the first result when the content is the same, or `idempotency_conflict` when it is not.
 */
export async function replayOf<Stored, Result>(
  db: Executor,
  record: IdempotentRecord<Stored, Result>,
): Promise<Recorded<Result> | undefined> {
  const stored = await record.find(db);
  if (stored === undefined) return undefined;
  if (record.fingerprintOf(stored) !== record.fingerprint) {
    throw new Refusal(
      'idempotency_conflict',
      `The ${record.noun} ${record.id} was already recorded with other content.`,
      record.conflictDetails ?? { id: record.id },
    );
  }
  return { result: await record.resultOf(stored, db), created: false };
}

/** What `write` returns when its final insert found the id already taken. */
export const ID_TAKEN = Symbol('id taken');

/**
 * Records something idempotently, in the caller's transaction or a new one:
 *  1. what is already stored under the id is replayed (or refused as a conflict);
 *  2. `write` does the work. It gets `replay`, to call once it holds the locks that
 *     serialise it with its competitors (a same-id request that committed meanwhile is
 *     then visible), and ends with an `INSERT … ON CONFLICT (id) DO NOTHING`: when that
 *     inserts nothing it returns `ID_TAKEN`, and the stored record is read back — so a
 *     concurrent duplicate never surfaces as a unique violation (which would also abort a
 *     PostgreSQL transaction);
 *  3. without a caller's transaction, a refusal met by a request whose original committed
 *     meanwhile (e.g. the original spent the money, so the copy is `fund_insufficient`)
 *     answers with the original instead.
 *
 * @example
 * const { result, created } = await recordIdempotently(trx, record, async (trx, replay) => {
 *   await lockFund(trx, 'events');
 *   const again = await replay();
 *   if (again) return again;
 *   // …post the entry, then INSERT … ON CONFLICT (id) DO NOTHING…
 *   return inserted ? { result, created: true } : ID_TAKEN;
 * });
 */
export async function recordIdempotently<Stored, Result>(
  db: Executor,
  record: IdempotentRecord<Stored, Result>,
  write: (
    trx: Transaction<Database>,
    replay: () => Promise<Recorded<Result> | undefined>,
  ) => Promise<Recorded<Result> | typeof ID_TAKEN>,
  options: {
    /** How to run the transaction, e.g. with a retry; `inTransaction` by default. */
    run?: <T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  } = {},
): Promise<Recorded<Result>> {
  const run = options.run ?? inTransaction;
  try {
    return await run(db, async (trx) => {
      const replayed = await replayOf(trx, record);
      if (replayed) return replayed;
      const written = await write(trx, () => replayOf(trx, record));
      if (written !== ID_TAKEN) return written;
      const raced = await replayOf(trx, record);
      assert(raced, `a ${record.noun} that conflicted on its id exists`);
      return raced;
    });
  } catch (error) {
    if (!(error instanceof Refusal) || error.code === 'idempotency_conflict' || db.isTransaction)
      throw error;
    const replayed = await replayOf(db, record);
    if (replayed) return replayed;
    throw error;
  }
}

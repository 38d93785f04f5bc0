import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { businessDate, periodBounds } from '../core/business-time.js';
import { checkClientTime, checkIsTime } from './client-time.js';
import type { CashMovementsTable, Database } from '../schema/database.js';
import { Refusal } from '../core/errors.js';
import {
  contentHash,
  ID_TAKEN,
  recordIdempotently,
  type IdempotentRecord,
} from '../core/idempotent-write.js';
import type { Executor } from '../core/executor.js';
import { postEntry } from '../books/journal.js';
import { cashMovementLines, overShortLines } from '../books/posting-rules.js';
import { D, Money, ZERO } from '../core/money.js';
import { postingDate, withPostingRetry } from '../books/posting-period.js';
import { parseAmount } from './quantity.js';
import { computeShiftReport, parseReport, storeZReport, type ShiftReport } from './z-report.js';

/** The notes and coins a drawer is counted in (¥). */
export const DENOMINATIONS = ['100', '50', '20', '10', '5', '1', '0.5', '0.1'] as const;
/** The account cash over and short is posted to. */
const MAX_FLOAT = D('100000.00');
const MAX_COUNT = 100_000;

/**
 * Why cash goes into or out of a drawer other than by a sale, and the account on the
 * other side of 1001. The cashier picks a purpose; the accountant never has to guess.
 */
export const CASH_MOVEMENT_PURPOSES = {
  paid_out: {
    ingredients: '5401.01',
    packaging: '5401.02',
    repairs: '5602.04',
    to_bank: '1002',
    other_expense: '5602.04',
  },
  paid_in: {
    from_bank: '1002',
    other_income: '5051',
  },
} as const;
export type CashMovementKind = keyof typeof CASH_MOVEMENT_PURPOSES;

export interface ShiftRow {
  id: string;
  registerId: string;
  cashierId: string;
  status: 'open' | 'closed';
  businessDate: string;
  openedAt: Date;
  openingFloat: Money;
  closedAt: Date | null;
  countedCash: Money | null;
  expectedCash: Money | null;
  overShort: Money | null;
}

const shiftColumns = [
  'id',
  'register_id',
  'cashier_id',
  'status',
  'business_date',
  'opened_at',
  'opening_float',
  'closed_at',
  'counted_cash',
  'expected_cash',
  'over_short',
  'open_hash',
  'close_hash',
] as const;

type ShiftSelect = {
  id: string;
  register_id: string;
  cashier_id: string;
  status: 'open' | 'closed';
  business_date: string;
  opened_at: Date;
  opening_float: string;
  closed_at: Date | null;
  counted_cash: string | null;
  expected_cash: string | null;
  over_short: string | null;
  open_hash: string;
  close_hash: string | null;
};

function toShift(row: ShiftSelect): ShiftRow {
  return {
    id: row.id,
    registerId: row.register_id,
    cashierId: row.cashier_id,
    status: row.status,
    businessDate: row.business_date,
    openedAt: row.opened_at,
    openingFloat: D(row.opening_float),
    closedAt: row.closed_at,
    countedCash: row.counted_cash === null ? null : D(row.counted_cash),
    expectedCash: row.expected_cash === null ? null : D(row.expected_cash),
    overShort: row.over_short === null ? null : D(row.over_short),
  };
}

/** One shift, or undefined. */
export async function getShift(db: Executor, id: string): Promise<ShiftRow | undefined> {
  const row = await db
    .selectFrom('shifts')
    .select(shiftColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toShift(row) : undefined;
}

/** Open shifts, optionally of one register or one cashier. */
export async function listOpenShifts(
  db: Executor,
  options: { registerId?: string | undefined; cashierId?: string | undefined } = {},
): Promise<ShiftRow[]> {
  let query = db
    .selectFrom('shifts')
    .select(shiftColumns)
    .where('status', '=', 'open')
    .orderBy('opened_at');
  if (options.registerId) query = query.where('register_id', '=', options.registerId);
  if (options.cashierId) query = query.where('cashier_id', '=', options.cashierId);
  return (await query.execute()).map(toShift);
}

/**
 * Checks that a shift can take a sale, refund or cash movement now, and holds a share
 * lock on it until the transaction ends: a close (which locks the shift for update
 * first) then waits for sales in flight and they for it, so no sale slips in after the
 * drawer's expected cash was computed. Refuses with `shift_not_found`, `shift_not_yours`,
 * `register_mismatch` or `shift_not_open`.
 */
export async function lockShiftForSelling(
  trx: Executor,
  options: {
    shiftId: string;
    registerId?: string | undefined;
    userId: string;
    mayUseOthersShift: boolean;
  },
): Promise<ShiftRow> {
  const row = await trx
    .selectFrom('shifts')
    .select(shiftColumns)
    .where('id', '=', options.shiftId)
    .forShare()
    .executeTakeFirst();
  if (!row)
    throw new Refusal('shift_not_found', `There is no shift ${options.shiftId}.`, {
      shiftId: options.shiftId,
    });
  if (!options.mayUseOthersShift && row.cashier_id !== options.userId) {
    throw new Refusal('shift_not_yours', 'This shift belongs to another cashier.', {
      shiftId: row.id,
    });
  }
  if (options.registerId !== undefined && row.register_id !== options.registerId) {
    throw new Refusal(
      'register_mismatch',
      `Shift ${row.id} is on register ${row.register_id}, not ${options.registerId}.`,
      { shiftId: row.id, registerId: row.register_id },
    );
  }
  if (row.status !== 'open') {
    throw new Refusal('shift_not_open', `Shift ${row.id} is closed.`, { shiftId: row.id });
  }
  return toShift(row);
}

export interface OpenShiftOptions {
  /** The tablet's UUID for the shift (idempotency key); a new one when absent. */
  id?: string | undefined;
  registerId: string;
  openingFloat: string;
  /** When the tablet opened it (offline); default now. */
  openedAt?: Date | undefined;
  cashierId: string;
  now: Date;
  timeZone: string;
}

/**
 * Opens a shift on a register with its float. One open shift per register (the database
 * holds it with a partial unique index); `shift_already_open` names the open one.
 * Idempotent on the tablet's id: the same shift sent again answers `created: false`.
 *
 * @example await openShift(db, { registerId: 'counter-1', openingFloat: '200.00', cashierId, now, timeZone })
 */
export async function openShift(
  db: Kysely<Database> | Transaction<Database>,
  options: OpenShiftOptions,
): Promise<{ shift: ShiftRow; created: boolean }> {
  const openingFloat = parseAmount(options.openingFloat, 'openingFloat');
  if (openingFloat.gt(MAX_FLOAT))
    throw new Refusal('amount_invalid', 'The opening float is implausible.');
  const openedAt = options.openedAt ?? options.now;
  checkIsTime({ code: 'shift_time_invalid', field: 'openedAt', at: openedAt });
  const hash = contentHash([
    options.registerId,
    options.cashierId,
    openingFloat.toFixed(2),
    options.openedAt ? options.openedAt.toISOString() : null,
  ]);
  const id = options.id ?? randomUUID();

  const record: IdempotentRecord<ShiftSelect, ShiftRow> = {
    noun: 'shift',
    id,
    fingerprint: hash,
    find: (trx) =>
      trx
        .selectFrom('shifts')
        .select([...shiftColumns])
        .where('id', '=', id)
        .executeTakeFirst(),
    fingerprintOf: (stored) => stored.open_hash,
    resultOf: (stored) => toShift(stored),
    conflictDetails: { shiftId: id },
  };

  const { result, created } = await recordIdempotently(db, record, async (trx, replay) => {
    await checkClientTime(trx, {
      code: 'shift_time_invalid',
      field: 'openedAt',
      at: openedAt,
      now: options.now,
      timeZone: options.timeZone,
    });
    // No conflict target: neither a second open shift on the register nor a concurrent
    // insert of the same id raises an error (which would abort the transaction).
    const inserted = await trx
      .insertInto('shifts')
      .values({
        id,
        register_id: options.registerId,
        cashier_id: options.cashierId,
        status: 'open',
        business_date: businessDate(openedAt, options.timeZone),
        opened_at: openedAt,
        opening_float: openingFloat.toFixed(2),
        open_hash: hash,
        received_at: options.now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning(shiftColumns)
      .executeTakeFirst();
    if (inserted) return { result: toShift(inserted), created: true };
    const raced = await replay();
    if (raced) return raced;
    const [open] = await listOpenShifts(trx, { registerId: options.registerId });
    throw new Refusal(
      'shift_already_open',
      `Register ${options.registerId} already has an open shift; close it first.`,
      open
        ? { shiftId: open.id, cashierId: open.cashierId, openedAt: open.openedAt.toISOString() }
        : undefined,
    );
  });
  return { shift: result, created };
}

export interface CashMovementOptions {
  /** The tablet's UUID for the movement (idempotency key). */
  id: string;
  shiftId: string;
  kind: CashMovementKind;
  purpose: string;
  amount: string;
  reason?: string | undefined;
  createdAt?: Date | undefined;
  userId: string;
  /** A manager may record a movement on another cashier's drawer. */
  isManager: boolean;
  now: Date;
  timeZone: string;
}

export interface CashMovement {
  id: string;
  shiftId: string;
  kind: CashMovementKind;
  purpose: string;
  account: string;
  amount: Money;
  reason: string;
  createdAt: Date;
  entryId: string;
}

/**
 * Records cash paid into or out of a drawer (vegetables bought from the till, a float top-up
 * from the bank) with a reason, and posts it against 1001: paid out is Dr the purpose's
 * account, Cr 1001; paid in the reverse. Idempotent on the tablet's id.
 *
 * @example await recordCashMovement(db, { id, shiftId, kind: 'paid_out', purpose: 'ingredients', amount: '23.50', reason: '青菜', userId, isManager: false, now, timeZone })
 */
export async function recordCashMovement(
  db: Kysely<Database> | Transaction<Database>,
  options: CashMovementOptions,
): Promise<{ movement: CashMovement; created: boolean }> {
  const reason = options.reason?.trim() ?? '';
  if (reason === '')
    throw new Refusal('reason_required', 'Say why the cash moved (a reason is required).');
  if (reason.length > 200)
    throw new Refusal('invalid_input', 'The reason is longer than 200 characters.');
  const purposes: Record<string, string> = CASH_MOVEMENT_PURPOSES[options.kind];
  const account = purposes[options.purpose];
  if (!account) {
    throw new Refusal(
      'invalid_input',
      `A ${options.kind} is for one of: ${Object.keys(purposes).join(', ')}.`,
      [{ path: 'purpose', problem: 'invalid_value' }],
    );
  }
  const amount = parseAmount(options.amount, 'amount');
  if (amount.isZero() || amount.gt(MAX_FLOAT))
    throw new Refusal('amount_invalid', 'The amount must be above 0.00.');
  const createdAt = options.createdAt ?? options.now;
  checkIsTime({ code: 'movement_time_invalid', field: 'createdAt', at: createdAt });
  const hash = contentHash([
    options.shiftId,
    options.kind,
    options.purpose,
    amount.toFixed(2),
    reason,
    options.createdAt ? options.createdAt.toISOString() : null,
  ]);

  const record: IdempotentRecord<Selectable<CashMovementsTable>, CashMovement> = {
    noun: 'cash movement',
    id: options.id,
    fingerprint: hash,
    find: (trx) =>
      trx.selectFrom('cash_movements').selectAll().where('id', '=', options.id).executeTakeFirst(),
    fingerprintOf: (row) => row.content_hash,
    resultOf: (row) => ({
      id: row.id,
      shiftId: row.shift_id,
      kind: row.kind,
      purpose: row.purpose,
      account: row.account_code,
      amount: D(row.amount),
      reason: row.reason,
      createdAt: row.created_at,
      entryId: row.entry_id,
    }),
  };

  const writeMovement = async (
    trx: Transaction<Database>,
  ): Promise<{ result: CashMovement; created: true } | typeof ID_TAKEN> => {
    const shift = await lockShiftForSelling(trx, {
      shiftId: options.shiftId,
      userId: options.userId,
      mayUseOthersShift: options.isManager,
    });
    await checkClientTime(trx, {
      code: 'movement_time_invalid',
      field: 'createdAt',
      at: createdAt,
      now: options.now,
      timeZone: options.timeZone,
      notBefore: { at: shift.openedAt, what: 'the shift opened' },
    });
    const posting = await postingDate(trx, businessDate(createdAt, options.timeZone));
    const entryId = randomUUID();
    const inserted = await trx
      .insertInto('cash_movements')
      .values({
        id: options.id,
        shift_id: shift.id,
        register_id: shift.registerId,
        kind: options.kind,
        purpose: options.purpose,
        account_code: account,
        amount: amount.toFixed(2),
        reason,
        created_at: createdAt,
        recorded_by: options.userId,
        entry_id: entryId,
        content_hash: hash,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return ID_TAKEN;
    const label = options.kind === 'paid_out' ? '付出 Paid out' : '收入 Paid in';
    await postEntry(trx, {
      id: entryId,
      idempotencyKey: `cash-movement:${options.id}`,
      date: posting.entryDate,
      description: `${label} ${shift.registerId}: ${reason}`.slice(0, 500),
      source: 'shift',
      sourceId: shift.id,
      postedBy: options.userId,
      lines: cashMovementLines({ kind: options.kind, account, amount }),
    });
    return {
      created: true,
      result: {
        id: options.id,
        shiftId: shift.id,
        kind: options.kind,
        purpose: options.purpose,
        account,
        amount,
        reason,
        createdAt,
        entryId,
      },
    };
  };
  const { result, created } = await recordIdempotently(db, record, writeMovement, {
    run: withPostingRetry,
  });
  return { movement: result, created };
}

export interface DenominationCount {
  /** "100", "50", …, "0.1" */
  denomination: string;
  count: number;
}

export interface CloseShiftOptions {
  shiftId: string;
  countedCash?: string | undefined;
  counts?: readonly DenominationCount[] | undefined;
  closedAt?: Date | undefined;
  userId: string;
  /** A manager may close another cashier's shift (a tablet left open). */
  isManager: boolean;
  now: Date;
  timeZone: string;
}

export interface ShiftCloseResult {
  shift: ShiftRow;
  expectedCash: Money;
  countedCash: Money;
  /** counted − expected: negative when the drawer is short. */
  overShort: Money;
  zReport: ShiftReport & { number: number };
}

function countTotal(counts: readonly DenominationCount[]): {
  total: Money;
  normalised: DenominationCount[];
} {
  const byDenomination = new Map<string, number>();
  counts.forEach((entry, index) => {
    const known = DENOMINATIONS.find(
      (d) => /^\d+(\.\d+)?$/.test(entry.denomination) && D(d).equals(D(entry.denomination)),
    );
    if (!known) {
      throw new Refusal(
        'invalid_input',
        `counts[${index}]: ¥${entry.denomination} is not one of ${DENOMINATIONS.join(', ')}.`,
        [{ path: `counts.${index}.denomination`, problem: 'invalid_value' }],
      );
    }
    if (!Number.isInteger(entry.count) || entry.count < 0 || entry.count > MAX_COUNT) {
      throw new Refusal('invalid_input', `counts[${index}]: a count is a whole number from 0.`, [
        { path: `counts.${index}.count`, problem: 'invalid_value' },
      ]);
    }
    if (byDenomination.has(known)) {
      throw new Refusal('invalid_input', `counts: ¥${known} appears twice.`, [
        { path: 'counts', problem: 'duplicate' },
      ]);
    }
    byDenomination.set(known, entry.count);
  });
  const normalised = DENOMINATIONS.filter((d) => byDenomination.has(d)).map((d) => ({
    denomination: d,
    count: byDenomination.get(d)!,
  }));
  const total = normalised.reduce(
    (sum, entry) => sum.plus(D(entry.denomination).times(entry.count)),
    ZERO,
  );
  return { total, normalised };
}

/**
 * Closes a shift with a blind count: the cashier counts the drawer (by denomination)
 * before seeing what was expected. Expected cash = float + cash taken − change given −
 * cash refunds + paid in − paid out. Over or short is posted (5602.05 against 1001), the
 * shift is closed and its numbered, immutable Z report stored — one transaction.
 * Idempotent: the same close sent again answers the same result.
 *
 * @example await closeShift(db, { shiftId, counts: [{ denomination: '100', count: 3 }], userId, isManager: false, now, timeZone })
 */
export async function closeShift(
  db: Kysely<Database> | Transaction<Database>,
  options: CloseShiftOptions,
): Promise<{ result: ShiftCloseResult; created: boolean }> {
  const counted = options.counts ? countTotal(options.counts) : undefined;
  let countedCash: Money;
  if (options.countedCash !== undefined) {
    countedCash = parseAmount(options.countedCash, 'countedCash');
    if (counted && !counted.total.equals(countedCash)) {
      throw new Refusal(
        'count_mismatch',
        `The counts add up to ${counted.total.toFixed(2)}, not the ${countedCash.toFixed(2)} given.`,
        { counts: counted.total.toFixed(2), countedCash: countedCash.toFixed(2) },
      );
    }
  } else if (counted) {
    countedCash = counted.total;
  } else {
    throw new Refusal('invalid_input', 'Give countedCash, counts by denomination, or both.', [
      { path: 'countedCash', problem: 'required' },
    ]);
  }
  if (countedCash.gt(MAX_FLOAT.times(100)))
    throw new Refusal('amount_invalid', 'The counted cash is implausible.');
  if (options.closedAt)
    checkIsTime({ code: 'shift_time_invalid', field: 'closedAt', at: options.closedAt });
  const hash = contentHash([
    countedCash.toFixed(2),
    counted?.normalised ?? null,
    options.closedAt ? options.closedAt.toISOString() : null,
  ]);

  return withPostingRetry(db, async (trx) => {
    // FOR UPDATE first: sales in flight on this shift finish, later ones see it closed.
    const row = await trx
      .selectFrom('shifts')
      .select([...shiftColumns])
      .where('id', '=', options.shiftId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Refusal('shift_not_found', `There is no shift ${options.shiftId}.`);
    if (!options.isManager && row.cashier_id !== options.userId) {
      throw new Refusal('shift_not_yours', 'This shift belongs to another cashier.', {
        shiftId: row.id,
      });
    }
    if (row.status === 'closed') {
      if (row.close_hash !== hash) {
        throw new Refusal(
          'idempotency_conflict',
          `Shift ${row.id} was already closed with a different count.`,
          {
            shiftId: row.id,
          },
        );
      }
      const stored = await trx
        .selectFrom('z_reports')
        .select(['number', 'report'])
        .where('shift_id', '=', row.id)
        .executeTakeFirstOrThrow();
      const report = parseReport(stored.report);
      const shift = toShift(row);
      return {
        created: false,
        result: {
          shift,
          expectedCash: shift.expectedCash!,
          countedCash: shift.countedCash!,
          overShort: shift.overShort!,
          zReport: { ...report, number: stored.number },
        },
      };
    }
    const closedAt = options.closedAt ?? options.now;
    if (options.closedAt) {
      await checkClientTime(trx, {
        code: 'shift_time_invalid',
        field: 'closedAt',
        at: closedAt,
        now: options.now,
        timeZone: options.timeZone,
      });
    }
    // Stricter than the clock tolerance: the same drawer cannot close before it opened.
    if (closedAt.getTime() < row.opened_at.getTime()) {
      throw new Refusal('shift_time_invalid', 'closedAt is before the shift opened.', {
        field: 'closedAt',
        earliest: row.opened_at.toISOString(),
      });
    }
    const live = await computeShiftReport(trx, row.id);
    const expectedCash = D(live.expectedCash);
    const overShort = countedCash.minus(expectedCash);
    let closeEntryId: string | null = null;
    if (!overShort.isZero()) {
      const posting = await postingDate(trx, businessDate(closedAt, options.timeZone));
      closeEntryId = randomUUID();
      const short = overShort.isNegative();
      await postEntry(trx, {
        id: closeEntryId,
        idempotencyKey: `shift-close:${row.id}`,
        date: posting.entryDate,
        description: `${short ? '现金短款 Cash short' : '现金长款 Cash over'} ${row.register_id} shift ${row.id.slice(0, 8)}`,
        source: 'shift',
        sourceId: row.id,
        postedBy: options.userId,
        lines: overShortLines({ overShort }),
      });
    }
    const updated = await trx
      .updateTable('shifts')
      .set({
        status: 'closed',
        closed_at: closedAt,
        closed_by: options.userId,
        counted_cash: countedCash.toFixed(2),
        expected_cash: expectedCash.toFixed(2),
        over_short: overShort.toFixed(2),
        counts: counted ? JSON.stringify(counted.normalised) : null,
        close_hash: hash,
        close_entry_id: closeEntryId,
      })
      .where('id', '=', row.id)
      .returning(shiftColumns)
      .executeTakeFirstOrThrow();
    const report: ShiftReport = {
      ...live,
      status: 'closed',
      closedAt: closedAt.toISOString(),
      countedCash: countedCash.toFixed(2),
      overShort: overShort.toFixed(2),
      counts: counted?.normalised ?? null,
      overShortEntryId: closeEntryId,
    };
    const number = await storeZReport(trx, {
      shiftId: row.id,
      registerId: row.register_id,
      report,
      now: options.now,
    });
    const shift = toShift(updated);
    return {
      created: true,
      result: { shift, expectedCash, countedCash, overShort, zReport: { ...report, number } },
    };
  });
}

/**
 * Shifts opened in the month and not yet closed: the month close refuses while any are.
 * The close takes this as `openShiftsIn`, so the books never reach into selling.
 *
 * @example await closePeriod(trx, { ...options, openShiftsIn: countOpenShiftsIn });
 */
export async function countOpenShiftsIn(trx: Executor, period: string): Promise<number> {
  const { first, last } = periodBounds(period);
  const row = await trx
    .selectFrom('shifts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'open')
    .where('business_date', '>=', first)
    .where('business_date', '<=', last)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

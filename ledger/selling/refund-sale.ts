import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { businessDate } from '../core/business-time.js';
import { checkClientTime, checkIsTime } from './client-time.js';
import type { Database, TenderMethod } from '../schema/database.js';
import { assert, Refusal } from '../core/errors.js';
import { lockCashierRefunds } from '../core/advisory-locks.js';
import {
  contentHash,
  ID_TAKEN,
  recordIdempotently,
  type IdempotentRecord,
} from '../core/idempotent-write.js';
import type { Executor } from '../core/executor.js';
import { postEntry } from '../books/journal.js';
import { refundLines, TENDER_ACCOUNTS } from '../books/posting-rules.js';
import { D, Money, roundFen, splitByShares, ZERO } from '../core/money.js';
import { postingDate, withPostingRetry } from '../books/posting-period.js';
import { parseAmount, parseQuantity } from './quantity.js';
import { getSale, refundedBySaleLine, type SaleRecord } from './sale-records.js';
import { listOpenShifts, lockShiftForSelling, type ShiftRow } from './shifts.js';

/**
 * What a cashier may pay back on one sale without a manager's approval: over all of that
 * sale's refunds made without one, so that splitting a refund into lines gains nothing.
 */
export const CASHIER_REFUND_LIMIT = D('50.00');
/**
 * What one cashier may pay back without a manager within any 24 hours (server time), over
 * all sales: many small refunds of many sales add up here.
 */
export const CASHIER_DAILY_REFUND_LIMIT = D('150.00');
const DAILY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface RefundLineInput {
  productId: string;
  quantity: string;
}

export interface RefundTenderInput {
  method: TenderMethod;
  amount: string;
}

export interface RefundInput {
  /** The tablet's UUID for the refund: its idempotency key. */
  id: string;
  saleId: string;
  /** The drawer cash is paid from; default the refunding cashier's one open shift. */
  shiftId?: string | undefined;
  createdAt?: Date | undefined;
  /** Absent: the whole sale (whatever was not refunded yet). */
  lines?: readonly RefundLineInput[] | undefined;
  reason?: string | undefined;
  /** A manager's choice of how to pay back; default: by the sale's own tenders. */
  tenders?: readonly RefundTenderInput[] | undefined;
}

export interface RefundSaleOptions {
  refund: RefundInput;
  userId: string;
  /** The caller is a manager: may pay from another cashier's drawer. */
  isManager: boolean;
  /** A manager who approved (their own session or a verified PIN), or null. */
  approvedBy: string | null;
  now: Date;
  timeZone: string;
}

export interface RefundRecord {
  id: string;
  saleId: string;
  registerId: string;
  shiftId: string | null;
  cashierId: string;
  approvedBy: string | null;
  createdAt: Date;
  businessDate: string;
  entryDate: string;
  period: string;
  late: boolean;
  amount: Money;
  reason: string;
  isVoid: boolean;
  entryId: string;
  lines: {
    lineNo: number;
    saleLineNo: number;
    productId: string;
    quantity: Money;
    amount: Money;
  }[];
  tenders: {
    tenderNo: number;
    method: TenderMethod;
    account: string;
    amount: Money;
    saleTenderNo: number | null;
  }[];
}

/** One refund with its lines and tenders, or undefined. */
export async function getRefund(db: Executor, id: string): Promise<RefundRecord | undefined> {
  const row = await db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const lines = await db
    .selectFrom('refund_lines')
    .selectAll()
    .where('refund_id', '=', id)
    .orderBy('line_no')
    .execute();
  const tenders = await db
    .selectFrom('refund_tenders')
    .selectAll()
    .where('refund_id', '=', id)
    .orderBy('tender_no')
    .execute();
  return {
    id: row.id,
    saleId: row.sale_id,
    registerId: row.register_id,
    shiftId: row.shift_id,
    cashierId: row.cashier_id,
    approvedBy: row.approved_by,
    createdAt: row.created_at,
    businessDate: row.business_date,
    entryDate: row.entry_date,
    period: row.period,
    late: row.late,
    amount: D(row.amount),
    reason: row.reason,
    isVoid: row.is_void,
    entryId: row.entry_id,
    lines: lines.map((line) => ({
      lineNo: line.line_no,
      saleLineNo: line.sale_line_no,
      productId: line.product_id,
      quantity: D(line.quantity),
      amount: D(line.amount),
    })),
    tenders: tenders.map((tender) => ({
      tenderNo: tender.tender_no,
      method: tender.method,
      account: tender.account_code,
      amount: D(tender.amount),
      saleTenderNo: tender.sale_tender_no,
    })),
  };
}

/** The refunds of a sale, oldest first. */
export async function listRefunds(db: Executor, saleId: string): Promise<RefundRecord[]> {
  const rows = await db
    .selectFrom('refunds')
    .select('id')
    .where('sale_id', '=', saleId)
    .orderBy('created_at')
    .execute();
  const refunds: RefundRecord[] = [];
  for (const row of rows) {
    const refund = await getRefund(db, row.id);
    assert(refund, 'a listed refund can be read');
    refunds.push(refund);
  }
  return refunds;
}

/**
 * The sum of refunds that no manager approved and no manager made: of one sale, or of one
 * cashier since a time.
 */
async function unapprovedRefunds(
  trx: Executor,
  options: { saleId?: string; cashierId?: string; since?: Date },
): Promise<Money> {
  let query = trx
    .selectFrom('refunds as r')
    .innerJoin('users as u', 'u.id', 'r.cashier_id')
    .select((eb) => eb.fn.sum<string | null>('r.amount').as('amount'))
    .where('r.approved_by', 'is', null)
    .where('u.role', 'not in', ['manager', 'admin']);
  if (options.saleId !== undefined) query = query.where('r.sale_id', '=', options.saleId);
  if (options.cashierId !== undefined) query = query.where('r.cashier_id', '=', options.cashierId);
  if (options.since !== undefined) query = query.where('r.received_at', '>', options.since);
  const row = await query.executeTakeFirstOrThrow();
  return row.amount === null ? ZERO : D(row.amount);
}

interface PlannedLine {
  saleLineNo: number;
  productId: string;
  quantity: Money;
  amount: Money;
}

/**
 * Which sale lines a refund takes back, and for how much. A line pays back its share of
 * what the customer paid for it (`net`, after line and sale discounts), rounded
 * cumulatively: refunding k of n units pays round(net × (already + k) / n) − paid
 * already, so partial refunds never add up to more than the line and the last one takes
 * exactly what is left.
 */
function planRefundLines(
  sale: SaleRecord,
  refunded: Map<number, { quantity: Money; amount: Money }>,
  requested: { productId: string; quantity: Money }[] | undefined,
): PlannedLine[] {
  const left = sale.lines.map((line) => {
    const done = refunded.get(line.lineNo) ?? { quantity: ZERO, amount: ZERO };
    return { line, done, available: line.quantity.minus(done.quantity) };
  });
  const take = new Map<number, Money>();
  if (!requested) {
    for (const entry of left)
      if (entry.available.gt(0)) take.set(entry.line.lineNo, entry.available);
    if (take.size === 0) {
      throw new Refusal(
        'refund_exceeds_sale',
        `Everything in sale ${sale.id} was already refunded.`,
        { saleId: sale.id },
      );
    }
  } else {
    const wanted = new Map<string, Money>();
    for (const item of requested)
      wanted.set(item.productId, (wanted.get(item.productId) ?? ZERO).plus(item.quantity));
    for (const [productId, quantity] of wanted) {
      let outstanding = quantity;
      for (const entry of left) {
        if (entry.line.productId !== productId || !outstanding.gt(0) || !entry.available.gt(0))
          continue;
        const part = Money.min(outstanding, entry.available);
        take.set(entry.line.lineNo, part);
        outstanding = outstanding.minus(part);
      }
      if (outstanding.gt(0)) {
        const refundable = left
          .filter((entry) => entry.line.productId === productId)
          .reduce((sum, entry) => sum.plus(entry.available), ZERO);
        throw new Refusal(
          'refund_exceeds_sale',
          `Only ${refundable.toString()} of this product can still be refunded, not ${quantity.toString()}.`,
          { productId, refundable: refundable.toString() },
        );
      }
    }
  }
  return left
    .filter((entry) => take.has(entry.line.lineNo))
    .map((entry) => {
      const quantity = take.get(entry.line.lineNo)!;
      const after = entry.done.quantity.plus(quantity);
      const cumulative = after.equals(entry.line.quantity)
        ? entry.line.net
        : roundFen(entry.line.net.times(after).div(entry.line.quantity));
      return {
        saleLineNo: entry.line.lineNo,
        productId: entry.line.productId,
        quantity,
        amount: cumulative.minus(entry.done.amount),
      };
    });
}

/**
 * Takes back all or part of a sale, with a reason, never more than was sold (counting
 * earlier refunds), and posts the reversing lines: Dr 5001, Cr the tenders paid back —
 * by default the sale's own tenders in proportion to what each still has to give back.
 * Above a cashier's limit, or to pay back another way, a manager approves. Idempotent on
 * the refund's id, like a sale.
 *
 * @example await refundSale(db, { refund: { id, saleId, reason: '顾客不要了' }, userId, isManager: false, approvedBy: null, now, timeZone })
 */
export async function refundSale(
  db: Kysely<Database> | Transaction<Database>,
  options: RefundSaleOptions,
): Promise<{ refund: RefundRecord; created: boolean }> {
  const input = options.refund;
  const reason = input.reason?.trim() ?? '';
  if (reason === '') throw new Refusal('reason_required', 'A refund needs a reason.');
  if (reason.length > 200)
    throw new Refusal('invalid_input', 'The reason is longer than 200 characters.');
  if (input.lines && input.lines.length === 0) {
    throw new Refusal(
      'invalid_input',
      'Leave out lines to refund the whole sale, or list at least one.',
    );
  }
  if (input.lines && input.lines.length > 200)
    throw new Refusal('too_many_lines', 'A refund has at most 200 lines.');
  const requested = input.lines?.map((line, index) => ({
    productId: line.productId,
    quantity: parseQuantity(line.quantity, `lines[${index}].quantity`),
  }));
  const override = input.tenders?.map((tender, index) => {
    const amount = parseAmount(tender.amount, `tenders[${index}].amount`);
    if (amount.isZero())
      throw new Refusal('tender_invalid', `tenders[${index}]: pays back more than 0.00.`);
    return { method: tender.method, amount };
  });
  if (override && (override.length === 0 || override.length > 10)) {
    throw new Refusal('tender_invalid', 'Pay a refund back by one to ten tenders.');
  }
  const createdAt = input.createdAt ?? options.now;
  checkIsTime({ code: 'refund_time_invalid', field: 'createdAt', at: createdAt });
  const hash = contentHash([
    input.saleId,
    input.shiftId ?? null,
    input.createdAt ? input.createdAt.toISOString() : null,
    requested?.map((line) => [line.productId, line.quantity.toFixed(3)]) ?? null,
    reason,
    override?.map((tender) => [tender.method, tender.amount.toFixed(2)]) ?? null,
  ]);
  const record: IdempotentRecord<{ content_hash: string }, RefundRecord> = {
    noun: 'refund',
    id: input.id,
    fingerprint: hash,
    find: (trx) =>
      trx
        .selectFrom('refunds')
        .select(['content_hash'])
        .where('id', '=', input.id)
        .executeTakeFirst(),
    fingerprintOf: (stored) => stored.content_hash,
    resultOf: async (_stored, trx) => {
      const refund = await getRefund(trx, input.id);
      assert(refund, 'a refund found by id can be read');
      return refund;
    },
    conflictDetails: { refundId: input.id },
  };

  // A retry racing its original is refused (everything already refunded) once the
  // original commits: recordIdempotently answers with the refund that exists by then.
  const { result, created } = await recordIdempotently(db, record, postRefund, {
    run: withPostingRetry,
  });
  return { refund: result, created };

  /** Writes a refund whose id is not yet taken (recordIdempotently replayed any that was). */
  async function postRefund(
    trx: Transaction<Database>,
  ): Promise<{ result: RefundRecord; created: true } | typeof ID_TAKEN> {
    // Refunds of one sale queue here, so two of them cannot both take the last bun back.
    const locked = await trx
      .selectFrom('sales')
      .select('id')
      .where('id', '=', input.saleId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked)
      throw new Refusal('sale_not_found', `There is no sale ${input.saleId}.`, {
        saleId: input.saleId,
      });
    const sale = await getSale(trx, input.saleId);
    assert(sale, 'a locked sale can be read');
    const refunded = await refundedBySaleLine(trx, sale.id);
    const planned = planRefundLines(sale, refunded, requested);
    const amount = planned.reduce((sum, line) => sum.plus(line.amount), ZERO);
    if (!amount.gt(0))
      throw new Refusal(
        'total_not_positive',
        'Nothing was paid for these items; there is nothing to pay back.',
      );

    // What this sale has already paid back without a manager (refunds by cashiers that no
    // manager approved). The sale row is locked, so concurrent refunds of it count each other.
    const earlierUnapproved = await unapprovedRefunds(trx, { saleId: sale.id });
    const saleTotal = earlierUnapproved.plus(amount);
    const aboveSaleLimit = saleTotal.gt(CASHIER_REFUND_LIMIT);
    if (aboveSaleLimit && !options.approvedBy) {
      throw new Refusal(
        'approval_required',
        earlierUnapproved.isZero()
          ? `A refund of ${amount.toFixed(2)} is above a cashier's limit of ${CASHIER_REFUND_LIMIT.toFixed(2)}; a manager must approve.`
          : `With ${earlierUnapproved.toFixed(2)} already refunded on this sale, ${amount.toFixed(2)} more is above a cashier's limit of ${CASHIER_REFUND_LIMIT.toFixed(2)} per sale; a manager must approve.`,
        {
          reason: 'refund_limit',
          amount: amount.toFixed(2),
          alreadyRefunded: earlierUnapproved.toFixed(2),
          limit: CASHIER_REFUND_LIMIT.toFixed(2),
        },
      );
    }
    if (override && !options.approvedBy) {
      throw new Refusal(
        'approval_required',
        'Paying a refund back another way than it was paid needs a manager.',
        { reason: 'tenders_override' },
      );
    }
    const othersSale = sale.cashierId !== options.userId;
    if (othersSale && !options.approvedBy) {
      throw new Refusal('approval_required', "Refunding another cashier's sale needs a manager.", {
        reason: 'another_cashiers_sale',
      });
    }
    // One cashier's refunds of different sales lock different sale rows: this lock makes
    // them take turns, so two cannot both slip under the daily limit.
    await lockCashierRefunds(trx, options.userId);
    const recent = await unapprovedRefunds(trx, {
      cashierId: options.userId,
      since: new Date(options.now.getTime() - DAILY_WINDOW_MS),
    });
    const aboveDailyLimit = recent.plus(amount).gt(CASHIER_DAILY_REFUND_LIMIT);
    if (aboveDailyLimit && !options.approvedBy) {
      throw new Refusal(
        'approval_required',
        `You have refunded ${recent.toFixed(2)} without a manager in the last 24 hours; ${amount.toFixed(2)} more is above a cashier's ${CASHIER_DAILY_REFUND_LIMIT.toFixed(2)}; a manager must approve.`,
        {
          reason: 'daily_refund_limit',
          amount: amount.toFixed(2),
          alreadyRefunded: recent.toFixed(2),
          limit: CASHIER_DAILY_REFUND_LIMIT.toFixed(2),
        },
      );
    }

    // --- How it is paid back -----------------------------------------------------------
    let tenders: { method: TenderMethod; amount: Money; saleTenderNo: number | null }[];
    if (override) {
      const sum = override.reduce((total, tender) => total.plus(tender.amount), ZERO);
      if (!sum.equals(amount)) {
        throw new Refusal(
          'tenders_mismatch',
          `The tenders add up to ${sum.toFixed(2)}, the refund to ${amount.toFixed(2)}.`,
          {
            refund: amount.toFixed(2),
            tenders: sum.toFixed(2),
          },
        );
      }
      tenders = override.map((tender) => ({ ...tender, saleTenderNo: null }));
    } else {
      const paidBack = await trx
        .selectFrom('refund_tenders as t')
        .innerJoin('refunds as r', 'r.id', 't.refund_id')
        .select(['t.sale_tender_no', (eb) => eb.fn.sum<string>('t.amount').as('amount')])
        .where('r.sale_id', '=', sale.id)
        .where('t.sale_tender_no', 'is not', null)
        .groupBy('t.sale_tender_no')
        .execute();
      const back = new Map(paidBack.map((row) => [row.sale_tender_no, D(row.amount)]));
      let weights = sale.tenders.map((tender) => ({
        key: String(tender.tenderNo).padStart(2, '0'),
        weight: Money.max(ZERO, tender.amount.minus(back.get(tender.tenderNo) ?? ZERO)),
      }));
      // Earlier refunds paid back another way may have used every tender up; then the
      // sale's own proportions decide.
      if (weights.every((entry) => entry.weight.isZero())) {
        weights = sale.tenders.map((tender) => ({
          key: String(tender.tenderNo).padStart(2, '0'),
          weight: tender.amount,
        }));
      }
      const parts = splitByShares(amount, weights);
      tenders = sale.tenders
        .map((tender) => ({
          method: tender.method,
          amount: parts.get(String(tender.tenderNo).padStart(2, '0')) ?? ZERO,
          saleTenderNo: tender.tenderNo,
        }))
        .filter((tender) => tender.amount.gt(0));
    }

    // --- Which drawer ------------------------------------------------------------------
    const paysCash = tenders.some((tender) => tender.method === 'cash');
    let shift: ShiftRow | undefined;
    if (input.shiftId) {
      shift = await lockShiftForSelling(trx, {
        shiftId: input.shiftId,
        userId: options.userId,
        mayUseOthersShift: options.isManager,
      });
    } else if (paysCash) {
      const own = await listOpenShifts(trx, { cashierId: options.userId });
      if (own.length !== 1) {
        throw new Refusal(
          'shift_not_open',
          own.length === 0
            ? 'Cash is paid back from an open drawer: open a shift first.'
            : 'You have several open shifts: say which drawer pays (shiftId).',
        );
      }
      shift = await lockShiftForSelling(trx, {
        shiftId: own[0]!.id,
        userId: options.userId,
        mayUseOthersShift: false,
      });
    }

    // Into another register's drawer than the sale's: a manager approves (cash leaving a
    // drawer that never took it is how a till is emptied).
    const otherDrawer = shift !== undefined && shift.registerId !== sale.registerId;
    if (otherDrawer && !options.approvedBy) {
      throw new Refusal(
        'approval_required',
        `Paying back from register ${shift!.registerId}, not the sale's ${sale.registerId}, needs a manager.`,
        {
          reason: 'another_register',
          registerId: shift!.registerId,
          saleRegisterId: sale.registerId,
        },
      );
    }
    await checkClientTime(trx, {
      code: 'refund_time_invalid',
      field: 'createdAt',
      at: createdAt,
      now: options.now,
      timeZone: options.timeZone,
      notBefore:
        shift && shift.openedAt.getTime() > sale.createdAt.getTime()
          ? { at: shift.openedAt, what: 'the shift opened' }
          : { at: sale.createdAt, what: 'the sale was made' },
    });
    const needsApproval =
      aboveSaleLimit || override !== undefined || othersSale || otherDrawer || aboveDailyLimit;
    const refundDate = businessDate(createdAt, options.timeZone);
    const posting = await postingDate(trx, refundDate);
    const whole =
      refunded.size === 0 &&
      planned.length === sale.lines.length &&
      planned.every((line, index) => line.quantity.equals(sale.lines[index]!.quantity));
    const isVoid = whole && shift?.id === sale.shiftId;
    const registerId = shift?.registerId ?? sale.registerId;
    const entryId = randomUUID();
    const inserted = await trx
      .insertInto('refunds')
      .values({
        id: input.id,
        sale_id: sale.id,
        register_id: registerId,
        shift_id: shift?.id ?? null,
        cashier_id: options.userId,
        approved_by: needsApproval ? options.approvedBy : null,
        created_at: createdAt,
        received_at: options.now,
        business_date: refundDate,
        entry_date: posting.entryDate,
        period: posting.period,
        late: posting.late,
        amount: amount.toFixed(2),
        reason,
        is_void: isVoid,
        entry_id: entryId,
        content_hash: hash,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return ID_TAKEN;
    await trx
      .insertInto('refund_lines')
      .values(
        planned.map((line, index) => ({
          refund_id: input.id,
          line_no: index + 1,
          sale_id: sale.id,
          sale_line_no: line.saleLineNo,
          register_id: registerId,
          product_id: line.productId,
          business_date: sale.businessDate,
          quantity: line.quantity.toFixed(3),
          amount: line.amount.toFixed(2),
        })),
      )
      .execute();
    await trx
      .insertInto('refund_tenders')
      .values(
        tenders.map((tender, index) => ({
          refund_id: input.id,
          tender_no: index + 1,
          register_id: registerId,
          method: tender.method,
          account_code: TENDER_ACCOUNTS[tender.method],
          amount: tender.amount.toFixed(2),
          sale_tender_no: tender.saleTenderNo,
        })),
      )
      .execute();
    await postEntry(trx, {
      id: entryId,
      idempotencyKey: `refund:${input.id}`,
      date: posting.entryDate,
      description: `退款 Refund of sale ${sale.id.slice(0, 8)}: ${reason}`.slice(0, 500),
      source: 'refund',
      sourceId: input.id,
      postedBy: options.userId,
      lines: refundLines({ amount, tenders }),
    });
    return {
      created: true,
      result: {
        id: input.id,
        saleId: sale.id,
        registerId,
        shiftId: shift?.id ?? null,
        cashierId: options.userId,
        approvedBy: needsApproval ? options.approvedBy : null,
        createdAt,
        businessDate: refundDate,
        entryDate: posting.entryDate,
        period: posting.period,
        late: posting.late,
        amount,
        reason,
        isVoid,
        entryId,
        lines: planned.map((line, index) => ({ lineNo: index + 1, ...line })),
        tenders: tenders.map((tender, index) => ({
          tenderNo: index + 1,
          method: tender.method,
          account: TENDER_ACCOUNTS[tender.method],
          amount: tender.amount,
          saleTenderNo: tender.saleTenderNo,
        })),
      },
    };
  }
}

import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { businessDate, periodOf } from '../core/business-time.js';
import { productFromJson, type Product, type ProductJson } from './catalog.js';
import {
  checkClientTimeBeforeBooks,
  checkIsTime,
  earliestClientPeriodOf,
  refuseBeforeBooks,
} from './client-time.js';
import type { Database, TenderMethod } from '../schema/database.js';
import { assert, Refusal } from '../core/errors.js';
import { saleLockNames } from '../core/advisory-locks.js';
import {
  contentHash,
  replayOf,
  type IdempotentRecord,
  type Recorded,
} from '../core/idempotent-write.js';
import type { Executor } from '../core/executor.js';
import { Coalescer } from '../core/coalescer.js';
import { prepareEntry, refusalFromDatabaseError } from '../books/journal.js';
import { saleLines, TENDER_ACCOUNTS } from '../books/posting-rules.js';
import { D, Money, roundFen, splitByShares, ZERO } from '../core/money.js';
import { postingDateAfter } from '../books/posting-period.js';
import { parseAmount, parseQuantity } from './quantity.js';
import {
  getSale,
  type SaleLineRecord,
  type SaleRecord,
  type SaleTenderRecord,
} from './sale-records.js';

/** Most lines one sale may have (a limit on everything; a real cart has a handful). */
export const MAX_SALE_LINES = 200;
/** Most tenders one sale may be split across. */
export const MAX_SALE_TENDERS = 10;
/** No sale in a bun shop comes near this; a typo in a tendered amount might. */
export const MAX_SALE_TOTAL = D('100000.00');
/**
 * What a cashier may give in discounts on one sale without a manager: this percentage of
 * the sale's gross (before discounts). Beyond it, a manager approves.
 */
export const CASHIER_DISCOUNT_LIMIT_PERCENT = D('10');
/**
 * A sale whose `createdAt` is older than this when it arrives is treated as made offline
 * even if the tablet did not say so: it happened, so it is accepted beyond what remains.
 */
export const OFFLINE_AFTER_MS = 10 * 60 * 1000;
/** A register's own receipt number: its prefix, a hyphen and its sequence, e.g. `C1-000123`. */
export const RECEIPT_NUMBER_PATTERN = /^[A-Za-z0-9]{1,12}-\d{1,12}$/;

export interface SaleLineInput {
  productId: string;
  /** Decimal text, at most three decimals: "2", "1.5" (斤). */
  quantity: string;
  /** Money off this line, e.g. "0.50". */
  discount?: string | undefined;
}

/** PRIVATE details of a hardship voucher's holder: stored apart, never posted or shown. */
export interface VoucherHolderInput {
  name?: string | undefined;
  household?: string | undefined;
  phone?: string | undefined;
  note?: string | undefined;
}

export interface TenderInput {
  method: TenderMethod;
  /** What this tender pays of the total. */
  amount: string;
  /** Cash only: what the customer handed over (default: the amount). */
  tendered?: string | undefined;
  /** WeChat / Alipay transaction reference, or the voucher number (kept private). */
  reference?: string | undefined;
  holder?: VoucherHolderInput | undefined;
}

export interface SaleInput {
  /** The tablet's UUID for the sale: its idempotency key. */
  id: string;
  registerId: string;
  shiftId: string;
  createdAt: Date;
  /** The tablet says it made the sale without a connection. */
  offline?: boolean | undefined;
  /** Money off the whole sale, spread over the lines by their totals. */
  discount?: string | undefined;
  /**
   * The register's own receipt number, assigned on the tablet (`C1-000123`): unique per
   * register, refused as `receipt_number_taken` when another sale of the register has it.
   */
  receiptNumber?: string | undefined;
  lines: readonly SaleLineInput[];
  tenders: readonly TenderInput[];
}

export interface PostSaleOptions {
  sale: SaleInput;
  cashierId: string;
  /** A manager who approved the discounts (their own session or a verified PIN), or null. */
  approvedBy: string | null;
  now: Date;
  timeZone: string;
}

interface CheckedTender {
  method: TenderMethod;
  amount: Money;
  tendered: Money | null;
  change: Money | null;
  reference: string | null;
  voucherNumber: string | null;
  holder: VoucherHolderInput | null;
}

interface CheckedSale {
  createdAt: Date;
  receiptNumber: string | null;
  businessDate: string;
  offline: boolean;
  saleDiscount: Money;
  lines: { productId: string; quantity: Money; discount: Money }[];
  tenders: CheckedTender[];
  hash: string;
}

function trimmed(value: string | undefined, max: number, where: string): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (text.length > max)
    throw new Refusal('tender_invalid', `${where} is longer than ${max} characters.`);
  return text;
}

/** Everything that can be checked without the database, and the sale's content hash. */
function checkSaleInput(options: PostSaleOptions): CheckedSale {
  const { sale, now } = options;
  if (sale.lines.length === 0) {
    throw new Refusal('invalid_input', 'A sale has at least one line.', [
      { path: 'lines', problem: 'too_small' },
    ]);
  }
  if (sale.lines.length > MAX_SALE_LINES) {
    throw new Refusal(
      'too_many_lines',
      `A sale has at most ${MAX_SALE_LINES} lines, not ${sale.lines.length}.`,
      {
        max: MAX_SALE_LINES,
      },
    );
  }
  if (sale.tenders.length > MAX_SALE_TENDERS) {
    throw new Refusal(
      'tender_invalid',
      `A sale is split across at most ${MAX_SALE_TENDERS} tenders.`,
    );
  }
  const createdAt = sale.createdAt;
  // The rest of the time rule needs the shift and the books: checkClientTime, in the
  // transaction.
  checkIsTime({ code: 'sale_time_invalid', field: 'createdAt', at: createdAt });
  const offline = sale.offline === true || now.getTime() - createdAt.getTime() > OFFLINE_AFTER_MS;
  const lines = sale.lines.map((line, index) => ({
    productId: line.productId,
    quantity: parseQuantity(line.quantity, `lines[${index}].quantity`),
    discount:
      line.discount === undefined ? ZERO : parseAmount(line.discount, `lines[${index}].discount`),
  }));
  const saleDiscount = sale.discount === undefined ? ZERO : parseAmount(sale.discount, 'discount');

  let cashTenders = 0;
  const tenders = sale.tenders.map((tender, index): CheckedTender => {
    const where = `tenders[${index}]`;
    const amount = parseAmount(tender.amount, `${where}.amount`);
    if (amount.isZero())
      throw new Refusal('tender_invalid', `${where}: a tender pays more than 0.00.`);
    if (tender.method !== 'cash' && tender.tendered !== undefined) {
      throw new Refusal('tender_invalid', `${where}: only cash has a tendered amount.`);
    }
    if (tender.method !== 'hardship_voucher' && tender.holder !== undefined) {
      throw new Refusal('tender_invalid', `${where}: only a hardship voucher has a holder.`);
    }
    const reference = trimmed(tender.reference, 64, `${where}.reference`);
    if (tender.method === 'cash') {
      cashTenders += 1;
      if (reference !== null)
        throw new Refusal('tender_invalid', `${where}: cash has no reference.`);
      const tendered =
        tender.tendered === undefined ? amount : parseAmount(tender.tendered, `${where}.tendered`);
      if (tendered.lt(amount)) {
        throw new Refusal(
          'tender_short',
          `${where}: ${tendered.toFixed(2)} in cash does not cover ${amount.toFixed(2)}.`,
          { tendered: tendered.toFixed(2), due: amount.toFixed(2) },
        );
      }
      if (tendered.gt(MAX_SALE_TOTAL))
        throw new Refusal('amount_invalid', `${where}: the tendered amount is implausible.`);
      return {
        method: 'cash',
        amount,
        tendered,
        change: tendered.minus(amount),
        reference: null,
        voucherNumber: null,
        holder: null,
      };
    }
    if (tender.method === 'hardship_voucher') {
      const holder = tender.holder
        ? {
            name: trimmed(tender.holder.name, 64, `${where}.holder.name`) ?? undefined,
            household:
              trimmed(tender.holder.household, 200, `${where}.holder.household`) ?? undefined,
            phone: trimmed(tender.holder.phone, 32, `${where}.holder.phone`) ?? undefined,
            note: trimmed(tender.holder.note, 500, `${where}.holder.note`) ?? undefined,
          }
        : null;
      return {
        method: 'hardship_voucher',
        amount,
        tendered: null,
        change: null,
        reference: null,
        voucherNumber: reference,
        holder,
      };
    }
    return {
      method: tender.method,
      amount,
      tendered: null,
      change: null,
      reference,
      voucherNumber: null,
      holder: null,
    };
  });
  if (cashTenders > 1) throw new Refusal('tender_invalid', 'A sale has at most one cash tender.');

  // What makes two requests the same sale. Not the offline flag or the approval: a tablet
  // that retries from its offline queue, or after a manager typed a PIN, sends the same sale.
  const receiptNumber = sale.receiptNumber ?? null;
  if (receiptNumber !== null && !RECEIPT_NUMBER_PATTERN.test(receiptNumber)) {
    throw new Refusal('invalid_input', `receiptNumber ${receiptNumber} is not like C1-000123.`, [
      { path: 'receiptNumber', problem: 'invalid_format' },
    ]);
  }
  const content = [
    sale.registerId,
    sale.shiftId,
    createdAt.toISOString(),
    saleDiscount.toFixed(2),
    lines.map((line) => [line.productId, line.quantity.toFixed(3), line.discount.toFixed(2)]),
    tenders.map((tender) => [
      tender.method,
      tender.amount.toFixed(2),
      tender.tendered?.toFixed(2) ?? null,
      tender.reference,
      tender.voucherNumber,
      tender.holder,
    ]),
    // Only when sent, so that the hashes of sales recorded before receipt numbers stand.
    ...(receiptNumber === null ? [] : [receiptNumber]),
  ];
  return {
    createdAt,
    receiptNumber,
    businessDate: businessDate(createdAt, options.timeZone),
    offline,
    saleDiscount,
    lines,
    tenders,
    hash: contentHash(content),
  };
}

/** A sale under the tablet's id: the same content replays it, other content conflicts. */
function saleRecord(
  id: string,
  hash: string,
): IdempotentRecord<{ content_hash: string }, SaleRecord> {
  return {
    noun: 'sale',
    id,
    fingerprint: hash,
    find: (db) =>
      db.selectFrom('sales').select(['content_hash']).where('id', '=', id).executeTakeFirst(),
    fingerprintOf: (stored) => stored.content_hash,
    resultOf: async (_stored, db) => {
      const sale = await getSale(db, id);
      assert(sale, 'a sale found by id can be read');
      return sale;
    },
    conflictDetails: { saleId: id },
  };
}

/**
 * Records a sale and posts its journal entry, all or nothing: the sale, its lines priced
 * by the server from the catalog in effect at `createdAt`, its tenders, the voucher holder
 * (privately) and the balanced entry (Dr each tender's account, Cr 5001). Idempotent on
 * the sale's id: the same content returns the first sale (`created: false`); different
 * content is `idempotency_conflict`. A sale whose month is closed is posted in the first
 * open month and marked late.
 *
 * Two statements: one reads what the sale depends on (`readSaleContext`), the server
 * checks and prices it (`planSale`, no database), and one writes it all
 * (`xmf_record_sale`, migrations/0013), which takes the locks and checks again what may
 * have changed in between — answering `stale` (read again), `taken` (replay) or
 * `sold_out`. Outside a transaction the sales that arrive together share those two
 * statements and one COMMIT (migrations/0016), each sale in its own subtransaction, so
 * atomic on its own and acknowledged only once its group is durable.
 *
 * @example
 * const { sale } = await postSale(db, {
 *   sale: { id, registerId: 'counter-1', shiftId, createdAt: new Date(),
 *     lines: [{ productId: bunId, quantity: '4' }],
 *     tenders: [{ method: 'cash', amount: '6.00', tendered: '10.00' }] },
 *   cashierId, approvedBy: null, now: new Date(), timeZone: 'Asia/Shanghai',
 * }); // sale.change = 4.00
 */
export async function postSale(
  db: Kysely<Database> | Transaction<Database>,
  options: PostSaleOptions,
): Promise<{ sale: SaleRecord; created: boolean }> {
  const checked = checkSaleInput(options);
  const record = saleRecord(options.sale.id, checked.hash);
  try {
    const { result, created } = await recordSale(db, options, checked, record);
    return { sale: result, created };
  } catch (error) {
    // A retry of a sale can race its original: it finds no sale, then the original
    // commits and takes the last buns, so the retry is refused (sold_out, or
    // shift_not_open after a close). It is answered with the sale that exists by then.
    if (!(error instanceof Refusal) || error.code === 'idempotency_conflict' || db.isTransaction)
      throw error;
    const replayed = await replayOf(db, record);
    if (replayed) return { sale: replayed.result, created: false };
    throw error;
  }
}

/** Reads against writes: a shift closing or a month closing in between is met once each. */
const MAX_ATTEMPTS = 4;

async function recordSale(
  db: Executor,
  options: PostSaleOptions,
  checked: CheckedSale,
  record: IdempotentRecord<{ content_hash: string }, SaleRecord>,
): Promise<Recorded<SaleRecord>> {
  for (let attempt = 1; ; attempt += 1) {
    assert(attempt <= MAX_ATTEMPTS, 'what a sale depends on settles after a close');
    const context = await readSaleContext(db, options.sale, checked);
    if (context.storedHash !== null) {
      const replayed = await replayOf(db, record);
      if (replayed) return replayed;
      continue;
    }
    if (context.receiptHolder !== null) refuseTakenReceiptNumber(options.sale, checked, context);
    const plan = planSale(options, checked, context);
    let outcome: WriteOutcome;
    try {
      outcome = await writeSale(db, plan);
    } catch (error) {
      const refusal = refusalFromSaleWrite(error, plan);
      // A month close committed between the read and the insert: read again, post late.
      if (refusal?.code === 'period_closed' && !db.isTransaction) continue;
      throw refusal ?? error;
    }
    switch (outcome.status) {
      case 'created':
        return { created: true, result: plan.result(outcome) };
      case 'taken': {
        // By this id (a copy that committed first: replayed) or by this receipt number.
        const replayed = await replayOf(db, record);
        if (replayed) return replayed;
        continue;
      }
      case 'fund_short':
        throw new Refusal(
          'hardship_fund_insufficient',
          `The hardship fund holds ${outcome.balance}, not enough for vouchers of ${plan.voucherTotal.toFixed(2)}.`,
          { balance: D(outcome.balance).toFixed(2), vouchers: plan.voucherTotal.toFixed(2) },
        );
      case 'stale':
        continue;
    }
  }
}

/** What a sale depends on, read in one statement before it is priced and checked. */
interface SaleContext {
  /** The content hash of a sale already recorded under this id, or null. */
  storedHash: string | null;
  /** Another sale of the register carrying this receipt number, or null. */
  receiptHolder: string | null;
  shift: {
    id: string;
    registerId: string;
    cashierId: string;
    status: 'open' | 'closed';
    openedAt: Date;
  } | null;
  /** The latest closed month at or after the sale's own, or null. */
  latestClosed: string | null;
  /** The books' first month (`min(period)`), or null when they are empty. */
  firstPeriod: string | null;
  products: Map<string, Product>;
}

/** What `xmf_sale_context` reads for one sale (migrations 0015, 0016). */
interface ContextRequest {
  sale: string;
  register: string;
  receipt: string | null;
  shift: string;
  own_period: string;
  priced_at: string;
  product_ids: string[];
}

interface ContextRow {
  stored_hash: string | null;
  receipt_holder: string | null;
  shift: {
    id: string;
    register_id: string;
    cashier_id: string;
    status: 'open' | 'closed';
    opened_at: string;
  } | null;
  latest_closed: string | null;
  first_period: string | null;
  products: ProductJson[];
}

/** A write the database refused, answered in its group instead of raised. */
interface RefusedWrite {
  status: 'error';
  code: string;
  constraint: string | null;
  detail: string | null;
  message: string;
}

/**
 * The most sales read or written in one statement: well below the 64 subtransactions
 * PostgreSQL keeps in shared memory per transaction before other sessions slow down.
 */
export const MAX_SALES_TOGETHER = 32;

/** The statements the sales of one database, or of one transaction, share. */
interface SaleGroups {
  reads: Coalescer<ContextRequest, ContextRow>;
  writes: Coalescer<Record<string, unknown>, WriteOutcome | RefusedWrite>;
}

/**
 * Sales arriving while others are being read or written go together in the next
 * statement (group commit, decision 0036): one pair per database for the sales that are
 * not inside a caller's transaction, and per transaction where its owner asked for it
 * (`shareSaleStatements`). Elsewhere in a transaction a sale runs alone in it. A quiet
 * shop's sale is sent at once, alone.
 */
const together = new WeakMap<Executor, SaleGroups>();

function newSaleGroups(db: Executor): SaleGroups {
  return {
    reads: new Coalescer((requests) => readContexts(db, requests), {
      maxInFlight: 1,
      maxGroup: MAX_SALES_TOGETHER,
    }),
    // One group writing at a time: the next one gathers the sales that arrive
    // meanwhile. (Two at once were slower here: smaller groups, and the second only
    // waits for the products' rows the first holds — decision 0036.)
    writes: new Coalescer((writes) => writeTogether(db, writes), {
      maxInFlight: 1,
      maxGroup: MAX_SALES_TOGETHER,
    }),
  };
}

function groupsFor(db: Executor): SaleGroups | undefined {
  let groups = together.get(db);
  if (!groups && !db.isTransaction) {
    groups = newSaleGroups(db);
    together.set(db, groups);
  }
  return groups;
}

/**
 * From now on, sales posted at the same time inside `trx` share their statements as
 * sales outside a transaction do: each sale's write in its own subtransaction, a refused
 * one answered as its error, so that no savepoint is needed around it and the
 * transaction stays usable. For a caller that runs many sales in one transaction
 * (POST /api/sync). Another statement of a sale's request may still fail and abort the
 * transaction; its COMMIT then throws (kysely's AbortedTransactionError).
 */
export function shareSaleStatements(trx: Transaction<Database>): void {
  if (!together.has(trx)) together.set(trx, newSaleGroups(trx));
}

/**
 * One call of a group function of migration 0016: the items as one jsonb array in, one
 * answer per item out, in order. `call` spells the statement, naming its answer `answers`.
 */
async function callForEach<Answer>(
  db: Executor,
  items: readonly unknown[],
  call: (items: string) => RawBuilder<{ answers: Answer[] }>,
): Promise<Answer[]> {
  const { rows } = await call(JSON.stringify(items)).execute(db);
  const answers = rows[0]?.answers;
  assert(answers?.length === items.length, 'a group function answers each item');
  return answers;
}

/**
 * The sales' reads: a function whose plans the database keeps (migrations/0015), since
 * planning the same reads as a SELECT cost more than running them.
 */
function readContexts(db: Executor, requests: readonly ContextRequest[]): Promise<ContextRow[]> {
  return callForEach(
    db,
    requests,
    (json) => sql<{ answers: ContextRow[] }>`SELECT xmf_sale_contexts(${json}::jsonb) AS answers`,
  );
}

function writeTogether(
  db: Executor,
  writes: readonly Record<string, unknown>[],
): Promise<(WriteOutcome | RefusedWrite)[]> {
  return callForEach(
    db,
    writes,
    (json) =>
      sql<{
        answers: (WriteOutcome | RefusedWrite)[];
      }>`SELECT xmf_record_sales(${json}::jsonb) AS answers`,
  );
}

/** The error a refused write of a group would have raised on its own. */
function refusedWriteError(refused: RefusedWrite): Error {
  return Object.assign(new Error(refused.message), {
    code: refused.code,
    constraint: refused.constraint ?? undefined,
    detail: refused.detail ?? undefined,
  });
}

async function readSaleContext(
  db: Executor,
  input: SaleInput,
  checked: CheckedSale,
): Promise<SaleContext> {
  const request: ContextRequest = {
    sale: input.id,
    register: input.registerId,
    receipt: checked.receiptNumber,
    shift: input.shiftId,
    own_period: periodOf(checked.businessDate),
    priced_at: checked.createdAt.toISOString(),
    product_ids: [...new Set(checked.lines.map((line) => line.productId))],
  };
  const groups = groupsFor(db);
  const row = groups ? await groups.reads.submit(request) : (await readContexts(db, [request]))[0];
  assert(row, 'xmf_sale_context answers');
  return {
    storedHash: row.stored_hash,
    receiptHolder: row.receipt_holder,
    shift: row.shift && {
      id: row.shift.id,
      registerId: row.shift.register_id,
      cashierId: row.shift.cashier_id,
      status: row.shift.status,
      openedAt: new Date(row.shift.opened_at),
    },
    latestClosed: row.latest_closed,
    firstPeriod: row.first_period,
    products: new Map(row.products.map(productFromJson).map((product) => [product.id, product])),
  };
}

/** Refuses a receipt number that another sale of the same register already carries. */
function refuseTakenReceiptNumber(
  input: SaleInput,
  checked: CheckedSale,
  context: Pick<SaleContext, 'receiptHolder'>,
): void {
  if (context.receiptHolder === null) return;
  throw new Refusal(
    'receipt_number_taken',
    `Register ${input.registerId} already has a sale numbered ${checked.receiptNumber ?? ''}.`,
    {
      registerId: input.registerId,
      receiptNumber: checked.receiptNumber,
      saleId: context.receiptHolder,
    },
  );
}

/** The same shift checks as `lockShiftForSelling`, on the shift as read; the write locks it. */
function checkShift(
  context: SaleContext,
  input: SaleInput,
  cashierId: string,
): NonNullable<SaleContext['shift']> {
  const shift = context.shift;
  if (!shift)
    throw new Refusal('shift_not_found', `There is no shift ${input.shiftId}.`, {
      shiftId: input.shiftId,
    });
  if (shift.cashierId !== cashierId) {
    throw new Refusal('shift_not_yours', 'This shift belongs to another cashier.', {
      shiftId: shift.id,
    });
  }
  if (shift.registerId !== input.registerId) {
    throw new Refusal(
      'register_mismatch',
      `Shift ${shift.id} is on register ${shift.registerId}, not ${input.registerId}.`,
      { shiftId: shift.id, registerId: shift.registerId },
    );
  }
  if (shift.status !== 'open') {
    throw new Refusal('shift_not_open', `Shift ${shift.id} is closed.`, { shiftId: shift.id });
  }
  return shift;
}

interface SalePlan {
  /** The argument of `xmf_record_sale`. */
  write: Record<string, unknown>;
  voucherTotal: Money;
  productNames: ReadonlyMap<string, string>;
  result(outcome: Extract<WriteOutcome, { status: 'created' }>): SaleRecord;
}

type WriteOutcome =
  | { status: 'created'; receiptNumber: string; fundOverdrawn: boolean; oversold: boolean }
  | { status: 'taken' }
  | { status: 'stale'; reason: string }
  | { status: 'fund_short'; balance: string };

/**
 * Everything the server decides about a sale, from what was read: the shift, the time, the
 * products, prices, discounts and approval, the tenders, and every row to write. Throws
 * the sale's refusals; touches no database.
 */
function planSale(options: PostSaleOptions, checked: CheckedSale, context: SaleContext): SalePlan {
  const { sale: input } = options;
  const shift = checkShift(context, input, options.cashierId);
  const timeCheck = {
    code: 'sale_time_invalid' as const,
    field: 'createdAt',
    at: checked.createdAt,
    now: options.now,
    timeZone: options.timeZone,
    notBefore: { at: shift.openedAt, what: 'the shift opened' },
  };
  if (checkClientTimeBeforeBooks(timeCheck)) {
    refuseBeforeBooks(
      timeCheck,
      earliestClientPeriodOf(context.firstPeriod, options.now, options.timeZone),
    );
  }

  // --- Price the lines from the catalog in effect at the sale's time ------------------
  const products = context.products;
  const productIds = [...new Set(checked.lines.map((line) => line.productId))];
  for (const id of productIds) {
    if (!products.has(id))
      throw new Refusal('product_unknown', `There is no product ${id}.`, { productId: id });
  }
  for (const product of products.values()) {
    // Withdrawn before the sale was made: refused. Withdrawn after (an offline sale synced
    // late): it was on sale when sold, so it stands.
    if (!product.active && product.statusChangedAt.getTime() <= checked.createdAt.getTime()) {
      throw new Refusal('product_inactive', `${product.name} is no longer sold.`, {
        productId: product.id,
      });
    }
  }

  const priced = checked.lines.map((line, index) => {
    const product = products.get(line.productId)!;
    const gross = roundFen(line.quantity.times(product.price));
    if (line.discount.gt(gross)) {
      throw new Refusal(
        'discount_invalid',
        `lines[${index}]: a discount of ${line.discount.toFixed(2)} is more than the line's ${gross.toFixed(2)}.`,
      );
    }
    return { ...line, lineNo: index + 1, product, gross, total: gross.minus(line.discount) };
  });
  const grossTotal = priced.reduce((sum, line) => sum.plus(line.gross), ZERO);
  const subtotal = priced.reduce((sum, line) => sum.plus(line.total), ZERO);
  if (checked.saleDiscount.gt(subtotal)) {
    throw new Refusal(
      'discount_invalid',
      `A sale discount of ${checked.saleDiscount.toFixed(2)} is more than the subtotal ${subtotal.toFixed(2)}.`,
    );
  }
  const total = subtotal.minus(checked.saleDiscount);
  if (!total.gt(0)) throw new Refusal('total_not_positive', 'A sale must come to more than 0.00.');
  if (total.gt(MAX_SALE_TOTAL))
    throw new Refusal('amount_invalid', `A sale of ${total.toFixed(2)} is implausible.`);

  const discounts = grossTotal.minus(total);
  const limit = roundFen(grossTotal.times(CASHIER_DISCOUNT_LIMIT_PERCENT).div(100));
  if (discounts.gt(limit) && !options.approvedBy) {
    throw new Refusal(
      'approval_required',
      `Discounts of ${discounts.toFixed(2)} exceed a cashier's ${CASHIER_DISCOUNT_LIMIT_PERCENT.toString()}% (${limit.toFixed(2)}); a manager must approve.`,
      { reason: 'discount_limit', discount: discounts.toFixed(2), limit: limit.toFixed(2) },
    );
  }
  const approvedBy = discounts.gt(limit) ? options.approvedBy : null;

  // The sale discount spread over the lines by their totals, so each line knows what was
  // paid for it (refunds pay back exactly that); largest remainder, ties by line number.
  const shares = checked.saleDiscount.isZero()
    ? new Map<string, Money>()
    : splitByShares(
        checked.saleDiscount,
        priced.map((line) => ({ key: String(line.lineNo).padStart(3, '0'), weight: line.total })),
      );
  const lines: SaleLineRecord[] = priced.map((line) => {
    const share = shares.get(String(line.lineNo).padStart(3, '0')) ?? ZERO;
    return {
      lineNo: line.lineNo,
      productId: line.product.id,
      sku: line.product.sku,
      name: line.product.name,
      nameEn: line.product.nameEn,
      category: line.product.category,
      unit: line.product.unit,
      quantity: line.quantity,
      unitPrice: line.product.price,
      gross: line.gross,
      discount: line.discount,
      total: line.total,
      saleDiscountShare: share,
      net: line.total.minus(share),
    };
  });

  // --- Tenders ---------------------------------------------------------------------------
  const tenderSum = checked.tenders.reduce((sum, tender) => sum.plus(tender.amount), ZERO);
  if (!tenderSum.equals(total)) {
    throw new Refusal(
      'tenders_mismatch',
      `The tenders add up to ${tenderSum.toFixed(2)}, the sale to ${total.toFixed(2)}.`,
      { total: total.toFixed(2), tenders: tenderSum.toFixed(2) },
    );
  }
  const voucherTotal = checked.tenders
    .filter((tender) => tender.method === 'hardship_voucher')
    .reduce((sum, tender) => sum.plus(tender.amount), ZERO);
  const tenders: SaleTenderRecord[] = checked.tenders.map((tender, index) => ({
    tenderNo: index + 1,
    method: tender.method,
    account: TENDER_ACCOUNTS[tender.method],
    amount: tender.amount,
    tendered: tender.tendered,
    change: tender.change,
    reference: tender.reference,
  }));
  const change = checked.tenders.reduce((sum, tender) => sum.plus(tender.change ?? ZERO), ZERO);

  // --- The rows --------------------------------------------------------------------------
  const posting = postingDateAfter(checked.businessDate, context.latestClosed);
  const short = input.id.slice(0, 8);
  const entry = prepareEntry({
    idempotencyKey: `sale:${input.id}`,
    date: posting.entryDate,
    description: posting.late
      ? `销售 Sale ${short} ${input.registerId} (离线补录 late, ${checked.businessDate})`
      : `销售 Sale ${short} ${input.registerId}`,
    source: 'sale',
    sourceId: input.id,
    postedBy: options.cashierId,
    lines: saleLines({ total, tenders }),
  });
  const wanted = new Map<string, Money>();
  for (const line of lines)
    wanted.set(line.productId, (wanted.get(line.productId) ?? ZERO).plus(line.quantity));
  const locks = saleLockNames(input.id);
  // Offline, the sale already happened: it is recorded whatever remains, and flagged
  // `oversold`. Online, what remains is checked exactly, after its lines are counted.
  const write: Record<string, unknown> = {
    saleLock: locks.sale,
    shiftCashierId: shift.cashierId,
    wanted: [...wanted].map(([productId, quantity]) => ({
      product_id: productId,
      quantity: quantity.toFixed(3),
    })),
    sale: {
      id: input.id,
      register_id: input.registerId,
      shift_id: input.shiftId,
      cashier_id: options.cashierId,
      created_at: checked.createdAt.toISOString(),
      received_at: options.now.toISOString(),
      business_date: checked.businessDate,
      entry_date: posting.entryDate,
      period: posting.period,
      late: posting.late,
      offline: checked.offline,
      subtotal: subtotal.toFixed(2),
      discount: checked.saleDiscount.toFixed(2),
      total: total.toFixed(2),
      change: change.toFixed(2),
      approved_by: approvedBy,
      entry_id: entry.row.id,
      content_hash: checked.hash,
      register_receipt_number: checked.receiptNumber,
    },
    lines: lines.map((line) => ({
      line_no: line.lineNo,
      register_id: input.registerId,
      product_id: line.productId,
      business_date: checked.businessDate,
      sku: line.sku,
      name: line.name,
      name_en: line.nameEn,
      category: line.category,
      unit: line.unit,
      quantity: line.quantity.toFixed(3),
      unit_price: line.unitPrice.toFixed(2),
      gross: line.gross.toFixed(2),
      discount: line.discount.toFixed(2),
      total: line.total.toFixed(2),
      sale_discount_share: line.saleDiscountShare.toFixed(2),
      net: line.net.toFixed(2),
    })),
    tenders: tenders.map((tender) => ({
      tender_no: tender.tenderNo,
      register_id: input.registerId,
      method: tender.method,
      account_code: tender.account,
      amount: tender.amount.toFixed(2),
      tendered: tender.tendered?.toFixed(2) ?? null,
      change: tender.change?.toFixed(2) ?? null,
      reference: tender.reference,
    })),
    holders: checked.tenders.flatMap((tender, index) =>
      tender.method === 'hardship_voucher' && (tender.voucherNumber || tender.holder)
        ? [
            {
              tender_no: index + 1,
              voucher_number: tender.voucherNumber,
              holder_name: tender.holder?.name ?? null,
              household: tender.holder?.household ?? null,
              phone: tender.holder?.phone ?? null,
              note: tender.holder?.note ?? null,
              recorded_at: options.now.toISOString(),
            },
          ]
        : [],
    ),
    entry: entry.row,
    entryLines: entry.lines,
    ...(voucherTotal.gt(0)
      ? {
          // Voucher sales are rare: serialising them makes the balance check exact among
          // them. An offline one already happened at the counter: it is recorded, and
          // flagged so the accountant sees the fund went below zero.
          voucher: {
            lock: locks.hardshipFund,
            account: TENDER_ACCOUNTS.hardship_voucher,
            total: voucherTotal.toFixed(2),
          },
        }
      : {}),
  };

  return {
    write,
    voucherTotal,
    productNames: new Map([...products.values()].map((product) => [product.id, product.name])),
    result: (outcome) => ({
      id: input.id,
      registerId: input.registerId,
      shiftId: input.shiftId,
      cashierId: options.cashierId,
      receiptNumber: checked.receiptNumber ?? outcome.receiptNumber,
      registerReceiptNumber: checked.receiptNumber,
      serialNumber: outcome.receiptNumber,
      createdAt: checked.createdAt,
      receivedAt: options.now,
      businessDate: checked.businessDate,
      entryDate: posting.entryDate,
      period: posting.period,
      late: posting.late,
      offline: checked.offline,
      oversold: outcome.oversold,
      fundOverdrawn: outcome.fundOverdrawn,
      subtotal,
      discount: checked.saleDiscount,
      total,
      change,
      approvedBy,
      entryId: entry.row.id,
      lines,
      tenders,
    }),
  };
}

/**
 * Writes the sale: with the sales that arrive meanwhile (`xmf_record_sales`), a refused
 * one raised here as it would have been on its own; or by itself in a caller's
 * transaction that does not share sales' statements.
 */
async function writeSale(db: Executor, plan: SalePlan): Promise<WriteOutcome> {
  const groups = groupsFor(db);
  if (groups) {
    const outcome = await groups.writes.submit(plan.write);
    if (outcome.status === 'error') throw refusedWriteError(outcome);
    return outcome;
  }
  const { rows } = await sql<{
    outcome: WriteOutcome;
  }>`SELECT xmf_record_sale(${JSON.stringify(plan.write)}::jsonb) AS outcome`.execute(db);
  const outcome = rows[0]?.outcome;
  assert(outcome, 'xmf_record_sale answers');
  return outcome;
}

/**
 * A refusal the write raised: `sold_out` (the online check, with the product and what
 * remained before this sale), or a rule a journal trigger enforced (`period_closed` when
 * a month close raced the sale).
 */
function refusalFromSaleWrite(error: unknown, plan: SalePlan): Refusal | undefined {
  const { code, constraint, detail } = error as {
    code?: unknown;
    constraint?: unknown;
    detail?: unknown;
  };
  if (code === '23514' && constraint === 'xmf_sold_out' && typeof detail === 'string') {
    const { productId, remaining } = JSON.parse(detail) as { productId: string; remaining: string };
    return new Refusal(
      'sold_out',
      `Only ${D(remaining).toString()} of ${plan.productNames.get(productId) ?? productId} remain.`,
      { productId, remaining: D(remaining).toString() },
    );
  }
  return refusalFromDatabaseError(error);
}

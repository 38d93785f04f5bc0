import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { accountBalance } from '../books/balances.js';
import { businessDate } from '../core/business-time.js';
import { listProducts, type Product } from './catalog.js';
import { checkClientTime, checkIsTime } from './client-time.js';
import type { Database, TenderMethod } from '../schema/database.js';
import { assert, Refusal } from '../core/errors.js';
import { lockFund, lockProductsForDay, lockSaleId } from '../core/advisory-locks.js';
import {
  contentHash,
  ID_TAKEN,
  recordIdempotently,
  type IdempotentRecord,
  type Recorded,
} from '../core/idempotent-write.js';
import { postEntry } from '../books/journal.js';
import { saleLines, TENDER_ACCOUNTS } from '../books/posting-rules.js';
import { D, Money, roundFen, splitByShares, ZERO } from '../core/money.js';
import { ensurePostingDate, withPostingRetry } from '../books/posting-period.js';
import { remainingByProduct } from './production.js';
import { parseAmount, parseQuantity } from './quantity.js';
import {
  getSale,
  type SaleLineRecord,
  type SaleRecord,
  type SaleTenderRecord,
} from './sale-records.js';
import { lockShiftForSelling } from './shifts.js';

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
 * Records a sale and posts its journal entry in one transaction: the sale, its lines
 * priced by the server from the catalog in effect at `createdAt`, its tenders, the voucher
 * holder (privately) and the balanced entry (Dr each tender's account, Cr 5001) — all or
 * nothing. Idempotent on the sale's id: the same content returns the first sale
 * (`created: false`); different content is `idempotency_conflict`. A sale whose month is
 * closed is posted in the first open month and marked late.
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
  // A retry of a sale can race its original: it finds no sale, then the original commits
  // and takes the last buns, so the retry is refused (sold_out, or shift_not_open after
  // a close). recordIdempotently answers it with the sale that exists by then.
  const { result, created } = await recordIdempotently(
    db,
    saleRecord(options.sale.id, checked.hash),
    (trx, replay) => postCheckedSale(trx, options, checked, replay),
    { run: withPostingRetry },
  );
  return { sale: result, created };
}

/** Refuses a receipt number that another sale of the same register already carries. */
async function refuseTakenReceiptNumber(
  trx: Transaction<Database>,
  input: SaleInput,
  checked: CheckedSale,
): Promise<void> {
  const holder = await trx
    .selectFrom('sales')
    .select(['id'])
    .where('register_id', '=', input.registerId)
    .where('register_receipt_number', '=', checked.receiptNumber)
    .where('id', '<>', input.id)
    .executeTakeFirst();
  if (holder) {
    throw new Refusal(
      'receipt_number_taken',
      `Register ${input.registerId} already has a sale numbered ${checked.receiptNumber ?? ''}.`,
      { registerId: input.registerId, receiptNumber: checked.receiptNumber, saleId: holder.id },
    );
  }
}

/** Writes a sale whose id is not yet taken (recordIdempotently has replayed any that was). */
async function postCheckedSale(
  trx: Transaction<Database>,
  options: PostSaleOptions,
  checked: CheckedSale,
  replay: () => Promise<Recorded<SaleRecord> | undefined>,
): Promise<Recorded<SaleRecord> | typeof ID_TAKEN> {
  const { sale: input } = options;
  // First, so that a copy of this sale sent at the same time waits for the original and
  // replays it, instead of being refused by a check that the original's lines changed.
  await lockSaleId(trx, input.id);
  const again = await replay();
  if (again) return again;

  if (checked.receiptNumber !== null) await refuseTakenReceiptNumber(trx, input, checked);

  const shift = await lockShiftForSelling(trx, {
    shiftId: input.shiftId,
    registerId: input.registerId,
    userId: options.cashierId,
    mayUseOthersShift: false,
  });
  await checkClientTime(trx, {
    code: 'sale_time_invalid',
    field: 'createdAt',
    at: checked.createdAt,
    now: options.now,
    timeZone: options.timeZone,
    notBefore: { at: shift.openedAt, what: 'the shift opened' },
  });

  // --- Price the lines from the catalog in effect at the sale's time ------------------
  const productIds = [...new Set(checked.lines.map((line) => line.productId))];
  const products = new Map<string, Product>(
    (
      await listProducts(trx, { at: checked.createdAt, ids: productIds, includeInactive: true })
    ).map((p) => [p.id, p]),
  );
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
  let fundOverdrawn = false;
  if (voucherTotal.gt(0)) {
    // Voucher sales are rare: serialising them makes the balance check exact among them.
    await lockFund(trx, 'hardship');
    const balance = await accountBalance(trx, TENDER_ACCOUNTS.hardship_voucher);
    // An offline sale already happened at the counter: it is recorded, and flagged so that
    // the accountant sees the fund went below zero (GET /api/reports/attention).
    if (balance.lt(voucherTotal) && checked.offline) fundOverdrawn = true;
    else if (balance.lt(voucherTotal)) {
      throw new Refusal(
        'hardship_fund_insufficient',
        `The hardship fund holds ${balance.toFixed(2)}, not enough for vouchers of ${voucherTotal.toFixed(2)}.`,
        { balance: balance.toFixed(2), vouchers: voucherTotal.toFixed(2) },
      );
    }
  }

  // --- What remains of today's production ------------------------------------------------
  const wanted = new Map<string, Money>();
  for (const line of lines)
    wanted.set(line.productId, (wanted.get(line.productId) ?? ZERO).plus(line.quantity));
  // Offline, the sale already happened: it is recorded whatever remains, and flagged.
  // Online, what remains is checked exactly at the end, under a lock (soldOutCheck).
  let oversold = false;
  if (checked.offline) {
    const remaining = await remainingByProduct(trx, { date: checked.businessDate, productIds });
    for (const [productId, quantity] of wanted) {
      const left = remaining.get(productId);
      if (left && quantity.gt(left.remaining)) oversold = true;
    }
  }

  // --- Write it all ----------------------------------------------------------------------
  const posting = await ensurePostingDate(trx, checked.businessDate);
  const entryId = randomUUID();
  const change = checked.tenders.reduce((sum, tender) => sum.plus(tender.change ?? ZERO), ZERO);
  const inserted = await trx
    .insertInto('sales')
    .values({
      id: input.id,
      register_id: input.registerId,
      shift_id: input.shiftId,
      cashier_id: options.cashierId,
      created_at: checked.createdAt,
      received_at: options.now,
      business_date: checked.businessDate,
      entry_date: posting.entryDate,
      period: posting.period,
      late: posting.late,
      offline: checked.offline,
      oversold,
      fund_overdrawn: fundOverdrawn,
      subtotal: subtotal.toFixed(2),
      discount: checked.saleDiscount.toFixed(2),
      total: total.toFixed(2),
      change: change.toFixed(2),
      approved_by: approvedBy,
      entry_id: entryId,
      content_hash: checked.hash,
      register_receipt_number: checked.receiptNumber,
    })
    // A concurrent request with the same id waits here until the other commits, then
    // inserts nothing: it answers with the sale the other one recorded. The same goes for
    // another sale racing for the same receipt number on this register: refused below.
    .onConflict((oc) => oc.doNothing())
    .returning(['receipt_number'])
    .executeTakeFirst();
  if (!inserted) {
    // Taken by this id (replayed by the caller) or by another sale's receipt number.
    const raced = await saleRecord(input.id, checked.hash).find(trx);
    if (!raced) await refuseTakenReceiptNumber(trx, input, checked);
    assert(raced, 'a sale that conflicted on its id or its receipt number exists');
    return ID_TAKEN;
  }
  await trx
    .insertInto('sale_lines')
    .values(
      lines.map((line) => ({
        sale_id: input.id,
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
    )
    .execute();
  const tenders: SaleTenderRecord[] = checked.tenders.map((tender, index) => ({
    tenderNo: index + 1,
    method: tender.method,
    account: TENDER_ACCOUNTS[tender.method],
    amount: tender.amount,
    tendered: tender.tendered,
    change: tender.change,
    reference: tender.reference,
  }));
  await trx
    .insertInto('sale_tenders')
    .values(
      tenders.map((tender) => ({
        sale_id: input.id,
        tender_no: tender.tenderNo,
        register_id: input.registerId,
        method: tender.method,
        account_code: tender.account,
        amount: tender.amount.toFixed(2),
        tendered: tender.tendered?.toFixed(2) ?? null,
        change: tender.change?.toFixed(2) ?? null,
        reference: tender.reference,
      })),
    )
    .execute();
  const holders = checked.tenders
    .map((tender, index) => ({ tender, tenderNo: index + 1 }))
    .filter(
      ({ tender }) =>
        tender.method === 'hardship_voucher' && (tender.voucherNumber || tender.holder),
    );
  if (holders.length > 0) {
    await trx
      .insertInto('hardship_voucher_holders')
      .values(
        holders.map(({ tender, tenderNo }) => ({
          sale_id: input.id,
          tender_no: tenderNo,
          voucher_number: tender.voucherNumber,
          holder_name: tender.holder?.name ?? null,
          household: tender.holder?.household ?? null,
          phone: tender.holder?.phone ?? null,
          note: tender.holder?.note ?? null,
          recorded_at: options.now,
        })),
      )
      .execute();
  }

  const entryLines = saleLines({ total, tenders });
  const short = input.id.slice(0, 8);
  await postEntry(trx, {
    id: entryId,
    idempotencyKey: `sale:${input.id}`,
    date: posting.entryDate,
    description: posting.late
      ? `销售 Sale ${short} ${input.registerId} (离线补录 late, ${checked.businessDate})`
      : `销售 Sale ${short} ${input.registerId}`,
    source: 'sale',
    sourceId: input.id,
    postedBy: options.cashierId,
    lines: entryLines,
    // Under the sale's lock, with its row just inserted, its period ensured above and
    // only the fixed tender and revenue accounts: nothing for postEntry to look up.
    checkedByCaller: true,
  });

  if (!checked.offline) await refuseSoldOut(trx, checked.businessDate, wanted, products);

  return {
    created: true,
    result: {
      id: input.id,
      registerId: input.registerId,
      shiftId: input.shiftId,
      cashierId: options.cashierId,
      receiptNumber: checked.receiptNumber ?? inserted.receipt_number,
      registerReceiptNumber: checked.receiptNumber,
      serialNumber: inserted.receipt_number,
      createdAt: checked.createdAt,
      receivedAt: options.now,
      businessDate: checked.businessDate,
      entryDate: posting.entryDate,
      period: posting.period,
      late: posting.late,
      offline: checked.offline,
      oversold,
      fundOverdrawn,
      subtotal,
      discount: checked.saleDiscount,
      total,
      change,
      approvedBy,
      entryId,
      lines,
      tenders,
    },
  };
}

/**
 * An online sale's exact check of what remains, run last, just before COMMIT: the sales
 * of these products that day hold the lock from here to their COMMIT, one after the
 * other, so the count read after it includes every sale committed before — and this
 * sale's own lines, already written. Two sales can no longer both take the last buns, and
 * the lock is held for two statements and the COMMIT, not the whole sale.
 */
async function refuseSoldOut(
  trx: Transaction<Database>,
  date: string,
  wanted: ReadonlyMap<string, Money>,
  products: ReadonlyMap<string, Product>,
): Promise<void> {
  const productIds = [...wanted.keys()];
  await lockProductsForDay(trx, date, productIds);
  const remaining = await remainingByProduct(trx, { date, productIds });
  for (const [productId, quantity] of wanted) {
    const left = remaining.get(productId);
    if (!left || !left.remaining.isNegative()) continue;
    const before = left.remaining.plus(quantity);
    throw new Refusal(
      'sold_out',
      `Only ${before.toString()} of ${products.get(productId)!.name} remain.`,
      { productId, remaining: before.toString() },
    );
  }
}

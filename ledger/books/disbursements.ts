import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { accountBalance } from './balances.js';
import type { Database, FundKey } from '../schema/database.js';
import { assert, Refusal } from '../core/errors.js';
import { lockFund } from '../core/advisory-locks.js';
import type { Executor } from '../core/executor.js';
import { ID_TAKEN, recordIdempotently, type IdempotentRecord } from '../core/idempotent-write.js';
import { postEntry } from './journal.js';
import { disbursementLines, fundTransferLines } from './posting-rules.js';
import { D, isMoneyText, Money } from '../core/money.js';

/** How aid recipients appear anywhere outside the accountant's login. */
export const AID_RECIPIENT_LABEL = { zh: '困难家庭', en: 'individual household' } as const;

export const PAID_FROM_ACCOUNTS = { bank: '1002', cash: '1001' } as const;

export interface AidRecipient {
  name: string;
  household?: string | null | undefined;
  phone?: string | null | undefined;
  idNumber?: string | null | undefined;
  address?: string | null | undefined;
  reason?: string | null | undefined;
}

export interface RecordDisbursementOptions {
  id?: string | undefined;
  fund: 'operations' | 'events' | 'hardship';
  date: string;
  amount: string;
  category: string;
  description: string;
  paidFrom: keyof typeof PAID_FROM_ACCOUNTS;
  /** A payee (e.g. a supplier) for ordinary spending; the private details for aid. */
  recipient?: string | AidRecipient | undefined;
  /** Set only when an admin spends beyond the fund's balance, with a reason. */
  overrideReason?: string | undefined;
  createdBy: string | null;
}

export interface Disbursement {
  id: string;
  fund: FundKey;
  category: string;
  date: string;
  amount: Money;
  paidFrom: string;
  description: string;
  payee: string | null;
  entryId: string;
  overrideReason: string | null;
}

/** A fund's balance now (every posting so far, open months included). */
export async function fundBalance(db: Executor, fund: FundKey): Promise<Money> {
  const row = await db
    .selectFrom('funds')
    .select('account_code')
    .where('key', '=', fund)
    .executeTakeFirstOrThrow();
  return accountBalance(db, row.account_code);
}

/**
 * Spends from a fund: Dr the fund's equity account, Cr bank or cash. For aid, the journal
 * says only "困难家庭" and the category; the recipient's details go to the private
 * `aid_recipients` table. Refused with `fund_insufficient` beyond the fund's balance
 * unless an admin overrides with a reason (the caller decides who may).
 *
 * @example await recordDisbursement(trx, { fund: 'events', date: '2026-10-12', amount: '320.00',
 *   category: 'event_supplies', description: '重阳节活动物资', paidFrom: 'bank', createdBy })
 */
export async function recordDisbursement(
  db: Executor,
  options: RecordDisbursementOptions,
): Promise<{ disbursement: Disbursement; created: boolean }> {
  if (!isMoneyText(options.amount) || !D(options.amount).gt(0)) {
    throw new Refusal('amount_invalid', 'The amount must be positive with at most two decimals.');
  }
  const amount = D(options.amount);
  const id = options.id ?? randomUUID();
  const category = await db
    .selectFrom('disbursement_categories')
    .selectAll()
    .where('key', '=', options.category)
    .executeTakeFirst();
  if (!category || category.fund !== options.fund) {
    throw new Refusal(
      'category_unknown',
      `"${options.category}" is not a spending category of the ${options.fund} fund.`,
    );
  }
  const aid = typeof options.recipient === 'object' ? options.recipient : undefined;
  if (category.is_aid && !aid?.name?.trim()) {
    throw new Refusal(
      'recipient_required',
      'Aid needs the recipient’s details (kept private, never published).',
    );
  }
  if (!category.is_aid && aid) {
    throw new Refusal(
      'invalid_input',
      'Recipient details are only for aid; give a payee name for other spending.',
    );
  }
  const payee = category.is_aid
    ? null
    : typeof options.recipient === 'string'
      ? options.recipient.trim() || null
      : null;
  const description = category.is_aid ? category.name : options.description.trim();
  const paidFrom = PAID_FROM_ACCOUNTS[options.paidFrom];
  // What a replay must repeat. An aid recipient's private details are left out: they may
  // be corrected or erased on request, which must not turn a retry into a conflict.
  const fingerprint = (row: {
    fund: string;
    category: string;
    entry_date: string;
    amount: string;
    paid_from: string;
    description: string;
    payee: string | null;
  }) =>
    JSON.stringify([
      row.fund,
      row.category,
      row.entry_date,
      D(row.amount).toFixed(2),
      row.paid_from,
      row.description,
      row.payee,
    ]);
  const record: IdempotentRecord<DisbursementsRow, Disbursement> = {
    noun: 'disbursement',
    id,
    fingerprint: fingerprint({
      fund: options.fund,
      category: options.category,
      entry_date: options.date,
      amount: amount.toFixed(2),
      paid_from: paidFrom,
      description,
      payee,
    }),
    find: (executor) =>
      executor.selectFrom('disbursements').selectAll().where('id', '=', id).executeTakeFirst(),
    fingerprintOf: fingerprint,
    resultOf: toDisbursement,
  };

  const { result, created } = await recordIdempotently(db, record, async (trx, replay) => {
    await lockFund(trx, options.fund);
    // A same-id request that held the fund's lock before us has committed by now.
    const replayed = await replay();
    if (replayed) return replayed;
    const balance = await fundBalance(trx, options.fund);
    let overrideReason: string | null = null;
    if (amount.gt(balance)) {
      if (!options.overrideReason?.trim()) {
        throw new Refusal(
          'fund_insufficient',
          `The ${options.fund} fund holds ${balance.toFixed(2)}, less than ${amount.toFixed(2)}.`,
          {
            balance: balance.toFixed(2),
            amount: amount.toFixed(2),
          },
        );
      }
      overrideReason = options.overrideReason.trim();
    }
    const fund = await trx
      .selectFrom('funds')
      .select(['account_code', 'name'])
      .where('key', '=', options.fund)
      .executeTakeFirstOrThrow();
    // For aid the accountant's words may name the family; the journal gets a generic line.
    const journalDescription = category.is_aid
      ? `${category.name}（${AID_RECIPIENT_LABEL.zh}）`
      : `${fund.name}支出：${options.description.trim()}`.slice(0, 500);

    const { entry } = await postEntry(trx, {
      idempotencyKey: `disbursement:${id}`,
      date: options.date,
      description: journalDescription,
      source: 'disbursement',
      sourceId: id,
      postedBy: options.createdBy,
      lines: disbursementLines({
        fundAccount: fund.account_code,
        paidFrom,
        amount,
        category: category.name,
      }),
    });
    const inserted = await trx
      .insertInto('disbursements')
      .values({
        id,
        fund: options.fund,
        category: options.category,
        entry_date: options.date,
        amount: amount.toFixed(2),
        paid_from: paidFrom,
        description,
        payee,
        entry_id: entry.id,
        override_reason: overrideReason,
        created_by: options.createdBy,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return ID_TAKEN;
    if (aid) {
      await trx
        .insertInto('aid_recipients')
        .values({
          disbursement_id: id,
          name: aid.name.trim(),
          household: aid.household ?? null,
          phone: aid.phone ?? null,
          id_number: aid.idNumber ?? null,
          address: aid.address ?? null,
          reason: aid.reason ?? null,
          private_note: options.description.trim(),
        })
        .execute();
    }
    const stored = await trx
      .selectFrom('disbursements')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { result: toDisbursement(stored), created: true };
  });
  return { disbursement: result, created };
}

type DisbursementsRow = Selectable<Database['disbursements']>;

function toDisbursement(row: {
  id: string;
  fund: FundKey;
  category: string;
  entry_date: string;
  amount: string;
  paid_from: string;
  description: string;
  payee: string | null;
  entry_id: string;
  override_reason: string | null;
}): Disbursement {
  return {
    id: row.id,
    fund: row.fund,
    category: row.category,
    date: row.entry_date,
    amount: D(row.amount),
    paidFrom: row.paid_from,
    description: row.description,
    payee: row.payee,
    entryId: row.entry_id,
    overrideReason: row.override_reason,
  };
}

export interface TransferOptions {
  id?: string | undefined;
  fromFund: 'operations' | 'events' | 'hardship';
  toFund: 'operations' | 'events' | 'hardship';
  date: string;
  amount: string;
  reason: string;
  createdBy: string | null;
}

export interface FundTransfer {
  id: string;
  fromFund: FundKey;
  toFund: FundKey;
  date: string;
  amount: Money;
  reason: string;
  entryId: string;
}

type FundTransfersRow = Selectable<Database['fund_transfers']>;

/**
 * Moves money between funds by a board decision: Dr the source fund, Cr the target.
 * Refused beyond the source fund's balance. Idempotent on the id like a disbursement.
 *
 * @example await transferBetweenFunds(trx, { fromFund: 'operations', toFund: 'hardship',
 *   date: '2026-10-20', amount: '500.00', reason: '理事会决议 2026-07', createdBy })
 */
export async function transferBetweenFunds(
  db: Executor,
  options: TransferOptions,
): Promise<{ transfer: FundTransfer; created: boolean }> {
  if (options.fromFund === options.toFund)
    throw new Refusal('invalid_input', 'A transfer needs two different funds.');
  if (!isMoneyText(options.amount) || !D(options.amount).gt(0)) {
    throw new Refusal('amount_invalid', 'The amount must be positive with at most two decimals.');
  }
  const reason = options.reason.trim();
  if (!reason) throw new Refusal('invalid_input', 'A transfer between funds needs a reason.');
  const amount = D(options.amount);
  const id = options.id ?? randomUUID();
  const fingerprint = (row: {
    from_fund: string;
    to_fund: string;
    entry_date: string;
    amount: string;
    reason: string;
  }) =>
    JSON.stringify([
      row.from_fund,
      row.to_fund,
      row.entry_date,
      D(row.amount).toFixed(2),
      row.reason,
    ]);
  const record: IdempotentRecord<FundTransfersRow, FundTransfer> = {
    noun: 'transfer',
    id,
    fingerprint: fingerprint({
      from_fund: options.fromFund,
      to_fund: options.toFund,
      entry_date: options.date,
      amount: amount.toFixed(2),
      reason,
    }),
    find: (executor) =>
      executor.selectFrom('fund_transfers').selectAll().where('id', '=', id).executeTakeFirst(),
    fingerprintOf: fingerprint,
    resultOf: toFundTransfer,
  };
  const { result, created } = await recordIdempotently(db, record, async (trx, replay) => {
    await lockFund(trx, options.fromFund);
    const replayed = await replay();
    if (replayed) return replayed;
    const balance = await fundBalance(trx, options.fromFund);
    if (amount.gt(balance)) {
      throw new Refusal(
        'fund_insufficient',
        `The ${options.fromFund} fund holds ${balance.toFixed(2)}, less than ${amount.toFixed(2)}.`,
      );
    }
    const funds = await trx.selectFrom('funds').select(['key', 'account_code', 'name']).execute();
    const from = funds.find((fund) => fund.key === options.fromFund);
    const to = funds.find((fund) => fund.key === options.toFund);
    assert(from && to, 'both funds of a transfer exist');
    const { entry } = await postEntry(trx, {
      idempotencyKey: `transfer:${id}`,
      date: options.date,
      description: `基金调拨：${from.name} → ${to.name}（${reason}）`.slice(0, 500),
      source: 'transfer',
      sourceId: id,
      postedBy: options.createdBy,
      lines: fundTransferLines({
        fromAccount: from.account_code,
        toAccount: to.account_code,
        amount,
      }),
    });
    const inserted = await trx
      .insertInto('fund_transfers')
      .values({
        id,
        from_fund: options.fromFund,
        to_fund: options.toFund,
        entry_date: options.date,
        amount: amount.toFixed(2),
        reason,
        entry_id: entry.id,
        created_by: options.createdBy,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return ID_TAKEN;
    return { result: toFundTransfer(inserted), created: true };
  });
  return { transfer: result, created };
}

function toFundTransfer(row: FundTransfersRow): FundTransfer {
  return {
    id: row.id,
    fromFund: row.from_fund,
    toFund: row.to_fund,
    date: row.entry_date,
    amount: D(row.amount),
    reason: row.reason,
    entryId: row.entry_id,
  };
}

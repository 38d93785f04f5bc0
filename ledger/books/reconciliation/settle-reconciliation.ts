import { sql } from 'kysely';
import { Refusal } from '../../core/errors.js';
import { inTransaction, type Executor } from '../../core/executor.js';
import { postEntry, type PostedEntry } from '../journal.js';
import { D } from '../../core/money.js';
import { BANK_ACCOUNT } from './bill.js';
import { reconciledSettlementLines } from '../posting-rules.js';

export interface SettleOptions {
  importId: string;
  /** The settlement entry's id, chosen by the client: a retry never posts twice. */
  entryId: string;
  /** The date the money reached the bank. */
  date: string;
  /** 银行存款 or one of its sub-accounts. */
  bankAccount?: string | undefined;
  settledBy: string | null;
  now: Date;
}

const PROVIDER_NAMES = { wechat: '微信支付', alipay: '支付宝' } as const;

/**
 * Settles an import's matched rows to the bank in ONE balanced entry: Dr 银行存款 the net
 * paid out, Dr 支付手续费 the fees, Cr the clearing account the matched amounts (refunds
 * netted), so the clearing account's balance for those rows becomes zero. Rows only in
 * the bill are not settled: they wait for the accountant (record the missing sale, or a
 * journal entry). Idempotent on `entryId`: the same id again returns the same entry; an
 * import already settled under another id is `reconciliation_settled`.
 *
 * @example await settleReconciliation(trx, { importId, entryId: randomUUID(), date: '2026-11-04', settledBy, now })
 */
export async function settleReconciliation(
  db: Executor,
  options: SettleOptions,
): Promise<{ entry: PostedEntry; created: boolean }> {
  const bankAccount = options.bankAccount ?? BANK_ACCOUNT;
  if (bankAccount !== BANK_ACCOUNT && !bankAccount.startsWith(`${BANK_ACCOUNT}.`)) {
    throw new Refusal(
      'invalid_input',
      `The bank account must be ${BANK_ACCOUNT} 银行存款 or one of its sub-accounts.`,
    );
  }
  return inTransaction(db, async (trx) => {
    const found = await trx
      .selectFrom('reconciliation_imports')
      .selectAll()
      .where('id', '=', options.importId)
      .forUpdate()
      .executeTakeFirst();
    if (!found) throw new Refusal('not_found', `There is no reconciliation ${options.importId}.`);
    if (found.settlement_entry_id && found.settlement_entry_id !== options.entryId) {
      throw new Refusal(
        'reconciliation_settled',
        'This bill was already settled by another entry.',
        {
          entryId: found.settlement_entry_id,
        },
      );
    }
    const totals = await trx
      .selectFrom('reconciliation_matches as m')
      .innerJoin('reconciliation_bill_rows as r', (join) =>
        join.onRef('r.import_id', '=', 'm.import_id').onRef('r.row_no', '=', 'm.row_no'),
      )
      .select([
        sql<string>`count(*)`.as('count'),
        sql<string>`coalesce(sum(r.amount), 0)`.as('amount'),
        sql<string>`coalesce(sum(r.fee), 0)`.as('fee'),
      ])
      .where('m.import_id', '=', options.importId)
      .executeTakeFirstOrThrow();
    const amount = D(totals.amount);
    const fee = D(totals.fee);
    if (BigInt(totals.count) === 0n || (amount.isZero() && fee.isZero())) {
      throw new Refusal(
        'nothing_to_settle',
        'No row of this bill matched a recorded sale or refund.',
      );
    }
    if (!found.settlement_entry_id) {
      const taken = await trx
        .selectFrom('journal_entries')
        .select('id')
        .where('id', '=', options.entryId)
        .executeTakeFirst();
      if (taken) {
        throw new Refusal(
          'idempotency_conflict',
          `The entry id ${options.entryId} is already used by another entry.`,
        );
      }
    }
    const provider = PROVIDER_NAMES[found.provider];
    const period =
      found.from_date === found.to_date ? found.from_date : `${found.from_date}–${found.to_date}`;
    const { entry, created } = await postEntry(trx, {
      id: options.entryId,
      idempotencyKey: `reconciliation:${options.importId}`,
      date: options.date,
      description: `${provider}结算到账 ${period}（对账 ${totals.count} 笔）Settlement of the reconciled bill`,
      source: 'manual',
      sourceId: options.importId,
      postedBy: options.settledBy,
      lines: reconciledSettlementLines({
        bankAccount,
        clearingAccount: found.clearing_account,
        amount,
        fee,
        memos: {
          net: `${provider}结算净额 Net paid out`,
          fee: `${provider}手续费 Fees`,
          clearing: `对账单 ${found.file_name}`.slice(0, 500),
        },
      }),
    });
    if (!found.settlement_entry_id) {
      await trx
        .updateTable('reconciliation_imports')
        .set({
          settlement_entry_id: entry.id,
          settled_by: options.settledBy,
          settled_at: options.now,
        })
        .where('id', '=', options.importId)
        .execute();
    }
    return { entry, created };
  });
}

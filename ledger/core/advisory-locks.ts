import { sql } from 'kysely';
import type { FundKey } from '../schema/database.js';
import type { Executor } from './executor.js';

/**
 * Every transaction-scoped advisory lock the ledger takes, by name, in one place: two
 * code paths that must take turns take the same lock only if they spell it the same way,
 * so nothing else spells one. Each lock is released when its transaction ends.
 */
const lockName = {
  fund: (fund: FundKey) => `fund:${fund}`,
  zReportNumber: () => 'z_report_number',
  cashierRefunds: (userId: string) => `refund-limit:${userId}`,
  sale: (saleId: string) => `sale:${saleId}`,
};

async function lock(trx: Executor, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}

/**
 * Serialises everything that checks a fund's balance before drawing on it, so two
 * spendings cannot both pass the check: disbursements and transfers
 * (ledger/disbursements.ts), and hardship-voucher sales at the counter (ledger/post-sale.ts).
 */
export function lockFund(trx: Executor, fund: FundKey): Promise<void> {
  return lock(trx, lockName.fund(fund));
}

/** Serialises Z report numbering, so numbers are max + 1 without gaps (ledger/z-report.ts). */
export function lockZReportNumbers(trx: Executor): Promise<void> {
  return lock(trx, lockName.zReportNumber());
}

/** One cashier's refunds take turns, so two cannot both slip under the daily limit. */
export function lockCashierRefunds(trx: Executor, userId: string): Promise<void> {
  return lock(trx, lockName.cashierRefunds(userId));
}

/** The locks a sale takes, by name, for `xmf_record_sale` (migrations/0013) to take. */
export interface SaleLockNames {
  /**
   * Serialises requests carrying the same sale id. Taken first, before the replay check,
   * so that a copy of a sale waits for its original to commit (or roll back) and then
   * replays it — never refused by a check (sold_out) that saw the original's effect
   * half-way.
   */
  sale: string;
  /** The hardship fund's lock, the same as `lockFund(trx, 'hardship')`. */
  hardshipFund: string;
}

/** The names of the locks a sale takes; the function takes them in its transaction. */
export function saleLockNames(saleId: string): SaleLockNames {
  return { sale: lockName.sale(saleId), hardshipFund: lockName.fund('hardship') };
}

import { randomUUID } from 'node:crypto';
import { ALLOCATION_FUNDS, ruleForPeriod, type AllocationFund } from './allocation-rules.js';
import { accountBalance, accountTotals } from './balances.js';
import { periodBounds, periodHasEnded } from '../core/business-time.js';
import { periodDigest, sha256Hex } from './digest.js';
import { assert, Refusal } from '../core/errors.js';
import type { Executor } from '../core/executor.js';
import { postEntry } from './journal.js';
import {
  allocationLines,
  closingLines,
  deficitCover,
  UNALLOCATED_ACCOUNT,
} from './posting-rules.js';
import { D, Money, splitByShares, ZERO } from '../core/money.js';

export interface ClosePeriodOptions {
  period: string;
  closedBy: string | null;
  now: Date;
  timeZone: string;
  /**
   * How many shifts opened in the month are still open. The books know nothing of
   * shifts (a lint rule keeps books/ from importing selling/), so the caller passes the
   * count in — the server passes `countOpenShiftsIn` from ledger/selling/shifts.ts.
   */
  openShiftsIn: (trx: Executor, period: string) => Promise<number>;
}

export interface CloseResult {
  closeId: string;
  period: string;
  /** Revenue − expenses of the month; negative is a deficit. */
  surplus: Money;
  /** The deficit of earlier months that this surplus had to cover first. */
  deficitCarriedIn: Money;
  /** What was allocated: max(0, surplus − deficit carried in). */
  allocable: Money;
  /** The deficit carried on to later months after this close. */
  deficitCarriedOut: Money;
  rule: { id: string; effectiveFrom: string } | null;
  allocation: { fund: AllocationFund; percent: Money; amount: Money }[];
  closingEntryId: string | null;
  allocationEntryId: string | null;
  digest: string;
  entryCount: number;
  closedAt: Date;
}

/**
 * Closes a month, all or nothing, inside the caller's transaction: closes revenue and
 * expenses into 本年利润, covers any deficit carried forward, allocates the rest to the
 * funds by the rule in force (largest remainder, to the fen), locks the month and stores
 * its digest. Each precondition has its own refusal code.
 *
 * @example const result = await closePeriod(trx, { period: '2026-10', closedBy, now: new Date(), timeZone: 'Asia/Shanghai', openShiftsIn: countOpenShiftsIn });
 */
export async function closePeriod(
  trx: Executor,
  options: ClosePeriodOptions,
): Promise<CloseResult> {
  const { period } = options;
  assert(trx.isTransaction, 'closePeriod runs inside the caller’s transaction');
  if (!periodHasEnded(period, options.now, options.timeZone)) {
    throw new Refusal(
      'period_not_ended',
      `The month ${period} has not ended yet (time zone ${options.timeZone}).`,
    );
  }
  await trx
    .insertInto('periods')
    .values({ period, closed_by: null, closed_at: null, digest: null, entry_count: null })
    .onConflict((oc) => oc.column('period').doNothing())
    .execute();
  // The exclusive row lock waits for postings in flight (they hold it FOR SHARE) and keeps
  // new ones out until this transaction ends.
  const row = await trx
    .selectFrom('periods')
    .select(['status'])
    .where('period', '=', period)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.status === 'closed')
    throw new Refusal('period_closed', `The month ${period} is already closed.`);
  const later = await trx
    .selectFrom('periods')
    .select('period')
    .where('status', '=', 'closed')
    .where('period', '>', period)
    .executeTakeFirst();
  if (later)
    throw new Refusal(
      'period_closed',
      `The later month ${later.period} is closed, so ${period} is closed too.`,
    );

  const earlierOpen = await trx
    .selectFrom('periods as p')
    .select('p.period')
    .where('p.period', '<', period)
    .where('p.status', '=', 'open')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('journal_entries as e').select('e.id').whereRef('e.period', '=', 'p.period'),
      ),
    )
    .orderBy('p.period')
    .executeTakeFirst();
  if (earlierOpen) {
    throw new Refusal(
      'earlier_period_open',
      `Close ${earlierOpen.period} first: every earlier month with entries must be closed.`,
      {
        period: earlierOpen.period,
      },
    );
  }
  const openShifts = await options.openShiftsIn(trx, period);
  if (openShifts > 0) {
    throw new Refusal(
      'shifts_open',
      `${openShifts} shift(s) opened in ${period} are still open; close them first.`,
      { openShifts },
    );
  }

  const closeId = randomUUID();
  const { last } = periodBounds(period);
  const closedAt = options.now;

  // 1. Close revenue and expense accounts into 本年利润.
  const totals = await accountTotals(trx, { period });
  const resultAccounts = await trx
    .selectFrom('accounts')
    .select(['code', 'type'])
    .where('type', 'in', ['revenue', 'expense'])
    .execute();
  const closing = closingLines({
    resultAccounts: resultAccounts.map((account) => account.code),
    totals,
  });
  const { surplus } = closing;
  let closingEntryId: string | null = null;
  if (closing.lines.length > 0) {
    const { entry } = await postEntry(trx, {
      idempotencyKey: `close:${period}:${closeId}`,
      date: last,
      description: `${period} 月末结转损益 Month-end close of revenue and expenses`,
      source: 'close',
      sourceId: closeId,
      postedBy: options.closedBy,
      lines: closing.lines,
    });
    closingEntryId = entry.id;
  }

  // 2. Cover a deficit carried forward, then allocate what is left by the rule.
  const unallocated = await accountBalance(trx, UNALLOCATED_ACCOUNT, { upToPeriod: period });
  const deficitCarriedIn = unallocated.lt(0) ? unallocated.neg() : ZERO;
  const rule = await ruleForPeriod(trx, period);
  assert(rule, 'a default allocation rule always exists');
  let allocable = ZERO;
  let allocation: CloseResult['allocation'] = ALLOCATION_FUNDS.map((fund) => ({
    fund,
    percent: rule.shares.find((share) => share.fund === fund)?.percent ?? ZERO,
    amount: ZERO,
  }));
  const allocatedParts: { account: string; amount: Money; percent: Money }[] = [];
  if (surplus.gt(0)) {
    allocable = surplus.minus(deficitCover(surplus, deficitCarriedIn));
    if (allocable.gt(0)) {
      const parts = splitByShares(
        allocable,
        rule.shares.map((share) => ({ key: share.fund, weight: share.percent })),
        (fund) => sha256Hex(`${period}:${fund}`),
      );
      allocation = allocation.map((item) => ({ ...item, amount: parts.get(item.fund) ?? ZERO }));
      const funds = await trx.selectFrom('funds').select(['key', 'account_code']).execute();
      for (const item of allocation) {
        if (item.amount.isZero()) continue;
        const account = funds.find((fund) => fund.key === item.fund)?.account_code;
        assert(account, `fund ${item.fund} has an account`);
        allocatedParts.push({ account, amount: item.amount, percent: item.percent });
      }
    }
  }
  const allocationEntryLines = allocationLines({
    surplus,
    deficitCarriedIn,
    parts: allocatedParts,
  });
  let allocationEntryId: string | null = null;
  if (allocationEntryLines.length > 0) {
    const { entry } = await postEntry(trx, {
      idempotencyKey: `allocation:${period}:${closeId}`,
      date: last,
      description: surplus.gt(0)
        ? `${period} 盈余分配 Allocation of the surplus`
        : `${period} 亏损结转 Deficit carried forward`,
      source: 'allocation',
      sourceId: closeId,
      postedBy: options.closedBy,
      lines: allocationEntryLines,
    });
    allocationEntryId = entry.id;
  }

  // 3. Lock the month and store its digest.
  const { digest, entryCount } = await periodDigest(trx, period);
  await trx
    .updateTable('periods')
    .set({
      status: 'closed',
      closed_by: options.closedBy,
      closed_at: closedAt,
      digest,
      entry_count: entryCount,
    })
    .where('period', '=', period)
    .execute();
  const deficitCarriedOut = surplus.gt(0)
    ? deficitCarriedIn.minus(Money.min(surplus, deficitCarriedIn))
    : deficitCarriedIn.plus(surplus.neg());
  await trx
    .insertInto('period_closes')
    .values({
      id: closeId,
      period,
      surplus: surplus.toFixed(2),
      deficit_carried_in: deficitCarriedIn.toFixed(2),
      allocable: allocable.toFixed(2),
      rule_id: rule.id,
      closing_entry_id: closingEntryId,
      allocation_entry_id: allocationEntryId,
      digest,
      entry_count: entryCount,
      closed_by: options.closedBy,
      closed_at: closedAt,
      reopened_by: null,
      reopened_at: null,
      reopen_reason: null,
    })
    .execute();
  await trx
    .insertInto('period_close_allocations')
    .values(
      allocation.map((item) => ({
        close_id: closeId,
        fund: item.fund,
        percent: item.percent.toString(),
        amount: item.amount.toFixed(2),
      })),
    )
    .execute();

  return {
    closeId,
    period,
    surplus,
    deficitCarriedIn,
    allocable,
    deficitCarriedOut,
    rule: { id: rule.id, effectiveFrom: rule.effectiveFrom },
    allocation,
    closingEntryId,
    allocationEntryId,
    digest,
    entryCount,
    closedAt,
  };
}

/** The amounts of a close, read back for reports and statements. */
export async function activeClose(db: Executor, period: string) {
  const row = await db
    .selectFrom('period_closes')
    .selectAll()
    .where('period', '=', period)
    .where('reopened_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const allocations = await db
    .selectFrom('period_close_allocations')
    .selectAll()
    .where('close_id', '=', row.id)
    .execute();
  return {
    closeId: row.id,
    period: row.period,
    surplus: D(row.surplus),
    deficitCarriedIn: D(row.deficit_carried_in),
    allocable: D(row.allocable),
    ruleId: row.rule_id,
    closingEntryId: row.closing_entry_id,
    allocationEntryId: row.allocation_entry_id,
    digest: row.digest,
    entryCount: row.entry_count,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    allocation: ALLOCATION_FUNDS.map((fund) => {
      const item = allocations.find((candidate) => candidate.fund === fund);
      return { fund, percent: D(item?.percent ?? '0'), amount: D(item?.amount ?? '0') };
    }),
  };
}

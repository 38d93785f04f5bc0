import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ALLOCATION_FUNDS, ruleForPeriod, type AllocationFund } from './allocation-rules.js';
import { accountBalance, accountTotals, trialBalance } from './balances.js';
import { periodBounds, periodHasEnded } from '../core/business-time.js';
import { clearingBalances, type ClearingBalance } from './clearing-balances.js';
import type { Database } from '../schema/database.js';
import { periodDigest, sha256Hex } from './digest.js';
import { assert, Refusal } from '../core/errors.js';
import type { Executor } from '../core/executor.js';
import { postEntry } from './journal.js';
import {
  allocationLines as allocationEntryLines,
  closingLines as closingEntryLines,
  deficitCover,
  UNALLOCATED_ACCOUNT,
} from './posting-rules.js';
import { D, Money, splitByShares, ZERO } from '../core/money.js';

export { PROFIT_ACCOUNT, UNALLOCATED_ACCOUNT } from './posting-rules.js';

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
 * @example const result = await closePeriod(trx, { period: '2026-10', closedBy, now: new Date(), timeZone: 'Asia/Shanghai' });
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

  const [earlierOpen] = await earlierOpenPeriods(trx, period);
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
  const closing = closingEntryLines({
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
  const split = allocateSurplus({ period, surplus, deficitCarriedIn, rule });
  const { allocable, allocation } = split;
  const allocatedParts: { account: string; amount: Money; percent: Money }[] = [];
  if (allocable.gt(0)) {
    const funds = await trx.selectFrom('funds').select(['key', 'account_code']).execute();
    for (const item of allocation) {
      if (item.amount.isZero()) continue;
      const account = funds.find((fund) => fund.key === item.fund)?.account_code;
      assert(account, `fund ${item.fund} has an account`);
      allocatedParts.push({ account, amount: item.amount, percent: item.percent });
    }
  }
  const allocationLines = allocationEntryLines({
    surplus,
    deficitCarriedIn,
    parts: allocatedParts,
  });
  let allocationEntryId: string | null = null;
  if (allocationLines.length > 0) {
    const { entry } = await postEntry(trx, {
      idempotencyKey: `allocation:${period}:${closeId}`,
      date: last,
      description: surplus.gt(0)
        ? `${period} 盈余分配 Allocation of the surplus`
        : `${period} 亏损结转 Deficit carried forward`,
      source: 'allocation',
      sourceId: closeId,
      postedBy: options.closedBy,
      lines: allocationLines,
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
  const { deficitCarriedOut } = split;
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
  // 4. Keep the month's balances, closing and allocation entries included: while this
  // close is in force, trial balances read them instead of the month's lines (0014 checks
  // at commit that they equal the lines; a reopen marks the close, and they stop counting).
  await trx
    .insertInto('period_close_balances')
    .columns(['close_id', 'period', 'account_code', 'debit', 'credit'])
    .expression(
      trx
        .selectFrom('journal_lines')
        .select([
          sql<string>`${closeId}::uuid`.as('close_id'),
          'period',
          'account_code',
          sql<string>`sum(debit)`.as('debit'),
          sql<string>`sum(credit)`.as('credit'),
        ])
        .where('period', '=', period)
        .groupBy(['period', 'account_code']),
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

export interface SurplusSplit {
  /** The part of the surplus that covers the deficit carried in. */
  cover: Money;
  /** What the funds receive: max(0, surplus − deficit carried in). */
  allocable: Money;
  /** The deficit carried on after this month. */
  deficitCarriedOut: Money;
  allocation: { fund: AllocationFund; percent: Money; amount: Money }[];
}

/**
 * How a month's surplus is used, by the rule: first it covers the deficit carried in,
 * then what is left is split among the funds by the rule's percentages (largest
 * remainder, to the fen, ties broken by a hash of the period and fund). A deficit adds to
 * the deficit carried. The month close posts exactly this; the dashboard projects it.
 *
 * @example allocateSurplus({ period: '2027-03', surplus: D('1000'), deficitCarriedIn: D('300'), rule }).allocable // 700
 */
export function allocateSurplus(options: {
  period: string;
  surplus: Money;
  deficitCarriedIn: Money;
  rule: { shares: readonly { fund: AllocationFund; percent: Money }[] };
}): SurplusSplit {
  const { period, surplus, deficitCarriedIn, rule } = options;
  let allocation = ALLOCATION_FUNDS.map((fund) => ({
    fund,
    percent: rule.shares.find((share) => share.fund === fund)?.percent ?? ZERO,
    amount: ZERO,
  }));
  if (!surplus.gt(0)) {
    return {
      cover: ZERO,
      allocable: ZERO,
      deficitCarriedOut: deficitCarriedIn.plus(surplus.neg()),
      allocation,
    };
  }
  const cover = deficitCover(surplus, deficitCarriedIn);
  const allocable = surplus.minus(cover);
  if (allocable.gt(0)) {
    const parts = splitByShares(
      allocable,
      rule.shares.map((share) => ({ key: share.fund, weight: share.percent })),
      (fund) => sha256Hex(`${period}:${fund}`),
    );
    allocation = allocation.map((item) => ({ ...item, amount: parts.get(item.fund) ?? ZERO }));
  }
  return { cover, allocable, deficitCarriedOut: deficitCarriedIn.minus(cover), allocation };
}

/** The months before `period` that have entries and are still open, oldest first. */
function earlierOpenPeriods(db: Executor, period: string) {
  return db
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
    .execute();
}

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

export interface OpenShiftInfo {
  id: string;
  registerId: string;
  cashier: string;
  cashierName: string;
  businessDate: string;
  openedAt: Date;
}

export interface CloseChecklist {
  period: string;
  /** True when every blocking check passes: the close would go ahead. */
  ready: boolean;
  monthEnded: { ok: boolean; blocking: true; timeZone: string };
  periodOpen: {
    ok: boolean;
    blocking: true;
    status: 'open' | 'closed';
    laterClosed: string | null;
  };
  earlierMonthsClosed: { ok: boolean; blocking: true; openPeriods: string[] };
  shiftsClosed: { ok: boolean; blocking: true; openShifts: OpenShiftInfo[] };
  trialBalanceBalanced: { ok: boolean; blocking: true; debit: Money; credit: Money };
  /** Not blocking: money still with WeChat Pay / Alipay at month end is normal; it should be explained. */
  clearingAccounts: { ok: boolean; blocking: false; accounts: ClearingBalance[] };
}

/**
 * The month close's preconditions as a checklist, read without writing or locking: what
 * `closePeriod` would refuse, each with what the accountant needs to fix it (the open
 * shifts with their register and cashier, the earlier months still open), plus what the
 * clearing accounts still hold at month end.
 *
 * @example const checklist = await closeChecklist(db, { period: '2026-10', now, timeZone }); checklist.ready
 */
export async function closeChecklist(
  db: Executor,
  options: { period: string; now: Date; timeZone: string },
): Promise<CloseChecklist> {
  const { period } = options;
  const { first, last } = periodBounds(period);
  const status =
    (
      await db
        .selectFrom('periods')
        .select('status')
        .where('period', '=', period)
        .executeTakeFirst()
    )?.status ?? 'open';
  const later = await db
    .selectFrom('periods')
    .select('period')
    .where('status', '=', 'closed')
    .where('period', '>', period)
    .orderBy('period', 'desc')
    .executeTakeFirst();
  const earlierOpen = await earlierOpenPeriods(db, period);
  const shifts = await db
    .selectFrom('shifts as s')
    .innerJoin('users as u', 'u.id', 's.cashier_id')
    .select([
      's.id',
      's.register_id',
      'u.username',
      'u.display_name',
      's.business_date',
      's.opened_at',
    ])
    .where('s.status', '=', 'open')
    .where('s.business_date', '>=', first)
    .where('s.business_date', '<=', last)
    .orderBy('s.register_id')
    .orderBy('s.opened_at')
    .execute();
  const tb = await trialBalance(db, { period, scope: 'cumulative' });
  const clearing = await clearingBalances(db, { toDate: last });
  const checklist: Omit<CloseChecklist, 'ready'> = {
    period,
    monthEnded: {
      ok: periodHasEnded(period, options.now, options.timeZone),
      blocking: true,
      timeZone: options.timeZone,
    },
    periodOpen: {
      ok: status === 'open' && !later,
      blocking: true,
      status,
      laterClosed: later?.period ?? null,
    },
    earlierMonthsClosed: {
      ok: earlierOpen.length === 0,
      blocking: true,
      openPeriods: earlierOpen.map((row) => row.period),
    },
    shiftsClosed: {
      ok: shifts.length === 0,
      blocking: true,
      openShifts: shifts.map((row) => ({
        id: row.id,
        registerId: row.register_id,
        cashier: row.username,
        cashierName: row.display_name,
        businessDate: row.business_date,
        openedAt: row.opened_at,
      })),
    },
    trialBalanceBalanced: {
      ok: tb.totals.debit.equals(tb.totals.credit),
      blocking: true,
      debit: tb.totals.debit,
      credit: tb.totals.credit,
    },
    clearingAccounts: {
      ok: clearing.every((account) => account.balance.isZero()),
      blocking: false,
      accounts: clearing,
    },
  };
  const ready =
    checklist.monthEnded.ok &&
    checklist.periodOpen.ok &&
    checklist.earlierMonthsClosed.ok &&
    checklist.shiftsClosed.ok &&
    checklist.trialBalanceBalanced.ok;
  return { ...checklist, ready };
}

export interface PreviewEntry {
  date: string;
  description: string;
  lines: { account: string; debit: Money; credit: Money; memo: string | null }[];
}

export interface ClosePreview {
  checklist: CloseChecklist;
  /** What the close would answer, or undefined when it would refuse. */
  result: CloseResult | undefined;
  closingEntry: PreviewEntry | null;
  allocationEntry: PreviewEntry | null;
  /** The close's own refusal, when it would refuse. */
  refusal: Refusal | undefined;
}

/** Thrown to roll the dry run back; never escapes `previewClose`. */
class DryRunRollback extends Error {}

/**
 * A dry run of the month close: runs `closePeriod` itself — the same code, the same
 * figures, the same refusals — inside a transaction that is always rolled back, so
 * nothing is written. Ids, the digest and the time are those of the dry run: the real
 * close makes new ones (its digest covers its own entries' ids).
 *
 * @example const preview = await previewClose(db, { period: '2026-10', closedBy, now, timeZone }); preview.result?.allocation
 */
export async function previewClose(
  db: Kysely<Database>,
  options: ClosePeriodOptions,
): Promise<ClosePreview> {
  const checklist = await closeChecklist(db, options);
  let result: CloseResult | undefined;
  let closingEntry: PreviewEntry | null = null;
  let allocationEntry: PreviewEntry | null = null;
  let refusal: Refusal | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      result = await closePeriod(trx, options);
      const read = async (entryId: string | null): Promise<PreviewEntry | null> => {
        if (!entryId) return null;
        const entry = await trx
          .selectFrom('journal_entries')
          .select(['entry_date', 'description'])
          .where('id', '=', entryId)
          .executeTakeFirstOrThrow();
        const lines = await trx
          .selectFrom('journal_lines')
          .select(['account_code', 'debit', 'credit', 'memo'])
          .where('entry_id', '=', entryId)
          .orderBy('line_no')
          .execute();
        return {
          date: entry.entry_date,
          description: entry.description,
          lines: lines.map((line) => ({
            account: line.account_code,
            debit: D(line.debit),
            credit: D(line.credit),
            memo: line.memo,
          })),
        };
      };
      closingEntry = await read(result.closingEntryId);
      allocationEntry = await read(result.allocationEntryId);
      throw new DryRunRollback('dry run');
    });
  } catch (error) {
    if (error instanceof Refusal) refusal = error;
    else if (!(error instanceof DryRunRollback)) throw error;
  }
  if (refusal) result = undefined;
  return { checklist, result, closingEntry, allocationEntry, refusal };
}

import { randomUUID } from 'node:crypto';
import type { FundKey } from '../schema/database.js';
import { Refusal } from '../core/errors.js';
import { inTransaction, type Executor } from '../core/executor.js';
import { D, Money, ZERO } from '../core/money.js';

/** The funds that receive an allocation, in the order statements list them. */
export const ALLOCATION_FUNDS = [
  'operations',
  'events',
  'hardship',
] as const satisfies readonly FundKey[];
export type AllocationFund = (typeof ALLOCATION_FUNDS)[number];

export interface AllocationRule {
  id: string;
  effectiveFrom: string;
  note: string | null;
  createdAt: Date;
  shares: { fund: AllocationFund; percent: Money }[];
}

const PERCENT_PATTERN = /^\d{1,3}(\.\d{1,4})?$/;

/** All rule versions, newest first. */
export async function listAllocationRules(db: Executor): Promise<AllocationRule[]> {
  const rules = await db
    .selectFrom('allocation_rules')
    .selectAll()
    .orderBy('effective_from', 'desc')
    .orderBy('seq', 'desc')
    .execute();
  const shares = await db.selectFrom('allocation_rule_shares').selectAll().execute();
  return rules.map((rule) => ({
    id: rule.id,
    effectiveFrom: rule.effective_from,
    note: rule.note,
    createdAt: rule.created_at,
    shares: ALLOCATION_FUNDS.map((fund) => {
      const share = shares.find(
        (candidate) => candidate.rule_id === rule.id && candidate.fund === fund,
      );
      return { fund, percent: D(share?.percent ?? '0') };
    }),
  }));
}

/**
 * The rule in force for a month: the latest version whose `effectiveFrom` is not after it
 * (among versions for the same month, the one added last).
 *
 * @example const rule = await ruleForPeriod(db, '2026-10'); rule.shares[0].percent // 50
 */
export async function ruleForPeriod(
  db: Executor,
  period: string,
): Promise<AllocationRule | undefined> {
  const rules = await listAllocationRules(db);
  return rules.find((rule) => rule.effectiveFrom <= period);
}

export interface CreateRuleOptions {
  effectiveFrom: string;
  shares: { fund: string; percent: string }[];
  note?: string | null | undefined;
  createdBy: string | null;
}

/**
 * Adds a rule version. Shares are one per fund (operations, events, hardship), decimal
 * percentages that sum to exactly 100. A rule may not take effect in a month already
 * closed: published allocations never change under a new rule.
 */
export async function createAllocationRule(
  db: Executor,
  options: CreateRuleOptions,
): Promise<AllocationRule> {
  const seen = new Set<string>();
  let total = ZERO;
  for (const share of options.shares) {
    if (!(ALLOCATION_FUNDS as readonly string[]).includes(share.fund)) {
      throw new Refusal(
        'rule_shares_invalid',
        `Unknown fund "${share.fund}"; the funds are ${ALLOCATION_FUNDS.join(', ')}.`,
      );
    }
    if (seen.has(share.fund))
      throw new Refusal('rule_shares_invalid', `The fund ${share.fund} appears twice.`);
    seen.add(share.fund);
    if (!PERCENT_PATTERN.test(share.percent) || D(share.percent).gt(100)) {
      throw new Refusal(
        'rule_shares_invalid',
        `"${share.percent}" is not a percentage between 0 and 100 with at most 4 decimals.`,
      );
    }
    total = total.plus(D(share.percent));
  }
  if (seen.size !== ALLOCATION_FUNDS.length) {
    throw new Refusal(
      'rule_shares_invalid',
      `A rule has one share for each of ${ALLOCATION_FUNDS.join(', ')}.`,
    );
  }
  if (!total.equals(100)) {
    throw new Refusal(
      'rule_shares_invalid',
      `The shares sum to ${total.toString()}, not exactly 100.`,
      { total: total.toString() },
    );
  }
  return inTransaction(db, async (trx) => {
    const closed = await trx
      .selectFrom('periods')
      .select('period')
      .where('status', '=', 'closed')
      .where('period', '>=', options.effectiveFrom)
      .orderBy('period', 'desc')
      .executeTakeFirst();
    if (closed) {
      throw new Refusal(
        'rule_period_closed',
        `The month ${closed.period} is closed; a new rule can take effect only after it.`,
      );
    }
    const id = randomUUID();
    await trx
      .insertInto('allocation_rules')
      .values({
        id,
        effective_from: options.effectiveFrom,
        note: options.note ?? null,
        created_by: options.createdBy,
      })
      .execute();
    await trx
      .insertInto('allocation_rule_shares')
      .values(
        options.shares.map((share) => ({
          rule_id: id,
          fund: share.fund as AllocationFund,
          percent: share.percent,
        })),
      )
      .execute();
    const rule = (await listAllocationRules(trx)).find((candidate) => candidate.id === id);
    if (!rule) throw new Error('Invariant failed: a created rule can be read back');
    return rule;
  });
}

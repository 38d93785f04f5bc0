import { Hono } from 'hono';
import { z } from 'zod';
import {
  createAllocationRule,
  listAllocationRules,
  type AllocationRule,
} from '../../ledger/books/allocation-rules.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson } from '../validate.js';
import {
  allocationRuleListResponseSchema,
  allocationRuleResponseSchema,
} from '../schemas/books-close.js';

const createRuleBody = z.strictObject({
  effectiveFrom: fields.period,
  shares: z
    .array(
      z.strictObject({
        fund: z.enum(['operations', 'events', 'hardship']),
        percent: z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage as a decimal string'),
      }),
    )
    .min(1)
    .max(3),
  note: z.string().trim().max(500).optional(),
});

function ruleJson(rule: AllocationRule) {
  return {
    id: rule.id,
    effectiveFrom: rule.effectiveFrom,
    note: rule.note,
    createdAt: rule.createdAt.toISOString(),
    shares: rule.shares.map((share) => ({ fund: share.fund, percent: share.percent.toString() })),
  };
}

export const allocationRuleRoutes = new Hono<AppEnv>()
  .get('/', requireRole('accountant'), async (c) => {
    const rules = await listAllocationRules(c.var.deps.db);
    return c.json({ rules: rules.map(ruleJson) });
  })
  .post('/', requireRole('admin'), async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, createRuleBody);
    const rule = await c.var.deps.db.transaction().execute(async (trx) => {
      const created = await createAllocationRule(trx, { ...body, createdBy: auth.user.id });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'allocation_rule_created',
        subject: created.id,
        details: ruleJson(created),
      });
      return created;
    });
    return c.json({ rule: ruleJson(rule) }, 201);
  });

documentRoute({
  method: 'get',
  path: '/api/allocation-rules',
  summary: 'Allocation rule versions, newest first',
  tag: 'month close',
  roles: ['accountant'],
  response: { 200: allocationRuleListResponseSchema },
  responses: { 200: '{"rules":[{"id","effectiveFrom","shares":[{"fund","percent"}]}]}' },
  errors: [],
});
documentRoute({
  method: 'post',
  path: '/api/allocation-rules',
  summary:
    'Add a rule version effective from a month (shares sum to exactly 100; the month must not be closed)',
  tag: 'month close',
  roles: ['admin'],
  response: { 201: allocationRuleResponseSchema },
  body: createRuleBody,
  responses: {
    201: '{"rule"}',
  },
  errors: ['rule_period_closed', 'rule_shares_invalid'],
});

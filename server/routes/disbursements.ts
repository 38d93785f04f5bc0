import { Hono } from 'hono';
import { z } from 'zod';
import {
  recordDisbursement,
  transferBetweenFunds,
  type Disbursement,
} from '../../ledger/books/disbursements.js';
import { assertNotInFuture, periodBounds } from '../../ledger/core/business-time.js';
import { Refusal } from '../../ledger/core/errors.js';
import { fen } from '../../ledger/core/money.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, hasRole, requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam, readQuery } from '../validate.js';
import {
  disbursementListResponseSchema,
  disbursementResponseSchema,
  fundTransferResponseSchema,
  recipientResponseSchema,
} from '../schemas/books-funds.js';

const fund = z.enum(['operations', 'events', 'hardship']);
const shortText = (max: number) => z.string().trim().min(1).max(max);

const aidRecipient = z.strictObject({
  name: shortText(100),
  household: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  idNumber: z.string().trim().max(40).optional(),
  address: z.string().trim().max(300).optional(),
  reason: z.string().trim().max(500).optional(),
});

const disbursementBody = z.strictObject({
  id: fields.id.optional(),
  fund,
  date: fields.date,
  amount: fields.money,
  category: z.string().min(1).max(40),
  description: shortText(500),
  paidFrom: z.enum(['bank', 'cash']),
  recipient: z.union([shortText(200), aidRecipient]).optional(),
  overrideReason: shortText(500).optional(),
});

/** `?period=YYYY-MM`: only that month's spending (by the entry date); without it, all. */
const listQuery = z.strictObject({ period: fields.period.optional() });

const transferBody = z.strictObject({
  id: fields.id.optional(),
  fromFund: fund,
  toFund: fund,
  date: fields.date,
  amount: fields.money,
  reason: shortText(500),
});

function disbursementJson(disbursement: Disbursement) {
  return {
    id: disbursement.id,
    fund: disbursement.fund,
    category: disbursement.category,
    date: disbursement.date,
    amount: fen(disbursement.amount),
    paidFrom: disbursement.paidFrom,
    description: disbursement.description,
    payee: disbursement.payee,
    entryId: disbursement.entryId,
    overrideReason: disbursement.overrideReason,
  };
}

export const disbursementRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .post('/', async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, disbursementBody);
    assertNotInFuture(body.date, c.var.deps.now(), c.var.deps.config.businessTimeZone);
    if (body.overrideReason && !hasRole(auth.user.role, 'admin')) {
      throw new Refusal('override_not_allowed', 'Only an admin may spend beyond a fund’s balance.');
    }
    const { disbursement, created } = await c.var.deps.db.transaction().execute(async (trx) => {
      const recorded = await recordDisbursement(trx, { ...body, createdBy: auth.user.id });
      if (recorded.created) {
        await audit(trx, {
          actorId: auth.user.id,
          action: recorded.disbursement.overrideReason
            ? 'disbursement_override'
            : 'disbursement_recorded',
          subject: recorded.disbursement.id,
          // The audit log is not public, but it still never needs the recipient's identity.
          details: { ...disbursementJson(recorded.disbursement) },
        });
      }
      return recorded;
    });
    return c.json({ disbursement: disbursementJson(disbursement) }, created ? 201 : 200);
  })
  .get('/', async (c) => {
    const query = readQuery(c, listQuery);
    let select = c.var.deps.db
      .selectFrom('disbursements')
      .selectAll()
      .orderBy('entry_date')
      .orderBy('created_at');
    if (query.period) {
      const { first, last } = periodBounds(query.period);
      select = select.where('entry_date', '>=', first).where('entry_date', '<=', last);
    }
    const rows = await select.limit(1000).execute();
    return c.json({
      disbursements: rows.map((row) => ({
        id: row.id,
        fund: row.fund,
        category: row.category,
        date: row.entry_date,
        amount: row.amount,
        paidFrom: row.paid_from,
        description: row.description,
        payee: row.payee,
        entryId: row.entry_id,
      })),
    });
  })
  .get('/:id/recipient', async (c) => {
    const auth = currentAuth(c);
    const id = readParam(c, 'id', fields.id);
    const row = await c.var.deps.db
      .selectFrom('aid_recipients')
      .selectAll()
      .where('disbursement_id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Refusal('not_found', 'No aid recipient is recorded for this disbursement.');
    await audit(c.var.deps.db, {
      actorId: auth.user.id,
      action: 'aid_recipient_viewed',
      subject: id,
    });
    return c.json({
      recipient: {
        name: row.name,
        household: row.household,
        phone: row.phone,
        idNumber: row.id_number,
        address: row.address,
        reason: row.reason,
      },
    });
  });

export const fundTransferRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .post('/', async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, transferBody);
    assertNotInFuture(body.date, c.var.deps.now(), c.var.deps.config.businessTimeZone);
    const { transfer, created } = await c.var.deps.db.transaction().execute(async (trx) => {
      const recorded = await transferBetweenFunds(trx, { ...body, createdBy: auth.user.id });
      if (recorded.created) {
        await audit(trx, {
          actorId: auth.user.id,
          action: 'fund_transfer',
          subject: recorded.transfer.id,
          details: { ...body },
        });
      }
      return recorded;
    });
    // Built from what is stored, so that a replay answers exactly what the first request did.
    return c.json(
      {
        transfer: {
          id: transfer.id,
          entryId: transfer.entryId,
          fromFund: transfer.fromFund,
          toFund: transfer.toFund,
          date: transfer.date,
          amount: fen(transfer.amount),
          reason: transfer.reason,
        },
      },
      created ? 201 : 200,
    );
  });

documentRoute({
  method: 'post',
  path: '/api/disbursements',
  summary:
    'Spend from a fund (aid recipients’ details are stored privately; the journal says 困难家庭)',
  tag: 'funds',
  roles: ['accountant'],
  response: { 201: disbursementResponseSchema, 200: disbursementResponseSchema },
  body: disbursementBody,
  responses: {
    201: '{"disbursement"}',
    200: '{"disbursement"} — the same id and content again: the first answer',
  },
  errors: [
    'override_not_allowed',
    'period_closed',
    'idempotency_conflict',
    'fund_insufficient',
    'category_unknown',
    'recipient_required',
    'date_in_future',
    'amount_invalid',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/disbursements',
  summary: 'Fund spending, optionally for one month',
  tag: 'funds',
  roles: ['accountant'],
  response: { 200: disbursementListResponseSchema },
  query: listQuery,
  responses: { 200: '{"disbursements"}' },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/disbursements/{id}/recipient',
  summary: 'The private details of an aid recipient (audited)',
  tag: 'funds',
  roles: ['accountant'],
  response: { 200: recipientResponseSchema },
  responses: { 200: '{"recipient"}' },
  errors: ['not_found'],
});
documentRoute({
  method: 'post',
  path: '/api/fund-transfers',
  summary: 'Move money between funds by a board decision (reason required, audited)',
  tag: 'funds',
  roles: ['accountant'],
  response: { 201: fundTransferResponseSchema, 200: fundTransferResponseSchema },
  body: transferBody,
  responses: {
    201: '{"transfer"}',
    200: '{"transfer"} — the same id and content again: the first answer',
  },
  errors: [
    'period_closed',
    'idempotency_conflict',
    'fund_insufficient',
    'date_in_future',
    'amount_invalid',
  ],
});

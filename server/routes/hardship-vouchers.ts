import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { fields, readQuery } from '../validate.js';
import { hardshipVoucherListResponseSchema } from '../schemas/books-funds.js';

const listQuery = z.strictObject({ period: fields.period });

/**
 * The private side of hardship vouchers: who redeemed them, for the accountant who
 * reconciles the hardship fund. Nothing public reads this; every look is audited.
 */
export const hardshipVoucherRoutes = new Hono<AppEnv>().get(
  '/',
  requireRole('accountant'),
  async (c) => {
    const auth = currentAuth(c);
    const { period } = readQuery(c, listQuery);
    const { db } = c.var.deps;
    const rows = await db
      .selectFrom('sale_tenders as t')
      .innerJoin('sales as s', 's.id', 't.sale_id')
      .leftJoin('hardship_voucher_holders as h', (join) =>
        join.onRef('h.sale_id', '=', 't.sale_id').onRef('h.tender_no', '=', 't.tender_no'),
      )
      .select([
        's.id as saleId',
        's.created_at',
        's.business_date',
        's.register_id',
        's.receipt_number',
        's.entry_id',
        't.amount',
        'h.voucher_number',
        'h.holder_name',
        'h.household',
        'h.phone',
        'h.note',
      ])
      .where('t.method', '=', 'hardship_voucher')
      .where('s.period', '=', period)
      .orderBy('s.created_at')
      .limit(5000)
      .execute();
    await audit(db, {
      actorId: auth.user.id,
      action: 'voucher_holders_viewed',
      subject: period,
      details: { count: rows.length },
    });
    return c.json({
      period,
      vouchers: rows.map((row) => ({
        saleId: row.saleId,
        createdAt: row.created_at.toISOString(),
        businessDate: row.business_date,
        registerId: row.register_id,
        receiptNumber: row.receipt_number,
        entryId: row.entry_id,
        amount: row.amount,
        holder: {
          voucherNumber: row.voucher_number,
          name: row.holder_name,
          household: row.household,
          phone: row.phone,
          note: row.note,
        },
      })),
    });
  },
);

documentRoute({
  method: 'get',
  path: '/api/hardship-vouchers',
  summary:
    'Hardship vouchers redeemed in a month with the holders’ private details (accountant only; audited)',
  tag: 'funds',
  roles: ['accountant'],
  response: { 200: hardshipVoucherListResponseSchema },
  query: listQuery,
  responses: {
    200: '{"period","vouchers":[{"saleId","amount","holder":{…}}]}',
  },
  errors: [],
});

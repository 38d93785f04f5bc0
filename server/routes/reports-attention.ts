import { Hono } from 'hono';
import { fen } from '../../ledger/core/money.js';
import { listFundOverdrawnSales } from '../../ledger/selling/sale-attention.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { attentionResponseSchema } from '../schemas/books-reports.js';

/**
 * `GET /api/reports/attention`: what the accountant must look at that the tills let
 * through because it had already happened — today, offline hardship-voucher sales that
 * took the hardship fund below zero. No voucher holder is named here.
 */
export const attentionReportRoutes = new Hono<AppEnv>().get(
  '/',
  requireRole('accountant'),
  async (c) => {
    const sales = await listFundOverdrawnSales(c.var.deps.db);
    return c.json({
      fundOverdrawn: sales.map((sale) => ({
        saleId: sale.saleId,
        registerId: sale.registerId,
        createdAt: sale.createdAt.toISOString(),
        businessDate: sale.businessDate,
        period: sale.period,
        vouchers: fen(sale.vouchers),
      })),
    });
  },
);

documentRoute({
  method: 'get',
  path: '/api/reports/attention',
  summary:
    'For the accountant: offline hardship-voucher sales that took the hardship fund below zero (recorded because they happened; flagged fundOverdrawn on the sale), oldest first, at most 1000',
  tag: 'funds',
  roles: ['accountant'],
  response: { 200: attentionResponseSchema },
  responses: {
    200: '{"fundOverdrawn":[{"saleId","registerId","createdAt","businessDate","period","vouchers"}]}',
  },
  errors: [],
});

import { Hono } from 'hono';
import { disbursementCategoriesByFund } from '../../ledger/books/disbursement-categories.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { disbursementCategoriesResponseSchema } from '../schemas/books-funds.js';

export const disbursementCategoryRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .get('/', async (c) => {
    const funds = await disbursementCategoriesByFund(c.var.deps.db);
    return c.json({
      funds: funds.map((fund) => ({
        fund: fund.fund,
        name: fund.name,
        nameEn: fund.nameEn,
        categories: fund.categories.map((category) => ({
          key: category.key,
          name: category.name,
          nameEn: category.nameEn,
          isAid: category.isAid,
        })),
      })),
    });
  });

documentRoute({
  method: 'get',
  path: '/api/disbursement-categories',
  summary:
    'The spending categories of each fund that POST /api/disbursements accepts; isAid means the recipient’s private details are required',
  tag: 'funds',
  roles: ['accountant'],
  response: { 200: disbursementCategoriesResponseSchema },
  responses: {
    200: '{"funds":[{"fund","name","nameEn","categories":[{"key","name","nameEn","isAid"}]}]}',
  },
  errors: [],
});

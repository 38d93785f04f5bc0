import { Hono } from 'hono';
import { listAccounts } from '../../ledger/books/balances.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import { accountListResponseSchema } from '../schemas/books-ledger.js';

export const accountRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .get('/', async (c) => {
    const accounts = await listAccounts(c.var.deps.db);
    return c.json({
      accounts: accounts.map((account) => ({
        code: account.code,
        name: account.name,
        nameEn: account.nameEn,
        type: account.type,
        postable: account.postable,
        ...(account.fund ? { fund: account.fund } : {}),
        parent: account.parentCode,
        normalSide: account.normalSide,
        active: account.active,
      })),
    });
  });

documentRoute({
  method: 'get',
  path: '/api/accounts',
  summary: 'The chart of accounts (小企业会计准则 codes), in code order',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: accountListResponseSchema },
  responses: {
    200: '{"accounts":[{"code","name","nameEn","type","postable","fund"?,"parent","normalSide","active"}]}',
  },
  errors: [],
});

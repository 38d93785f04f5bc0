import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { allocationRuleRoutes } from './allocation-rules.js';
import { accountRoutes } from './accounts.js';
import { auditLogRoutes } from './audit-log.js';
import { authRoutes } from './auth.js';
import { booksDashboardRoutes } from './books-dashboard.js';
import { disbursementCategoryRoutes } from './disbursement-categories.js';
import { disbursementRoutes, fundTransferRoutes } from './disbursements.js';
import { fundReportRoutes } from './fund-reports.js';
import { hardshipVoucherRoutes } from './hardship-vouchers.js';
import { periodCloseRoutes } from './period-close.js';
import { closePreviewRoutes } from './close-preview.js';
import { publicStatementRoutes, statementRoutes } from './statements.js';
import { journalExportRoutes } from './journal-export.js';
import { journalRoutes } from './journal.js';
import { ledgerPeriodRoutes } from './ledger-periods.js';
import { ledgerReportRoutes } from './ledger-reports.js';
import { userRoutes } from './users.js';
import { catalogRoutes, categoryRoutes } from './catalog.js';
import { productionRoutes } from './production.js';
import { productRoutes } from './products.js';
import { attentionReportRoutes } from './reports-attention.js';
import { registerRoutes } from './registers.js';
import { reconciliationRoutes } from './reconciliations.js';
import { dailySalesReportRoutes } from './reports-sales.js';
import { saleRoutes } from './sales.js';
import { shiftRoutes } from './shifts.js';
import { syncRoutes } from './sync.js';

/** Every API route group, mounted under /api. */
export const apiRoutes = new Hono<AppEnv>()
  .route('/auth', authRoutes)
  .route('/users', userRoutes)
  .route('/products', productRoutes)
  .route('/categories', categoryRoutes)
  .route('/catalog', catalogRoutes)
  .route('/production', productionRoutes)
  .route('/shifts', shiftRoutes)
  .route('/sales', saleRoutes)
  .route('/sync', syncRoutes)
  .route('/registers', registerRoutes)
  .route('/reports/daily', dailySalesReportRoutes)
  .route('/reports/attention', attentionReportRoutes)
  .route('/accounts', accountRoutes)
  .route('/journal', journalRoutes)
  .route('/periods', ledgerPeriodRoutes)
  .route('/reports', ledgerReportRoutes)
  .route('/export', journalExportRoutes)
  .route('/allocation-rules', allocationRuleRoutes)
  .route('/periods', periodCloseRoutes)
  .route('/disbursements', disbursementRoutes)
  .route('/fund-transfers', fundTransferRoutes)
  .route('/hardship-vouchers', hardshipVoucherRoutes)
  .route('/reports', fundReportRoutes)
  .route('/statements', statementRoutes)
  .route('/public', publicStatementRoutes)
  .route('/reconciliations', reconciliationRoutes)
  .route('/periods', closePreviewRoutes)
  .route('/disbursement-categories', disbursementCategoryRoutes)
  .route('/audit-log', auditLogRoutes)
  .route('/books/dashboard', booksDashboardRoutes);

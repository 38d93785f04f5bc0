import type { Migration } from 'kysely';
import * as m0001 from './0001_create_users.js';
import * as m0002 from './0002_create_ledger.js';
import * as m0003 from './0003_create_selling.js';
import * as m0004 from './0004_create_month_close.js';
import * as m0005 from './0005_create_statements.js';
import * as m0006 from './0006_guard_periods.js';
import * as m0007 from './0007_add_statement_figures_hash.js';
import * as m0008 from './0008_create_reconciliations.js';
import * as m0009 from './0009_flag_fund_overdrawn.js';
import * as m0010 from './0010_create_auth_attempts.js';
import * as m0011 from './0011_add_register_receipt_numbers.js';
import * as m0012 from './0012_name_trigger_rules.js';
import * as m0013 from './0013_record_sale_function.js';
import * as m0014 from './0014_keep_closed_balances.js';
import * as m0015 from './0015_sale_context_function.js';
import * as m0016 from './0016_sales_committed_together.js';

/**
 * Every migration, in order. Listed explicitly rather than read from the folder so that
 * tsx, vitest and a bundler all load the same set (see ../shared/STACK.md).
 */
export const migrations: Record<string, Migration> = {
  '0001_create_users': m0001,
  '0002_create_ledger': m0002,
  '0003_create_selling': m0003,
  '0004_create_month_close': m0004,
  '0005_create_statements': m0005,
  '0006_guard_periods': m0006,
  '0007_add_statement_figures_hash': m0007,
  '0008_create_reconciliations': m0008,
  '0009_flag_fund_overdrawn': m0009,
  '0010_create_auth_attempts': m0010,
  '0011_add_register_receipt_numbers': m0011,
  '0012_name_trigger_rules': m0012,
  '0013_record_sale_function': m0013,
  '0014_keep_closed_balances': m0014,
  '0015_sale_context_function': m0015,
  '0016_sales_committed_together': m0016,
};

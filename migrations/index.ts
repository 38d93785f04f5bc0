import type { Migration } from 'kysely';
import * as m0001 from './0001_create_users.js';
import * as m0002 from './0002_create_ledger.js';
import * as m0003 from './0003_create_selling.js';
import * as m0004 from './0004_create_month_close.js';
import * as m0005 from './0005_create_statements.js';
import * as m0008 from './0008_create_reconciliations.js';

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
  '0008_create_reconciliations': m0008,
};

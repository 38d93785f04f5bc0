import type { Migration } from 'kysely';
import * as m0001 from './0001_create_users.js';
import * as m0002 from './0002_create_ledger.js';

/**
 * Every migration, in order. Listed explicitly rather than read from the folder so that
 * tsx, vitest and a bundler all load the same set (see ../shared/STACK.md).
 */
export const migrations: Record<string, Migration> = {
  '0001_create_users': m0001,
  '0002_create_ledger': m0002,
};

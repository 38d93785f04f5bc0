import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The one typed view of the schema in `migrations/`. NUMERIC columns stay strings here
 * (that is what `pg` returns) and become `Decimal` at the repository edge; int8 columns
 * are strings too (both drivers are configured to agree on that).
 */

/** A timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz with a database default. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A NUMERIC: read as a string, written as a string. */
export type Numeric = ColumnType<string, string, string>;
/** A bigserial / int8: read as a string (see the driver parsers). */
export type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;

export type Role = 'cashier' | 'manager' | 'accountant' | 'admin';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  pin_hash: string | null;
  active: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<Int8>;
  at: GeneratedTimestamp;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string, never>;
  ip: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;

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
  id: ColumnType<string, never, never>;
  at: GeneratedTimestamp;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string, never>;
  ip: string | null;
}

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
export type FundKey = 'operations' | 'events' | 'hardship' | 'unallocated';
export type EntrySource =
  | 'sale'
  | 'refund'
  | 'shift'
  | 'manual'
  | 'close'
  | 'allocation'
  | 'disbursement'
  | 'transfer'
  | 'reversal';

export interface FundsTable {
  key: FundKey;
  name: string;
  name_en: string;
  account_code: string;
  sort_order: number;
}

export interface AccountsTable {
  code: string;
  name: string;
  name_en: string;
  type: AccountType;
  normal_side: 'debit' | 'credit';
  parent_code: string | null;
  fund: FundKey | null;
  postable: boolean;
  active: Generated<boolean>;
}

export interface PeriodsTable {
  period: string;
  status: Generated<'open' | 'closed'>;
  closed_by: string | null;
  closed_at: Timestamp | null;
  digest: string | null;
  entry_count: number | null;
}

/** A DATE column: read and written as 'YYYY-MM-DD' (see the driver's type parser). */
export type DateText = ColumnType<string, string, string>;

export interface JournalEntriesTable {
  id: string;
  seq: ColumnType<string, never, never>;
  entry_date: DateText;
  period: string;
  description: string;
  source: EntrySource;
  source_id: string | null;
  idempotency_key: string;
  content_hash: string;
  reverses_id: string | null;
  posted_by: string | null;
  posted_at: GeneratedTimestamp;
  posted_txid: Generated<string>;
}

export interface JournalLinesTable {
  entry_id: string;
  line_no: number;
  account_code: string;
  debit: Numeric;
  credit: Numeric;
  memo: string | null;
  /** Copied from the entry by the database; whatever is written is overwritten. */
  period: string;
  entry_date: DateText;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  funds: FundsTable;
  accounts: AccountsTable;
  periods: PeriodsTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;

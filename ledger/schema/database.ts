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

export interface AllocationRulesTable {
  id: string;
  effective_from: string;
  note: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  seq: ColumnType<string, never, never>;
}

export interface AllocationRuleSharesTable {
  rule_id: string;
  fund: FundKey;
  percent: Numeric;
}

export interface PeriodClosesTable {
  id: string;
  period: string;
  surplus: Numeric;
  deficit_carried_in: Numeric;
  allocable: Numeric;
  rule_id: string | null;
  closing_entry_id: string | null;
  allocation_entry_id: string | null;
  digest: string;
  entry_count: number;
  closed_by: string | null;
  closed_at: Timestamp;
  reopened_by: string | null;
  reopened_at: Timestamp | null;
  reopen_reason: string | null;
}

export interface PeriodCloseAllocationsTable {
  close_id: string;
  fund: FundKey;
  percent: Numeric;
  amount: Numeric;
}

/**
 * A closed month's movements per account, kept by its close (migration 0014): read instead
 * of the month's lines while the close is in force (not reopened). Append-only.
 */
export interface PeriodCloseBalancesTable {
  close_id: string;
  period: string;
  account_code: string;
  debit: Numeric;
  credit: Numeric;
}

export interface DisbursementCategoriesTable {
  key: string;
  fund: FundKey;
  name: string;
  name_en: string;
  is_aid: boolean;
  sort_order: number;
}

export interface DisbursementsTable {
  id: string;
  fund: FundKey;
  category: string;
  entry_date: DateText;
  amount: Numeric;
  paid_from: string;
  description: string;
  payee: string | null;
  entry_id: string;
  override_reason: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** Private: who received hardship aid. Never read by anything public. */
export interface AidRecipientsTable {
  disbursement_id: string;
  name: string;
  household: string | null;
  phone: string | null;
  id_number: string | null;
  address: string | null;
  reason: string | null;
  private_note: string | null;
}

export interface FundTransfersTable {
  id: string;
  from_fund: FundKey;
  to_fund: FundKey;
  entry_date: DateText;
  amount: Numeric;
  reason: string;
  entry_id: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

// --- Selling (migrations/0003_create_selling.ts) ---------------------------------------

export type ProductUnit = 'piece' | 'jin' | 'kg';
export type TenderMethod = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher';
export type LeftoverDisposition = 'donated' | 'discounted' | 'waste';
/** A jsonb column: written as JSON text, read as parsed JSON. */
export type Json<T> = ColumnType<T, string, string>;

export interface CategoriesTable {
  name: string;
  name_en: Generated<string>;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  name_en: Generated<string>;
  category: string;
  unit: ProductUnit;
  tile_order: Generated<number>;
  active: Generated<boolean>;
  status_changed_at: Timestamp;
  created_at: Timestamp;
}

export interface ProductPricesTable {
  product_id: string;
  effective_from: Timestamp;
  price: Numeric;
  set_by: string | null;
  set_at: GeneratedTimestamp;
}

export interface ProductionTable {
  business_date: DateText;
  product_id: string;
  quantity: Numeric;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface LeftoversTable {
  business_date: DateText;
  product_id: string;
  disposition: LeftoverDisposition;
  quantity: Numeric;
  reason: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface ShiftsTable {
  id: string;
  register_id: string;
  cashier_id: string;
  status: Generated<'open' | 'closed'>;
  business_date: DateText;
  opened_at: Timestamp;
  opening_float: Numeric;
  open_hash: string;
  received_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by: string | null;
  counted_cash: Numeric | null;
  expected_cash: Numeric | null;
  over_short: Numeric | null;
  counts: Json<{ denomination: string; count: number }[]> | null;
  close_hash: string | null;
  close_entry_id: string | null;
}

export interface CashMovementsTable {
  id: string;
  shift_id: string;
  register_id: string;
  kind: 'paid_in' | 'paid_out';
  purpose: string;
  account_code: string;
  amount: Numeric;
  reason: string;
  created_at: Timestamp;
  recorded_by: string;
  entry_id: string;
  content_hash: string;
}

/**
 * What each product sold and had refunded on a day, kept by triggers as sale and refund
 * lines are inserted (migrations/0013): what remains is one row, however busy the day.
 */
export interface ProductDayTotalsTable {
  business_date: DateText;
  product_id: string;
  sold: ColumnType<string, never, never>;
  refunded: ColumnType<string, never, never>;
}

export interface SalesTable {
  id: string;
  register_id: string;
  shift_id: string;
  cashier_id: string;
  receipt_number: ColumnType<string, never, never>;
  /** The tablet's own number, e.g. `C1-000123`; null for sales made without one. */
  register_receipt_number: ColumnType<string | null, string | null | undefined, never>;
  created_at: Timestamp;
  received_at: Timestamp;
  business_date: DateText;
  entry_date: DateText;
  period: string;
  late: boolean;
  offline: boolean;
  oversold: boolean;
  subtotal: Numeric;
  discount: Numeric;
  total: Numeric;
  change: Numeric;
  approved_by: string | null;
  entry_id: string;
  content_hash: string;
  /** Added by 0009: an offline voucher sale that took the hardship fund below zero. */
  fund_overdrawn: ColumnType<boolean, boolean | undefined, never>;
}

export interface SaleLinesTable {
  sale_id: string;
  line_no: number;
  register_id: string;
  product_id: string;
  business_date: DateText;
  sku: string;
  name: string;
  name_en: string;
  category: string;
  unit: ProductUnit;
  quantity: Numeric;
  unit_price: Numeric;
  gross: Numeric;
  discount: Numeric;
  total: Numeric;
  sale_discount_share: Numeric;
  net: Numeric;
}

export interface SaleTendersTable {
  sale_id: string;
  tender_no: number;
  register_id: string;
  method: TenderMethod;
  account_code: string;
  amount: Numeric;
  tendered: Numeric | null;
  change: Numeric | null;
  reference: string | null;
}

/** PRIVATE: who used a hardship voucher. Never in the journal or anything public. */
export interface HardshipVoucherHoldersTable {
  sale_id: string;
  tender_no: number;
  voucher_number: string | null;
  holder_name: string | null;
  household: string | null;
  phone: string | null;
  note: string | null;
  recorded_at: Timestamp;
}

export interface RefundsTable {
  id: string;
  sale_id: string;
  register_id: string;
  shift_id: string | null;
  cashier_id: string;
  approved_by: string | null;
  created_at: Timestamp;
  received_at: Timestamp;
  business_date: DateText;
  entry_date: DateText;
  period: string;
  late: boolean;
  amount: Numeric;
  reason: string;
  is_void: boolean;
  entry_id: string;
  content_hash: string;
}

export interface RefundLinesTable {
  refund_id: string;
  line_no: number;
  sale_id: string;
  sale_line_no: number;
  register_id: string;
  product_id: string;
  business_date: DateText;
  quantity: Numeric;
  amount: Numeric;
}

export interface RefundTendersTable {
  refund_id: string;
  tender_no: number;
  register_id: string;
  method: TenderMethod;
  account_code: string;
  amount: Numeric;
  sale_tender_no: number | null;
}

export interface ZReportsTable {
  number: number;
  shift_id: string;
  register_id: string;
  created_at: Timestamp;
  report: Json<unknown>;
}

export interface StatementsTable {
  period: string;
  version: number;
  close_id: string;
  figures: ColumnType<unknown, string, never>;
  pdf: ColumnType<Buffer, Buffer, never>;
  sha256: string;
  pdf_en: ColumnType<Buffer, Buffer, never>;
  sha256_en: string;
  digest: string;
  /** SHA-256 of the figures' canonical JSON; null for versions published before it was recorded. */
  figures_sha256: string | null;
  correction_note: string | null;
  supersedes_version: number | null;
  published_by: string | null;
  published_at: Timestamp;
}

// --- Reconciliation (migrations/0008_create_reconciliations.ts) ------------------------

export interface ReconciliationImportsTable {
  id: string;
  provider: 'wechat' | 'alipay';
  clearing_account: string;
  file_name: string;
  sha256: string;
  encoding: 'utf-8' | 'gbk';
  from_date: DateText;
  to_date: DateText;
  row_count: number;
  bill_amount: Numeric;
  bill_fee: Numeric;
  imported_by: string | null;
  imported_at: Timestamp;
  settlement_entry_id: string | null;
  settled_by: string | null;
  settled_at: Timestamp | null;
}

export interface ReconciliationBillRowsTable {
  import_id: string;
  row_no: number;
  kind: 'payment' | 'refund';
  occurred_at: Timestamp;
  transaction_id: string | null;
  merchant_order_id: string | null;
  refund_id: string | null;
  amount: Numeric;
  fee: Numeric;
  description: string | null;
}

export interface ReconciliationMatchesTable {
  import_id: string;
  row_no: number;
  book_kind: 'sale' | 'refund';
  sale_id: string | null;
  refund_id: string | null;
  tender_no: number;
  method: 'reference' | 'amount_time';
  amount: Numeric;
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
  categories: CategoriesTable;
  products: ProductsTable;
  product_prices: ProductPricesTable;
  production: ProductionTable;
  product_day_totals: ProductDayTotalsTable;
  leftovers: LeftoversTable;
  shifts: ShiftsTable;
  cash_movements: CashMovementsTable;
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  sale_tenders: SaleTendersTable;
  hardship_voucher_holders: HardshipVoucherHoldersTable;
  refunds: RefundsTable;
  refund_lines: RefundLinesTable;
  refund_tenders: RefundTendersTable;
  z_reports: ZReportsTable;
  allocation_rules: AllocationRulesTable;
  allocation_rule_shares: AllocationRuleSharesTable;
  period_closes: PeriodClosesTable;
  period_close_allocations: PeriodCloseAllocationsTable;
  period_close_balances: PeriodCloseBalancesTable;
  disbursement_categories: DisbursementCategoriesTable;
  disbursements: DisbursementsTable;
  aid_recipients: AidRecipientsTable;
  fund_transfers: FundTransfersTable;
  statements: StatementsTable;
  reconciliation_imports: ReconciliationImportsTable;
  reconciliation_bill_rows: ReconciliationBillRowsTable;
  reconciliation_matches: ReconciliationMatchesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;

/**
 * Every refusal the ledger and the reports can give, listed once. Each code is stable:
 * clients and tests match on it. The transport's and the login's codes (`malformed_json`,
 * `csrf_failed`, `busy`, …) are the server's and live in server/http-errors.ts; the two
 * lists together are `ErrorCode` there, and `server/error-status.ts` maps each code to an
 * HTTP status exhaustively, so adding a code here forces a decision there.
 */
export const LEDGER_ERROR_CODES = [
  // Input the ledger refuses beyond its shape (one detail per problem, like the edge's).
  'invalid_input',
  // Generic.
  'conflict',
  // Ledger.
  'entry_unbalanced',
  'entry_too_few_lines',
  'entry_too_large',
  'account_unknown',
  'account_not_postable',
  'account_inactive',
  'amount_invalid',
  'period_closed',
  'period_invalid',
  'idempotency_conflict',
  'entry_already_reversed',
  'entry_not_found',
  'entry_not_reversible',
  'memo_too_long',
  // Month close, allocation and funds.
  'period_not_ended',
  'period_not_closed',
  'earlier_period_open',
  'later_period_closed',
  'shifts_open',
  'rule_shares_invalid',
  'rule_period_closed',
  'fund_insufficient',
  'category_unknown',
  'recipient_required',
  'override_not_allowed',
  // Statements.
  'already_published',
  'correction_note_required',
  'date_in_future',
  'public_url_required',
  'canonical_superseded',
  'canonical_withheld',
  // Selling: catalog, sales, refunds, shifts.
  'product_unknown',
  'product_inactive',
  'sku_taken',
  'quantity_not_positive',
  'quantity_too_precise',
  'quantity_too_large',
  'too_many_lines',
  'discount_invalid',
  'total_not_positive',
  'sale_time_invalid',
  'sold_out',
  'tender_invalid',
  'tender_short',
  'tenders_mismatch',
  'hardship_fund_insufficient',
  'approval_required',
  'shift_not_found',
  'shift_not_open',
  'shift_not_yours',
  'shift_already_open',
  'register_mismatch',
  'sale_not_found',
  'refund_exceeds_sale',
  'reason_required',
  'count_mismatch',
  'refund_time_invalid',
  'shift_time_invalid',
  'movement_time_invalid',
  'receipt_number_taken',
  'variance_needs_approval',
  'cashier_not_staff',
  'dependency_failed',
  // Reconciliation of the payment clearing accounts.
  'bill_too_large',
  'bill_encoding_invalid',
  'bill_layout_invalid',
  'bill_totals_mismatch',
  'reconciliation_settled',
  'nothing_to_settle',
] as const;

export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

/**
 * The codes the layers above the ledger add for their own refusals, merged in by
 * declaration merging (server/http-errors.ts), so that one `Refusal` carries every code
 * while the ledger names none of the transport's. Keys are codes; values are unused.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RefusalCodesAbove {}

/** Every code a `Refusal` may carry: the ledger's and those merged in from above. */
export type RefusalCode = LedgerErrorCode | keyof RefusalCodesAbove;

/** One problem with the input: where, what kind, and (from the edge's validation) why. */
export interface InputProblem {
  path: string;
  problem: string;
  message?: string;
}

/** The details a client-time refusal carries: which field, and the window it must fall in. */
export interface ClientTimeDetails {
  field: string;
  earliest?: string | null;
  latest?: string;
  serverTime?: string;
}

/**
 * The shape of `details` for each code that carries any; a code missing here takes none.
 * Clients read these, so they are part of the contract like the codes themselves. Layers
 * above add their codes' shapes by declaration merging.
 */
export interface RefusalDetails {
  invalid_input: InputProblem[];
  entry_unbalanced: { debit: string; credit: string; difference: string };
  account_unknown: { account: string };
  account_not_postable: { account: string };
  account_inactive: { account: string };
  amount_invalid: { path: string };
  period_closed: { period: string };
  idempotency_conflict:
    | { id: string }
    | { entryId: string }
    | { saleId: string }
    | { refundId: string }
    | { shiftId: string };
  entry_already_reversed: { reversalId: string | null };
  entry_not_reversible: { source: string };
  earlier_period_open: { period: string };
  shifts_open: { openShifts: number };
  rule_shares_invalid: { total: string };
  fund_insufficient: { balance: string; amount: string };
  already_published: { version: number };
  date_in_future: { latest: string };
  sku_taken: { productId: string };
  product_unknown: { productId: string };
  product_inactive: { productId: string };
  quantity_not_positive: { path: string };
  quantity_too_precise: { path: string };
  quantity_too_large: { path: string };
  too_many_lines: { max: number };
  sale_time_invalid: ClientTimeDetails;
  refund_time_invalid: ClientTimeDetails;
  shift_time_invalid: ClientTimeDetails;
  movement_time_invalid: ClientTimeDetails;
  sold_out: { productId: string; remaining: string };
  tender_short: { tendered: string; due: string };
  tenders_mismatch: { total: string; tenders: string } | { refund: string; tenders: string };
  hardship_fund_insufficient: { balance: string; vouchers: string };
  approval_required: ApprovalRequiredDetails;
  receipt_number_taken: { registerId: string; receiptNumber: string | null; saleId: string };
  refund_exceeds_sale: { saleId: string } | { productId: string; refundable: string };
  register_mismatch: { shiftId: string; registerId: string };
  count_mismatch: { counts: string; countedCash: string };
  sale_not_found: { saleId: string };
  shift_not_found: { shiftId: string };
  shift_not_yours: { shiftId: string };
  shift_not_open: { shiftId: string };
  shift_already_open: { shiftId: string; cashierId: string; openedAt: string };
  variance_needs_approval: { limit: string; missing: ('reason' | 'approval')[] };
  cashier_not_staff: { cashierId: string };
  dependency_failed: { dependsOn: string; index: number };
  bill_too_large: { maxBytes: number };
  bill_layout_invalid: { where: string };
  bill_totals_mismatch: { mismatches: string[] };
  reconciliation_settled: { entryId: string | null };
}

/** Why a manager must approve, and the figures the cashier's limit was measured by. */
export type ApprovalRequiredDetails =
  | { reason: 'another_cashiers_sale' | 'tenders_override' }
  | { reason: 'another_register'; registerId: string; saleRegisterId: string }
  | {
      reason: 'refund_limit' | 'daily_refund_limit';
      amount: string;
      alreadyRefunded: string;
      limit: string;
    }
  | { reason: 'discount_limit'; discount: string; limit: string };

/** The arguments after the message: the code's details (optional), or none at all. */
type DetailsArgument<C extends RefusalCode> = C extends keyof RefusalDetails
  ? [details?: RefusalDetails[C]]
  : [];

/**
 * An expected refusal: bad input or a business rule that says no. Thrown so that the
 * enclosing database transaction rolls back; answered as a 4xx with `code`.
 */
class RefusalError extends Error {
  override readonly name = 'Refusal';
  readonly details?: unknown;
  constructor(
    readonly code: RefusalCode,
    message: string,
    details?: unknown,
  ) {
    super(message);
    if (details !== undefined) this.details = details;
  }
}

/**
 * Constructs a `Refusal`, its details type-checked against the code (`RefusalDetails`).
 * A class cannot have a generic constructor, so the class is exported through a generic
 * construct signature; `instanceof Refusal` still works and narrows to `Refusal`.
 *
 * @example throw new Refusal('entry_unbalanced', 'Debits 10.00 ≠ credits 9.00', { debit: '10.00', credit: '9.00', difference: '1.00' })
 */
export const Refusal: new <C extends RefusalCode>(
  code: C,
  message: string,
  ...details: DetailsArgument<C>
) => RefusalError = RefusalError;
export type Refusal = RefusalError;

/** A broken invariant: a bug. Logged and answered 500, never shown to the caller. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant failed: ${message}`);
}

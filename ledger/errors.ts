/**
 * Every expected refusal the product can give, listed once. Each code is stable: clients
 * and tests match on it. `server/error-status.ts` maps each to an HTTP status, and the
 * compiler makes that map exhaustive, so adding a code here forces a decision there.
 */
export const ERROR_CODES = [
  // Request shape (400) and size (413).
  'malformed_json',
  'invalid_input',
  'body_too_large',
  // Authentication and authorisation.
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'too_many_attempts',
  'csrf_failed',
  'forbidden',
  'login_busy',
  // Generic.
  'not_found',
  'conflict',
  'username_taken',
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
  'approval_invalid',
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
  'dependency_failed',
  // Reconciliation of the payment clearing accounts.
  'bill_too_large',
  'bill_encoding_invalid',
  'bill_layout_invalid',
  'bill_totals_mismatch',
  'reconciliation_settled',
  'nothing_to_settle',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An expected refusal: bad input or a business rule that says no. Thrown so that the
 * enclosing database transaction rolls back; answered as a 4xx with `code`.
 *
 * @example throw new Refusal('entry_unbalanced', 'Debits 10.00 ≠ credits 9.00', { debit: '10.00', credit: '9.00' })
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A broken invariant: a bug. Logged and answered 500, never shown to the caller. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant failed: ${message}`);
}

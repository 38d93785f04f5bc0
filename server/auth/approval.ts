import { sql } from 'kysely';
import { Refusal } from '../../ledger/errors.js';
import type { Auth, Deps } from '../app-env.js';
import { audit } from '../audit.js';
import { hasRole } from './middleware.js';
import { verifySecret } from './secrets.js';

/** Wrong approval PINs a user may try within the window before being refused. */
export const MAX_FAILED_APPROVALS = 5;
const FAILED_APPROVAL_WINDOW = '5 minutes';
/** A PIN without a username is tried against at most this many managers (scrypt is slow). */
const MAX_PIN_CANDIDATES = 20;

export interface ApprovalRequest {
  /** A manager's PIN typed on the cashier's tablet. */
  approverPin?: string | undefined;
  /** That manager's username; without it the PIN is tried against every manager. */
  approver?: string | undefined;
  ip?: string | null;
}

/**
 * Who approves what the cashier asks for (a discount or refund beyond their limit): the
 * caller themself when they are a manager, or the manager whose PIN was typed in the same
 * request. Returns null when no approval was offered; the ledger decides whether one was
 * needed. A wrong PIN is `approval_invalid`, recorded in the audit log against the user
 * who tried it; after five in five minutes that user gets `too_many_attempts`, so a
 * 4-digit PIN cannot be guessed from the till. The manager is not locked out by it.
 */
export async function resolveApproval(
  deps: Deps,
  auth: Auth,
  request: ApprovalRequest,
): Promise<string | null> {
  if (hasRole(auth.user.role, 'manager')) return auth.user.id;
  if (request.approverPin === undefined) return null;
  const { db } = deps;

  const failures = await db
    .selectFrom('audit_log')
    .select(sql<string>`count(*)`.as('n'))
    .where('action', '=', 'approval_failed')
    .where('actor_id', '=', auth.user.id)
    .where('at', '>', sql<Date>`now() - ${FAILED_APPROVAL_WINDOW}::interval`)
    .executeTakeFirstOrThrow();
  if (Number(failures.n) >= MAX_FAILED_APPROVALS) {
    throw new Refusal('too_many_attempts', 'Too many wrong approval PINs; wait five minutes.');
  }

  let query = db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'pin_hash'])
    .where('active', '=', true)
    .where('pin_hash', 'is not', null)
    .where('role', 'in', ['manager', 'admin'])
    .orderBy('username')
    .limit(MAX_PIN_CANDIDATES);
  if (request.approver !== undefined)
    query = query.where('username', '=', request.approver.trim().toLowerCase());
  const candidates = await query.execute();
  for (const candidate of candidates) {
    if (!hasRole(candidate.role, 'manager') || !candidate.pin_hash) continue;
    if (candidate.id === auth.user.id) continue;
    if (await verifySecret(request.approverPin, candidate.pin_hash)) return candidate.id;
  }
  await audit(db, {
    actorId: auth.user.id,
    action: 'approval_failed',
    subject: request.approver ?? null,
    ip: request.ip ?? null,
  });
  throw new Refusal('approval_invalid', 'That is not a manager PIN.');
}

import { Refusal } from '../../ledger/core/errors.js';
import type { Auth, Deps } from '../app-env.js';
import { audit } from '../audit.js';
import { approvalKey, checkSecretGuarded, MAX_FAILED_ATTEMPTS } from './attempts.js';
import { approvalHashing } from './hashing-queue.js';
import { hasRole } from './middleware.js';
import { verifySecret } from './secrets.js';

/** Wrong approval PINs a user may try within the window before being refused. */
export const MAX_FAILED_APPROVALS = MAX_FAILED_ATTEMPTS;
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
 * who tried it. Each try takes an attempt slot of that user before any PIN is checked
 * (checkSecretGuarded, the same mechanism as logins), so however many arrive at once at
 * most five are checked in five minutes; then `too_many_attempts`. The manager is not
 * locked out by it. Only managers approve by PIN: admins have no PIN (0022).
 */
export async function resolveApproval(
  deps: Deps,
  auth: Auth,
  request: ApprovalRequest,
): Promise<string | null> {
  if (hasRole(auth.user.role, 'manager')) return auth.user.id;
  if (request.approverPin === undefined) return null;
  const { db } = deps;
  const pin = request.approverPin;

  let query = db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'pin_hash'])
    .where('active', '=', true)
    .where('pin_hash', 'is not', null)
    .where('role', '=', 'manager')
    .where('id', '!=', auth.user.id)
    .orderBy('username')
    .limit(MAX_PIN_CANDIDATES);
  if (request.approver !== undefined)
    query = query.where('username', '=', request.approver.trim().toLowerCase());
  const candidates = await query.execute();

  let approver: string | null = null;
  const { ok } = await checkSecretGuarded(db, {
    key: approvalKey(auth.user.id),
    now: deps.now(),
    queue: approvalHashing,
    verify: async () => {
      for (const candidate of candidates) {
        if (candidate.pin_hash && (await verifySecret(pin, candidate.pin_hash))) {
          approver = candidate.id;
          return true;
        }
      }
      return false;
    },
  });
  if (ok && approver !== null) return approver;
  await audit(db, {
    actorId: auth.user.id,
    action: 'approval_failed',
    subject: request.approver ?? null,
    ip: request.ip ?? null,
  });
  throw new Refusal('approval_invalid', 'That is not a manager PIN.');
}

import { Refusal } from '../../ledger/core/errors.js';
import type { Auth, Deps } from '../app-env.js';
import { audit } from '../audit.js';

/** Roles that stand at a register (the lock screen's staff, decision 0024). */
const REGISTER_ROLES = new Set(['cashier', 'manager']);

/**
 * Whose sale, refund, shift or cash movement a request records. A tablet queues items
 * offline under the cashier who made them and may send them later under whoever is then
 * logged in on it; the item names its maker in `cashierId`. The server takes that name
 * when the sender is register staff (cashier or manager) and the named person is active
 * register staff; `recordSentFor` then notes in the audit log that the sender sent it for
 * them (decision 0028). Without `cashierId`, or naming the sender, it is the sender's own.
 * Refuses with `cashier_not_staff` otherwise. Returns the acting user as an `Auth` whose
 * user is the named cashier, for the ledger's rules (own shift, limits, approvals).
 */
export async function resolveActingCashier(
  deps: Deps,
  auth: Auth,
  request: { cashierId?: string | undefined },
): Promise<Auth> {
  if (request.cashierId === undefined || request.cashierId === auth.user.id) return auth;
  if (!REGISTER_ROLES.has(auth.user.role)) {
    throw new Refusal(
      'cashier_not_staff',
      'Only register staff may send items made by another cashier.',
      { cashierId: request.cashierId },
    );
  }
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role'])
    .where('id', '=', request.cashierId)
    .where('active', '=', true)
    .where('role', 'in', ['cashier', 'manager'])
    .executeTakeFirst();
  if (!user) {
    throw new Refusal(
      'cashier_not_staff',
      `${request.cashierId} is not an active cashier or manager of the register.`,
      { cashierId: request.cashierId },
    );
  }
  return {
    ...auth,
    user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role },
  };
}

/**
 * After a write recorded for another cashier (`acting` is not the sender): an audit row
 * `sent_for_cashier` naming the sender, the cashier and what was written.
 */
export async function recordSentFor(
  deps: Deps,
  auth: Auth,
  acting: Auth,
  what: { kind: 'shift' | 'sale' | 'refund' | 'cash_movement'; id: string },
): Promise<void> {
  if (acting.user.id === auth.user.id) return;
  await audit(deps.db, {
    actorId: auth.user.id,
    action: 'sent_for_cashier',
    subject: what.id,
    details: { kind: what.kind, cashierId: acting.user.id },
  });
}

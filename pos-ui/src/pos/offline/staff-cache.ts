import { STRICT, type CachedStaff, type PosDb } from './offline-db.js';
import { makePinVerifier, verifyPin } from './pin-verifier.js';

/** Wrong offline PINs before a tile locks, and for how long (the server's own figures). */
export const OFFLINE_PIN_MAX_ATTEMPTS = 5;
export const OFFLINE_PIN_LOCK_MS = 5 * 60 * 1000;

/** A staff tile as GET /api/registers/{id}/staff answers it (only what the cache needs). */
export interface StaffTile {
  id: string;
  username: string;
  displayName: string;
  role: 'cashier' | 'manager';
  hasPin: boolean;
}

/**
 * Replaces the cached staff list with the server's, keeping each remaining person's PIN
 * verifier and lockout; people no longer listed (left, deactivated) are dropped with
 * their verifiers, so they cannot switch in offline any more.
 */
export async function cacheStaff(db: PosDb, staff: readonly StaffTile[]): Promise<void> {
  const tx = db.transaction('staff', 'readwrite', STRICT);
  const existing = new Map((await tx.store.getAll()).map((member) => [member.id, member]));
  const listed = new Set(staff.map((member) => member.id));
  for (const id of existing.keys()) if (!listed.has(id)) await tx.store.delete(id);
  for (const member of staff) {
    const old = existing.get(member.id);
    await tx.store.put({
      id: member.id,
      username: member.username,
      displayName: member.displayName,
      role: member.role,
      hasPin: member.hasPin,
      verifier: member.hasPin ? (old?.verifier ?? null) : null,
      failedAttempts: old?.failedAttempts ?? 0,
      lockedUntil: old?.lockedUntil ?? 0,
    });
  }
  await tx.done;
}

export async function listCachedStaff(db: PosDb): Promise<CachedStaff[]> {
  return db.getAll('staff');
}

/** After a successful ONLINE PIN login: store a verifier of that PIN for offline switching. */
export async function rememberPin(
  db: PosDb,
  staffId: string,
  pin: string,
  options: { iterations?: number; now?: number } = {},
): Promise<void> {
  // Derived before the transaction: IndexedDB transactions end at the first await on
  // anything else.
  const verifier = await makePinVerifier(pin, options);
  const tx = db.transaction('staff', 'readwrite', STRICT);
  const member = await tx.store.get(staffId);
  if (!member) throw new Error(`staff ${staffId} is not cached; cache the staff list first`);
  await tx.store.put({ ...member, verifier, failedAttempts: 0, lockedUntil: 0 });
  await tx.done;
}

export type OfflinePinResult = 'ok' | 'wrong' | 'locked' | 'no_verifier';

/**
 * Checks a PIN typed on the lock screen against the cached verifier. Five wrong PINs lock
 * the tile for five minutes (the server's lockout cannot apply offline).
 */
export async function checkOfflinePin(
  db: PosDb,
  staffId: string,
  pin: string,
  now = Date.now(),
): Promise<OfflinePinResult> {
  const member = await db.get('staff', staffId);
  if (!member?.verifier) return 'no_verifier';
  if (member.lockedUntil > now) return 'locked';
  const ok = await verifyPin(pin, member.verifier);
  const tx = db.transaction('staff', 'readwrite', STRICT);
  const current = await tx.store.get(staffId);
  if (current) {
    const failed = ok ? 0 : current.failedAttempts + 1;
    await tx.store.put({
      ...current,
      failedAttempts: failed >= OFFLINE_PIN_MAX_ATTEMPTS ? 0 : failed,
      lockedUntil:
        failed >= OFFLINE_PIN_MAX_ATTEMPTS ? now + OFFLINE_PIN_LOCK_MS : current.lockedUntil,
    });
  }
  await tx.done;
  return ok ? 'ok' : 'wrong';
}

import { STRICT, type PosDb, type SessionRecord } from './offline-db.js';

/**
 * The logged-in cashier, kept in IndexedDB so that a reload or a browser restart while
 * offline keeps them logged in. `data` is whatever the UI needs (as given).
 */
export async function saveSession(
  db: PosDb,
  session: { staffId: string; data: unknown },
  now = Date.now(),
): Promise<void> {
  const tx = db.transaction('session', 'readwrite', STRICT);
  await tx.store.put({ key: 'current', staffId: session.staffId, data: session.data, since: now });
  await tx.done;
}

export async function readSession(db: PosDb): Promise<SessionRecord | undefined> {
  return db.get('session', 'current');
}

/**
 * Logs the tablet out — refused while anything is unsynced, because the queued items
 * are sent under a logged-in session. Resolves with how many items block it (0: done).
 */
export async function clearSession(db: PosDb): Promise<{ unsynced: number }> {
  const tx = db.transaction(['session', 'outbox'], 'readwrite', STRICT);
  const unsynced = await tx.objectStore('outbox').count();
  if (unsynced === 0) await tx.objectStore('session').delete('current');
  await tx.done;
  return { unsynced };
}

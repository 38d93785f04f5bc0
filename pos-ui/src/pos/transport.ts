import { CSRF_HEADER } from '../shared/api/client.js';
import type { OutboxItem, OutboxKind } from './offline/offline-db.js';
import type { Transport } from './offline/sync-engine.js';

/** The writes that record a cashier: each names the one who made it (decision 0028). */
const ATTRIBUTED: ReadonlySet<OutboxKind> = new Set([
  'shift-open',
  'sale',
  'refund',
  'cash-movement',
]);

/**
 * The body an outbox item is sent with: as built, plus `cashierId` — the cashier logged in
 * when the item was made — so that the server records it under them, not under whoever is
 * logged in on the tablet when the outbox drains (a cashier change while offline).
 */
export function bodyToSend(item: OutboxItem): unknown {
  const body = item.request.body;
  if (!item.actorId || !ATTRIBUTED.has(item.kind)) return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  if ('cashierId' in body) return body;
  return { ...(body as Record<string, unknown>), cashierId: item.actorId };
}

/**
 * Sends an outbox item under the tablet's cookie session, with the session's CSRF token
 * and the item's own cashier (`bodyToSend`). A rejected fetch (no answer) rejects; any
 * answer resolves.
 */
export function createFetchTransport(csrfToken: () => string | undefined): Transport {
  return {
    async send(item: OutboxItem) {
      const token = csrfToken();
      const response = await fetch(item.request.path, {
        method: item.request.method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(token ? { [CSRF_HEADER]: token } : {}),
        },
        body: JSON.stringify(bodyToSend(item)),
      });
      // A proxy's error page is not JSON: the status alone then decides.
      const json: unknown = await response.json().catch(() => null);
      return { status: response.status, json };
    },
  };
}

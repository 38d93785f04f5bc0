import { CSRF_HEADER } from '../shared/api/client.js';
import type { OutboxItem } from './offline/offline-db.js';
import type { Transport } from './offline/sync-engine.js';

/**
 * Sends an outbox item as it was built, under the tablet's cookie session, with the
 * session's CSRF token. A rejected fetch (no answer) rejects; any answer resolves.
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
        body: JSON.stringify(item.request.body),
      });
      // A proxy's error page is not JSON: the status alone then decides.
      const json: unknown = await response.json().catch(() => null);
      return { status: response.status, json };
    },
  };
}

/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register';
import { UpdateGate, type UpdateConditions } from './update-gate.js';

/**
 * Registers the POS service worker (scope /pos/, prompt mode) and returns the gate the UI
 * asks before a new version takes over. Call once from the POS entry, with how to read
 * the cart and the outbox.
 *
 * @example const gate = registerPosServiceWorker({ cartLines: () => cart.lines.length, unsynced: () => sync.getStatus().unsynced });
 */
export function registerPosServiceWorker(conditions: UpdateConditions): UpdateGate {
  // The gate is made before the registration (whose callbacks need it) and reaches the
  // registration's update function through this holder.
  const worker: { update?: (reloadPage?: boolean) => Promise<void> } = {};
  const gate = new UpdateGate(conditions, {
    activateWaiting: async () => {
      await worker.update?.(true);
    },
    reload: () => window.location.reload(),
  });
  worker.update = registerSW({
    immediate: true,
    onNeedRefresh: () => gate.updateFound(),
    // Without this hook the plugin reloads at once when a new worker takes control — also
    // when another tab applied it while this one is mid-sale.
    onNeedReload: () => gate.controllerChanged(),
  });
  return gate;
}

import { registerPosServiceWorker } from './sw/register-pos-sw.js';

// Until the POS screens land, the shell only installs the service worker, so /pos/ already
// loads offline. The screens replace this with the real cart and outbox counts.
registerPosServiceWorker({ cartLines: () => 0, unsynced: () => 0 });

import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Three front ends, one build: the residents' pages at /, the tablet POS at /pos/ and
// the accountant console at /books/. The server serves `dist/` on the same port as the API.
export default defineConfig({
  root: resolve(import.meta.dirname, 'pos-ui'),
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        public: resolve(import.meta.dirname, 'pos-ui/index.html'),
        pos: resolve(import.meta.dirname, 'pos-ui/pos/index.html'),
        books: resolve(import.meta.dirname, 'pos-ui/books/index.html'),
      },
    },
  },
  plugins: [
    // The POS's service worker only: at /pos/sw.js with scope /pos/, so the residents'
    // pages and the books are never controlled by it. Prompt mode: a new version waits
    // until the POS applies it (pos-ui/src/pos/sw/update-gate.ts), never autoUpdate.
    VitePWA({
      registerType: 'prompt',
      // Registered from the POS entry only; the plugin would otherwise add it to every page.
      injectRegister: false,
      // The manifest is a static file linked from pos/index.html alone, for the same reason.
      manifest: false,
      filename: 'pos/sw.js',
      scope: '/pos/',
      workbox: {
        globPatterns: ['pos/**/*.{html,png,svg,webmanifest}', 'assets/**/*.{js,css}'],
        // The residents' and the books' own entry code is not part of the POS shell.
        globIgnores: ['assets/public-*', 'assets/books-*', 'pos/sw.js', 'pos/workbox-*.js'],
        // The worker lives at /pos/sw.js: precache URLs must be absolute, or they would
        // resolve under /pos/ (/pos/assets/…).
        modifyURLPrefix: { '': '/' },
        navigateFallback: '/pos/index.html',
        navigateFallbackAllowlist: [/^\/pos\//],
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // No runtime caching of /api: every write goes through the outbox, and reads are
        // cached in IndexedDB by the POS itself.
        runtimeCaching: [],
      },
    }),
  ],
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});

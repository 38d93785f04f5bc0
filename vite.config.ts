import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Three front ends, one build: the residents' pages at /, the tablet POS at /pos/ and
// the accountant console at /books/. The server serves `dist/` on the same port as the API.
export default defineConfig({
  root: resolve(import.meta.dirname, 'pos-ui'),
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        public: resolve(import.meta.dirname, 'pos-ui/index.html'),
        pos: resolve(import.meta.dirname, 'pos-ui/pos/index.html'),
        books: resolve(import.meta.dirname, 'pos-ui/books/index.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores here: more workers only make PGlite instances fight for CPU.
    maxWorkers: 2,
    include: ['{ledger,reports,server,migrations,pos-ui,tests}/**/*.test.ts'],
    // The reliability suite has its own config and command (tests/reliability/vitest.config.ts).
    exclude: ['tests/browser/**', 'tests/reliability/**', 'node_modules/**', 'dist/**'],
    // The second reporter says at the end whether each database's half ran.
    reporters: ['default', './tests/database-halves-reporter.ts'],
  },
});

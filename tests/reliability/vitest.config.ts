import { defineConfig } from 'vitest/config';

/**
 * The reliability suite (`npm run test:reliability`, RELIABILITY_SCALE=full for the
 * issue's sizes; `npm run test:reliability:ci` for the small run in .ci/run). It is kept
 * out of `npm test`: its parts start real servers and kill them, and one at a time is
 * what a 2-core machine can take.
 */
export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts', 'tests/reliability/server-logs.ts'],
    include: ['tests/reliability/**/*.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});

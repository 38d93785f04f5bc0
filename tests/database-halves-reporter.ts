import type { Reporter, TestModule } from 'vitest/node';

/**
 * Says at the end of every run how each database's half went: every database suite's
 * tests are named `… [pglite]` or `… [postgres]` (tests/helpers/databases.ts), and a run
 * whose PostgreSQL half was skipped must not look like a full one.
 *
 * @example
 * Database halves: PGlite ran 812 tests (0 failed); PostgreSQL ran 812 tests (0 failed).
 */
export default class DatabaseHalvesReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const halves = { pglite: new Counts(), postgres: new Counts() };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const kind = test.fullName.includes('[postgres]')
          ? 'postgres'
          : test.fullName.includes('[pglite]')
            ? 'pglite'
            : undefined;
        if (kind) halves[kind].add(test.result().state);
      }
    }
    console.log(
      `\nDatabase halves: PGlite ${halves.pglite.describe()}; PostgreSQL ${halves.postgres.describe()}.`,
    );
    if (halves.postgres.ran === 0 && halves.postgres.skipped > 0) {
      console.log('!!! PostgreSQL half: SKIPPED — only PGlite was tested.');
    }
  }
}

class Counts {
  ran = 0;
  failed = 0;
  skipped = 0;
  add(state: string): void {
    if (state === 'passed' || state === 'failed') this.ran += 1;
    if (state === 'failed') this.failed += 1;
    if (state === 'skipped' || state === 'pending') this.skipped += 1;
  }
  describe(): string {
    if (this.ran === 0 && this.skipped === 0) return 'had no tests in this run';
    if (this.ran === 0) return `SKIPPED (${this.skipped} tests not run)`;
    return `ran ${this.ran} tests (${this.failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''})`;
  }
}

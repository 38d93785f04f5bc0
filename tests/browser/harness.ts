/** A minimal test runner for the browser suite: named checks, a tally and a closing line. */

export interface CheckResult {
  name: string;
  passed: boolean;
  error?: string;
}

export class Suite {
  readonly results: CheckResult[] = [];

  /** Runs one check; a failure is recorded and reported, and the suite goes on. */
  async check(name: string, body: () => Promise<void>): Promise<boolean> {
    const started = performance.now();
    try {
      await body();
      this.results.push({ name, passed: true });
      console.log(`  ✓ ${name} (${Math.round(performance.now() - started)} ms)`);
      return true;
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.results.push({ name, passed: false, error: message });
      console.log(`  ✗ ${name}\n${indent(message)}`);
      return false;
    }
  }

  /** A check that could not run because what it needs failed earlier. */
  skipBecause(name: string, reason: string): void {
    this.results.push({ name, passed: false, error: `not run: ${reason}` });
    console.log(`  ✗ ${name}\n${indent(`not run: ${reason}`)}`);
  }

  get failed(): number {
    return this.results.filter((result) => !result.passed).length;
  }

  get passed(): number {
    return this.results.filter((result) => result.passed).length;
  }

  /** The plain closing line that CI reads. */
  summary(): string {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 25)
    .map((line) => `      ${line}`)
    .join('\n');
}

/** Chromium's flags for this machine (no network beyond loopback; see ../shared/STACK.md). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The same, for a headless browser launched with `args`. */
export const CHROMIUM_ARGS = ['--headless', ...CHROMIUM_FLAGS];

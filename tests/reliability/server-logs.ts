import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { troubleIn } from '../support/server-child.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where every server child of the reliability suite leaves its log. */
    serverLogDir: string;
  }
}

/**
 * The whole suite's server logs: every server child writes its output to a folder made
 * here (tests/support/server-child.ts), and at the end of the run one line says how many
 * servers printed how much, and the run fails if any line speaks of an unhandled
 * rejection or a Node warning.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'xmf-server-logs-'));
  project.provide('serverLogDir', dir);
  return () => {
    const files = readdirSync(dir);
    const logs = files.map((file) => readFileSync(join(dir, file), 'utf8'));
    const trouble = logs.flatMap((log, index) =>
      troubleIn(log).map((line) => `${files[index]}: ${line}`),
    );
    const lines = logs.reduce((sum, log) => sum + log.split('\n').length - 1, 0);
    console.info(
      `[server logs] ${files.length} server runs, ${lines} lines, ${trouble.length} unhandled rejections or warnings`,
    );
    rmSync(dir, { recursive: true, force: true });
    if (trouble.length > 0)
      throw new Error(`the servers' logs speak of trouble:\n${trouble.slice(0, 20).join('\n')}`);
  };
}

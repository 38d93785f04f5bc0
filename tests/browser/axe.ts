import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

const AXE_PATH = resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

declare global {
  interface Window {
    axe: { run: (context?: unknown, options?: unknown) => Promise<{ violations: AxeViolation[] }> };
  }
}

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations,
 * one line each; lesser ones are printed for the reader but do not fail the suite. The
 * page's context must bypass CSP, since axe arrives as an inline script.
 */
export async function seriousAxeViolations(page: Page, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const { violations } = await page.evaluate(() => window.axe.run(document));
  const lines = violations.map(
    (violation) =>
      `[${violation.impact}] ${violation.id}: ${violation.help} — ` +
      violation.nodes
        .slice(0, 3)
        .map((node) => JSON.stringify(node.target))
        .join(', '),
  );
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  for (const violation of minor) {
    console.log(
      `    axe (${label}, not failing): [${violation.impact}] ${violation.id}: ${violation.help}`,
    );
  }
  return lines.filter((_, index) => {
    const impact = violations[index]!.impact;
    return impact === 'serious' || impact === 'critical';
  });
}

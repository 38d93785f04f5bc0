/**
 * Every benchmark, one after another, each in its own process (so one's memory and JIT do
 * not colour the next). Figures only. `npx tsx bench/run-all.ts`
 */
import { spawnSync } from 'node:child_process';

const BENCHES = [
  ['bench/sales-throughput.ts'],
  ['bench/sync-batch.ts'],
  ['bench/ledger-trial-balance.ts'],
  ['bench/close-month.ts'],
  ['bench/statement-pdf.ts'],
  ['bench/pos-entry.ts'],
] as const;

let failed = 0;
for (const [script] of BENCHES) {
  console.log(`\n=== ${script}`);
  const result = spawnSync('npx', ['tsx', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.log(`${script} exited with ${result.status ?? result.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;

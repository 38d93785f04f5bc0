import { spawn } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';
import { resolve } from 'node:path';

/**
 * `npm run bench [-- --quick]`: every benchmark in one run, with the machine described
 * first and a summary table last (each benchmark's own figures are printed above it).
 * Full sizes are the issue's: 2,000 sales × 8 registers, a trial balance over 1,000,000
 * lines, a month close of 100,000 sales, 15 statement PDFs. `--quick` runs small sizes
 * for a smoke test; its figures are not comparable with the full ones.
 */

const quick = process.argv.includes('--quick');
const ROOT = resolve(import.meta.dirname, '..');

const BENCHES: { name: string; script: string; args: string[]; quickArgs: string[] }[] = [
  {
    name: 'sales throughput (8 registers, HTTP)',
    script: 'bench/sales-throughput.ts',
    args: ['--sales', '2000', '--registers', '8'],
    quickArgs: ['--sales', '200', '--registers', '4'],
  },
  {
    name: 'batch sync of queued offline sales (POST /api/sync)',
    script: 'bench/sync-batch.ts',
    args: ['--sales', '5000'],
    quickArgs: ['--sales', '300', '--db', 'pglite'],
  },
  {
    name: 'trial balance vs ledger / hledger',
    script: 'bench/ledger-trial-balance.ts',
    args: ['--lines', '1000000'],
    quickArgs: ['--lines', '20000'],
  },
  {
    name: 'month close',
    script: 'bench/close-month.ts',
    args: ['--sales', '100000'],
    quickArgs: ['--sales', '2000', '--db', 'pglite'],
  },
  {
    name: 'statement PDF render',
    script: 'bench/statement-pdf.ts',
    args: ['15'],
    quickArgs: ['3'],
  },
];

function run(script: string, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return new Promise((resolveRun) => child.on('exit', (code) => resolveRun(code)));
}

const cpu = cpus();
console.log(
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Linux ${release()}, Node ${process.version}${quick ? ' — quick sizes' : ''}`,
);
const summary: { name: string; args: string; seconds: string; result: string }[] = [];
for (const bench of BENCHES) {
  const args = quick ? bench.quickArgs : bench.args;
  console.log(`\n=== ${bench.name}: ${bench.script} ${args.join(' ')}`);
  const started = performance.now();
  const code = await run(bench.script, args);
  summary.push({
    name: bench.name,
    args: args.join(' '),
    seconds: ((performance.now() - started) / 1000).toFixed(1),
    result: code === 0 ? 'ok' : `exit ${code}`,
  });
}
console.log('\n| benchmark | arguments | wall s | result |\n|---|---|---:|---|');
for (const row of summary)
  console.log(`| ${row.name} | ${row.args} | ${row.seconds} | ${row.result} |`);
process.exit(summary.every((row) => row.result === 'ok') ? 0 : 1);

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { errorText, parseResults, BENCH_NAMES, type BenchName } from './result.js';
import {
  machineLines,
  summaryMarkdown,
  type BenchRun,
  type MachineDescription,
} from './summary.js';

/**
 * `npm run bench [-- --quick] [-- --only sales,pdf] [-- --markdown FILE]`: every benchmark
 * in one run. Each script's output is shown as it runs; its BENCH_RESULT lines (see
 * bench/result.ts) are collected, and the run ends with the machine described and ONE
 * table of the figures (bench/summary.ts). Exits non-zero when a script failed, printed
 * no result for a database, or a check (e.g. agreement with ledger to the fen) failed.
 *
 * Full sizes are the issue's: 2,000 sales × 8 registers against pgbench, a trial balance
 * over 1,000,000 lines against ledger and hledger, a month close of 100,000 sales, a batch
 * sync of 5,000 offline sales, 15 statement PDFs, each on PGlite and PostgreSQL. `--quick`
 * runs small sizes for a smoke test; its figures are not comparable with the full ones.
 * `--markdown FILE` also writes the machine lines and the table to FILE (for the README).
 */

const USAGE = `usage: npm run bench -- [--quick] [--only ${BENCH_NAMES.join(',')}] [--markdown FILE]`;
const argv = process.argv.slice(2);
function option(name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`--${name} needs a value\n${USAGE}`);
    process.exit(2);
  }
  return value;
}
const known = new Set(['--quick', '--only', '--markdown', '--help']);
for (const [index, arg] of argv.entries()) {
  const isValue = index > 0 && (argv[index - 1] === '--only' || argv[index - 1] === '--markdown');
  if (!isValue && !known.has(arg)) {
    console.error(`unknown argument ${arg}\n${USAGE}`);
    process.exit(2);
  }
}
if (argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
const quick = argv.includes('--quick');
const markdownFile = option('markdown');
const onlyText = option('only');
const only = onlyText?.split(',').map((name) => name.trim());
for (const name of only ?? []) {
  if (!BENCH_NAMES.includes(name as BenchName)) {
    console.error(`unknown benchmark ${name}\n${USAGE}`);
    process.exit(2);
  }
}

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

interface BenchSpec {
  name: BenchName;
  script: string;
  args: string[];
  quickArgs: string[];
  expects: BenchRun['expects'];
}

const BENCHES: BenchSpec[] = [
  {
    name: 'sales',
    script: 'bench/sales-throughput.ts',
    args: ['--sales', '2000', '--registers', '8'],
    quickArgs: ['--sales', '200', '--registers', '4'],
    expects: ['pglite', 'postgres'],
  },
  {
    name: 'sync',
    script: 'bench/sync-batch.ts',
    args: ['--sales', '5000'],
    quickArgs: ['--sales', '300'],
    expects: ['postgres', 'pglite'],
  },
  {
    name: 'trial-balance',
    script: 'bench/ledger-trial-balance.ts',
    args: ['--lines', '1000000', '--db', 'postgres'],
    quickArgs: ['--lines', '20000', '--db', 'postgres'],
    expects: ['postgres'],
  },
  {
    name: 'trial-balance',
    script: 'bench/ledger-trial-balance.ts',
    args: ['--lines', '1000000', '--db', 'pglite'],
    quickArgs: ['--lines', '20000', '--db', 'pglite'],
    expects: ['pglite'],
  },
  {
    name: 'close',
    script: 'bench/close-month.ts',
    args: ['--sales', '100000'],
    quickArgs: ['--sales', '2000'],
    expects: ['pglite', 'postgres'],
  },
  {
    name: 'pdf',
    script: 'bench/statement-pdf.ts',
    args: ['15'],
    quickArgs: ['3'],
    expects: [null],
  },
];

/** Runs one script, echoing its output live, and returns its exit code and whole stdout. */
function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    process.stdout.write(chunk);
  });
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolveRun({ code, stdout: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

function firstLine(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  if (result.error || result.status !== 0) return null;
  return result.stdout.split('\n')[0]!.trim() || null;
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty?.[1]) return `${pretty[1]} (${type()} ${release()})`;
  } catch {
    // not Linux, or no os-release: the kernel alone
  }
  return `${type()} ${release()}`;
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `${rows[0]?.server_version ?? '?'} at ${new URL(ADMIN_URL).host}`;
  } catch (error) {
    return `not reachable at ${new URL(ADMIN_URL).host} (${errorText(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function describeMachine(): Promise<MachineDescription> {
  const cpu = cpus();
  const pglite = JSON.parse(
    readFileSync(resolve(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: osName(),
    node: process.version,
    postgres: await postgresVersion(),
    pglite: pglite.version,
    ledger:
      firstLine('ledger', ['--version'])?.replace(/, the command-line accounting tool$/, '') ??
      'ledger not installed',
    hledger: firstLine('hledger', ['--version']) ?? 'hledger not installed',
    pgbench: firstLine('pgbench', ['--version']) ?? 'pgbench not installed',
    load: loadavg()
      .map((value) => value.toFixed(2))
      .join(' / '),
  };
}

const startedAt = new Date();
const machine = await describeMachine();
console.log(machineLines(machine, startedAt, quick).join('\n'));

const runs: BenchRun[] = [];
for (const bench of BENCHES.filter((spec) => !only || only.includes(spec.name))) {
  const args = quick ? bench.quickArgs : bench.args;
  const command = `${bench.script} ${args.join(' ')}`;
  console.log(`\n=== ${bench.name}: ${command}`);
  const started = performance.now();
  let outcome: { code: number | null; stdout: string };
  try {
    outcome = await run(bench.script, args);
  } catch (error) {
    console.error(`could not start ${bench.script}: ${errorText(error)}`);
    outcome = { code: null, stdout: '' };
  }
  const { results, errors } = parseResults(outcome.stdout);
  runs.push({
    name: bench.name,
    command,
    expects: bench.expects,
    exitCode: outcome.code,
    wallSeconds: (performance.now() - started) / 1000,
    results,
    parseErrors: errors,
  });
}

const { text, failures } = summaryMarkdown(machine, startedAt, quick, runs);
console.log(`\n${text}`);
if (markdownFile) {
  // npm runs scripts in the package root; a relative FILE is where the command was typed.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), markdownFile);
  writeFileSync(path, `${text}\n`);
  console.log(`(written to ${path})`);
}
process.exit(failures.length ? 1 : 0);

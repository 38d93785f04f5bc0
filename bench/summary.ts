/**
 * The one table `npm run bench` ends with, built from the BENCH_RESULT lines of every
 * script it ran (pure functions, so tests/bench/summary.test.ts can check them without a
 * database). A row per benchmark × database (× reference tool, × PDF case); a status
 * column says which rows failed and why: a script that exited non-zero, a result a script
 * did not print, a malformed result line, or a check that came out false (a balance that
 * differs from ledger's by a fen fails the run).
 */
import type { BenchDatabase, BenchName, BenchResult, Figure } from './result.js';

/** What run-all knows about one script's run. */
export interface BenchRun {
  name: BenchName;
  /** The command line, for the table's footnote. */
  command: string;
  /** The results the run must print (a skipped one counts): one per database, or null. */
  expects: (BenchDatabase | null)[];
  /** null when the child was killed by a signal. */
  exitCode: number | null;
  wallSeconds: number;
  results: BenchResult[];
  /** Malformed result lines. */
  parseErrors: string[];
}

export interface SummaryRow {
  benchmark: string;
  database: string;
  ours: string;
  reference: string;
  ratio: string;
  notes: string;
  /** 'ok', 'skipped: …' or 'FAILED: …'. */
  status: string;
}

export interface Summary {
  rows: SummaryRow[];
  /** One line per failure, e.g. "trial-balance postgres: hledger agrees to the fen". */
  failures: string[];
  /** What was not measured, e.g. "close postgres: no server at 127.0.0.1:5432 (…)". */
  skipped: string[];
}

const DASH = '—';

function num(figures: Record<string, Figure>, key: string): number | null {
  const value = figures[key];
  return typeof value === 'number' ? value : null;
}

function str(figures: Record<string, Figure>, key: string): string | null {
  const value = figures[key];
  return typeof value === 'string' ? value : null;
}

/** A number with thousands separators and `digits` decimals; — when absent. */
export function formatNumber(value: number | null, digits = 0): string {
  if (value === null) return DASH;
  return value.toLocaleString('en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Seconds with enough digits to show small runs (0.004 s) and big ones (176 s) alike. */
export function formatSeconds(value: number | null): string {
  if (value === null) return DASH;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 0.1 ? 2 : 3;
  return `${formatNumber(value, digits)} s`;
}

function formatMs(value: number | null): string {
  return value === null ? DASH : `${formatNumber(value, value >= 100 ? 0 : 1)} ms`;
}

function formatRatio(value: number | null, digits: number): string {
  return value === null ? DASH : formatNumber(value, digits);
}

function databaseLabel(db: BenchDatabase | null): string {
  return db === 'pglite' ? 'PGlite' : db === 'postgres' ? 'PostgreSQL' : DASH;
}

const BENCH_LABELS: Record<BenchName, string> = {
  sales: 'sales throughput (HTTP)',
  sync: 'batch sync of offline sales',
  'trial-balance': 'trial balance',
  close: 'month close',
  pdf: 'statement PDF render',
};

type RowFigures = Omit<SummaryRow, 'benchmark' | 'database' | 'status'> & {
  benchmark?: string;
  /** The row shows one reference tool: only the checks named after it fail the row. */
  tool?: string;
};

/** The CPU a sale cost, where the benchmark could read it. */
function cpuPerSale(figures: Record<string, Figure>): string[] {
  const node = num(figures, 'nodeCpuMsPerSale');
  const postgres = num(figures, 'postgresCpuMsPerSale');
  if (node === null) return [];
  return [
    `CPU per sale: server ${formatMs(node)}` +
      (postgres === null ? '' : `, PostgreSQL ${formatMs(postgres)}`),
  ];
}

function salesRows(figures: Record<string, Figure>): RowFigures[] {
  const ours =
    `${formatNumber(num(figures, 'perSecond'))} sales/s; p50 ${formatMs(num(figures, 'p50Ms'))}, ` +
    `p95 ${formatMs(num(figures, 'p95Ms'))}, p99 ${formatMs(num(figures, 'p99Ms'))}; ` +
    `${formatNumber(num(figures, 'statementsPerSale'))} statements/sale` +
    (num(figures, 'statementsPerSaleUnderLoad') === null
      ? ''
      : ` alone, ${formatNumber(num(figures, 'statementsPerSaleUnderLoad'), 2)} under load`);
  const baseline = str(figures, 'baseline');
  const reference =
    baseline === null
      ? DASH
      : `${baseline}: ${formatNumber(num(figures, 'baselinePerSecond'))} tx/s; ` +
        `p50 ${formatMs(num(figures, 'baselineP50Ms'))}, p99 ${formatMs(num(figures, 'baselineP99Ms'))}`;
  const extra = [
    num(figures, 'failures') ? `${formatNumber(num(figures, 'failures'))} failed` : '',
    num(figures, 'busyRetries') ? `${formatNumber(num(figures, 'busyRetries'))} busy retries` : '',
  ].filter(Boolean);
  return [
    {
      ours,
      reference,
      ratio: `ours/ref ${formatRatio(num(figures, 'ratio'), 2)}`,
      notes: [
        `${formatNumber(num(figures, 'sales'))} sales, ${formatNumber(num(figures, 'registers'))} registers`,
        ...cpuPerSale(figures),
        ...extra,
      ].join('; '),
    },
  ];
}

function syncRows(figures: Record<string, Figure>): RowFigures[] {
  const first = num(figures, 'firstThousandPerSecond');
  const last = num(figures, 'lastThousandPerSecond');
  return [
    {
      ours: `${formatSeconds(num(figures, 'seconds'))}; ${formatNumber(num(figures, 'perSecond'))} sales/s`,
      reference: DASH,
      ratio: DASH,
      notes:
        `${formatNumber(num(figures, 'sales'))} sales in batches of ${formatNumber(num(figures, 'batchSize'))}; ` +
        `batch p50 ${formatMs(num(figures, 'batchP50Ms'))}, max ${formatMs(num(figures, 'batchMaxMs'))}` +
        // The first and last thousand only differ when there are two thousands to compare.
        (first !== null && last !== null && first > 0 && (num(figures, 'sales') ?? 0) >= 2000
          ? `; last 1,000 at ${formatNumber((last / first) * 100)} % of the first's rate`
          : ''),
    },
  ];
}

/** "Ledger 3.3.0-20230208, the command-line accounting tool" → "Ledger 3.3.0-20230208". */
function shortVersion(version: string): string {
  return version.split(',')[0]!.trim();
}

function trialBalanceRows(figures: Record<string, Figure>): RowFigures[] {
  const ours = `${formatSeconds(num(figures, 'oursSeconds'))} over ${formatNumber(num(figures, 'lines'))} lines`;
  const exportBytes = num(figures, 'exportBytes');
  const context =
    `posting ${formatSeconds(num(figures, 'postingSeconds'))}, export ${formatSeconds(num(figures, 'exportSeconds'))}` +
    (exportBytes === null ? '' : ` (${formatNumber(exportBytes / 2 ** 20, 1)} MB)`);
  return (['ledger', 'hledger'] as const).map((tool, index) => {
    const version = str(figures, `${tool}Version`);
    const agrees = figures[`${tool}Agrees`];
    const accounts = formatNumber(num(figures, 'accounts'));
    return {
      benchmark: `trial balance vs ${tool}`,
      tool,
      ours,
      reference:
        version === null
          ? `${tool} not installed`
          : `${shortVersion(version)}: ${formatSeconds(num(figures, `${tool}Seconds`))}`,
      ratio: `${tool}/ours ${formatRatio(num(figures, `${tool}Ratio`), 1)}×`,
      notes: [
        agrees === true
          ? `agrees to the fen on all ${accounts} accounts`
          : agrees === false
            ? 'balances DIFFER'
            : 'agreement not checked',
        ...(index === 0 ? [context] : []),
      ].join('; '),
    };
  });
}

function closeRows(figures: Record<string, Figure>): RowFigures[] {
  return [
    {
      ours: `close ${formatSeconds(num(figures, 'closeSeconds'))}`,
      reference: DASH,
      ratio: DASH,
      notes:
        `${formatNumber(num(figures, 'sales'))} sales (posted in ${formatSeconds(num(figures, 'postingSeconds'))}); ` +
        `${formatNumber(num(figures, 'entriesDigested'))} entries digested`,
    },
  ];
}

function pdfRows(figures: Record<string, Figure>, name: string | undefined): RowFigures[] {
  const bytes = num(figures, 'bytes');
  return [
    {
      benchmark: `statement PDF: ${name ?? '?'}`,
      ours:
        `median ${formatMs(num(figures, 'medianMs'))}, mean ${formatMs(num(figures, 'meanMs'))}, ` +
        `p95 ${formatMs(num(figures, 'p95Ms'))}; first ${formatMs(num(figures, 'firstMs'))}`,
      reference: DASH,
      ratio: DASH,
      notes:
        `${bytes === null ? DASH : formatNumber(bytes / 1024, 1)} KB, ${formatNumber(num(figures, 'pages'))} pages; ` +
        `${formatNumber(num(figures, 'runs'))} warm runs, CPU median ${formatMs(num(figures, 'cpuMedianMs'))}`,
    },
  ];
}

function rowsFor(result: BenchResult): RowFigures[] {
  switch (result.bench) {
    case 'sales':
      return salesRows(result.figures);
    case 'sync':
      return syncRows(result.figures);
    case 'trial-balance':
      return trialBalanceRows(result.figures);
    case 'close':
      return closeRows(result.figures);
    case 'pdf':
      return pdfRows(result.figures, result.case);
  }
}

function emptyRow(benchmark: string, database: string, notes: string, status: string): SummaryRow {
  return { benchmark, database, ours: DASH, reference: DASH, ratio: DASH, notes, status };
}

/** The rows of every run, and what failed. */
export function buildSummary(runs: BenchRun[]): Summary {
  const rows: SummaryRow[] = [];
  const failures: string[] = [];
  const skipped: string[] = [];
  for (const run of runs) {
    const exitProblem =
      run.exitCode === 0 ? null : run.exitCode === null ? 'killed' : `exit ${run.exitCode}`;
    for (const result of run.results) {
      const label = BENCH_LABELS[result.bench];
      const database = databaseLabel(result.db);
      const where = `${result.bench}${result.db ? ` ${result.db}` : ''}${result.case ? ` (${result.case})` : ''}`;
      const notes = result.notes ?? [];
      if (result.skipped !== undefined) {
        skipped.push(`${where}: ${result.skipped}`);
        rows.push(emptyRow(label, database, notes.join('; '), `skipped: ${result.skipped}`));
        continue;
      }
      const failedChecks = Object.entries(result.checks ?? {})
        .filter(([, ok]) => !ok)
        .map(([check]) => check);
      for (const check of failedChecks) failures.push(`${where}: ${check}`);
      const resultRows = rowsFor(result);
      const tools = resultRows.flatMap((row) => (row.tool ? [`${row.tool} `] : []));
      // A check or note named after one reference tool belongs to that tool's row only.
      const belongs = (row: RowFigures, text: string) =>
        !tools.some((tool) => text.startsWith(tool)) || text.startsWith(`${row.tool} `);
      for (const row of resultRows) {
        const own = failedChecks.filter((check) => belongs(row, check));
        rows.push({
          benchmark: row.benchmark ?? label,
          database,
          ours: row.ours,
          reference: row.reference,
          ratio: row.ratio,
          notes: [row.notes, ...notes.filter((note) => belongs(row, note))]
            .filter(Boolean)
            .join('; '),
          status: own.length ? `FAILED: ${own.join(', ')}` : 'ok',
        });
      }
    }
    const missing = run.expects.filter(
      (db) => !run.results.some((result) => result.bench === run.name && result.db === db),
    );
    for (const db of missing) {
      const why = `no result printed${exitProblem ? `; ${exitProblem}` : ' (exit 0)'}`;
      failures.push(`${run.name}${db ? ` ${db}` : ''}: ${why}`);
      rows.push(emptyRow(BENCH_LABELS[run.name], databaseLabel(db), run.command, `FAILED: ${why}`));
    }
    if (exitProblem && missing.length === 0) {
      failures.push(`${run.name}: ${exitProblem} after printing its results`);
      rows.push(
        emptyRow(
          BENCH_LABELS[run.name],
          DASH,
          run.command,
          `FAILED: ${exitProblem} after its results`,
        ),
      );
    }
    for (const error of run.parseErrors) {
      failures.push(`${run.name}: ${error}`);
      rows.push(
        emptyRow(BENCH_LABELS[run.name], DASH, error.slice(0, 120), 'FAILED: malformed result'),
      );
    }
  }
  return { rows, failures, skipped };
}

/** A table cell: pipes escaped, newlines flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The rows as a markdown table. */
export function markdownTable(rows: SummaryRow[]): string {
  const header = '| benchmark | database | ours | reference | ratio | notes | status |';
  const rule = '| --- | --- | --- | --- | --- | --- | --- |';
  const body = rows.map(
    (row) =>
      `| ${[row.benchmark, row.database, row.ours, row.reference, row.ratio, row.notes, row.status]
        .map(cell)
        .join(' | ')} |`,
  );
  return [header, rule, ...body].join('\n');
}

/** What the machine was, as run-all found it; every field already text. */
export interface MachineDescription {
  cpu: string;
  memory: string;
  os: string;
  node: string;
  postgres: string;
  pglite: string;
  ledger: string;
  hledger: string;
  pgbench: string;
  load: string;
}

/** The lines above the table: machine, software, when, which sizes. */
export function machineLines(
  machine: MachineDescription,
  startedAt: Date,
  quick: boolean,
): string[] {
  return [
    `Machine: ${machine.cpu}, ${machine.memory} RAM, ${machine.os}; load average ${machine.load} at the start`,
    `Software: Node ${machine.node}, PostgreSQL server ${machine.postgres}, PGlite ${machine.pglite}, ` +
      `${machine.ledger}, ${machine.hledger}, ${machine.pgbench}`,
    `Run: ${startedAt
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')}, ` +
      (quick
        ? 'quick sizes (--quick: a smoke run; figures not comparable with full ones)'
        : 'full sizes'),
  ];
}

/** The whole report: machine lines, the table, wall times and the verdict. */
export function summaryMarkdown(
  machine: MachineDescription,
  startedAt: Date,
  quick: boolean,
  runs: BenchRun[],
): { text: string; failures: string[] } {
  const { rows, failures, skipped } = buildSummary(runs);
  const wall = runs.map((run) => `${run.command} ${formatSeconds(run.wallSeconds)}`).join('; ');
  const verdict = [
    failures.length
      ? `FAILED (${failures.length}): ${failures.join('; ')}.`
      : 'No failures: every script exited 0, printed its results, and every check passed.',
    ...(skipped.length ? [`Not measured: ${skipped.join('; ')}.`] : []),
  ].join('  \n');
  const text = [
    ...machineLines(machine, startedAt, quick).map((line) => `${line}  `),
    '',
    markdownTable(rows),
    '',
    `Wall time per script: ${wall}.  `,
    verdict,
  ].join('\n');
  return { text, failures };
}

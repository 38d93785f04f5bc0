/**
 * The machine-readable line every benchmark prints beside its human-readable output, one
 * per figure group (a database, a PDF case), and its parser. `bench/run-all.ts` reads the
 * lines from each script's stdout and builds one table from them (bench/summary.ts).
 *
 *   BENCH_RESULT {"bench":"sales","db":"postgres","figures":{"perSecond":109.2,...}}
 *
 * Figure names carry their unit (…Ms, …Seconds, …PerSecond, …Bytes); money never appears.
 */

export const BENCH_NAMES = ['sales', 'sync', 'trial-balance', 'close', 'pdf'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];
export type BenchDatabase = 'pglite' | 'postgres';
export type Figure = number | string | boolean | null;

export interface BenchResult {
  bench: BenchName;
  /** The database measured; null where none is involved (the PDF render). */
  db: BenchDatabase | null;
  /** What else tells groups apart, e.g. the PDF case. */
  case?: string;
  figures: Record<string, Figure>;
  /** Checks made during the run, by what they assert: a false one fails `npm run bench`. */
  checks?: Record<string, boolean>;
  /** Set when the group was not measured (no server answering, a tool missing): why. */
  skipped?: string;
  /** Anything a reader of the table should know (a reference that was skipped, retries). */
  notes?: string[];
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Prints one result line on stdout. */
export function printResult(result: BenchResult): void {
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

/** The message of an unknown thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFigure(value: unknown): value is Figure {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** One line's result; null for a line that is not a result line; throws on a malformed one. */
export function parseResultLine(line: string): BenchResult | null {
  const trimmed = line.replace(/\r$/, '');
  if (!trimmed.startsWith(RESULT_PREFIX)) return null;
  const value: unknown = JSON.parse(trimmed.slice(RESULT_PREFIX.length));
  if (!isRecord(value)) throw new Error('not an object');
  const { bench, db, figures, checks, skipped, notes } = value;
  if (!BENCH_NAMES.includes(bench as BenchName))
    throw new Error(`unknown bench ${JSON.stringify(bench)}`);
  if (db !== null && db !== 'pglite' && db !== 'postgres')
    throw new Error(`unknown db ${JSON.stringify(db)}`);
  if (!isRecord(figures) || !Object.values(figures).every(isFigure))
    throw new Error('figures must be an object of numbers, strings, booleans or null');
  if (
    checks !== undefined &&
    (!isRecord(checks) || !Object.values(checks).every((c) => typeof c === 'boolean'))
  )
    throw new Error('checks must be an object of booleans');
  if (skipped !== undefined && typeof skipped !== 'string')
    throw new Error('skipped must be a string');
  if (notes !== undefined && (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string')))
    throw new Error('notes must be strings');
  if (value.case !== undefined && typeof value.case !== 'string')
    throw new Error('case must be a string');
  return value as unknown as BenchResult;
}

/** Every result line in a script's output, and what was wrong with the malformed ones. */
export function parseResults(output: string): { results: BenchResult[]; errors: string[] } {
  const results: BenchResult[] = [];
  const errors: string[] = [];
  for (const line of output.split('\n')) {
    try {
      const result = parseResultLine(line);
      if (result) results.push(result);
    } catch (error) {
      errors.push(`malformed result line (${errorText(error)}): ${line.slice(0, 200)}`);
    }
  }
  return { results, errors };
}

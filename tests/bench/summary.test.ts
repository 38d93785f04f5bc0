import { describe, expect, test } from 'vitest';
import { parseResults, RESULT_PREFIX, type BenchResult } from '../../bench/result.js';
import { buildSummary, markdownTable, type BenchRun } from '../../bench/summary.js';

// `npm run bench` builds its one table from the BENCH_RESULT lines of each script; these
// check the parsing and the verdict without running a benchmark or touching a database.

const line = (result: BenchResult) => RESULT_PREFIX + JSON.stringify(result);

function trialBalance(db: 'pglite' | 'postgres', hledgerAgrees: boolean): BenchResult {
  return {
    bench: 'trial-balance',
    db,
    figures: {
      lines: 1_000_000,
      accounts: 17,
      oursSeconds: 0.32,
      postingSeconds: 176,
      exportSeconds: 27,
      exportBytes: 79 * 2 ** 20,
      ledgerVersion: 'Ledger 3.3.0-20230208, the command-line accounting tool',
      ledgerSeconds: 14.7,
      ledgerRatio: 45.9,
      ledgerAgrees: true,
      hledgerVersion: 'hledger 1.25, linux-x86_64',
      hledgerSeconds: 92.9,
      hledgerRatio: 290,
      hledgerAgrees: hledgerAgrees,
    },
    checks: {
      'ledger agrees to the fen': true,
      'hledger agrees to the fen': hledgerAgrees,
    },
    ...(hledgerAgrees ? {} : { notes: ['hledger differs on 1 account(s): 5001'] }),
  };
}

function runOf(overrides: Partial<BenchRun> & Pick<BenchRun, 'name' | 'expects'>): BenchRun {
  return {
    command: `bench/${overrides.name}.ts`,
    exitCode: 0,
    wallSeconds: 1,
    results: [],
    parseErrors: [],
    ...overrides,
  };
}

describe('bench result lines', () => {
  test('only result lines are read; the human output around them is ignored', () => {
    const output = [
      'sales throughput: 200 sales, 4 concurrent registers',
      line({ bench: 'sales', db: 'pglite', figures: { perSecond: 67.5, ratio: 0.11 } }),
      '  pglite: 2,000 / 2,000 sales posted\r',
      line({ bench: 'close', db: 'postgres', figures: { closeSeconds: 2.3 } }) + '\r',
    ].join('\n');
    const { results, errors } = parseResults(output);
    expect(errors).toEqual([]);
    expect(results.map((result) => [result.bench, result.db])).toEqual([
      ['sales', 'pglite'],
      ['close', 'postgres'],
    ]);
    expect(results[0]!.figures.perSecond).toBe(67.5);
  });

  test('a malformed or unknown result line is an error, not silently dropped', () => {
    const { results, errors } = parseResults(
      [
        `${RESULT_PREFIX}{"bench":"sales","db":"pglite","figures":`,
        `${RESULT_PREFIX}{"bench":"nonsense","db":null,"figures":{}}`,
        `${RESULT_PREFIX}{"bench":"pdf","db":null,"figures":{"ms":[1,2]}}`,
      ].join('\n'),
    );
    expect(results).toEqual([]);
    expect(errors).toHaveLength(3);
  });
});

describe('the summary table', () => {
  test('agreeing results make ok rows and no failure', () => {
    const { rows, failures } = buildSummary([
      runOf({
        name: 'trial-balance',
        expects: ['postgres'],
        results: [trialBalance('postgres', true)],
      }),
    ]);
    expect(failures).toEqual([]);
    expect(rows.map((row) => [row.benchmark, row.database, row.status])).toEqual([
      ['trial balance vs ledger', 'PostgreSQL', 'ok'],
      ['trial balance vs hledger', 'PostgreSQL', 'ok'],
    ]);
    expect(rows[0]!.reference).toBe('Ledger 3.3.0-20230208: 14.7 s');
    expect(rows[0]!.ratio).toBe('ledger/ours 45.9×');
    expect(rows[1]!.notes).toContain('agrees to the fen on all 17 accounts');
  });

  test('a balance that differs by a fen fails that tool’s row and the run', () => {
    const { rows, failures } = buildSummary([
      runOf({
        name: 'trial-balance',
        expects: ['pglite'],
        results: [trialBalance('pglite', false)],
      }),
    ]);
    expect(failures).toEqual(['trial-balance pglite: hledger agrees to the fen']);
    expect(rows.map((row) => row.status)).toEqual(['ok', 'FAILED: hledger agrees to the fen']);
    expect(rows[1]!.notes).toContain('balances DIFFER');
    expect(rows[1]!.notes).toContain('5001');
    expect(rows[0]!.notes).not.toContain('5001');
    expect(markdownTable(rows)).toContain('| FAILED: hledger agrees to the fen |');
  });

  test('a database a script exited 0 without reporting is a failure', () => {
    const { rows, failures } = buildSummary([
      runOf({
        name: 'sync',
        expects: ['postgres', 'pglite'],
        results: [{ bench: 'sync', db: 'pglite', figures: { seconds: 16.1, perSecond: 310 } }],
      }),
    ]);
    expect(failures).toEqual(['sync postgres: no result printed (exit 0)']);
    expect(rows.find((row) => row.database === 'PostgreSQL')!.status).toBe(
      'FAILED: no result printed (exit 0)',
    );
    expect(rows.find((row) => row.database === 'PGlite')!.status).toBe('ok');
  });

  test('a script that crashed fails even after printing every result', () => {
    const { failures } = buildSummary([
      runOf({
        name: 'pdf',
        expects: [null],
        exitCode: 1,
        results: [{ bench: 'pdf', db: null, case: 'typical month, en', figures: { medianMs: 50 } }],
      }),
    ]);
    expect(failures).toEqual(['pdf: exit 1 after printing its results']);
  });

  test('a skipped database is shown, with its reason, and does not fail the run', () => {
    const { rows, failures, skipped } = buildSummary([
      runOf({
        name: 'close',
        expects: ['postgres'],
        results: [{ bench: 'close', db: 'postgres', figures: {}, skipped: 'no server' }],
      }),
    ]);
    expect(failures).toEqual([]);
    expect(skipped).toEqual(['close postgres: no server']);
    expect(rows[0]!.status).toBe('skipped: no server');
  });

  test('sales rows carry ours, the baseline and the ratio; a failed sale fails the row', () => {
    const { rows, failures } = buildSummary([
      runOf({
        name: 'sales',
        expects: ['postgres'],
        results: [
          {
            bench: 'sales',
            db: 'postgres',
            figures: {
              sales: 2000,
              registers: 8,
              perSecond: 109.4,
              p50Ms: 60,
              p95Ms: 120,
              p99Ms: 176,
              statementsPerSale: 19,
              failures: 2,
              busyRetries: 0,
              baseline: 'pgbench',
              baselinePerSecond: 2285,
              baselineP50Ms: 3.1,
              baselineP99Ms: 9.9,
              ratio: 109.4 / 2285,
            },
            checks: { 'every sale answered 201': false },
          },
        ],
      }),
    ]);
    expect(rows[0]!.ours).toBe(
      '109 sales/s; p50 60.0 ms, p95 120 ms, p99 176 ms; 19 statements/sale',
    );
    expect(rows[0]!.reference).toBe('pgbench: 2,285 tx/s; p50 3.1 ms, p99 9.9 ms');
    expect(rows[0]!.ratio).toBe('ours/ref 0.05');
    expect(rows[0]!.status).toBe('FAILED: every sale answered 201');
    expect(failures).toEqual(['sales postgres: every sale answered 201']);
  });

  test('a sales row names the CPU a sale cost, the PostgreSQL server’s only where it was read', () => {
    const sales = (db: 'pglite' | 'postgres', postgres: number | null) =>
      runOf({
        name: 'sales',
        expects: [db],
        results: [
          {
            bench: 'sales',
            db,
            figures: {
              sales: 2000,
              registers: 8,
              perSecond: 300,
              statementsPerSale: 2,
              statementsPerSaleUnderLoad: 0.694,
              nodeCpuMsPerSale: 1.97,
              postgresCpuMsPerSale: postgres,
            },
            checks: { 'every sale answered 201': true },
          },
        ],
      });
    const { rows } = buildSummary([sales('postgres', 2.96), sales('pglite', null)]);
    expect(rows[0]!.notes).toBe(
      '2,000 sales, 8 registers; CPU per sale: server 2.0 ms, PostgreSQL 3.0 ms',
    );
    expect(rows[1]!.notes).toBe('2,000 sales, 8 registers; CPU per sale: server 2.0 ms');
    // Sales that arrived together shared their round trips: both figures are shown.
    expect(rows[0]!.ours).toMatch(/; 2 statements\/sale alone, 0\.69 under load$/);
  });
});

/**
 * The physical limit a sale is measured against: one sale's minimal writes — a sale row,
 * its 3 lines, a tender, a journal entry and its 2 lines under a deferred balance
 * trigger — in one transaction, with nothing else. On PostgreSQL through pgbench (8
 * clients, prepared statements); on PGlite in-process, on the same engine the app uses.
 * Used by bench/sales-throughput.ts, which prints ours against it in the same run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { percentile } from './common.js';

export const BASELINE_SCHEMA = `
CREATE TABLE IF NOT EXISTS b_sales (id uuid PRIMARY KEY, register text NOT NULL, total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS b_sale_lines (sale_id uuid NOT NULL REFERENCES b_sales, line_no int NOT NULL, product int NOT NULL, quantity numeric(12,3) NOT NULL, amount numeric(12,2) NOT NULL, PRIMARY KEY (sale_id, line_no));
CREATE TABLE IF NOT EXISTS b_sale_tenders (sale_id uuid NOT NULL REFERENCES b_sales, tender_no int NOT NULL, method text NOT NULL, amount numeric(12,2) NOT NULL, PRIMARY KEY (sale_id, tender_no));
CREATE TABLE IF NOT EXISTS b_entries (id uuid PRIMARY KEY, seq bigserial UNIQUE, entry_date date NOT NULL DEFAULT current_date, idempotency_key text NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS b_lines (entry_id uuid NOT NULL REFERENCES b_entries, line_no int NOT NULL, account text NOT NULL, debit numeric(12,2) NOT NULL, credit numeric(12,2) NOT NULL, PRIMARY KEY (entry_id, line_no));
CREATE OR REPLACE FUNCTION b_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT coalesce(sum(debit) - sum(credit), 0) FROM b_lines WHERE entry_id = NEW.id) <> 0 THEN
    RAISE EXCEPTION 'entry % unbalanced', NEW.id;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS b_entries_balanced ON b_entries;
CREATE CONSTRAINT TRIGGER b_entries_balanced AFTER INSERT ON b_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION b_entry_balanced();
`;

/** The seven statements of one sale: $1 is the sale's id, the entry's in the last insert ($2 in the entry's). */
export const BASELINE_STATEMENTS = [
  'BEGIN',
  `INSERT INTO b_sales (id, register, total) VALUES ($1, 'counter-1', 6.50)`,
  `INSERT INTO b_sale_lines VALUES ($1, 1, 1, 1, 1.50), ($1, 2, 2, 1, 2.00), ($1, 3, 3, 1, 3.00)`,
  `INSERT INTO b_sale_tenders VALUES ($1, 1, 'cash', 6.50)`,
  `INSERT INTO b_entries (id, idempotency_key) VALUES ($2, 'sale:' || $1)`,
  `INSERT INTO b_lines VALUES ($1, 1, '1001', 6.50, 0), ($1, 2, '5001', 0, 6.50)`,
  'COMMIT',
] as const;

const PGBENCH_SCRIPT = `
\\set r random(1, 1000000000000000)
BEGIN;
INSERT INTO b_sales (id, register, total) VALUES (md5(:r || 's')::uuid, 'counter-1', 6.50);
INSERT INTO b_sale_lines VALUES (md5(:r || 's')::uuid, 1, 1, 1, 1.50), (md5(:r || 's')::uuid, 2, 2, 1, 2.00), (md5(:r || 's')::uuid, 3, 3, 1, 3.00);
INSERT INTO b_sale_tenders VALUES (md5(:r || 's')::uuid, 1, 'cash', 6.50);
INSERT INTO b_entries (id, idempotency_key) VALUES (md5(:r || 'e')::uuid, 'sale:' || :r);
INSERT INTO b_lines VALUES (md5(:r || 'e')::uuid, 1, '1001', 6.50, 0), (md5(:r || 'e')::uuid, 2, '5001', 0, 6.50);
COMMIT;
`;

export interface BaselineFigures {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * pgbench, 8 clients, prepared, for `seconds`, on the database at `url` (the baseline's
 * tables created there first). Latencies from pgbench's per-transaction log. Ids are
 * made in the statements from one random number (md5 → uuid), so no extra round trip.
 */
export async function runPgbench(
  url: string,
  options: { clients?: number; seconds?: number } = {},
): Promise<BaselineFigures> {
  const clients = options.clients ?? 8;
  const seconds = options.seconds ?? 10;
  const run = promisify(execFile);
  await run('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', BASELINE_SCHEMA]);
  const dir = mkdtempSync(join(tmpdir(), 'xmf-pgbench-'));
  try {
    const script = join(dir, 'sale.sql');
    writeFileSync(script, PGBENCH_SCRIPT);
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        script,
        '-l',
        '--log-prefix',
        join(dir, 'log'),
        url,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
    const latencies: number[] = [];
    for (const file of readdirSync(dir).filter((name) => name.startsWith('log'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const fields = line.split(' ');
        if (fields.length > 3) latencies.push(Number(fields[2]) / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return { perSecond: tps, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same statements on an in-memory PGlite, in-process, one after another, for `count` sales. */
export async function runPgliteBaseline(count = 2000): Promise<BaselineFigures> {
  const pglite = await PGlite.create('memory://');
  try {
    await pglite.exec(BASELINE_SCHEMA);
    const latencies: number[] = [];
    const started = performance.now();
    for (let n = 0; n < count; n += 1) {
      const sale = crypto.randomUUID();
      const entry = crypto.randomUUID();
      const one = performance.now();
      for (const statement of BASELINE_STATEMENTS) {
        const params = statement.startsWith('INSERT INTO b_lines')
          ? [entry]
          : statement.includes('$2')
            ? [sale, entry]
            : statement.includes('$1')
              ? [sale]
              : [];
        await pglite.query(statement, params);
      }
      latencies.push(performance.now() - one);
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      perSecond: count / seconds,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
    };
  } finally {
    await pglite.close();
  }
}

/**
 * Our trial balance against hledger and ledger-cli on the same million journal lines.
 * Prints figures only (machines differ too much for a timed assertion):
 *
 *   npx tsx bench/ledger-trial-balance.ts [--lines 1000000] [--db pglite|postgres] [--keep]
 *
 * It fills a fresh database (a temporary PGlite directory, or a new database on the
 * PostgreSQL server at BENCH_DATABASE_URL / TEST_DATABASE_URL / 127.0.0.1:5432, dropped
 * afterwards) with a year of bakery entries, written through the normal tables in large
 * transactions so that every trigger runs — period check, line check and the deferred
 * balance check at commit. It closes January to November through the real month close
 * (closing entries, allocation, digest, and the balances each close keeps, decision
 * 0034), as the books stand in December: our trial balance then reads the kept balances
 * of the closed months and the lines of December only. Then it exports the journal —
 * every line, closing entries included — with the same code as
 * `GET /api/export/journal?format=ledger`, times our `trialBalance` against
 * `ledger -f export.journal bal` and `hledger -f export.journal bal`, and compares the
 * balances to the fen. It also times (and checks against ours) the sum over every line
 * that the trial balance was before 0034. `--keep` leaves the export in bench/out/.
 */
import { createThrowawayDatabase } from './throwaway-postgres.js';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import { trialBalance } from '../ledger/books/balances.js';
import { closePeriod } from '../ledger/books/close-period.js';
import { countOpenShiftsIn } from '../ledger/selling/shifts.js';
import { D } from '../ledger/core/money.js';
import { journalLedgerChunks } from '../reports/journal-ledger-stream.js';
import { openPglite, openPostgres, type OpenDatabase } from '../server/db.js';
import { migrateToLatest } from '../server/migrate.js';
import { errorText, printResult, type Figure } from './result.js';
import {
  BALANCE_COMMANDS,
  signedBalances,
  toolBalances,
  toolVersion,
} from '../tests/helpers/accounting-tools.js';
import { argument } from './common.js';

// --- Arguments ------------------------------------------------------------------------
const targetLines = Number(argument('lines') ?? 1_000_000);
const kind = argument('db') ?? 'pglite';
const keep = process.argv.includes('--keep');
/** Entries per transaction: large enough to amortise the commit, small enough to keep
 * the deferred-trigger queue and the statement parameters modest. */
const ENTRIES_PER_TRANSACTION = 2500;
if (
  !Number.isInteger(targetLines) ||
  targetLines < 10 ||
  (kind !== 'pglite' && kind !== 'postgres')
) {
  console.error(
    'usage: npx tsx bench/ledger-trial-balance.ts [--lines N] [--db pglite|postgres] [--keep]',
  );
  process.exit(2);
}

// --- Data: a year of a busy bakery, deterministic -------------------------------------
let state = 20250101;
function random(): number {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state / 2 ** 32;
}
/** An amount in fen between min and max yuan, as a two-decimal string (no float money). */
function fenText(minFen: number, maxFen: number): string {
  const fen = minFen + Math.floor(random() * (maxFen - minFen + 1));
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
function fenSum(...amounts: string[]): string {
  const fen = amounts.reduce((sum, text) => sum + BigInt(text.replace('.', '')), 0n);
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

type Line = [account: string, debit: string, credit: string];
interface Entry {
  description: string;
  source: 'sale' | 'manual';
  lines: Line[];
}

function nextEntry(): Entry {
  const roll = random();
  if (roll < 0.35) {
    const amount = fenText(150, 30000);
    return {
      description: '现金销售',
      source: 'sale',
      lines: [
        ['1001', amount, '0'],
        ['5001', '0', amount],
      ],
    };
  }
  if (roll < 0.6) {
    const net = fenText(150, 40000);
    const vat = fenText(1, 1200);
    return {
      description: '微信支付销售',
      source: 'sale',
      lines: [
        ['1012.01', fenSum(net, vat), '0'],
        ['5001', '0', net],
        ['2221.01', '0', vat],
      ],
    };
  }
  if (roll < 0.75) {
    const amount = fenText(100, 20000);
    return {
      description: '支付宝销售',
      source: 'sale',
      lines: [
        ['1012.02', amount, '0'],
        ['5001', '0', amount],
      ],
    };
  }
  if (roll < 0.8) {
    const amount = fenText(300, 2000);
    return {
      description: '困难帮扶券',
      source: 'sale',
      lines: [
        ['3104.13', amount, '0'],
        ['5001', '0', amount],
      ],
    };
  }
  if (roll < 0.9) {
    const settled = fenText(5000, 500000);
    const fee = fenText(1, 3000);
    return {
      description: '微信结算',
      source: 'manual',
      lines: [
        ['1002', fenSum(settled, `-${fee}`), '0'],
        ['5601.01', fee, '0'],
        ['1012.01', '0', settled],
      ],
    };
  }
  if (roll < 0.97) {
    const account = ['5401.01', '5401.02', '5602.02', '5602.04', '5711.01'][
      Math.floor(random() * 5)
    ]!;
    const amount = fenText(100, 200000);
    return {
      description: '采购及费用',
      source: 'manual',
      lines: [
        [account, amount, '0'],
        ['1002', '0', amount],
      ],
    };
  }
  const administration = fenText(100000, 200000);
  return {
    description: '工资',
    source: 'manual',
    lines: [
      ['5401.03', '3200.00', '0'],
      ['5601.02', '1800.00', '0'],
      ['5602.01', administration, '0'],
      ['2211', '0', fenSum('3200.00', '1800.00', administration)],
    ],
  };
}

const YEAR = '2025';
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Spreads the entries over the year in order, so dates rise with the sequence. */
function dateAt(fraction: number): string {
  let day = Math.min(364, Math.floor(fraction * 365));
  let month = 0;
  while (day >= MONTH_DAYS[month]!) {
    day -= MONTH_DAYS[month]!;
    month += 1;
  }
  return `${YEAR}-${String(month + 1).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
}

// --- Database -------------------------------------------------------------------------
async function openBenchDatabase(): Promise<OpenDatabase & { cleanup(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'xmf-bench-'));
    const opened = await openPglite(join(dir, 'data'));
    return {
      ...opened,
      cleanup: async () => {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createThrowawayDatabase('trial-balance');
  if (!database) process.exit(0);
  const opened = openPostgres(database.url, { poolSize: 2 });
  return {
    ...opened,
    cleanup: async () => {
      await opened.close();
      await database.drop();
    },
  };
}

/** An argument as a person would type it in a shell, with tabs and newlines visible. */
function shellWord(word: string): string {
  if (/^[\w./-]+$/.test(word)) return word;
  return `$'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\t/g, '\\t').replace(/\n/g, '\\n')}'`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

// --- Run ------------------------------------------------------------------------------
const database = await openBenchDatabase();
const { db } = database;
try {
  console.log(
    `ledger trial-balance benchmark: ${targetLines.toLocaleString('en')} lines on ${kind}`,
  );
  await migrateToLatest(db);
  const periods = MONTH_DAYS.map((_, month) => `${YEAR}-${String(month + 1).padStart(2, '0')}`);
  await db
    .insertInto('periods')
    .values(
      periods.map((period) => ({
        period,
        closed_by: null,
        closed_at: null,
        digest: null,
        entry_count: null,
      })),
    )
    .onConflict((oc) => oc.column('period').doNothing())
    .execute();

  // Roughly 2.8 lines an entry; the last transaction stops at the target.
  const insertStarted = performance.now();
  let lines = 0;
  let entries = 0;
  let lastReport = insertStarted;
  while (lines < targetLines) {
    const ids: string[] = [];
    const dates: string[] = [];
    const descriptions: string[] = [];
    const sources: string[] = [];
    const keys: string[] = [];
    const lineEntry: string[] = [];
    const lineNo: number[] = [];
    const lineAccount: string[] = [];
    const lineDebit: string[] = [];
    const lineCredit: string[] = [];
    const linePeriod: string[] = [];
    const lineDate: string[] = [];
    for (let index = 0; index < ENTRIES_PER_TRANSACTION && lines < targetLines; index += 1) {
      const entry = nextEntry();
      const id = randomUUID();
      const date = dateAt(lines / targetLines);
      ids.push(id);
      dates.push(date);
      descriptions.push(entry.description);
      sources.push(entry.source);
      keys.push(`bench:${id}`);
      entry.lines.forEach(([account, debit, credit], line) => {
        lineEntry.push(id);
        lineNo.push(line + 1);
        lineAccount.push(account);
        lineDebit.push(debit);
        lineCredit.push(credit);
        linePeriod.push(date.slice(0, 7));
        lineDate.push(date);
      });
      lines += entry.lines.length;
      entries += 1;
    }
    // One statement per table per transaction; unnest turns the arrays back into rows,
    // and each row still passes through the row triggers.
    await db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
        SELECT id, entry_date, to_char(entry_date, 'YYYY-MM'), description, source, key, 'bench'
        FROM unnest(${ids}::uuid[], ${dates}::date[], ${descriptions}::text[], ${sources}::text[], ${keys}::text[])
          AS t (id, entry_date, description, source, key)`.execute(trx);
      await sql`
        INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
        SELECT * FROM unnest(${lineEntry}::uuid[], ${lineNo}::int2[], ${lineAccount}::text[],
          ${lineDebit}::numeric[], ${lineCredit}::numeric[], ${linePeriod}::text[], ${lineDate}::date[])`.execute(
        trx,
      );
    });
    const now = performance.now();
    if (now - lastReport > 5000 || lines >= targetLines) {
      lastReport = now;
      const rate = lines / ((now - insertStarted) / 1000);
      console.log(
        `  posted ${lines.toLocaleString('en').padStart(10)} lines (${entries.toLocaleString('en')} entries), ${Math.round(rate).toLocaleString('en')} lines/s`,
      );
    }
  }
  const insertMs = performance.now() - insertStarted;
  // What autovacuum would do on a live system: statistics, and the visibility map that lets
  // the trial balance read only the covering index.
  await sql`VACUUM ANALYZE journal_entries`.execute(db);
  await sql`VACUUM ANALYZE journal_lines`.execute(db);

  // Every month but the last is closed, in order, by the close the server runs.
  const closeStarted = performance.now();
  for (const period of periods.slice(0, -1)) {
    await db.transaction().execute((trx) =>
      closePeriod(trx, {
        period,
        closedBy: null,
        now: new Date(`${Number(YEAR) + 1}-01-02T04:00:00Z`),
        timeZone: 'Asia/Shanghai',
        openShiftsIn: countOpenShiftsIn,
      }),
    );
  }
  const closeMs = performance.now() - closeStarted;
  for (const table of [
    'journal_entries',
    'journal_lines',
    'period_closes',
    'period_close_balances',
  ])
    await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
  const allLines = (
    await db
      .selectFrom('journal_lines')
      .select(sql<string>`count(*)`.as('count'))
      .executeTakeFirstOrThrow()
  ).count;

  const lastPeriod = periods[periods.length - 1]!;
  // Before 0034 the trial balance summed every line up to the period: the same query, timed.
  const linesOnlyTimes: number[] = [];
  let linesOnly: { account_code: string; debit: string; credit: string }[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    linesOnly = (
      await sql<{ account_code: string; debit: string; credit: string }>`
        SELECT account_code, sum(debit) AS debit, sum(credit) AS credit
          FROM journal_lines WHERE period <= ${lastPeriod} GROUP BY account_code`.execute(db)
    ).rows;
    linesOnlyTimes.push(performance.now() - started);
  }
  const linesOnlyMs = Math.min(...linesOnlyTimes);
  const times: number[] = [];
  let ours = await trialBalance(db, { period: lastPeriod, scope: 'cumulative' });
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    ours = await trialBalance(db, { period: lastPeriod, scope: 'cumulative' });
    times.push(performance.now() - started);
  }
  const ourMs = Math.min(...times);
  const monthStarted = performance.now();
  await trialBalance(db, { period: '2025-06', scope: 'period' });
  const monthMs = performance.now() - monthStarted;

  const outDir = keep
    ? resolve(import.meta.dirname, 'out')
    : mkdtempSync(join(tmpdir(), 'xmf-bench-out-'));
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'export.journal');
  const exportStarted = performance.now();
  const out = createWriteStream(file);
  for await (const chunk of journalLedgerChunks(db)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const exportMs = performance.now() - exportStarted;

  console.log('');
  console.log(
    `posting          ${seconds(insertMs)} (${Math.round(lines / (insertMs / 1000)).toLocaleString('en')} lines/s, triggers on)`,
  );
  console.log(
    `export           ${seconds(exportMs)} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MB)`,
  );
  console.log(
    `closes           ${seconds(closeMs)} (${periods.length - 1} months, ${Number(allLines).toLocaleString('en')} lines with the closing entries)`,
  );
  console.log(
    `trialBalance     ${seconds(ourMs)} cumulative, best of 3 (${seconds(Math.max(...times))} worst); one closed month ${seconds(monthMs)}`,
  );
  console.log(
    `every line       ${seconds(linesOnlyMs)} summing all lines as before 0034, best of 3; ${(linesOnlyMs / ourMs).toFixed(1)}× our time`,
  );

  const expected = signedBalances(
    ours.rows.map((row) => ({
      account: row.account,
      debit: row.debit.toFixed(2),
      credit: row.credit.toFixed(2),
    })),
  );
  const figures: Record<string, Figure> = {
    lines,
    entries,
    accounts: expected.size,
    postingSeconds: insertMs / 1000,
    exportSeconds: exportMs / 1000,
    exportBytes: statSync(file).size,
    oursSeconds: ourMs / 1000,
    oursMonthSeconds: monthMs / 1000,
    closedMonths: periods.length - 1,
    closeSeconds: closeMs / 1000,
    linesWithClosing: Number(allLines),
    linesOnlySeconds: linesOnlyMs / 1000,
  };
  const checks: Record<string, boolean> = {};
  const notes: string[] = [];
  // The kept balances and the December lines give what summing every line gives, to the fen.
  const fromLines = signedBalances(
    linesOnly.map((row) => ({ account: row.account_code, debit: row.debit, credit: row.credit })),
  );
  const keptDifferences = [...new Set([...expected.keys(), ...fromLines.keys()])].filter(
    (account) => !D(expected.get(account) ?? '0').equals(D(fromLines.get(account) ?? '0')),
  );
  checks['kept balances agree with every line'] = keptDifferences.length === 0;
  console.log(
    `${''.padEnd(16)} ` +
      (keptDifferences.length === 0
        ? `kept balances + open month agree with every line on all ${expected.size} accounts`
        : `kept balances DIFFER from the lines on ${keptDifferences.join(', ')}`),
  );
  if (keptDifferences.length > 0)
    notes.push(`kept balances differ from the lines on ${keptDifferences.join(', ')}`);
  for (const tool of ['ledger', 'hledger'] as const) {
    const version = toolVersion(tool);
    figures[`${tool}Version`] = version;
    figures[`${tool}Seconds`] = null;
    figures[`${tool}Ratio`] = null;
    figures[`${tool}Agrees`] = null;
    if (!version) {
      console.log(`${tool.padEnd(16)} not installed`);
      notes.push(`${tool} not installed`);
      continue;
    }
    // One run, timed and compared: `balance` with flat, parseable output options — the
    // same work as a plain `bal` (read, check and sum the whole journal).
    console.log(
      `${tool.padEnd(16)} ${tool} ${BALANCE_COMMANDS[tool]('export.journal').map(shellWord).join(' ')}`,
    );
    const toolStarted = performance.now();
    let theirs: Map<string, string>;
    try {
      theirs = await toolBalances(tool, file);
    } catch (error) {
      console.log(`${''.padEnd(16)} failed: ${errorText(error)}`);
      // A tool that cannot read our export is a failed check, not a missing figure.
      checks[`${tool} reads the export`] = false;
      notes.push(`${tool} failed: ${errorText(error).split('\n')[0]!.slice(0, 160)}`);
      continue;
    }
    const toolMs = performance.now() - toolStarted;
    const differences = [...new Set([...expected.keys(), ...theirs.keys()])].filter(
      (account) => !D(expected.get(account) ?? '0').equals(D(theirs.get(account) ?? '0')),
    );
    console.log(
      `${''.padEnd(16)} ${seconds(toolMs)} (${version}); ${(toolMs / ourMs).toFixed(1)}× our time; ` +
        (differences.length === 0
          ? `balances agree on all ${expected.size} accounts`
          : `balances DIFFER on ${differences.join(', ')}`),
    );
    figures[`${tool}Seconds`] = toolMs / 1000;
    figures[`${tool}Ratio`] = toolMs / ourMs;
    figures[`${tool}Agrees`] = differences.length === 0;
    checks[`${tool} agrees to the fen`] = differences.length === 0;
    if (differences.length > 0)
      notes.push(
        `${tool} differs on ${differences.length} account(s): ` +
          differences
            .slice(0, 5)
            .map(
              (account) =>
                `${account} ours ${expected.get(account) ?? '0'} theirs ${theirs.get(account) ?? '0'}`,
            )
            .join('; '),
      );
  }
  printResult({
    bench: 'trial-balance',
    db: kind,
    figures,
    checks,
    ...(notes.length ? { notes } : {}),
  });
  if (keep) console.log(`\nexport kept at ${file}`);
  else rmSync(outDir, { recursive: true, force: true });
} finally {
  await database.cleanup();
}

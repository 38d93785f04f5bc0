import { execFile, spawnSync } from 'node:child_process';
import { D } from '../../ledger/core/money.js';

/**
 * Runs hledger and ledger-cli on an exported journal and reads back their per-account
 * balances, so the tests and the benchmark can compare them with our own figures. Output
 * options were chosen because both tools' versions on Debian 12 (hledger 1.25, ledger 3.3)
 * print one flat, parseable row per account with them.
 */

export type AccountingTool = 'hledger' | 'ledger';

/** The tools decode and print UTF-8 only under a UTF-8 locale (hledger fails under C). */
const TOOL_ENV = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

/** The tool's version line, or null when it is not installed. */
export function toolVersion(tool: AccountingTool): string | null {
  const result = spawnSync(tool, ['--version'], { env: TOOL_ENV, encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return result.stdout.split('\n')[0]!.trim();
}

function run(tool: AccountingTool, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { env: TOOL_ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${tool} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** The commands that produce per-account balances, as the benchmark also times them. */
export const BALANCE_COMMANDS: Record<AccountingTool, (file: string) => string[]> = {
  // --strict: every account and commodity must be declared, which the export promises.
  hledger: (file) => ['-f', file, 'balance', '--flat', '--no-total', '--strict', '-O', 'csv'],
  // --pedantic: the same promise for ledger-cli (accounts, commodities and tags declared).
  ledger: (file) => [
    '--init-file',
    '/dev/null',
    '-f',
    file,
    'balance',
    '--flat',
    '--no-total',
    '--pedantic',
    '--format',
    '%(account)\t%(display_total)\n',
  ],
};

/** "12.50 CNY", "-3.00 CNY" or "0" → "12.50", "-3.00", "0.00". */
function amountText(text: string): string {
  const match = text.trim().match(/^(-?\d+(?:\.\d+)?)(?: CNY)?$/);
  if (!match) throw new Error(`Unexpected amount in tool output: "${text}"`);
  return D(match[1]!).toFixed(2);
}

/** Splits one CSV record as hledger writes it (every field quoted, "" for a quote). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  const pattern = /"((?:[^"]|"")*)"(?:,|$)/g;
  for (const match of line.matchAll(pattern)) out.push(match[1]!.replace(/""/g, '"'));
  return out;
}

/**
 * Per-account balances (debit positive) as the tool computes them from `file`, keyed by the
 * account code that each exported account name begins with. Zero balances may be absent.
 */
export async function toolBalances(
  tool: AccountingTool,
  file: string,
  extraArgs: readonly string[] = [],
): Promise<Map<string, string>> {
  const output = await run(tool, [...BALANCE_COMMANDS[tool](file), ...extraArgs]);
  const balances = new Map<string, string>();
  const rows = output.split('\n').filter((line) => line.trim() !== '');
  if (tool === 'hledger') {
    const [header, ...records] = rows;
    if (header !== '"account","balance"') throw new Error(`Unexpected hledger header: ${header}`);
    for (const record of records) {
      const [account, amount] = csvFields(record);
      balances.set(codeOf(account!), amountText(amount!));
    }
  } else {
    for (const row of rows) {
      const [account, amount] = row.split('\t');
      if (account === undefined || amount === undefined)
        throw new Error(`Unexpected ledger row: ${row}`);
      balances.set(codeOf(account), amountText(amount));
    }
  }
  return balances;
}

function codeOf(accountName: string): string {
  const code = accountName.split(' ')[0]!;
  if (!/^[0-9]{4}(\.[0-9]{2})*$/.test(code))
    throw new Error(`Account "${accountName}" does not begin with a code`);
  return code;
}

/**
 * Our trial balance rows as the tools state balances: one signed amount per account
 * (debit positive), zero balances dropped.
 */
export function signedBalances(
  rows: readonly { account: string; debit: string; credit: string }[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of rows) {
    const amount = D(row.debit).minus(D(row.credit));
    if (!amount.isZero()) out.set(row.account, amount.toFixed(2));
  }
  return out;
}

/** The same map with zero balances dropped and keys sorted, for a readable comparison. */
export function nonZeroSorted(balances: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(
    [...balances.entries()]
      .filter(([, amount]) => !D(amount).isZero())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

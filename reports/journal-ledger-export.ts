import type { AccountType } from '../ledger/schema/database.js';
import { assert } from '../ledger/core/errors.js';
import type { Money } from '../ledger/core/money.js';

/**
 * The journal as plain-text accounting that both hledger (≥ 1.25) and ledger-cli (≥ 3.3)
 * read, so that the books can be checked with tools we did not write. Everything here is a
 * pure function of its model; the same model renders to the same bytes.
 *
 * Choices, each tried with both tools:
 *  - one flat account per ledger account, named with its code first (`1012.01 微信支付待结算`),
 *    so every figure maps back to our chart; no `:` hierarchy, because our trial balance is
 *    per account and a parent's total is the tools' job (`hledger bal 1012`);
 *  - amounts as `12.50 CNY` / `-12.50 CNY` (debits positive), no thousands separators, and
 *    `commodity CNY` declared with that format so both tools print the same way;
 *  - every account, commodity and tag declared, so `hledger --strict` and
 *    `ledger --pedantic` accept the file; account directives carry hledger's `type:` tag;
 *  - the entry's sequence number is the transaction code `(seq)`; its id, source and the
 *    entry it reverses are tags on indented comment lines;
 *  - free text is made harmless: a description loses `;` (where a comment would start),
 *    a memo becomes a comment without `:` and `[ ]` (hledger reads `date:` tags and ledger
 *    reads `[date]` there), and all whitespace and control characters collapse to one
 *    space (two spaces end an account name; a newline would end the transaction).
 */

export const EXPORT_COMMODITY = 'CNY';
export const LEDGER_EXPORT_FORMAT = 'xinmofang-journal-ledger/1';

export interface LedgerExportAccount {
  code: string;
  name: string;
  nameEn: string;
  type: AccountType;
}

export interface LedgerExportLine {
  account: string;
  debit: Money;
  credit: Money;
  memo: string | null;
}

export interface LedgerExportEntry {
  id: string;
  seq: string;
  date: string;
  description: string;
  source: string;
  sourceId: string | null;
  reversesId: string | null;
  lines: readonly LedgerExportLine[];
}

export interface LedgerExportHeader {
  /** First business date exported, or null for the beginning of the books. */
  from: string | null;
  /** Last business date exported, or null for everything. */
  to: string | null;
  /** The chart of accounts; each is declared, so the tools can check every posting. */
  accounts: readonly LedgerExportAccount[];
  /**
   * Balances brought forward from before `from` (debit positive), rendered as one opening
   * transaction dated `from`. They sum to zero because the journal balances, so the tools'
   * balances then equal our cumulative trial balance at `to`.
   */
  opening?: { date: string; balances: readonly { account: string; amount: Money }[] } | null;
}

/** The tags used on transactions; declared so that `ledger --pedantic` accepts them. */
const TAGS = ['id', 'source', 'source-id', 'reverses', 'opening'] as const;

const HLEDGER_ACCOUNT_TYPE: Record<AccountType, string> = {
  asset: 'A',
  liability: 'L',
  equity: 'E',
  revenue: 'R',
  expense: 'X',
};

/** Any run of whitespace or control characters becomes one ASCII space. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** Text for a transaction's description: `;` would start a comment there. */
export function descriptionText(text: string): string {
  return oneLine(text.replace(/;/g, '；')) || '-';
}

/** Text for a comment: no `:` (tags), no `[ ]` (ledger's bracketed dates). */
export function commentText(text: string): string {
  return oneLine(text.replace(/:/g, '：').replace(/\[/g, '［').replace(/\]/g, '］'));
}

/**
 * The account's name in the export: its code, a space, its name, made safe (`:` would
 * make a sub-account, `;` a comment, two spaces would end the name).
 *
 * @example ledgerAccountName({ code: '1012.01', name: '微信支付待结算' }) // '1012.01 微信支付待结算'
 */
export function ledgerAccountName(account: { code: string; name: string }): string {
  const name = oneLine(account.name.replace(/:/g, '：').replace(/;/g, '；'));
  return name ? `${account.code} ${name}` : account.code;
}

/** `12.50 CNY`, `-12.50 CNY`: debits positive, credits negative. */
export function ledgerAmount(amount: Money): string {
  return `${amount.toFixed(2)} ${EXPORT_COMMODITY}`;
}

/** The account names by code, for rendering transactions. */
export function ledgerAccountNames(
  accounts: readonly LedgerExportAccount[],
): ReadonlyMap<string, string> {
  return new Map(accounts.map((account) => [account.code, ledgerAccountName(account)]));
}

/** The file's head: what it is, then the tag, commodity and account declarations. */
export function renderLedgerPreamble(header: LedgerExportHeader): string {
  const out: string[] = [
    `; 辛馍坊 journal export (${LEDGER_EXPORT_FORMAT})`,
    `; entries dated ${header.from ?? 'from the beginning'} to ${header.to ?? 'the end'}, in journal (sequence) order`,
    '; for hledger and ledger-cli; account names begin with their code; debits positive, credits negative',
    '; the transaction code (N) is the entry sequence number; tags carry the entry id and source',
    '',
  ];
  for (const tag of TAGS) out.push(`tag ${tag}`);
  out.push('', `commodity ${EXPORT_COMMODITY}`, `    format 1000.00 ${EXPORT_COMMODITY}`, '');
  for (const account of header.accounts) {
    out.push(`account ${ledgerAccountName(account)}`);
    out.push(`    ; type: ${HLEDGER_ACCOUNT_TYPE[account.type]}`);
    const english = commentText(account.nameEn);
    if (english) out.push(`    ; ${english}`);
  }
  out.push('');
  const opening = header.opening;
  if (opening && opening.balances.some((balance) => !balance.amount.isZero())) {
    const names = ledgerAccountNames(header.accounts);
    out.push(
      `${opening.date} * 期初余额 Opening balances brought forward from before ${opening.date}`,
    );
    out.push('    ; opening: true');
    for (const balance of opening.balances) {
      if (balance.amount.isZero()) continue;
      out.push(`    ${accountName(names, balance.account)}  ${ledgerAmount(balance.amount)}`);
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}

function accountName(names: ReadonlyMap<string, string>, code: string): string {
  const name = names.get(code);
  // Lines reference accounts by foreign key, and every account is declared.
  assert(name, `account ${code} is in the chart of accounts`);
  return name;
}

/**
 * One journal entry as one transaction, followed by a blank line.
 *
 * @example
 * renderLedgerTransaction(entry, names)
 * // 2026-10-03 * (42) 面粉 10 袋
 * //     ; id: 6f1c…
 * //     ; source: manual
 * //     5401.01 面粉及原料  850.00 CNY
 * //     1002 银行存款  -850.00 CNY
 */
export function renderLedgerTransaction(
  entry: LedgerExportEntry,
  names: ReadonlyMap<string, string>,
): string {
  const out: string[] = [
    `${entry.date} * (${entry.seq}) ${descriptionText(entry.description)}`,
    `    ; id: ${entry.id}`,
    `    ; source: ${commentText(entry.source)}`,
  ];
  if (entry.sourceId) out.push(`    ; source-id: ${commentText(entry.sourceId)}`);
  if (entry.reversesId) out.push(`    ; reverses: ${entry.reversesId}`);
  for (const line of entry.lines) {
    const amount = line.debit.minus(line.credit);
    const memo = line.memo ? commentText(line.memo) : '';
    out.push(
      `    ${accountName(names, line.account)}  ${ledgerAmount(amount)}${memo ? `  ; ${memo}` : ''}`,
    );
  }
  return out.join('\n') + '\n\n';
}

/** A whole export at once, for small journals and tests; large ones are rendered page by page. */
export function renderLedgerJournal(
  header: LedgerExportHeader,
  entries: readonly LedgerExportEntry[],
): string {
  const names = ledgerAccountNames(header.accounts);
  return (
    renderLedgerPreamble(header) +
    entries.map((entry) => renderLedgerTransaction(entry, names)).join('')
  );
}

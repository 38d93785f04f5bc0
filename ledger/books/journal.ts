import { createHash, randomUUID } from 'node:crypto';
import { isValidDate, periodOf } from '../core/business-time.js';
import type { Insertable, Selectable, Transaction } from 'kysely';
import type {
  Database,
  EntrySource,
  JournalEntriesTable,
  JournalLinesTable,
} from '../schema/database.js';
import { assert, Refusal, type LedgerErrorCode } from '../core/errors.js';
import { inTransaction, type Executor } from '../core/executor.js';
import { D, isMoneyText, Money, ZERO } from '../core/money.js';
import { reversalLines } from './posting-rules.js';

/** The most lines one entry may have: a 200-line sale with a few tenders fits easily. */
export const MAX_LINES_PER_ENTRY = 500;
const MAX_AMOUNT = D('9999999999999999.99');

export interface LineInput {
  account: string;
  debit?: Money | string | undefined;
  credit?: Money | string | undefined;
  memo?: string | null | undefined;
}

export interface PostEntryOptions {
  /** The entry's id; a new UUID when absent. */
  id?: string | undefined;
  /** Unique per business event (e.g. `sale:<uuid>`); the same key posts at most one entry. */
  idempotencyKey: string;
  /** Business date, YYYY-MM-DD. */
  date: string;
  description: string;
  source: EntrySource;
  sourceId?: string | null | undefined;
  reversesId?: string | null | undefined;
  postedBy: string | null;
  lines: readonly LineInput[];
}

export interface PostedLine {
  lineNo: number;
  account: string;
  debit: Money;
  credit: Money;
  memo: string | null;
}

export interface PostedEntry {
  id: string;
  seq: string;
  date: string;
  period: string;
  description: string;
  source: EntrySource;
  sourceId: string | null;
  reversesId: string | null;
  postedBy: string | null;
  postedAt: Date;
  lines: PostedLine[];
}

interface NormalisedLine {
  lineNo: number;
  account: string;
  debit: Money;
  credit: Money;
  memo: string | null;
}

function toAmount(value: Money | string | undefined, where: string): Money {
  if (value === undefined) return ZERO;
  if (typeof value === 'string') {
    if (!isMoneyText(value))
      throw new Refusal(
        'amount_invalid',
        `${where}: "${value}" is not an amount with at most two decimals.`,
      );
    return D(value);
  }
  return value;
}

/** Validates the shape of an entry (everything that needs no database) and normalises it. */
export function normaliseEntry(options: PostEntryOptions): {
  lines: NormalisedLine[];
  total: Money;
} {
  if (options.lines.length > MAX_LINES_PER_ENTRY) {
    throw new Refusal(
      'entry_too_large',
      `An entry may have at most ${MAX_LINES_PER_ENTRY} lines, not ${options.lines.length}.`,
    );
  }
  if (options.lines.length < 2) {
    throw new Refusal('entry_too_few_lines', 'An entry needs at least two lines.');
  }
  if (!isValidDate(options.date))
    throw new Refusal('period_invalid', `"${options.date}" is not a calendar date.`);
  const description = options.description.trim();
  if (description.length === 0 || description.length > 500) {
    throw new Refusal('invalid_input', 'The description must have 1 to 500 characters.');
  }
  let debitTotal = ZERO;
  let creditTotal = ZERO;
  const lines = options.lines.map((line, index): NormalisedLine => {
    const where = `line ${index + 1}`;
    const debit = toAmount(line.debit, where);
    const credit = toAmount(line.credit, where);
    for (const amount of [debit, credit]) {
      if (amount.isNegative() || amount.decimalPlaces() > 2 || amount.gt(MAX_AMOUNT)) {
        throw new Refusal(
          'amount_invalid',
          `${where}: amounts are positive, at most two decimals and below 10^16.`,
        );
      }
    }
    if (debit.isZero() === credit.isZero()) {
      throw new Refusal(
        'amount_invalid',
        `${where}: exactly one of debit and credit must be non-zero.`,
      );
    }
    debitTotal = debitTotal.plus(debit);
    creditTotal = creditTotal.plus(credit);
    const memo = line.memo?.trim() || null;
    if (memo && memo.length > 500)
      throw new Refusal('memo_too_long', `${where}: the memo is longer than 500 characters.`);
    return { lineNo: index + 1, account: line.account, debit, credit, memo };
  });
  if (!debitTotal.equals(creditTotal)) {
    throw new Refusal(
      'entry_unbalanced',
      `Debits ${debitTotal.toFixed(2)} do not equal credits ${creditTotal.toFixed(2)}.`,
      {
        debit: debitTotal.toFixed(2),
        credit: creditTotal.toFixed(2),
        difference: debitTotal.minus(creditTotal).abs().toFixed(2),
      },
    );
  }
  return { lines, total: debitTotal };
}

/** A fingerprint of what the entry says, to tell a replay from a different entry under the same key. */
function contentHash(options: PostEntryOptions, lines: readonly NormalisedLine[]): string {
  const content = JSON.stringify([
    options.date,
    options.description.trim(),
    options.source,
    options.sourceId ?? null,
    options.reversesId ?? null,
    lines.map((line) => [line.account, line.debit.toFixed(2), line.credit.toFixed(2), line.memo]),
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Posts a balanced journal entry inside the caller's transaction (or its own). Validates
 * first and refuses with a stable code; the database checks balance, periods and accounts
 * again. Idempotent on `idempotencyKey`: the same key with the same content returns the
 * first entry (`created: false`); with different content it is `idempotency_conflict`.
 *
 * @example
 * await postEntry(trx, {
 *   idempotencyKey: 'manual:flour-2026-10-03', date: '2026-10-03', description: '面粉 10 袋',
 *   source: 'manual', postedBy: accountantId,
 *   lines: [{ account: '5401.01', debit: '850.00' }, { account: '1002', credit: '850.00' }],
 * });
 */
export async function postEntry(
  db: Executor,
  options: PostEntryOptions,
): Promise<{ entry: PostedEntry; created: boolean }> {
  const prepared = prepareEntry(options);
  const { row, lines } = prepared;

  return inTransaction(db, async (trx) => {
    const replayed = await checkBeforePosting(trx, options, row.content_hash, row.period);
    if (replayed) return { entry: replayed, created: false };
    // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to finish, so of
    // several simultaneous posts of one key exactly one inserts and the rest read it back.
    const inserted = await trx
      .insertInto('journal_entries')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning(['id', 'seq', 'posted_at'])
      .executeTakeFirst();
    if (!inserted) {
      const raced = await findByIdempotencyKey(trx, options.idempotencyKey);
      assert(raced, 'an idempotency conflict must leave a row behind');
      if (raced.hash !== row.content_hash) {
        throw new Refusal(
          'idempotency_conflict',
          `The key ${options.idempotencyKey} was already used for a different entry.`,
        );
      }
      return { entry: raced.entry, created: false };
    }
    await trx.insertInto('journal_lines').values(lines).execute();
    return { entry: postedEntry(prepared, inserted), created: true };
  });
}

/** An entry checked and ready to insert: its journal_entries row and its lines' rows. */
export interface PreparedEntry {
  row: Insertable<JournalEntriesTable> & { id: string; period: string; content_hash: string };
  lines: Insertable<JournalLinesTable>[];
  normalised: NormalisedLine[];
}

/**
 * Everything about an entry that needs no database: its shape validated and balanced
 * (refusing as postEntry does), its fingerprint, and the rows to insert. postEntry inserts
 * them; a sale hands them to `xmf_record_sale` with its own rows, in one statement.
 */
export function prepareEntry(options: PostEntryOptions): PreparedEntry {
  const { lines } = normaliseEntry(options);
  const period = periodOf(options.date);
  const id = options.id ?? randomUUID();
  return {
    row: {
      id,
      entry_date: options.date,
      period,
      description: options.description.trim(),
      source: options.source,
      source_id: options.sourceId ?? null,
      idempotency_key: options.idempotencyKey,
      content_hash: contentHash(options, lines),
      reverses_id: options.reversesId ?? null,
      posted_by: options.postedBy,
    },
    lines: lines.map((line) => ({
      entry_id: id,
      line_no: line.lineNo,
      account_code: line.account,
      debit: line.debit.toFixed(2),
      credit: line.credit.toFixed(2),
      memo: line.memo,
      period,
      entry_date: options.date,
    })),
    normalised: lines,
  };
}

/**
 * A prepared entry as posted, from what was written and what the insert returned rather
 * than read back: a sale is only a few statements, and two more per entry show at the
 * counter.
 */
export function postedEntry(
  prepared: PreparedEntry,
  inserted: { seq: string; posted_at: Date },
): PostedEntry {
  const { row } = prepared;
  return {
    id: row.id,
    seq: inserted.seq,
    date: row.entry_date,
    period: row.period,
    description: row.description,
    source: row.source,
    sourceId: row.source_id ?? null,
    reversesId: row.reverses_id ?? null,
    postedBy: row.posted_by ?? null,
    postedAt: inserted.posted_at,
    lines: prepared.normalised.map((line) => ({ ...line })),
  };
}

/**
 * What postEntry checks before it writes: a replay of the key (returned), the accounts,
 * and that the period is open.
 */
async function checkBeforePosting(
  trx: Transaction<Database>,
  options: PostEntryOptions,
  hash: string,
  period: string,
): Promise<PostedEntry | undefined> {
  const lines = options.lines;
  const existing = await findByIdempotencyKey(trx, options.idempotencyKey);
  if (existing) {
    if (existing.hash !== hash) {
      throw new Refusal(
        'idempotency_conflict',
        `The key ${options.idempotencyKey} was already used for a different entry.`,
        {
          entryId: existing.entry.id,
        },
      );
    }
    return existing.entry;
  }

  const codes = [...new Set(lines.map((line) => line.account))];
  const accounts = await trx
    .selectFrom('accounts')
    .select(['code', 'postable', 'active'])
    .where('code', 'in', codes)
    .execute();
  const byCode = new Map(accounts.map((account) => [account.code, account]));
  for (const code of codes) {
    const account = byCode.get(code);
    if (!account)
      throw new Refusal('account_unknown', `There is no account ${code}.`, { account: code });
    if (!account.postable)
      throw new Refusal(
        'account_not_postable',
        `Account ${code} is a heading; post to one of its sub-accounts.`,
        { account: code },
      );
    if (!account.active)
      throw new Refusal('account_inactive', `Account ${code} is inactive.`, { account: code });
  }

  await ensurePeriodOpen(trx, period);

  return undefined;
}

/**
 * Makes sure the period exists and is open for posting: not closed, and no later period
 * closed either. The database checks the same again on insert.
 */
export async function ensurePeriodOpen(db: Executor, period: string): Promise<void> {
  await db
    .insertInto('periods')
    .values({ period, closed_by: null, closed_at: null, digest: null, entry_count: null })
    .onConflict((oc) => oc.column('period').doNothing())
    .execute();
  const blocking = await db
    .selectFrom('periods')
    .select(['period'])
    .where('status', '=', 'closed')
    .where('period', '>=', period)
    .orderBy('period', 'desc')
    .executeTakeFirst();
  if (blocking) {
    throw new Refusal(
      'period_closed',
      blocking.period === period
        ? `The period ${period} is closed.`
        : `The period ${period} is closed (${blocking.period} is closed after it).`,
      {
        period,
      },
    );
  }
}

async function findByIdempotencyKey(
  db: Executor,
  key: string,
): Promise<{ entry: PostedEntry; hash: string } | undefined> {
  const row = await db
    .selectFrom('journal_entries')
    .select(['id', 'content_hash'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  const entry = await getEntry(db, row.id);
  assert(entry, 'an entry found by key can be read');
  return { entry, hash: row.content_hash };
}

/** Reads one entry with its lines, or undefined. */
export async function getEntry(db: Executor, id: string): Promise<PostedEntry | undefined> {
  const row = await db
    .selectFrom('journal_entries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = await db
    .selectFrom('journal_lines')
    .selectAll()
    .where('entry_id', '=', id)
    .orderBy('line_no')
    .execute();
  return toPostedEntry(row, lines.map(toPostedLine));
}

/** A journal_lines row as a posted line, amounts as Decimal. */
export function toPostedLine(line: Selectable<JournalLinesTable>): PostedLine {
  return {
    lineNo: line.line_no,
    account: line.account_code,
    debit: D(line.debit),
    credit: D(line.credit),
    memo: line.memo,
  };
}

/** A journal_entries row and its lines as a posted entry. */
export function toPostedEntry(
  row: Selectable<JournalEntriesTable>,
  lines: PostedLine[],
): PostedEntry {
  return {
    id: row.id,
    seq: row.seq,
    date: row.entry_date,
    period: row.period,
    description: row.description,
    source: row.source,
    sourceId: row.source_id,
    reversesId: row.reverses_id,
    postedBy: row.posted_by,
    postedAt: row.posted_at,
    lines,
  };
}

export interface ReverseEntryOptions {
  entryId: string;
  /** Business date of the reversal; it lands in that date's period, which must be open. */
  date: string;
  description?: string | undefined;
  idempotencyKey?: string | undefined;
  postedBy: string | null;
}

/**
 * Posts the mirror image of an entry (debits become credits), pointing at the original.
 * An entry is reversed at most once (the database has a unique key on `reverses_id`).
 *
 * @example await reverseEntry(trx, { entryId, date: '2026-11-02', postedBy: accountantId })
 */
export async function reverseEntry(
  db: Executor,
  options: ReverseEntryOptions,
): Promise<{ entry: PostedEntry; created: boolean }> {
  return inTransaction(db, async (trx) => {
    const original = await getEntry(trx, options.entryId);
    if (!original) throw new Refusal('entry_not_found', `There is no entry ${options.entryId}.`);
    if (original.source === 'reversal') {
      throw new Refusal(
        'entry_already_reversed',
        'A reversal is not reversed; post a new entry instead.',
      );
    }
    const idempotencyKey = options.idempotencyKey ?? `reversal:${original.id}`;
    const already = await trx
      .selectFrom('journal_entries')
      .select(['id', 'idempotency_key'])
      .where('reverses_id', '=', original.id)
      .executeTakeFirst();
    if (already && already.idempotency_key !== idempotencyKey) {
      throw new Refusal(
        'entry_already_reversed',
        `Entry ${original.id} was already reversed by ${already.id}.`,
        { reversalId: already.id },
      );
    }
    return postEntry(trx, {
      idempotencyKey,
      date: options.date,
      description:
        options.description ??
        `冲销 Reversal of #${original.seq}: ${original.description}`.slice(0, 500),
      source: 'reversal',
      sourceId: original.id,
      reversesId: original.id,
      postedBy: options.postedBy,
      lines: reversalLines(original.lines),
    });
  });
}

/** Adds the lines' totals; used by tests and read models. */
export function entryTotals(entry: Pick<PostedEntry, 'lines'>): { debit: Money; credit: Money } {
  return entry.lines.reduce(
    (totals, line) => ({
      debit: totals.debit.plus(line.debit),
      credit: totals.credit.plus(line.credit),
    }),
    { debit: ZERO, credit: ZERO },
  );
}

/**
 * The rules the database enforces by trigger, each raised with its SQLSTATE and its code
 * as the constraint name (migrations/0012_name_trigger_rules.ts), and the refusal each
 * becomes. An immutable row is a `conflict`: the caller asked to change what is final.
 */
const DATABASE_RULES: Record<string, { sqlState: string; code: LedgerErrorCode }> = {
  xmf_period_closed: { sqlState: '23514', code: 'period_closed' },
  xmf_period_invalid: { sqlState: '23503', code: 'period_invalid' },
  xmf_entry_unbalanced: { sqlState: '23514', code: 'entry_unbalanced' },
  xmf_entry_too_few_lines: { sqlState: '23514', code: 'entry_too_few_lines' },
  xmf_account_not_postable: { sqlState: '23514', code: 'account_not_postable' },
  xmf_account_inactive: { sqlState: '23514', code: 'account_inactive' },
  xmf_rule_shares_invalid: { sqlState: '23514', code: 'rule_shares_invalid' },
  xmf_entry_immutable: { sqlState: '23001', code: 'conflict' },
};

/** Turns a refusal a database trigger raised back into a `Refusal`, by SQLSTATE and rule name. */
export function refusalFromDatabaseError(error: unknown): Refusal | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code: sqlState, constraint } = error as { code?: unknown; constraint?: unknown };
  const rule = typeof constraint === 'string' ? DATABASE_RULES[constraint] : undefined;
  if (!rule || rule.sqlState !== sqlState) return undefined;
  // The message starts with the rule's code for people reading the server's log.
  return new Refusal(rule.code, error.message.replace(/^[a-z_]+: /, ''));
}

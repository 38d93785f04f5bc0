import { createHash } from 'node:crypto';
import type { Executor } from '../core/executor.js';
import { D } from '../core/money.js';

/**
 * The period digest: SHA-256 over the canonical text of every entry of a period, in
 * sequence order. docs/period-digest.md specifies the text so that anyone can recompute
 * it from `GET /api/export/journal?format=canonical&period=YYYY-MM` with `sha256sum`.
 */
export const CANONICAL_HEADER = 'xinmofang-journal/1';

/** Escapes a text field so that tabs and newlines cannot forge structure. */
export function escapeField(text: string | null): string {
  if (text === null) return '';
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** The canonical text of a period's journal (UTF-8, LF line ends). */
export async function canonicalPeriodText(
  db: Executor,
  period: string,
): Promise<{ text: string; entryCount: number }> {
  const entries = await db
    .selectFrom('journal_entries')
    .select(['id', 'seq', 'entry_date', 'source', 'reverses_id', 'description'])
    .where('period', '=', period)
    .orderBy('seq')
    .execute();
  const lines = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['l.entry_id', 'l.line_no', 'l.account_code', 'l.debit', 'l.credit', 'l.memo'])
    .where('e.period', '=', period)
    .orderBy('e.seq')
    .orderBy('l.line_no')
    .execute();
  const linesByEntry = new Map<string, typeof lines>();
  for (const line of lines) {
    const list = linesByEntry.get(line.entry_id) ?? [];
    list.push(line);
    linesByEntry.set(line.entry_id, list);
  }
  const out: string[] = [`${CANONICAL_HEADER}\tperiod\t${period}\n`];
  for (const entry of entries) {
    out.push(
      [
        'E',
        entry.seq,
        entry.id,
        entry.entry_date,
        entry.source,
        entry.reverses_id ?? '',
        escapeField(entry.description),
      ].join('\t') + '\n',
    );
    for (const line of linesByEntry.get(entry.id) ?? []) {
      out.push(
        [
          'L',
          String(line.line_no),
          line.account_code,
          D(line.debit).toFixed(2),
          D(line.credit).toFixed(2),
          escapeField(line.memo),
        ].join('\t') + '\n',
      );
    }
  }
  return { text: out.join(''), entryCount: entries.length };
}

/**
 * Computes a period's digest from the journal as it is now.
 *
 * @example const { digest } = await periodDigest(db, '2026-10'); // 64 hex characters
 */
export async function periodDigest(
  db: Executor,
  period: string,
): Promise<{ digest: string; entryCount: number }> {
  const { text, entryCount } = await canonicalPeriodText(db, period);
  return { digest: sha256Hex(text), entryCount };
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Recomputes a closed period's digest and compares it with the one stored at close.
 * `ok: false` means the journal of that period changed after it was closed.
 */
export async function verifyPeriodDigest(
  db: Executor,
  period: string,
): Promise<{
  period: string;
  stored: string | null;
  computed: string;
  entryCount: number;
  ok: boolean;
}> {
  const row = await db
    .selectFrom('periods')
    .select(['digest'])
    .where('period', '=', period)
    .executeTakeFirst();
  const { digest, entryCount } = await periodDigest(db, period);
  const stored = row?.digest ?? null;
  return { period, stored, computed: digest, entryCount, ok: stored !== null && stored === digest };
}

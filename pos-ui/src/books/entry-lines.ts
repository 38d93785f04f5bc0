import { fenToAmount, parseYuan } from '../shared/money.js';

/** One line of the entry form as typed: amounts are the text in the inputs. */
export interface EntryLineDraft {
  account: string;
  debit: string;
  credit: string;
  memo: string;
}

export interface EntryBalance {
  /** Sums in fen; null when an amount does not parse. */
  debit: bigint;
  credit: bigint;
  /** debit − credit; zero when balanced. */
  difference: bigint;
  balanced: boolean;
  /** Indexes of lines whose amount is not a valid amount of yuan. */
  invalidLines: number[];
  /** Lines with an amount (the ones that would be sent). */
  usedLines: number;
}

export const emptyLine = (): EntryLineDraft => ({ account: '', debit: '', credit: '', memo: '' });

/**
 * The live balance of the entry form, in integer fen: what the footer shows as the
 * totals and the difference while the accountant types.
 */
export function entryBalance(lines: readonly EntryLineDraft[]): EntryBalance {
  let debit = 0n;
  let credit = 0n;
  const invalidLines: number[] = [];
  let usedLines = 0;
  lines.forEach((line, index) => {
    const d = line.debit.trim() === '' ? 0n : parseYuan(line.debit);
    const c = line.credit.trim() === '' ? 0n : parseYuan(line.credit);
    if (d === null || c === null || d < 0n || c < 0n || (d > 0n && c > 0n)) {
      invalidLines.push(index);
      return;
    }
    if (d > 0n || c > 0n) usedLines += 1;
    debit += d;
    credit += c;
  });
  const difference = debit - credit;
  return {
    debit,
    credit,
    difference,
    balanced: difference === 0n && debit > 0n && invalidLines.length === 0 && usedLines >= 2,
    invalidLines,
    usedLines,
  };
}

/** The lines as the API takes them: only lines with an amount, decimals as strings. */
export function entryLinesForApi(
  lines: readonly EntryLineDraft[],
): { account: string; debit?: string; credit?: string; memo?: string }[] {
  return lines
    .map((line) => ({
      line,
      debit: line.debit.trim() === '' ? 0n : (parseYuan(line.debit) ?? 0n),
      credit: line.credit.trim() === '' ? 0n : (parseYuan(line.credit) ?? 0n),
    }))
    .filter(({ debit, credit }) => debit > 0n || credit > 0n)
    .map(({ line, debit, credit }) => ({
      account: line.account.trim(),
      ...(debit > 0n ? { debit: fenToAmount(debit) } : {}),
      ...(credit > 0n ? { credit: fenToAmount(credit) } : {}),
      ...(line.memo.trim() ? { memo: line.memo.trim() } : {}),
    }));
}

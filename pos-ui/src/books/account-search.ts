import type { Schemas } from '../shared/api/client.js';

export type Account = Schemas['Account'];

/** Initials of each account's Chinese name ("面粉及原料" → "mfjyl"), by account code. */
export type InitialsIndex = ReadonlyMap<string, string>;

/**
 * Pinyin initials for the chart's names. pinyin-pro is large, so it is loaded only when
 * the entry form first needs it (a separate chunk), once per page.
 */
let initialsLoader: Promise<(text: string) => string> | undefined;

export function loadInitialsFunction(): Promise<(text: string) => string> {
  initialsLoader ??= import('pinyin-pro').then(
    ({ pinyin }) =>
      (text: string) =>
        pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
          .join('')
          .toLowerCase(),
  );
  return initialsLoader;
}

export async function buildInitialsIndex(accounts: readonly Account[]): Promise<InitialsIndex> {
  const initials = await loadInitialsFunction();
  return new Map(accounts.map((account) => [account.code, initials(account.name)]));
}

/**
 * Postable accounts matching what was typed: a code prefix, part of the Chinese or English
 * name, or the pinyin initials of the Chinese name (`mf` finds 面粉及原料). Code matches
 * first, then initials, then names; at most `limit`.
 */
export function searchAccounts(
  accounts: readonly Account[],
  query: string,
  initials: InitialsIndex = new Map(),
  limit = 8,
): Account[] {
  const q = query.trim().toLowerCase();
  const candidates = accounts.filter((account) => account.postable && account.active);
  if (q === '') return candidates.slice(0, limit);
  const scored: { account: Account; score: number }[] = [];
  for (const account of candidates) {
    let score = 0;
    if (account.code.startsWith(q)) score = 4;
    else if ((initials.get(account.code) ?? '').startsWith(q)) score = 3;
    else if (account.name.includes(query.trim())) score = 2;
    else if (account.nameEn.toLowerCase().includes(q)) score = 1;
    else if ((initials.get(account.code) ?? '').includes(q)) score = 1;
    if (score > 0) scored.push({ account, score });
  }
  scored.sort((a, b) => b.score - a.score || a.account.code.localeCompare(b.account.code));
  return scored.slice(0, limit).map((item) => item.account);
}

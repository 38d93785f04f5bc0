import { sql } from 'kysely';
import { canonicalPeriodText, sha256Hex } from '../ledger/books/digest.js';
import { Refusal } from '../ledger/core/errors.js';
import type { Executor } from '../ledger/core/executor.js';

/** Where residents download a published month's canonical journal text, without a login. */
export function canonicalPath(period: string, version: number): string {
  return `/api/public/statements/${period}/versions/${version}/canonical`;
}

/** The file name it downloads as, which the verify page's commands name. */
export function canonicalFileName(period: string, version: number): string {
  return `xinmofang-journal-${period}-v${version}.canonical.txt`;
}

/**
 * The absolute download address printed in a statement: the site's base is the part of
 * its `verifyUrl` (`{PUBLIC_URL}/statements/YYYY-MM`) before `/statements/`.
 */
export function canonicalUrlOf(model: { verifyUrl: string; period: string; version: number }) {
  const base = model.verifyUrl.replace(/\/statements\/[^/]*$/, '');
  return `${base}${canonicalPath(model.period, model.version)}`;
}

/** Private identifiers shorter than this are too common to withhold a month for. */
const MIN_IDENTIFIER_LENGTH = 2;

/**
 * The canonical text of a published month (docs/period-digest.md), for anyone to recompute
 * the digest printed on its statement: the same bytes as the accountant's
 * `?format=canonical` export. It is served only while it still hashes to the version's
 * digest (a reopened and changed month answers `canonical_superseded`), and never when
 * it contains a name, phone, ID or address from the private aid and voucher tables — a
 * person may have typed one into a description (docs/decisions/0008).
 */
export async function publicCanonicalText(
  db: Executor,
  period: string,
  version: number,
): Promise<{ text: string; sha256: string }> {
  const published = await db
    .selectFrom('statements')
    .select(['digest'])
    .where('period', '=', period)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!published)
    throw new Refusal('not_found', `No published statement ${period} version ${version}.`);
  const { text } = await canonicalPeriodText(db, period);
  const sha256 = sha256Hex(text);
  if (sha256 !== published.digest)
    throw new Refusal(
      'canonical_superseded',
      `The month ${period} was reopened and changed after version ${version}; the journal now matches a later version.`,
    );
  const identifiers = await privateIdentifiers(db);
  if (identifiers.some((identifier) => text.includes(identifier)))
    throw new Refusal(
      'canonical_withheld',
      `The journal of ${period} contains private details typed into a description; ask the accountant to check it with you.`,
    );
  return { text, sha256 };
}

async function privateIdentifiers(db: Executor): Promise<string[]> {
  const result = await sql<{ value: string | null }>`
    SELECT name AS value FROM aid_recipients
    UNION SELECT phone FROM aid_recipients
    UNION SELECT id_number FROM aid_recipients
    UNION SELECT address FROM aid_recipients
    UNION SELECT holder_name FROM hardship_voucher_holders
    UNION SELECT phone FROM hardship_voucher_holders
    UNION SELECT voucher_number FROM hardship_voucher_holders`.execute(db);
  return result.rows
    .map((row) => row.value?.trim() ?? '')
    .filter((value) => [...value].length >= MIN_IDENTIFIER_LENGTH);
}

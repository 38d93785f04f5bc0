/**
 * The words receipts, the statement PDF and the pages share (contract/vocabulary.ts),
 * for the browser: tender names, units and statement terms in the reader's language.
 */
export {
  STATEMENT_TERMS,
  TENDER_NAMES,
  UNIT_NAMES,
  unitName,
  type StatementTerms,
  type TenderKey,
  type UnitKey,
} from '../../../../contract/vocabulary.js';
import { TENDER_NAMES } from '../../../../contract/vocabulary.js';
import type { Lang } from './lang.js';

/** A tender's name, or its code when the server sends one this build does not know. */
export function tenderName(method: string, lang: Lang): string {
  return (TENDER_NAMES[lang] as Record<string, string>)[method] ?? method;
}

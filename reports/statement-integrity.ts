import { sha256Hex } from '../ledger/books/digest.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The SHA-256 of a statement's figures: over their canonical JSON (keys sorted at every
 * level, no spaces), so that anyone can recompute it from the public JSON answer.
 *
 * @example figuresSha256({ b: '1.00', a: 2 }) // sha256 of '{"a":2,"b":"1.00"}'
 */
export function figuresSha256(figures: unknown): string {
  return sha256Hex(canonicalJson(figures));
}

export interface FiguresIntegrity {
  /** The hash recorded at publication; null for versions published before it was recorded. */
  recordedSha256: string | null;
  /** The hash of the figures as they are served now. */
  servedSha256: string;
  /** True when they agree, false when the figures changed after publication, null when nothing was recorded. */
  ok: boolean | null;
}

/** Compares the figures being served with the hash recorded when they were published. */
export function checkFigures(figures: unknown, recordedSha256: string | null): FiguresIntegrity {
  const servedSha256 = figuresSha256(figures);
  return {
    recordedSha256,
    servedSha256,
    ok: recordedSha256 === null ? null : recordedSha256 === servedSha256,
  };
}

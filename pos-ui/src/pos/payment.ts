/**
 * The pay dialog's arithmetic, in fen: quick cash amounts, change, and split tenders
 * that must add up to the sale's total exactly.
 */

export type TenderMethod = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher';

export interface Tender {
  method: TenderMethod;
  amountFen: bigint;
  /** Cash only: what the customer handed over (≥ amount). */
  tenderedFen?: bigint;
  /** WeChat/Alipay transaction number or voucher number. */
  reference?: string;
  /** Hardship voucher only: private, never printed. */
  holder?: { name?: string; phone?: string; household?: string; note?: string };
}

const NOTES_FEN = [1000n, 2000n, 5000n, 10000n];

/**
 * Exact, then the next ¥10, ¥20, ¥50 and ¥100 note amounts above the total, without
 * repeats (¥18.50 → 18.50, 20, 50, 100; ¥20 → 20, 50, 100).
 *
 * @example quickAmounts(1850n) // [1850n, 2000n, 5000n, 10000n]
 */
export function quickAmounts(dueFen: bigint): bigint[] {
  if (dueFen <= 0n) return [];
  const result: bigint[] = [dueFen];
  for (const note of NOTES_FEN) {
    const above = (dueFen / note + 1n) * note;
    const next = dueFen % note === 0n ? dueFen + note : above;
    if (!result.includes(next) && next > dueFen) result.push(next);
  }
  return result.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 5);
}

export function tenderedTotal(tenders: readonly Tender[]): bigint {
  return tenders.reduce((sum, tender) => sum + tender.amountFen, 0n);
}

/** What is still to pay after the tenders so far (never below zero). */
export function remainingFen(totalFen: bigint, tenders: readonly Tender[]): bigint {
  const left = totalFen - tenderedTotal(tenders);
  return left > 0n ? left : 0n;
}

/**
 * A cash tender for what is due from a handed amount: covers at most what is due, the
 * rest is change.
 */
export function cashTender(dueFen: bigint, handedFen: bigint): Tender | null {
  if (handedFen <= 0n || dueFen <= 0n) return null;
  const amountFen = handedFen < dueFen ? handedFen : dueFen;
  return { method: 'cash', amountFen, tenderedFen: handedFen };
}

export function changeFen(tenders: readonly Tender[]): bigint {
  return tenders.reduce(
    (sum, tender) =>
      sum + (tender.tenderedFen === undefined ? 0n : tender.tenderedFen - tender.amountFen),
    0n,
  );
}

/** Ready to send: tenders add up to the total exactly and each is positive. */
export function isFullyPaid(totalFen: bigint, tenders: readonly Tender[]): boolean {
  return (
    tenders.length > 0 &&
    tenders.every((t) => t.amountFen > 0n) &&
    tenderedTotal(tenders) === totalFen
  );
}

/** A transaction number or voucher number as the server accepts it. */
export function isValidReference(text: string): boolean {
  return /^[A-Za-z0-9-]{1,64}$/.test(text.trim());
}

export type PaymentCodeKind = 'wechat' | 'alipay' | null;

/**
 * A customer's 付款码 (the code their phone shows to be scanned): WeChat 18 digits starting
 * 10–15, Alipay 16–24 digits starting 25–30. Without a payment integration scanning one
 * collects nothing, so the till warns and never counts it as paid.
 *
 * @example classifyPaymentCode('134567890123456789') // 'wechat'
 */
export function classifyPaymentCode(text: string): PaymentCodeKind {
  const code = text.trim();
  if (/^1[0-5]\d{16}$/.test(code)) return 'wechat';
  if (/^(2[5-9]|30)\d{14,22}$/.test(code)) return 'alipay';
  return null;
}

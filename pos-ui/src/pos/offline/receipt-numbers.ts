import { STRICT, type PosDb, type ReceiptCounter } from './offline-db.js';

/** A register prefix as the server accepts it: letters and digits, 1–12. */
const PREFIX_PATTERN = /^[A-Za-z0-9]{1,12}$/;
export const DEFAULT_RECEIPT_WIDTH = 6;

/** @example formatReceiptNumber('C1', 123) // 'C1-000123' */
export function formatReceiptNumber(
  prefix: string,
  sequence: number,
  width = DEFAULT_RECEIPT_WIDTH,
): string {
  return `${prefix}-${String(sequence).padStart(width, '0')}`;
}

/** The sequence part of a receipt number, or undefined. @example receiptSequence('C1-000123') // 123 */
export function receiptSequence(receiptNumber: string): number | undefined {
  const match = /^[A-Za-z0-9]{1,12}-(\d{1,12})$/.exec(receiptNumber);
  return match ? Number(match[1]) : undefined;
}

/**
 * Sets up (or moves forward) a register's counter: on a new tablet, continue from the
 * register's latest number on the server (`atLeast` = that + 1). The counter never moves
 * back, so no number is handed out twice.
 *
 * @example await configureReceiptCounter(db, { registerId: 'counter-1', prefix: 'C1', atLeast: 124 })
 */
export async function configureReceiptCounter(
  db: PosDb,
  options: { registerId: string; prefix: string; atLeast?: number; width?: number },
): Promise<ReceiptCounter> {
  if (!PREFIX_PATTERN.test(options.prefix))
    throw new Error(`bad register prefix ${options.prefix}`);
  const tx = db.transaction('receiptCounters', 'readwrite', STRICT);
  const existing = await tx.store.get(options.registerId);
  const counter: ReceiptCounter = {
    registerId: options.registerId,
    prefix: options.prefix,
    next: Math.max(existing?.next ?? 1, options.atLeast ?? 1),
    width: options.width ?? existing?.width ?? DEFAULT_RECEIPT_WIDTH,
  };
  await tx.store.put(counter);
  await tx.done;
  return counter;
}

export async function readReceiptCounter(
  db: PosDb,
  registerId: string,
): Promise<ReceiptCounter | undefined> {
  return db.get('receiptCounters', registerId);
}

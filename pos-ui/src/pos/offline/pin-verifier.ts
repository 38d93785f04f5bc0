import type { PinVerifier } from './offline-db.js';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; never fewer than MIN_PIN_ITERATIONS. */
export const PIN_ITERATIONS = 210_000;
export const MIN_PIN_ITERATIONS = 100_000;
const SALT_BYTES = 16;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let index = 0; index < raw.length; index += 1) bytes[index] = raw.charCodeAt(index);
  return bytes;
}

async function derive(
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * A salted PBKDF2-SHA256 verifier of a PIN, made after a successful ONLINE PIN login so
 * that the same person can unlock this tablet offline later. The PIN itself is never
 * stored (docs/decisions/0024-pos-offline-staff.md says what this risks).
 *
 * @example const verifier = await makePinVerifier('1357'); await verifyPin('1357', verifier) // true
 */
export async function makePinVerifier(
  pin: string,
  options: { iterations?: number; now?: number } = {},
): Promise<PinVerifier> {
  const iterations = options.iterations ?? PIN_ITERATIONS;
  if (iterations < MIN_PIN_ITERATIONS) throw new Error(`at least ${MIN_PIN_ITERATIONS} iterations`);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return {
    algorithm: 'PBKDF2-SHA256',
    iterations,
    salt: toBase64(salt),
    hash: toBase64(await derive(pin, salt, iterations)),
    createdAt: options.now ?? Date.now(),
  };
}

/** Compares in constant time (for equal lengths) against the stored verifier. */
export async function verifyPin(pin: string, verifier: PinVerifier): Promise<boolean> {
  if (verifier.algorithm !== 'PBKDF2-SHA256' || verifier.iterations < MIN_PIN_ITERATIONS)
    return false;
  const actual = await derive(pin, fromBase64(verifier.salt), verifier.iterations);
  const expected = fromBase64(verifier.hash);
  if (actual.length !== expected.length) return false;
  let difference = 0;
  for (let index = 0; index < actual.length; index += 1)
    difference |= actual[index]! ^ expected[index]!;
  return difference === 0;
}

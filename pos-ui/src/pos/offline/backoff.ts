export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 60_000;

/**
 * How long to wait before the next try after `attempts` failed ones: exponential with
 * full jitter (AWS architecture blog, "Exponential Backoff And Jitter"), so that many
 * tablets coming back online together do not retry in step; never less than the base.
 * `random` is injected so tests can pin it.
 *
 * @example retryDelayMs(1, () => 0.5) // 1000; retryDelayMs(4, () => 0.5) // 4000; retryDelayMs(20, () => 1) // 60000
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(exponent, 16));
  return Math.max(RETRY_BASE_MS, Math.round(random() * ceiling));
}

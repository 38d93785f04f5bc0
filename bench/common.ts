/** What the benchmark scripts share: their arguments, percentiles and the test shop's products. */

/** The value after `--name` on the command line, if any. */
export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** The nearest-rank percentile of sorted figures: `percentile(latencies, 0.99)`. */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** The five products the sales benchmarks sell, with their prices. */
export const BENCH_PRODUCTS = [
  ['馒头', '1.50'],
  ['花卷', '2.00'],
  ['豆包', '2.50'],
  ['杂粮馒头', '3.00'],
  ['枣糕', '8.00'],
] as const;

/** Their prices in fen. */
export const BENCH_PRICE_FEN = BENCH_PRODUCTS.map(([, price]) => BigInt(price.replace('.', '')));

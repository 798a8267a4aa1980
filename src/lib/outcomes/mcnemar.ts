import betainc from '@stdlib/math-base-special-betainc';

/**
 * Exact McNemar test (two-sided) for a change in a paired proportion: under no change the
 * discordant pairs (`b` lonely before only, `c` lonely after only) split as Binomial(b + c, ½), so
 * p = min(1, 2 P(X ≤ min(b, c))) — R `binom.test(b, b + c)` / `mcnemar.exact`. P(X ≤ k) for
 * Binomial(n, ½) is the regularised incomplete beta I_½(n − k, k + 1).
 *
 * @example
 * mcnemarExactP(1, 1);  // 1
 * mcnemarExactP(10, 2); // 2 × (1 + 12 + 66) / 4096 = 0.03857421875
 */
export function mcnemarExactP(b: number, c: number): number {
  for (const [name, v] of [
    ['b', b],
    ['c', c],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 0))
      throw new Error(`mcnemarExactP: ${name} must be a whole number ≥ 0, got ${v}`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  if (k === n - k) return 1;
  return Math.min(1, 2 * betainc(0.5, n - k, k + 1));
}

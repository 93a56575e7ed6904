/**
 * Pearson's chi-square test of independence for a square table of counts
 * whose row and column sums are fixed (each row: one token's places over many
 * shuffles). Returns the p-value by the Wilson-Hilferty approximation.
 */
export function chiSquarePValue(table: readonly (readonly number[])[]): number {
  const n = table.length;
  const cells = table.flat();
  const total = cells.reduce((a, b) => a + b, 0);
  const expected = total / (n * n);
  const x2 = cells.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
  const df = (n - 1) * (n - 1);
  const z = (Math.cbrt(x2 / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df));
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Numerical Recipes' erfc (relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

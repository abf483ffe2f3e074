// Normal-distribution helpers in log space, so truncated kernels far in the tails neither underflow nor cancel.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erfc with fractional error below 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes' erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** log Φ(x), accurate for very negative x. */
export function logNdtr(x: number): number {
  if (x > -20) return Math.log(0.5 * erfc(-x / Math.SQRT2));
  // Asymptotic series of Mills' ratio.
  const x2 = x * x;
  return -0.5 * x2 - Math.log(-x) - LOG_SQRT_2PI + Math.log(1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2));
}

/** log(Φ(b) - Φ(a)) for a < b. */
export function logNormalMass(a: number, b: number): number {
  if (a >= b) return -Infinity;
  // Work on the side where both cdfs are small, to avoid cancellation.
  if (a > 0) return logNormalMass(-b, -a);
  const lb = logNdtr(b);
  const la = logNdtr(a);
  return lb + Math.log1p(-Math.exp(la - lb));
}

export function logNormalPdf(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI;
}

export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - max);
  return max + Math.log(s);
}

// Special functions in double precision (log-gamma, incomplete gamma and beta, Bessel K), the base of every CDF in labops.

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;
const TINY = 1e-300;

// Lanczos approximation (g = 7, 9 terms): about 1e-15 relative for x below the Stirling range.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Stirling's correction lnΓ(x) − [(x−½)ln x − x + ½ln 2π], for x ≥ 10 (error below 1e-17 there). */
function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
}

/** ln|Γ(x)| for x > 0 (scipy.special.gammaln on the positive axis). */
export function lgamma(x: number): number {
  if (!(x > 0)) {
    if (x === 0) return Infinity;
    if (Number.isNaN(x)) return NaN;
    // Reflection keeps the function defined for negative non-integers.
    if (Number.isInteger(x)) return Infinity;
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Γ(x) for x > 0. */
export function gamma(x: number): number {
  return Math.exp(lgamma(x));
}

/** ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a+b), without the cancellation of large lgamma values (ttest with a million rows). */
export function logBeta(a: number, b: number): number {
  if (a < b) [a, b] = [b, a];
  if (a < 10) return lgamma(a) + lgamma(b) - lgamma(a + b);
  // lnΓ(a) − lnΓ(a+b) by Stirling, with the large terms cancelled analytically.
  const diff = -(a - 0.5) * Math.log1p(b / a) - b * Math.log(a + b) + stirlingCorrection(a) - stirlingCorrection(a + b);
  if (b >= 10) return diff + (b - 0.5) * Math.log(b) + LN_SQRT_2PI + stirlingCorrection(b);
  return diff + b + lgamma(b);
}

/** ln C(n, k) for real n ≥ k ≥ 0. */
export function logBinomial(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - logBeta(n - k + 1, k + 1);
}

/** Regularized lower incomplete gamma P(a, x) (scipy.special.gammainc). */
export function gammaincP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x) (scipy.special.gammaincc), accurate in the tail. */
export function gammaincQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function checkGammaArgs(a: number, x: number): void {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`incomplete gamma needs a > 0 and x >= 0, got a=${a}, x=${x}`);
}

function gammaPrefactor(a: number, x: number): number {
  return Math.exp(a * Math.log(x) - x - lgamma(a));
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < 100000; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * gammaPrefactor(a, x);
}

// Modified Lentz on the continued fraction of Γ(a, x).
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return gammaPrefactor(a, x) * h;
}

/**
 * Regularized incomplete beta I_x(a, b) (scipy.special.betainc). Pass y = 1 − x when it is known more exactly
 * than 1 − x can be computed (Student t tails).
 */
export function betainc(a: number, b: number, x: number, y: number = 1 - x): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) throw new RangeError(`betainc needs a, b > 0 and 0 <= x <= 1, got a=${a}, b=${b}, x=${x}`);
  if (x === 0) return 0;
  if (y === 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** erfc(x), through Q(½, x²) so that the upper tail keeps full relative precision. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 1;
  const q = gammaincQ(0.5, x * x);
  return x > 0 ? q : 2 - q;
}

/** erf(x) = 1 − erfc(x), computed from P(½, x²) near zero. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 0;
  const p = gammaincP(0.5, x * x);
  return x > 0 ? p : -p;
}

/**
 * Modified Bessel function of the second kind K_ν(z) for z > 0 (scipy.special.kv), by the trapezoidal rule on
 * K_ν(z) = ∫₀^∞ exp(−z cosh t) cosh(νt) dt: the integrand is analytic in a strip, so the rule converges
 * geometrically (step 1/16 gives full double precision).
 */
export function besselK(nu: number, z: number): number {
  if (!(z > 0)) throw new RangeError(`besselK needs z > 0, got ${z}`);
  const h = 1 / 16;
  let sum = 0.5 * Math.exp(-z);
  for (let k = 1; k < 100000; k++) {
    const t = k * h;
    const term = Math.exp(-z * Math.cosh(t)) * Math.cosh(nu * t);
    sum += term;
    if (term < sum * 1e-18) break;
  }
  return sum * h;
}

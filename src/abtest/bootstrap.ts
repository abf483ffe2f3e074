// Seeded bootstrap CIs of the difference of a statistic between arms: percentile and BCa (Efron), resampling each
// arm independently as scipy.stats.bootstrap does for two samples.

import { invalidParameter } from "../core/errors";
import { normalCdf, normalPpf, SeededRandom } from "../stats";
import type { Interval } from "./comparison";

export type BootstrapMethod = "percentile" | "bca";

export interface BootstrapOptions {
  /** Resamples. Default 2000. */
  nResamples?: number;
  /** CI level. Default 0.95. */
  confidenceLevel?: number;
  method?: BootstrapMethod;
  seed?: number;
  /** The statistic per arm; default the mean (with an O(n) jackknife). Others use an O(n²) jackknife for BCa. */
  statistic?: (values: Float64Array) => number;
}

export interface BootstrapResult {
  /** statistic(treatment) − statistic(control) on the data. */
  estimate: number;
  ci: Interval;
  standardError: number;
  method: BootstrapMethod;
  nResamples: number;
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Leave-one-out values of the statistic. */
function jackknife(x: Float64Array, stat: (v: Float64Array) => number, isMean: boolean): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (isMean) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]!;
    for (let i = 0; i < n; i++) out[i] = (s - x[i]!) / (n - 1);
    return out;
  }
  const buf = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    buf.set(x.subarray(0, i), 0);
    buf.set(x.subarray(i + 1), i);
    out[i] = stat(buf);
  }
  return out;
}

/** Percentile of sorted values with linear interpolation (numpy's default), q in [0, 1]. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

export function bootstrapDifference(control: ArrayLike<number>, treatment: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapResult {
  const { nResamples = 2000, confidenceLevel = 0.95, method = "bca", seed = 0 } = options;
  if (!(Number.isInteger(nResamples) && nResamples >= 100)) throw invalidParameter(`nResamples must be an integer >= 100, got ${nResamples}.`);
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw invalidParameter(`confidenceLevel must lie in (0, 1), got ${confidenceLevel}.`);
  if (method !== "percentile" && method !== "bca") throw invalidParameter(`method must be percentile or bca, got "${String(method)}".`);
  const arms = [Float64Array.from(control), Float64Array.from(treatment)];
  arms.forEach((a, k) => {
    if (a.length < 2) throw invalidParameter(`${k ? "treatment" : "control"} needs at least 2 values, got ${a.length}.`);
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw invalidParameter(`${k ? "treatment" : "control"}[${i}] is ${a[i]}: drop missing values first.`);
  });
  const [c, t] = arms as [Float64Array, Float64Array];
  const isMean = options.statistic === undefined;
  const stat = options.statistic ?? meanOf;
  const estimate = stat(t) - stat(c);
  const rng = new SeededRandom(seed);
  const bc = new Float64Array(c.length);
  const bt = new Float64Array(t.length);
  const reps = new Float64Array(nResamples);
  const scaleC = c.length / 4294967296;
  const scaleT = t.length / 4294967296;
  for (let b = 0; b < nResamples; b++) {
    // One 32-bit draw per index (half the cost of rng.int's 53 bits; the bias for n ≪ 2³² is negligible).
    for (let i = 0; i < c.length; i++) bc[i] = c[Math.floor(rng.nextUint32() * scaleC)]!;
    for (let i = 0; i < t.length; i++) bt[i] = t[Math.floor(rng.nextUint32() * scaleT)]!;
    reps[b] = stat(bt) - stat(bc);
  }
  reps.sort();
  const meanRep = meanOf(reps);
  let ss = 0;
  for (let b = 0; b < nResamples; b++) ss += (reps[b]! - meanRep) ** 2;
  const standardError = Math.sqrt(ss / (nResamples - 1));
  const alpha = (1 - confidenceLevel) / 2;
  let qLo = alpha;
  let qHi = 1 - alpha;
  if (method === "bca") {
    // Bias correction z0 from the share of replicates below the estimate (ties count half, as scipy).
    let below = 0;
    for (let b = 0; b < nResamples; b++) below += reps[b]! < estimate ? 1 : reps[b] === estimate ? 0.5 : 0;
    const z0 = normalPpf(below / nResamples);
    let num = 0;
    let den = 0;
    // Acceleration from the jackknife of each sample in turn, summed as scipy's multi-sample BCa:
    // U = (n−1)(θ̄_(·) − θ_(i)), a = Σ_j ΣU³/n³ / 6(Σ_j ΣU²/n²)^1.5.
    for (const [k, arm] of [c, t].entries()) {
      const jk = jackknife(arm, stat, isMean);
      const m = meanOf(jk);
      const n = arm.length;
      // Leaving out a control value moves the difference the opposite way to its own statistic.
      const sign = k === 0 ? -1 : 1;
      let n3 = 0;
      let n2 = 0;
      for (let i = 0; i < n; i++) {
        const u = (n - 1) * sign * (m - jk[i]!);
        n3 += u ** 3;
        n2 += u * u;
      }
      num += n3 / n ** 3;
      den += n2 / n ** 2;
    }
    const a = num / (6 * den ** 1.5);
    const adj = (zq: number) => normalCdf(z0 + (z0 + zq) / (1 - a * (z0 + zq)));
    qLo = adj(normalPpf(alpha));
    qHi = adj(normalPpf(1 - alpha));
    if (!Number.isFinite(qLo) || !Number.isFinite(qHi)) throw invalidParameter("BCa is undefined here (all resamples equal the estimate?): use method 'percentile'.");
  }
  return { estimate, ci: { lower: quantileSorted(reps, qLo), upper: quantileSorted(reps, qHi) }, standardError, method, nResamples };
}

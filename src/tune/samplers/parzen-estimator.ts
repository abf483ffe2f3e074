// The Parzen estimator of TPE: a weighted mixture of one kernel per observation plus a prior kernel, per
// parameter a truncated normal (in log space for log ranges, over grid cells for stepped ranges) or a smoothed
// categorical. Sigma rules, magic clip and prior follow Optuna 4.x's _ParzenEstimator.

import type { Distribution } from "../distributions";
import { snap } from "../distributions";
import { logNormalMass, logSumExp } from "../normal-math";
import type { Rng } from "../rng";

export interface ParzenEstimatorParameters {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  weights: (n: number) => number[];
  multivariate: boolean;
}

interface NumericKernels {
  kind: "numeric";
  dist: Distribution & { kind: "float" | "int" };
  /** Kernel centres and widths in the transformed space (log for log ranges). */
  mus: Float64Array;
  sigmas: Float64Array;
  /** Truncation bounds in the transformed space (half a step wider for stepped ranges). */
  low: number;
  high: number;
  step: number | null;
  log: boolean;
  /** log of each kernel's mass inside [low, high]. */
  logZ: Float64Array;
  /** -log σ - log √(2π) - logZ: the continuous log density is this minus z²/2. */
  logConst: Float64Array;
}

interface CategoricalKernels {
  kind: "categorical";
  /** Row k: kernel k's probabilities over the choices. */
  probs: Float64Array[];
}

const EPS = 1e-12;

export class ParzenEstimator {
  private readonly names: string[];
  private readonly logWeights: Float64Array;
  private readonly kernels: (NumericKernels | CategoricalKernels)[];

  /** `observations[name][i]`: internal value of observation i; all arrays have the same length. */
  constructor(observations: Record<string, number[]>, space: Record<string, Distribution>, params: ParzenEstimatorParameters, predeterminedWeights?: number[]) {
    this.names = Object.keys(space);
    const n = this.names.length === 0 ? 0 : observations[this.names[0]].length;
    let w = n === 0 ? [] : (predeterminedWeights ?? params.weights(n)).slice(0, n);
    w = n === 0 ? [1] : [...w, params.priorWeight];
    const total = w.reduce((a, b) => a + b, 0);
    this.logWeights = Float64Array.from(w, (x) => Math.log(x / total));
    this.kernels = this.names.map((name) => {
      const d = space[name];
      const obs = observations[name];
      return d.kind === "categorical" ? categoricalKernels(obs, d.choices.length, params) : numericKernels(obs, d, params, this.names.length);
    });
  }

  /** `size` samples, as internal values per parameter. */
  sample(rng: Rng, size: number): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const name of this.names) out[name] = [];
    const weights = Array.from(this.logWeights, Math.exp);
    for (let s = 0; s < size; s++) {
      const k = rng.weightedIndex(weights);
      this.kernels.forEach((kern, j) => out[this.names[j]].push(kern.kind === "categorical" ? rng.weightedIndex(kern.probs[k]) : sampleNumeric(rng, kern, k)));
    }
    return out;
  }

  /** log density (log mass for discrete parameters) of each sample under the mixture. */
  logPdf(samples: Record<string, number[]>): Float64Array {
    const size = samples[this.names[0]].length;
    const nk = this.logWeights.length;
    const result = new Float64Array(size);
    const terms = new Float64Array(nk);
    for (let s = 0; s < size; s++) {
      terms.set(this.logWeights);
      this.kernels.forEach((kern, j) => {
        const x = samples[this.names[j]][s];
        for (let k = 0; k < nk; k++) terms[k] += kern.kind === "categorical" ? Math.log(kern.probs[k][x]) : logPdfNumeric(kern, k, x);
      });
      result[s] = logSumExp(terms);
    }
    return result;
  }
}

function categoricalKernels(obs: number[], nChoices: number, params: ParzenEstimatorParameters): CategoricalKernels {
  if (obs.length === 0) return { kind: "categorical", probs: [new Float64Array(nChoices).fill(1 / nChoices)] };
  const nKernels = obs.length + 1;
  const probs: Float64Array[] = [];
  for (let k = 0; k < nKernels; k++) {
    const row = new Float64Array(nChoices).fill(params.priorWeight / nKernels);
    if (k < obs.length) row[obs[k]] += 1;
    const sum = row.reduce((a, b) => a + b, 0);
    for (let c = 0; c < nChoices; c++) row[c] /= sum === 0 ? 1 : sum;
    probs.push(row);
  }
  return { kind: "categorical", probs };
}

function numericKernels(obs: number[], d: Distribution & { kind: "float" | "int" }, params: ParzenEstimatorParameters, nParams: number): NumericKernels {
  const step = d.step;
  let low = d.low;
  let high = d.high;
  if (step !== null) {
    low -= step / 2;
    high += step / 2;
  }
  const tf = d.log ? Math.log : (x: number) => x;
  low = tf(low);
  high = tf(high);
  const mus = obs.map(tf);
  const n = mus.length;
  let sigmas: number[];
  if (params.multivariate) {
    const sigma = 0.2 * Math.max(n, 1) ** (-1 / (nParams + 4)) * (high - low);
    sigmas = new Array(n).fill(sigma);
  } else {
    // Each kernel as wide as the larger gap to its neighbouring observations (or the range's ends).
    const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
    const sorted = [low, ...order.map((i) => mus[i]), high];
    const sortedSigmas = new Array(n);
    for (let i = 1; i < sorted.length - 1; i++) sortedSigmas[i - 1] = Math.max(sorted[i] - sorted[i - 1], sorted[i + 1] - sorted[i]);
    if (!params.considerEndpoints && sorted.length >= 4) {
      sortedSigmas[0] = sorted[2] - sorted[1];
      sortedSigmas[n - 1] = sorted[sorted.length - 2] - sorted[sorted.length - 3];
    }
    const byOriginal = new Array(n);
    order.forEach((orig, rank) => (byOriginal[orig] = sortedSigmas[rank]));
    sigmas = byOriginal.slice(0, n);
  }
  const maxSigma = high - low;
  const minSigma = params.considerMagicClip ? (high - low) / Math.min(100, 1 + (n + 1)) : EPS;
  sigmas = sigmas.map((s) => Math.min(Math.max(s, minSigma), maxSigma));
  const allMus = Float64Array.from([...mus, 0.5 * (low + high)]);
  const allSigmas = Float64Array.from([...sigmas, high - low]);
  const logZ = allMus.map((mu, k) => logNormalMass((low - mu) / allSigmas[k], (high - mu) / allSigmas[k]));
  const logConst = allSigmas.map((sg, k) => -Math.log(sg) - 0.5 * Math.log(2 * Math.PI) - logZ[k]);
  return { kind: "numeric", dist: d, mus: allMus, sigmas: allSigmas, low, high, step, log: d.log, logZ, logConst };
}

function sampleNumeric(rng: Rng, kern: NumericKernels, k: number): number {
  const mu = kern.mus[k];
  const sigma = kern.sigmas[k];
  // Rejection from the untruncated normal: a kernel's centre lies in the range and sigma <= the range's width,
  // so at least about a third of the draws are accepted.
  let x = mu;
  for (let i = 0; i < 1000; i++) {
    x = mu + sigma * rng.normal();
    if (x >= kern.low && x <= kern.high) break;
    x = Math.min(Math.max(x, kern.low), kern.high);
  }
  const v = kern.log ? Math.exp(x) : x;
  return kern.step !== null || kern.dist.kind === "int" ? snap(kern.dist, v) : Math.min(Math.max(v, kern.dist.low), kern.dist.high);
}

function logPdfNumeric(kern: NumericKernels, k: number, x: number): number {
  const mu = kern.mus[k];
  const sigma = kern.sigmas[k];
  if (kern.step === null) {
    const z = ((kern.log ? Math.log(x) : x) - mu) / sigma;
    // Density in the transformed space, as Optuna: the log-space Jacobian would cancel in l(x)/g(x) anyway.
    return kern.logConst[k] - 0.5 * z * z;
  }
  const half = kern.step / 2;
  const lo = kern.log ? Math.log(x - half) : x - half;
  const hi = kern.log ? Math.log(x + half) : x + half;
  return logNormalMass((lo - mu) / sigma, (hi - mu) / sigma) - kern.logZ[k];
}

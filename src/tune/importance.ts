// Parameter importances, PED-ANOVA style (Watanabe et al. 2023, Optuna's PedAnovaImportanceEvaluator): for each
// parameter, the Pearson divergence between where the top trials lie (target quantile, 10%) and where all
// trials lie, both as TPE's Parzen estimators evaluated on a grid; normalised to sum to 1. Cheap (no forest)
// and it reads as "how much does being good constrain this parameter".

import { invalidParameter } from "../core/errors";
import type { Distribution } from "./distributions";
import type { FrozenTrial, StudyDirection } from "./frozen-trial";
import { ParzenEstimator } from "./samplers/parzen-estimator";

export interface ParamImportanceOptions {
  /** Fraction of the best trials that forms the target. Default 0.1. */
  targetQuantile?: number;
  /** Parameters to rate; default: those every COMPLETE trial shares. */
  params?: string[];
  /** Which objective of a multi-objective study. Default 0. */
  objectiveIndex?: number;
  /** Sum to 1. Default true. */
  normalize?: boolean;
}

const GRID = 100;

export function getParamImportances(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: ParamImportanceOptions = {}): Record<string, number> {
  const q = options.targetQuantile ?? 0.1;
  if (!(q > 0 && q < 1)) throw invalidParameter(`targetQuantile must be in (0, 1), got ${q}.`);
  const k = options.objectiveIndex ?? 0;
  if (!Number.isInteger(k) || k < 0 || k >= directions.length) throw invalidParameter(`objectiveIndex must be in 0..${directions.length - 1}, got ${k}.`);
  const done = trials.filter((t) => t.state === "COMPLETE" && t.values && Number.isFinite(t.values[k]));
  if (done.length < 2) throw invalidParameter(`Parameter importances need at least 2 COMPLETE trials, got ${done.length}.`);
  let names = options.params ?? Object.keys(done[0].distributions).filter((n) => done.every((t) => JSON.stringify(t.distributions[n]) === JSON.stringify(done[0].distributions[n])));
  names = names.filter((n) => {
    const d = done[0].distributions[n];
    if (!d) throw invalidParameter(`Parameter '${n}' is not in the study's trials.`);
    return d.kind === "categorical" ? d.choices.length > 1 : d.low < d.high;
  });
  const sign = directions[k] === "maximize" ? -1 : 1;
  const sorted = [...done].sort((a, b) => sign * (a.values![k] - b.values![k]));
  const top = sorted.slice(0, Math.max(2, Math.ceil(q * sorted.length)));
  const pe = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: (n: number) => new Array(n).fill(1), multivariate: false };
  const raw: Record<string, number> = {};
  for (const name of names) {
    const d = done[0].distributions[name];
    const internal = (t: FrozenTrial) => (d.kind === "categorical" ? d.choices.indexOf(t.params[name] as never) : (t.params[name] as number));
    const grid = gridOf(d);
    const space = { [name]: d };
    const pTop = normalise(new ParzenEstimator({ [name]: top.map(internal) }, space, pe).logPdf({ [name]: grid }));
    const pAll = normalise(new ParzenEstimator({ [name]: done.map(internal) }, space, pe).logPdf({ [name]: grid }));
    let div = 0;
    for (let i = 0; i < grid.length; i++) div += pAll[i] * (pTop[i] / pAll[i] - 1) ** 2;
    raw[name] = div;
  }
  const total = Object.values(raw).reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  for (const name of Object.keys(raw).sort((a, b) => raw[b] - raw[a])) out[name] = options.normalize === false || total === 0 ? raw[name] : raw[name] / total;
  return out;
}

function gridOf(d: Distribution): number[] {
  if (d.kind === "categorical") return d.choices.map((_, i) => i);
  if (d.kind === "int" || d.step !== null) {
    const step = d.step ?? 1;
    const n = Math.round((d.high - d.low) / step) + 1;
    if (n <= GRID) return Array.from({ length: n }, (_, i) => d.low + i * step);
  }
  const lo = d.log ? Math.log(d.low) : d.low;
  const hi = d.log ? Math.log(d.high) : d.high;
  const pts = Array.from({ length: GRID }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / GRID);
  const xs = d.log ? pts.map(Math.exp) : pts;
  return d.kind === "int" || d.step !== null ? [...new Set(xs.map((x) => Math.min(Math.max(d.low + Math.round((x - d.low) / (d.step ?? 1)) * (d.step ?? 1), d.low), d.high)))] : xs;
}

function normalise(logp: Float64Array): number[] {
  const max = Math.max(...logp);
  const p = Array.from(logp, (x) => Math.exp(x - max));
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / s);
}

// TPESampler (Optuna 4.x defaults): random for the first trials, then per parameter (or jointly with
// `multivariate`) split the observed trials into the best γ(n) and the rest, fit a Parzen estimator to each,
// draw candidates from the good one and keep the one with the largest l(x)/g(x).

import { invalidParameter } from "../../core/errors";
import type { Distribution } from "../distributions";
import { isSingle } from "../distributions";
import { type FrozenTrial, type StudyView, violation } from "../frozen-trial";
import { Rng } from "../rng";
import { type Sampler, intersectionSearchSpace } from "./base-sampler";
import { ParzenEstimator, type ParzenEstimatorParameters } from "./parzen-estimator";
import { sampleUniform } from "./random-sampler";

/** Optuna's default γ: the number of "good" trials among n. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** hyperopt's γ. */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/** Optuna's default weights: flat for the newest 25 observations, a ramp from 1/n up to 1 for older ones. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array(n).fill(1);
  const m = n - 25;
  const ramp = m === 1 ? [1 / n] : Array.from({ length: m }, (_, i) => 1 / n + ((1 - 1 / n) * i) / (m - 1));
  return [...ramp, ...new Array(25).fill(1)];
}

export interface TPESamplerOptions {
  seed?: number;
  /** Trials sampled at random before TPE starts. Default 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x). Default 24. */
  nEiCandidates?: number;
  gamma?: (n: number) => number;
  weights?: (n: number) => number[];
  /** Default 1.0. */
  priorWeight?: number;
  /** Default true. */
  considerMagicClip?: boolean;
  /** Default false. */
  considerEndpoints?: boolean;
  /** Model the parameters jointly (over the search space all completed trials share). Default false. */
  multivariate?: boolean;
  /** Count running trials as bad ones, so parallel workers spread out. Default false. */
  constantLiar?: boolean;
}

export class TPESampler implements Sampler {
  readonly name = "TPESampler";
  private readonly rng: Rng;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly multivariate: boolean;
  private readonly constantLiar: boolean;
  private readonly pe: ParzenEstimatorParameters;
  private splitCache: { key: string; below: FrozenTrial[]; above: FrozenTrial[] } | null = null;

  constructor(options: TPESamplerOptions = {}) {
    this.rng = new Rng(options.seed);
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    if (!Number.isInteger(this.nStartupTrials) || this.nStartupTrials < 0) throw invalidParameter(`nStartupTrials must be an integer >= 0, got ${this.nStartupTrials}.`);
    if (!Number.isInteger(this.nEiCandidates) || this.nEiCandidates < 1) throw invalidParameter(`nEiCandidates must be an integer >= 1, got ${this.nEiCandidates}.`);
    const priorWeight = options.priorWeight ?? 1.0;
    if (!(priorWeight > 0)) throw invalidParameter(`priorWeight must be > 0, got ${priorWeight}.`);
    this.gamma = options.gamma ?? defaultGamma;
    this.multivariate = options.multivariate ?? false;
    this.constantLiar = options.constantLiar ?? false;
    this.pe = {
      priorWeight,
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      weights: options.weights ?? defaultWeights,
      multivariate: this.multivariate,
    };
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    if (!this.multivariate) return {};
    const space = intersectionSearchSpace(study, true);
    for (const name of Object.keys(space)) if (isSingle(space[name])) delete space[name];
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, number> {
    if (Object.keys(searchSpace).length === 0) return {};
    return this.sample(study, trial, searchSpace) ?? {};
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): number {
    const out = this.sample(study, trial, { [paramName]: distribution });
    return out ? out[paramName] : sampleUniform(this.rng, distribution);
  }

  /** null while there are fewer than nStartupTrials observed trials. */
  private sample(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Record<string, number> | null {
    if (study.directions.length > 1) {
      throw invalidParameter("This TPESampler handles single-objective studies; use NSGAIISampler (the default) for several objectives.");
    }
    const states = this.constantLiar ? (["COMPLETE", "PRUNED", "RUNNING"] as const) : (["COMPLETE", "PRUNED"] as const);
    const trials = study.getTrials(states).filter((t) => t.number !== trial.number);
    const finished = trials.filter((t) => t.state !== "RUNNING");
    if (finished.length < this.nStartupTrials) return null;
    // One split serves every parameter of a trial: the same trials are split each time.
    const key = `${trial.number}:${trials.length}:${finished.length}:${trials.length ? trials[trials.length - 1].number : -1}`;
    if (this.splitCache?.key !== key) this.splitCache = { key, ...splitTrials(study, trials, this.gamma(finished.length)) };
    const { below, above } = this.splitCache;
    const names = Object.keys(space);
    const observe = (list: FrozenTrial[]) => {
      const obs: Record<string, number[]> = {};
      for (const n of names) obs[n] = [];
      for (const t of list) {
        if (!names.every((n) => n in t.params && t.distributions[n] && sameKind(t.distributions[n], space[n]))) continue;
        for (const n of names) obs[n].push(internalOf(t, n));
      }
      return obs;
    };
    const mpeBelow = new ParzenEstimator(observe(below), space, this.pe);
    const mpeAbove = new ParzenEstimator(observe(above), space, this.pe);
    const candidates = mpeBelow.sample(this.rng, this.nEiCandidates);
    const l = mpeBelow.logPdf(candidates);
    const g = mpeAbove.logPdf(candidates);
    let best = 0;
    for (let i = 1; i < l.length; i++) if (l[i] - g[i] > l[best] - g[best]) best = i;
    const out: Record<string, number> = {};
    for (const n of names) out[n] = candidates[n][best];
    return out;
  }
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameKind(a: Distribution, b: Distribution): boolean {
  return a.kind === b.kind && (a.kind !== "categorical" || (b.kind === "categorical" && a.choices.length === b.choices.length));
}

function internalOf(t: FrozenTrial, name: string): number {
  const d = t.distributions[name];
  const v = t.params[name];
  return d.kind === "categorical" ? d.choices.indexOf(v as never) : (v as number);
}

/**
 * Optuna's split: the best complete (feasible) trials first, then pruned trials (further steps first, then better
 * last value), then infeasible ones by violation; running trials (constant liar) are always "above".
 * Both halves come back in trial-number order, as the weights are chronological.
 */
export function splitTrials(study: StudyView, trials: readonly FrozenTrial[], nBelow: number): { below: FrozenTrial[]; above: FrozenTrial[] } {
  const sign = study.directions[0] === "maximize" ? -1 : 1;
  const complete: FrozenTrial[] = [];
  const pruned: FrozenTrial[] = [];
  const infeasible: FrozenTrial[] = [];
  const running: FrozenTrial[] = [];
  for (const t of trials) {
    if (t.state === "RUNNING") running.push(t);
    else if (t.constraints && violation(t) > 0) infeasible.push(t);
    else if (t.state === "COMPLETE") complete.push(t);
    else pruned.push(t);
  }
  complete.sort((a, b) => sign * a.values![0] - sign * b.values![0]);
  const prunedKey = (t: FrozenTrial): [number, number] => {
    let step = -1;
    for (const s of t.intermediateValues.keys()) if (s > step) step = s;
    if (step < 0) return [Infinity, 0];
    const v = t.intermediateValues.get(step)!;
    return [-step, Number.isNaN(v) ? Infinity : sign * v];
  };
  pruned.sort((a, b) => {
    const ka = prunedKey(a);
    const kb = prunedKey(b);
    return cmp(ka[0], kb[0]) || cmp(ka[1], kb[1]);
  });
  infeasible.sort((a, b) => violation(a) - violation(b));
  const ordered = [...complete, ...pruned, ...infeasible];
  const byNumber = (a: FrozenTrial, b: FrozenTrial) => a.number - b.number;
  return {
    below: ordered.slice(0, nBelow).sort(byNumber),
    above: [...ordered.slice(nBelow), ...running].sort(byNumber),
  };
}

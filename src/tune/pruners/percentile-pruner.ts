// PercentilePruner and MedianPruner (Optuna's): prune a trial whose best value so far is worse than the given
// percentile of the completed trials' values at the same step.

import { invalidParameter } from "../../core/errors";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import { lastStep, type Pruner } from "./base-pruner";

export interface PercentilePrunerOptions {
  /** Completed trials before pruning starts. Default 5. */
  nStartupTrials?: number;
  /** Steps of a trial before it can be pruned. Default 0. */
  nWarmupSteps?: number;
  /** Check every this many steps after the warm-up. Default 1. */
  intervalSteps?: number;
  /** Completed trials that must have reported at the step. Default 1. */
  nMinTrials?: number;
}

/** Linear-interpolation percentile (numpy's default), NaN-free input. */
export function percentileOf(sorted: number[], q: number): number {
  if (sorted.length === 1) return sorted[0];
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export class PercentilePruner implements Pruner {
  readonly name: string = "PercentilePruner";
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  constructor(percentile: number, options: PercentilePrunerOptions = {}) {
    if (!(percentile >= 0 && percentile <= 100)) throw invalidParameter(`percentile must be in [0, 100], got ${percentile}.`);
    this.percentile = percentile;
    this.nStartupTrials = checkCount("nStartupTrials", options.nStartupTrials ?? 5, 0);
    this.nWarmupSteps = checkCount("nWarmupSteps", options.nWarmupSteps ?? 0, 0);
    this.intervalSteps = checkCount("intervalSteps", options.intervalSteps ?? 1, 1);
    this.nMinTrials = checkCount("nMinTrials", options.nMinTrials ?? 1, 1);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;
    const completed = study.getTrials(["COMPLETE"]);
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    if (step < this.nWarmupSteps) return false;
    if (!isCheckStep(step, this.nWarmupSteps, this.intervalSteps, trial)) return false;
    const maximize = study.directions[0] === "maximize";
    // The trial's best so far: a noisy last value alone would prune good trials.
    let best = NaN;
    for (const v of trial.intermediateValues.values()) {
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(best) || (maximize ? v > best : v < best)) best = v;
    }
    if (Number.isNaN(best)) return true;
    const atStep: number[] = [];
    for (const t of completed) {
      const v = t.intermediateValues.get(step);
      if (v !== undefined && !Number.isNaN(v)) atStep.push(v);
    }
    if (atStep.length < this.nMinTrials) return false;
    atStep.sort((a, b) => a - b);
    const p = percentileOf(atStep, maximize ? 100 - this.percentile : this.percentile);
    return maximize ? best < p : best > p;
  }
}

export class MedianPruner extends PercentilePruner {
  override readonly name = "MedianPruner";
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}

export function checkCount(what: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw invalidParameter(`${what} must be an integer >= ${min}, got ${JSON.stringify(v)}.`);
  return v;
}

/** Optuna's interval rule: check at warm-up + k·interval only, counted from the trial's previous report. */
function isCheckStep(step: number, warmup: number, interval: number, trial: FrozenTrial): boolean {
  if (interval === 1) return true;
  const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
  const prev = steps.length >= 2 ? steps[steps.length - 2] : -1;
  const k1 = Math.floor((step - warmup) / interval);
  const k0 = prev < warmup ? -1 : Math.floor((prev - warmup) / interval);
  return k1 > k0;
}

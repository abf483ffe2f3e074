// SuccessiveHalvingPruner (Optuna's asynchronous SHA): a trial passes rung r at step minResource·η^(s+r) only if
// its value there is in the top 1/η of all trials' values at that rung.
// The rung values are read from the trials' intermediate values (the value at the first reported step at or after
// the rung's step), so every process computes the same rungs from the same store without hidden state.

import { invalidParameter } from "../../core/errors";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import { lastStep, type Pruner } from "./base-pruner";
import { checkCount } from "./percentile-pruner";

export interface SuccessiveHalvingPrunerOptions {
  /** Steps before the first rung; "auto" (default): last step of the first completed trial // 100, at least 1. */
  minResource?: number | "auto";
  /** η. Default 4. */
  reductionFactor?: number;
  /** s. Default 0. */
  minEarlyStoppingRate?: number;
  /** Trials needed at a rung before anyone is promoted from it. Default 0. */
  bootstrapCount?: number;
}

export class SuccessiveHalvingPruner implements Pruner {
  readonly name: string = "SuccessiveHalvingPruner";
  readonly minResource: number | "auto";
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    this.minResource = options.minResource ?? "auto";
    if (this.minResource !== "auto") checkCount("minResource", this.minResource, 1);
    this.reductionFactor = options.reductionFactor ?? 4;
    if (!Number.isInteger(this.reductionFactor) || this.reductionFactor < 2) throw invalidParameter(`reductionFactor must be an integer >= 2, got ${this.reductionFactor}.`);
    this.minEarlyStoppingRate = checkCount("minEarlyStoppingRate", options.minEarlyStoppingRate ?? 0, 0);
    this.bootstrapCount = checkCount("bootstrapCount", options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && this.minResource === "auto") throw invalidParameter("bootstrapCount > 0 needs a numeric minResource, not 'auto' (Optuna's rule).");
  }

  /** The resolved minimum resource, or null while "auto" has no completed trial to learn from. */
  resolvedMinResource(study: StudyView): number | null {
    if (this.minResource !== "auto") return this.minResource;
    const first = study.getTrials(["COMPLETE"]).find((t) => lastStep(t) !== null);
    return first ? Math.max(Math.floor(lastStep(first)! / 100), 1) : null;
  }

  /** The rung steps a trial has crossed, with its value at each. */
  rungValues(trial: FrozenTrial, minResource: number): number[] {
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    const out: number[] = [];
    for (let rung = 0; ; rung++) {
      const at = minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      const step = steps.find((s) => s >= at);
      if (step === undefined) return out;
      out.push(trial.intermediateValues.get(step)!);
    }
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;
    const r = this.resolvedMinResource(study);
    if (r === null) return false;
    const mine = this.rungValues(trial, r);
    if (mine.length === 0) return false;
    const rung = mine.length - 1;
    // Judge only when the trial has just reached this rung: the step that crossed it is the last one reported.
    const rungStep = r * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
    const earlierSteps = [...trial.intermediateValues.keys()].filter((s) => s < step);
    if (earlierSteps.some((s) => s >= rungStep)) return false;
    const value = mine[rung];
    if (Number.isNaN(value)) return true;
    const competing = [value];
    for (const t of study.getTrials()) {
      if (t.number === trial.number) continue;
      const v = this.rungValues(t, r)[rung];
      if (v !== undefined && !Number.isNaN(v)) competing.push(v);
    }
    if (this.bootstrapCount > 0 && competing.length <= this.bootstrapCount) return true;
    const maximize = study.directions[0] === "maximize";
    competing.sort((a, b) => (maximize ? b - a : a - b));
    const idx = Math.max(Math.floor(competing.length / this.reductionFactor) - 1, 0);
    return maximize ? value < competing[idx] : value > competing[idx];
  }
}

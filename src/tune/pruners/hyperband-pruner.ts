// HyperbandPruner (Optuna's): several successive-halving brackets with different early-stopping rates; each
// trial belongs to one bracket (by a hash of study name and trial number, weighted by the brackets' budgets)
// and competes only with the trials of its bracket.

import { invalidParameter } from "../../core/errors";
import type { FrozenTrial, StudyView, TrialState } from "../frozen-trial";
import { lastStep, type Pruner } from "./base-pruner";
import { checkCount } from "./percentile-pruner";
import { SuccessiveHalvingPruner } from "./successive-halving-pruner";

export interface HyperbandPrunerOptions {
  /** Default 1. */
  minResource?: number;
  /** Default "auto": the last step of the first completed trial. */
  maxResource?: number | "auto";
  /** η. Default 3. */
  reductionFactor?: number;
  bootstrapCount?: number;
}

/** FNV-1a, a stable string hash (Optuna uses Python's hash; any fixed hash gives the same allocation shape). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class HyperbandPruner implements Pruner {
  readonly name = "HyperbandPruner";
  readonly minResource: number;
  readonly maxResource: number | "auto";
  readonly reductionFactor: number;
  readonly bootstrapCount: number;

  constructor(options: HyperbandPrunerOptions = {}) {
    this.minResource = checkCount("minResource", options.minResource ?? 1, 1);
    this.maxResource = options.maxResource ?? "auto";
    if (this.maxResource !== "auto") {
      checkCount("maxResource", this.maxResource, 1);
      if (this.maxResource < this.minResource) throw invalidParameter(`maxResource (${this.maxResource}) must be >= minResource (${this.minResource}).`);
    }
    this.reductionFactor = options.reductionFactor ?? 3;
    if (!Number.isInteger(this.reductionFactor) || this.reductionFactor < 2) throw invalidParameter(`reductionFactor must be an integer >= 2, got ${this.reductionFactor}.`);
    this.bootstrapCount = checkCount("bootstrapCount", options.bootstrapCount ?? 0, 0);
  }

  private resolvedMaxResource(study: StudyView): number | null {
    if (this.maxResource !== "auto") return this.maxResource;
    const first = study.getTrials(["COMPLETE"]).find((t) => lastStep(t) !== null);
    return first ? lastStep(first)! + 1 : null;
  }

  /** ⌊log_η(max/min)⌋ + 1, or null while max_resource is unknown. */
  nBrackets(study: StudyView): number | null {
    const max = this.resolvedMaxResource(study);
    if (max === null) return null;
    return Math.floor(Math.log(max / this.minResource) / Math.log(this.reductionFactor) + 1e-9) + 1;
  }

  bracketOf(study: StudyView, trialNumber: number, nBrackets: number): number {
    const budgets = Array.from({ length: nBrackets }, (_, i) => {
      const s = nBrackets - 1 - i;
      return Math.ceil((nBrackets * this.reductionFactor ** s) / (s + 1));
    });
    const total = budgets.reduce((a, b) => a + b, 0);
    let n = fnv1a(`${study.studyName}_${trialNumber}`) % total;
    for (let i = 0; i < nBrackets; i++) {
      n -= budgets[i];
      if (n < 0) return i;
    }
    return nBrackets - 1;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const nb = this.nBrackets(study);
    if (nb === null) return false;
    const bracket = this.bracketOf(study, trial.number, nb);
    const sha = new SuccessiveHalvingPruner({ minResource: this.minResource, reductionFactor: this.reductionFactor, minEarlyStoppingRate: bracket, bootstrapCount: this.bootstrapCount });
    const view: StudyView = {
      studyName: study.studyName,
      directions: study.directions,
      getTrials: (states?: readonly TrialState[]) => study.getTrials(states).filter((t) => this.bracketOf(study, t.number, nb) === bracket),
    };
    return sha.prune(view, trial);
  }
}

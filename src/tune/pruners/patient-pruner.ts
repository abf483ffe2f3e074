// PatientPruner (Optuna's): consult the wrapped pruner (or prune outright without one) only after `patience`
// steps without an improvement larger than minDelta.

import { invalidParameter } from "../../core/errors";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import type { Pruner } from "./base-pruner";
import { checkCount } from "./percentile-pruner";

export class PatientPruner implements Pruner {
  readonly name = "PatientPruner";
  readonly wrapped: Pruner | null;
  readonly patience: number;
  readonly minDelta: number;

  constructor(wrapped: Pruner | null, patience: number, options: { minDelta?: number } = {}) {
    this.wrapped = wrapped;
    this.patience = checkCount("patience", patience, 0);
    this.minDelta = options.minDelta ?? 0;
    if (!(this.minDelta >= 0)) throw invalidParameter(`minDelta must be >= 0, got ${this.minDelta}.`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    if (steps.length <= this.patience + 1) return false;
    const split = steps.length - this.patience - 1;
    const vals = (ss: number[]) => ss.map((s) => trial.intermediateValues.get(s)!).filter((v) => !Number.isNaN(v));
    const before = vals(steps.slice(0, split));
    const after = vals(steps.slice(split));
    if (before.length === 0 || after.length === 0) return false;
    const stalled =
      study.directions[0] === "maximize"
        ? Math.max(...before) - this.minDelta > Math.max(...after)
        : Math.min(...before) + this.minDelta < Math.min(...after);
    if (!stalled) return false;
    return this.wrapped ? this.wrapped.prune(study, trial) : true;
  }
}

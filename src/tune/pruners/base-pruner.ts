// The pruner plug-in interface (Optuna's BasePruner): from a study snapshot and a running trial, stop or go on.

import type { FrozenTrial, StudyView } from "../frozen-trial";

export interface Pruner {
  readonly name: string;
  /** True to stop `trial` now. */
  prune(study: StudyView, trial: FrozenTrial): boolean;
}

/** The trial's last reported step, or null when it reported nothing. */
export function lastStep(trial: FrozenTrial): number | null {
  let last: number | null = null;
  for (const s of trial.intermediateValues.keys()) if (last === null || s > last) last = s;
  return last;
}

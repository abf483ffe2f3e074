// The sampler plug-in interface (Optuna's BaseSampler): a joint ("relative") step before the objective runs,
// and an independent step for each parameter the joint step did not cover.

import type { Distribution } from "../distributions";
import type { FrozenTrial, StudyView, TrialState } from "../frozen-trial";

export interface Sampler {
  /** A short name for reports ("TPESampler"). */
  readonly name: string;
  /** The parameters to sample jointly for `trial`; {} when the sampler samples each parameter alone. */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  /** Internal values (see distributions.ts) for some or all of `searchSpace`. */
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, number>;
  /** An internal value for one parameter. */
  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): number;
  beforeTrial?(study: StudyView, trial: FrozenTrial): void;
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void;
}

/**
 * The search space every COMPLETE trial shares (Optuna's IntersectionSearchSpace): a parameter is in it only
 * when all completed trials used it with the same distribution.
 */
export function intersectionSearchSpace(study: StudyView, includePruned = false): Record<string, Distribution> {
  let space: Record<string, Distribution> | null = null;
  for (const t of study.getTrials(includePruned ? ["COMPLETE", "PRUNED"] : ["COMPLETE"])) {
    if (space === null) {
      space = { ...t.distributions };
      continue;
    }
    for (const name of Object.keys(space)) {
      const d = t.distributions[name];
      if (!d || JSON.stringify(d) !== JSON.stringify(space[name])) delete space[name];
    }
  }
  const out: Record<string, Distribution> = {};
  for (const name of Object.keys(space ?? {}).sort()) out[name] = space![name];
  return out;
}

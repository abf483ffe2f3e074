// FrozenTrial: a read-only snapshot of one trial, what samplers, pruners, callbacks and charts receive.

import type { Distribution, ParamValue } from "./distributions";

export type TrialState = "RUNNING" | "COMPLETE" | "PRUNED" | "FAIL" | "WAITING";
export type StudyDirection = "minimize" | "maximize";

export const FINISHED_STATES: readonly TrialState[] = ["COMPLETE", "PRUNED", "FAIL"];

export interface FrozenTrial {
  readonly number: number;
  readonly state: TrialState;
  /** Objective values (one per direction) of a COMPLETE trial; a PRUNED one keeps its last reported value. */
  readonly values: readonly number[] | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** step -> value, as reported with trial.report. */
  readonly intermediateValues: ReadonlyMap<number, number>;
  readonly userAttrs: Readonly<Record<string, unknown>>;
  /** Constraint values (<= 0 feasible) of a COMPLETE trial when the study has a constraintsFunc. */
  readonly constraints: readonly number[] | null;
  /** Why a trial FAILed. */
  readonly failReason: string | null;
  /** Unix milliseconds. */
  readonly datetimeStart: number | null;
  readonly datetimeComplete: number | null;
  /** The tracking run that stores the trial. */
  readonly runId: string;
}

/** The single objective value; throws for multi-objective trials or trials without a value. */
export function trialValue(t: FrozenTrial): number {
  if (!t.values) throw new Error(`Trial ${t.number} has no value (state ${t.state}).`);
  if (t.values.length !== 1) throw new Error(`Trial ${t.number} has ${t.values.length} values; use values for a multi-objective study.`);
  return t.values[0];
}

/** Sum of positive constraint values: 0 means feasible. */
export function violation(t: FrozenTrial): number {
  return (t.constraints ?? []).reduce((s, c) => s + Math.max(c, 0), 0);
}

export function isFeasible(t: FrozenTrial): boolean {
  return violation(t) === 0;
}

/** The read-only view of a study that plug-ins receive. */
export interface StudyView {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** Trials in number order, optionally only those in `states`. */
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[];
}

// What every tuning chart starts from: a study (or its trials and directions), reduced to COMPLETE trials with
// finite values, and the numbers and formats the charts share.

import type { FrozenTrial, StudyDirection } from "../../src/tune";

export interface StudyLike {
  readonly studyName?: string;
  readonly directions: readonly StudyDirection[];
  getTrials(): readonly FrozenTrial[];
}

export function completeTrials(study: StudyLike, objectiveIndex = 0): FrozenTrial[] {
  return study.getTrials().filter((t) => t.state === "COMPLETE" && t.values !== null && Number.isFinite(t.values[objectiveIndex]));
}

/** A parameter value as a chart can carry it (JSON: categorical choices as strings). */
export function paramForChart(v: unknown): number | string {
  return typeof v === "number" ? v : String(v);
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(3) : Number(x.toPrecision(6)).toString();
}

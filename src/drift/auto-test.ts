// Evidently's default choice of drift test by column kind, reference size and cardinality
// (registry._get_default_stattest), and the overrides that replace it per kind or per column.

import { invalidParameter } from "../core/errors";
import type { ColumnKind } from "./column-sample";
import type { DriftTest } from "./drift-test";
import { getDriftTest } from "./tests";

/**
 * n_ref <= 1000: numerical with <= 5 distinct values -> chisquare (> 2) or z; numerical otherwise -> ks;
 * categorical -> chisquare (> 2 values) or z. n_ref > 1000: numerical with <= 5 distinct values -> jensenshannon;
 * numerical otherwise -> wasserstein (normed); categorical -> jensenshannon.
 * `nReference` counts non-missing reference values; `nUnique` counts distinct values of reference ∪ current.
 */
export function defaultDriftTestName(kind: ColumnKind, nReference: number, nUnique: number): string {
  if (nReference <= 1000) {
    if (kind === "numerical" && nUnique > 5) return "ks";
    return nUnique > 2 ? "chisquare" : "z";
  }
  if (kind === "numerical" && nUnique > 5) return "wasserstein";
  return "jensenshannon";
}

/** Evidently's overrides, most specific first: perColumnMethod, then catMethod/numMethod, then method. */
export interface DriftTestChoice {
  method?: string | DriftTest;
  catMethod?: string | DriftTest;
  numMethod?: string | DriftTest;
  perColumnMethod?: Record<string, string | DriftTest>;
  threshold?: number;
  catThreshold?: number;
  numThreshold?: number;
  perColumnThreshold?: Record<string, number>;
}

/** The test and threshold for one column. */
export function chooseDriftTest(column: string, kind: ColumnKind, nReference: number, nUnique: () => number, choice: DriftTestChoice = {}): { test: DriftTest; threshold: number; automatic: boolean } {
  const explicit = choice.perColumnMethod?.[column] ?? (kind === "categorical" ? choice.catMethod : choice.numMethod) ?? choice.method;
  const test = getDriftTest(explicit ?? defaultDriftTestName(kind, nReference, nUnique()));
  const threshold = choice.perColumnThreshold?.[column] ?? (kind === "categorical" ? choice.catThreshold : choice.numThreshold) ?? choice.threshold ?? test.defaultThreshold;
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw invalidParameter(`Threshold ${threshold} for column "${column}" must be a finite number >= 0.`);
  return { test, threshold, automatic: explicit === undefined };
}

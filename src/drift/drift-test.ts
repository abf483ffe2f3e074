// The drift-test plug-in interface: one implementation per file under tests/, all listed in tests/index.ts.

import { invalidParameter } from "../core/errors";
import { sampleSize, type ColumnKind, type ColumnSample } from "./column-sample";

/** What a test's score is: a p-value (drift when small) or a distance (drift when large). */
export type ScoreKind = "p_value" | "distance";

/** What one test computes on one column. */
export interface DriftTestOutput {
  /** The test statistic (for distance tests, the distance itself). */
  statistic: number;
  /** The p-value, or the distance: what the threshold is compared with. */
  score: number;
  /** Extra numbers worth showing (method used, bins...). */
  details?: Record<string, number | string | boolean>;
}

/** Options some tests read; each test documents the ones it uses. */
export interface DriftTestOptions {
  /** Seed of permutation tests and subsampling (default 0). */
  seed?: number;
  [key: string]: unknown;
}

/** A drift test (Evidently's StatTest): name, column types, default threshold and its comparison. */
export interface DriftTest {
  /** Evidently's name: "ks", "chisquare", "z", "jensenshannon", "wasserstein", "psi", "kl_div", ... */
  readonly name: string;
  readonly displayName: string;
  readonly columnKinds: readonly ColumnKind[];
  readonly defaultThreshold: number;
  readonly scoreKind: ScoreKind;
  /** Evidently's comparison for this test (some use <=, some <, some >=, one >). */
  isDrift(score: number, threshold: number): boolean;
  /**
   * Reads the two samples (read-only: a report reuses the current sample's buffer for the next column, so a test
   * must not keep a reference to it) and returns the statistic and score.
   */
  compute(reference: ColumnSample, current: ColumnSample, options: DriftTestOptions): DriftTestOutput;
}

/** The verdict of one test on one column. */
export interface DriftTestResult {
  test: string;
  scoreKind: ScoreKind;
  statistic: number;
  /** The p-value for p-value tests, else null. */
  pValue: number | null;
  /** The distance for distance tests, else null. */
  distance: number | null;
  /** pValue or distance: what `threshold` is compared with. */
  score: number;
  threshold: number;
  drifted: boolean;
  details: Record<string, number | string | boolean>;
}

/** Runs a test on two prepared samples, checking the column kind and sizes first. */
export function runDriftTest(test: DriftTest, reference: ColumnSample, current: ColumnSample, threshold = test.defaultThreshold, options: DriftTestOptions = {}): DriftTestResult {
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw invalidParameter(`Threshold ${threshold} of test "${test.name}" must be a finite number >= 0.`);
  if (!test.columnKinds.includes(reference.kind)) throw invalidParameter(`Test "${test.name}" works on ${test.columnKinds.join(" or ")} columns, not ${reference.kind}.`);
  if (sampleSize(reference) === 0 || sampleSize(current) === 0) throw invalidParameter(`Test "${test.name}" needs non-missing values in both datasets (reference has ${sampleSize(reference)}, current has ${sampleSize(current)}).`);
  const out = test.compute(reference, current, options);
  const isP = test.scoreKind === "p_value";
  return {
    test: test.name,
    scoreKind: test.scoreKind,
    statistic: out.statistic,
    pValue: isP ? out.score : null,
    distance: isP ? null : out.score,
    score: out.score,
    threshold,
    drifted: test.isDrift(out.score, threshold),
    details: out.details ?? {},
  };
}

/** Comparisons, named so each test file says which one Evidently uses. */
export const pAtMost = (score: number, threshold: number): boolean => score <= threshold;
export const pBelow = (score: number, threshold: number): boolean => score < threshold;
export const atLeast = (score: number, threshold: number): boolean => score >= threshold;
export const above = (score: number, threshold: number): boolean => score > threshold;

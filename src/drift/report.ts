// The drift report: every column of a new batch checked against a reference profile with Evidently's automatic
// test choice (or overrides), optional multiple-testing correction, missing-value shift, dataset-level verdict,
// target and prediction drift, and the distributions a widget draws. Plain data in, a plain result object out.

import { invalidParameter } from "../core/errors";
import { adjustPValues, P_VALUE_CORRECTIONS, type PValueCorrection } from "../stats/multiple-testing";
import { alignEdges } from "../stats/ecdf-grid";
import { linspace } from "../stats/sample";
import { categoricalSample, countDistinctNumeric, numericSample, unionKeys, type CategoricalSample, type ColumnKind, type ColumnSample, type NumericSample, type SortBuffers } from "./column-sample";
import { chooseDriftTest, type DriftTestChoice } from "./auto-test";
import { rowCount, toDataColumns, type ColumnRole, type DataColumns, type DriftInput } from "./data-columns";
import { domainClassifierDrift, type DomainClassifierOptions, type DomainClassifierResult } from "./domain-classifier";
import { runDriftTest, type DriftTest, type DriftTestOptions, type DriftTestResult } from "./drift-test";
import { fitReferenceProfile, type ProfileColumn, type ProfileOptions, type ReferenceProfile } from "./profile";
import { twoProportionZ } from "./tests/z-test";

export interface DriftOptions extends DriftTestChoice {
  /** Dataset drift when the share of drifted columns is >= driftShare (Evidently: 0.5). */
  driftShare?: number;
  /** Correction over the p-value tests of the report (default "none", as Evidently; alibi-detect uses bonferroni). */
  correction?: PValueCorrection;
  /** Missing-value shift: flagged when the two-proportion z p-value < missingThreshold (0.05) ... */
  missingThreshold?: number;
  /** ... and the shares differ by at least missingMinDelta (0.01), so huge batches do not flag noise. */
  missingMinDelta?: number;
  /** Options passed to every test (seed, ksMethod, equalVar, mannwAlternative, permutations...). */
  testOptions?: DriftTestOptions;
  /** Also run the multivariate domain classifier (on the profile's row sample against current rows). */
  multivariate?: boolean | DomainClassifierOptions;
  /** Bins of the numeric distributions drawn by widgets (default 20) and categories shown (default 12). */
  distributionBins?: number;
  distributionCategories?: number;
}

export type ColumnDistribution =
  | { type: "histogram"; edges: number[]; reference: number[]; current: number[] }
  | { type: "categories"; keys: string[]; reference: number[]; current: number[] };

export interface ColumnDriftResult extends DriftTestResult {
  column: string;
  kind: ColumnKind;
  role: ColumnRole;
  /** True when the test came from Evidently's automatic choice. */
  automatic: boolean;
  /** The corrected p-value the verdict used (p-value tests, when a correction is on), else null. */
  adjustedPValue: number | null;
  referenceCount: number;
  currentCount: number;
  referenceMissingShare: number;
  currentMissingShare: number;
  missingPValue: number;
  missingDrifted: boolean;
  /** The reference is a sketch: the test ran on order statistics, so its p-value is approximate. */
  approximate: boolean;
  distribution: ColumnDistribution | null;
  /** Why the column could not be tested (then drifted is false and it is left out of the dataset share). */
  error: string | null;
}

export interface DriftReport {
  referenceRows: number;
  currentRows: number;
  columns: ColumnDriftResult[];
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  shareOfDriftedColumns: number;
  driftShare: number;
  datasetDrift: boolean;
  correction: PValueCorrection;
  targetDrift: ColumnDriftResult | null;
  predictionDrift: ColumnDriftResult | null;
  /** Columns whose missing-value share moved. */
  missingDriftColumns: string[];
  multivariate: DomainClassifierResult | null;
}

/**
 * The edges of the histogram a widget draws for two numeric samples: `bins` equal bins over both ranges, the inner
 * edges moved onto the reference grid's bucket boundaries when it has one (by under a bucket, 1/65,536 to 1/1,024
 * of the range), so that the histogram is counted from the grid without reading values again.
 */
function histogramEdges(ref: NumericSample, cur: NumericSample, bins: number): Float64Array {
  const min = Math.min(ref.min, cur.min);
  const max = Math.max(ref.max, cur.max);
  if (min === max) return linspace(min - 0.5, max + 0.5, 2);
  const edges = linspace(min, max, bins + 1);
  return ref.grid ? alignEdges(ref.grid, edges) : edges;
}

function distributionOf(ref: ColumnSample, cur: ColumnSample, bins: number, maxCategories: number): ColumnDistribution | null {
  if (ref.kind === "numerical" && cur.kind === "numerical") {
    const edges = histogramEdges(ref, cur, bins);
    const share = (s: NumericSample) => Array.from(s.histogram(edges), (c) => c / s.size);
    return { type: "histogram", edges: Array.from(edges), reference: share(ref), current: share(cur) };
  }
  if (ref.kind === "categorical" && cur.kind === "categorical") {
    const keys = unionKeys(ref, cur).sort((a, b) => (ref.counts.get(b) ?? 0) - (ref.counts.get(a) ?? 0) || (cur.counts.get(b) ?? 0) - (cur.counts.get(a) ?? 0));
    const shown = keys.slice(0, maxCategories);
    const share = (s: CategoricalSample) => {
      const v = shown.map((k) => (s.counts.get(k) ?? 0) / s.total);
      if (keys.length > shown.length) v.push(1 - v.reduce((a, b) => a + b, 0));
      return v;
    };
    return { type: "categories", keys: keys.length > shown.length ? [...shown, "(other)"] : shown, reference: share(ref), current: share(cur) };
  }
  return null;
}

function referenceSample(col: ProfileColumn): ColumnSample {
  return col.kind === "numerical" ? col.numeric!.sample : col.categorical!;
}

interface ResolvedOptions {
  driftShare: number;
  correction: PValueCorrection;
  missingThreshold: number;
  missingMinDelta: number;
  testOptions: DriftTestOptions;
  distributionBins: number;
  distributionCategories: number;
}

/** The report options with their defaults, checked (a bad value throws before any column is read). */
export function resolveDriftOptions(options: DriftOptions): ResolvedOptions {
  const { driftShare = 0.5, correction = "none", missingThreshold = 0.05, missingMinDelta = 0.01, testOptions = {}, distributionBins = 20, distributionCategories = 12 } = options;
  if (!(driftShare > 0 && driftShare <= 1)) throw invalidParameter(`driftShare must lie in (0, 1], got ${driftShare}.`);
  if (!P_VALUE_CORRECTIONS.includes(correction)) throw invalidParameter(`correction must be one of ${P_VALUE_CORRECTIONS.join(", ")}, got "${String(correction)}".`);
  return { driftShare, correction, missingThreshold, missingMinDelta, testOptions, distributionBins, distributionCategories };
}

/** Reused buffers of one report: a current column a test sorts goes into `out`, and the next column overwrites it. */
export type ColumnBuffers = SortBuffers;

/**
 * One column of the current batch checked against its profile column. The test is returned with the result (null
 * when the column could not be tested) so the correction can apply the test's own comparison afterwards.
 */
export function checkColumn(col: ProfileColumn, values: ArrayLike<unknown>, currentRows: number, options: DriftOptions, buffers: ColumnBuffers): { result: ColumnDriftResult; test: DriftTest | null } {
  const { missingThreshold, missingMinDelta, testOptions, distributionBins, distributionCategories } = resolveDriftOptions(options);
  const ref = referenceSample(col);
  let cur: ColumnSample;
  let curMissing: number;
  if (col.kind === "numerical") {
    const r = numericSample(values, col.name, { sortBuffers: buffers, grid: (ref as NumericSample).grid });
    cur = r.sample;
    curMissing = r.missing;
  } else {
    const r = categoricalSample(values);
    cur = r.sample;
    curMissing = r.missing;
  }
  const refCount = col.rows - col.missing;
  const curCount = currentRows - curMissing;
  if (ref.kind === "numerical" && cur.kind === "numerical" && refCount && curCount) {
    // The widget's histogram is read in the same pass as the test's values, where the test reads values by bucket.
    const edges = histogramEdges(ref, cur, distributionBins);
    ref.expectHistogram(edges);
    cur.expectHistogram(edges);
  }
  const refMiss = col.rows ? col.missing / col.rows : 0;
  const curMiss = currentRows ? curMissing / currentRows : 0;
  const miss = col.rows && currentRows ? twoProportionZ(col.missing, col.rows, curMissing, currentRows) : { pValue: 1 };
  const base = {
    column: col.name,
    kind: col.kind,
    role: col.role,
    referenceCount: refCount,
    currentCount: curCount,
    referenceMissingShare: refMiss,
    currentMissingShare: curMiss,
    missingPValue: miss.pValue,
    missingDrifted: miss.pValue < missingThreshold && Math.abs(curMiss - refMiss) >= missingMinDelta,
    approximate: Boolean(col.numeric?.sketch),
    adjustedPValue: null,
  };
  const nUnique = () =>
    ref.kind === "numerical" && cur.kind === "numerical"
      ? countDistinctNumeric(ref, cur, 5)
      : unionKeys(ref as CategoricalSample, cur as CategoricalSample).length;
  // Configuration mistakes (unknown test, bad threshold) throw; what the data makes untestable is reported per column.
  const choice = refCount && curCount ? chooseDriftTest(col.name, col.kind, refCount, nUnique, options) : null;
  try {
    if (!choice) throw invalidParameter(`no values in the ${refCount === 0 ? "reference" : "current"} data`);
    const { test, threshold, automatic } = choice;
    const result = runDriftTest(test, ref, cur, threshold, testOptions);
    return { result: { ...base, ...result, automatic, distribution: distributionOf(ref, cur, distributionBins, distributionCategories), error: null }, test };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      result: {
        ...base,
        test: "",
        scoreKind: "p_value" as const,
        statistic: NaN,
        pValue: null,
        distance: null,
        score: NaN,
        threshold: NaN,
        drifted: false,
        details: {},
        automatic: false,
        distribution: refCount && curCount ? distributionOf(ref, cur, distributionBins, distributionCategories) : null,
        error: message,
      },
      test: null,
    };
  }
}

/** Checks the inputs a report needs before any column is read; returns the current columns and their row count. */
export function prepareCheck(profile: ReferenceProfile, currentInput: DriftInput, options: DriftOptions): { current: DataColumns; currentRows: number } {
  const current = toDataColumns(currentInput);
  const currentRows = rowCount(current, "current");
  resolveDriftOptions(options);
  for (const col of profile.columns) if (!current[col.name]) throw invalidParameter(`Column "${col.name}" of the reference is missing from the current data (it has: ${Object.keys(current).join(", ")}).`);
  return { current, currentRows };
}

/** Checks `current` (columns by name) against a fitted reference profile. */
export function checkDrift(profile: ReferenceProfile, currentInput: DriftInput, options: DriftOptions = {}): DriftReport {
  const { current, currentRows } = prepareCheck(profile, currentInput, options);
  // One pair of buffers for every numeric column of the batch, made when a test first sorts one.
  let out: Float64Array | undefined;
  let scratch: Float64Array | undefined;
  const buffers: ColumnBuffers = {
    get out() {
      return (out ??= new Float64Array(currentRows));
    },
    get scratch() {
      return (scratch ??= new Float64Array(currentRows));
    },
    counts: { counts: new Uint32Array(0), positions: new Float64Array(0) },
  };
  const checked = profile.columns.map((col) => checkColumn(col, current[col.name]!, currentRows, options, buffers));
  return assembleReport(profile, current, currentRows, checked, options);
}

/** The dataset-level part of a report from its checked columns (in profile order): correction, share, verdicts. */
export function assembleReport(profile: ReferenceProfile, current: DataColumns, currentRows: number, checked: { result: ColumnDriftResult; test: DriftTest | null }[], options: DriftOptions): DriftReport {
  const { driftShare, correction } = resolveDriftOptions(options);
  const results = checked.map((c) => c.result);
  const testsUsed = new Map<string, DriftTest>();
  for (const c of checked) if (c.test) testsUsed.set(c.result.column, c.test);
  applyCorrection(results, correction, testsUsed);
  const tested = results.filter((r) => r.error === null);
  const drifted = tested.filter((r) => r.drifted).length;
  const share = tested.length ? drifted / tested.length : 0;
  let multivariate: DomainClassifierResult | null = null;
  if (options.multivariate) {
    const specs = profile.columns.filter((c) => c.role === "feature").map((c) => ({ name: c.name, kind: c.kind, role: c.role }));
    multivariate = domainClassifierDrift(profile.rowSample, current, specs, typeof options.multivariate === "object" ? options.multivariate : {});
  }
  return {
    referenceRows: profile.rows,
    currentRows,
    columns: results,
    numberOfColumns: tested.length,
    numberOfDriftedColumns: drifted,
    shareOfDriftedColumns: share,
    driftShare,
    datasetDrift: tested.length > 0 && share >= driftShare,
    correction,
    targetDrift: results.find((r) => r.role === "target") ?? null,
    predictionDrift: results.find((r) => r.role === "prediction") ?? null,
    missingDriftColumns: results.filter((r) => r.missingDrifted).map((r) => r.column),
    multivariate,
  };
}

// Corrected p-values replace the raw ones in the verdict of p-value tests; distances are left as they are.
function applyCorrection(results: ColumnDriftResult[], correction: PValueCorrection, tests: Map<string, DriftTest>): void {
  if (correction === "none") return;
  const pTests = results.filter((r) => r.error === null && r.scoreKind === "p_value");
  const adjusted = adjustPValues(
    pTests.map((r) => r.pValue!),
    correction,
  );
  pTests.forEach((r, i) => {
    r.adjustedPValue = adjusted[i]!;
    r.drifted = tests.get(r.column)!.isDrift(adjusted[i]!, r.threshold);
  });
}

/** Fits the reference profile and checks `current` against it in one call (the profile, never kept, copies nothing). */
export function driftReport(reference: DriftInput, current: DriftInput, options: DriftOptions & ProfileOptions = {}): DriftReport {
  return checkDrift(fitReferenceProfile(reference, { copyColumns: false, ...options }), current, options);
}

// The feature pipeline: a JSON-able spec fitted on training rows only, then applied identically to any rows;
// output is a row-major Float32Array with feature names. Serialises to JSON and back with identical output.

import { invalidParameter } from "../../core/errors";
import { getColumn, sliceRows, type Column, type ColumnTable } from "../column-table";
import { fitFrequency, fitOneHot, fitOrdinal, frequencyStep, oneHotStep, ordinalStep, type FrequencyState, type OneHotState, type OrdinalState } from "./categorical-steps";
import { datetimeStep, fitDatetime } from "./datetime-step";
import type { PipelineSpec, StepSpec } from "./feature-spec";
import { fitNumeric, numericStep, passthroughStep, type NumericColumnState } from "./numeric-step";
import type { FittedStep, TargetInfo } from "./step";
import { fitTarget, targetStep, type TargetState } from "./target-step";

/** Features of n rows: `values[row * featureNames.length + j]`. */
export interface FeatureMatrix {
  values: Float32Array;
  rowCount: number;
  featureNames: string[];
}

export interface FitOptions {
  /** The target (a column of the table, or values per row): needed by target encoding. */
  target?: string | ArrayLike<number | string | boolean | null>;
}

/** The JSON form of a fitted pipeline. */
export interface FeaturePipelineJson {
  format: "labops.feature-pipeline";
  version: 1;
  spec: PipelineSpec;
  states: unknown[];
}

const ROW_BLOCK = 4096;

const STEP_TYPES = ["numeric", "oneHot", "ordinal", "frequency", "target", "datetime", "passthrough"];

export function checkPipelineSpec(spec: PipelineSpec): void {
  if (!spec || !Array.isArray(spec.steps) || spec.steps.length === 0) throw invalidParameter(`A pipeline spec needs {steps: [...]} with at least one step.`);
  spec.steps.forEach((s, i) => {
    if (!STEP_TYPES.includes(s?.type)) throw invalidParameter(`Pipeline step ${i + 1}: type '${String(s?.type)}' is not one of ${STEP_TYPES.join(", ")}.`);
    if (!Array.isArray(s.columns) || s.columns.length === 0 || !s.columns.every((c) => typeof c === "string")) throw invalidParameter(`Pipeline step ${i + 1} (${s.type}): columns must be a non-empty list of column names.`);
  });
}

/** The target as indicator or value vectors; classes sorted like scikit-learn's LabelEncoder. */
export function targetInfo(table: ColumnTable, target: NonNullable<FitOptions["target"]>): TargetInfo {
  let column: Column;
  if (typeof target === "string") column = getColumn(table, target);
  else {
    if (target.length !== table.rowCount) throw invalidParameter(`The target has ${target.length} values; the data has ${table.rowCount} rows.`);
    const values = Array.from(target);
    column = values.every((v) => typeof v === "number" || v === null) ? { type: "number", values: Float64Array.from(values as (number | null)[], (v) => (v === null ? NaN : v)) } : { type: "string", ...encodeLabels(values) };
  }
  const n = table.rowCount;
  if (column.type === "number" || column.type === "boolean") {
    const y = column.values;
    let binary = true;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(y[i]!)) throw invalidParameter(`The target is missing at row ${i + 1}; drop unlabeled rows before fitting.`);
      if (y[i] !== 0 && y[i] !== 1) binary = false;
    }
    if (!binary) return { kind: "continuous", vectors: [Float64Array.from(y)], classes: [], stratum: null };
    const stratum = Int32Array.from(y, (v) => (v === y[0] ? 0 : 1));
    return { kind: "binary", vectors: [Float64Array.from(y)], classes: ["1"], stratum };
  }
  if (column.type === "date") throw invalidParameter(`A date column cannot be a target.`);
  const labels = column.categories;
  const firstSeen = new Int32Array(labels.length).fill(-1);
  let nextStratum = 0;
  const stratum = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = column.codes[i]!;
    if (c < 0) throw invalidParameter(`The target is missing at row ${i + 1}; drop unlabeled rows before fitting.`);
    if (firstSeen[c] === -1) firstSeen[c] = nextStratum++;
    stratum[i] = firstSeen[c]!;
  }
  const present = labels.filter((_, c) => firstSeen[c]! >= 0).sort();
  if (present.length < 2) throw invalidParameter(`The target has a single class ('${present[0]}'); target encoding needs at least two.`);
  const codeOf = new Map(labels.map((l, c) => [l, c]));
  const indicator = (cls: string) => {
    const code = codeOf.get(cls)!;
    return Float64Array.from(column.codes, (c) => (c === code ? 1 : 0));
  };
  if (present.length === 2) return { kind: "binary", vectors: [indicator(present[1]!)], classes: [present[1]!], stratum };
  return { kind: "multiclass", vectors: present.map(indicator), classes: present, stratum };
}

function encodeLabels(values: unknown[]): { codes: Int32Array; categories: string[] } {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === null || v === undefined) return -1;
    const s = String(v);
    if (!index.has(s)) index.set(s, categories.length), categories.push(s);
    return index.get(s)!;
  });
  return { codes, categories };
}

function fitStep(spec: StepSpec, table: ColumnTable, target: TargetInfo | null): FittedStep {
  switch (spec.type) {
    case "numeric":
      return fitNumeric(spec, table);
    case "oneHot":
      return fitOneHot(spec, table);
    case "ordinal":
      return fitOrdinal(spec, table);
    case "frequency":
      return fitFrequency(spec, table);
    case "target":
      return fitTarget(spec, table, target);
    case "datetime":
      return fitDatetime(spec, table);
    case "passthrough":
      return passthroughStep(spec);
  }
}

function restoreStep(spec: StepSpec, state: unknown): FittedStep {
  switch (spec.type) {
    case "numeric":
      return numericStep(spec, state as NumericColumnState[]);
    case "oneHot":
      return oneHotStep(spec, state as OneHotState[]);
    case "ordinal":
      return ordinalStep(spec, state as OrdinalState[]);
    case "frequency":
      return frequencyStep(spec, state as FrequencyState[]);
    case "target":
      return targetStep(spec, state as TargetState);
    case "datetime":
      return datetimeStep(spec);
    case "passthrough":
      return passthroughStep(spec);
  }
}

export class FeaturePipeline {
  readonly featureNames: string[];
  private constructor(
    readonly spec: PipelineSpec,
    private readonly steps: FittedStep[],
  ) {
    this.featureNames = steps.flatMap((s) => s.names);
  }

  /** Fits every step on these (training) rows. */
  static fit(spec: PipelineSpec, table: ColumnTable, options: FitOptions = {}): FeaturePipeline {
    checkPipelineSpec(spec);
    if (table.rowCount === 0) throw invalidParameter(`Cannot fit a feature pipeline on 0 rows.`);
    const target = options.target === undefined ? null : targetInfo(table, options.target);
    // A private copy: changing the caller's spec later cannot change the fitted pipeline.
    const own = structuredClone(spec);
    return new FeaturePipeline(own, own.steps.map((s) => fitStep(s, table, target)));
  }

  static fromJSON(json: FeaturePipelineJson | string): FeaturePipeline {
    const parsed = (typeof json === "string" ? JSON.parse(json) : json) as FeaturePipelineJson;
    if (parsed?.format !== "labops.feature-pipeline" || parsed.version !== 1) throw invalidParameter(`Not a labops feature pipeline (format '${String(parsed?.format)}', version ${String(parsed?.version)}); expected labops.feature-pipeline version 1.`);
    checkPipelineSpec(parsed.spec);
    if (!Array.isArray(parsed.states) || parsed.states.length !== parsed.spec.steps.length) throw invalidParameter(`A feature pipeline's JSON needs one state per step.`);
    return new FeaturePipeline(parsed.spec, parsed.spec.steps.map((s, i) => restoreStep(s, parsed.states[i])));
  }

  toJSON(): FeaturePipelineJson {
    return { format: "labops.feature-pipeline", version: 1, spec: this.spec, states: this.steps.map((s) => s.state()) };
  }

  /** Features of any rows, with the fitted parameters (inference). */
  transform(table: ColumnTable): FeatureMatrix {
    return this.run(table, false);
  }

  /** Features of the training rows: as `transform`, except target encoding, which is cross-fitted (out-of-fold). */
  transformTraining(table: ColumnTable): FeatureMatrix {
    return this.run(table, true);
  }

  /** Output column ranges per step, for displays. */
  stepOutputs(): { spec: StepSpec; names: string[]; state: unknown }[] {
    return this.steps.map((s) => ({ spec: s.spec, names: s.names, state: s.state() }));
  }

  private run(table: ColumnTable, training: boolean): FeatureMatrix {
    const width = this.featureNames.length;
    const n = table.rowCount;
    const values = new Float32Array(n * width);
    const offsets: number[] = [];
    this.steps.reduce((at, s) => (offsets.push(at), at + s.names.length), 0);
    // Row blocks small enough that a block of the output stays in cache while every step writes its columns
    // (a whole-column pass per feature would stream the full matrix through memory once per feature).
    for (let start = 0; start < n; start += ROW_BLOCK) {
      const end = Math.min(n, start + ROW_BLOCK);
      const view = sliceRows(table, start, end);
      const out = values.subarray(start * width, end * width);
      this.steps.forEach((step, i) => {
        if (!(training && step.writeTraining)) step.write(view, out, width, offsets[i]!);
      });
    }
    // Out-of-fold encodings need every training row at once.
    if (training) this.steps.forEach((step, i) => step.writeTraining?.(table, values, width, offsets[i]!));
    return { values, rowCount: n, featureNames: this.featureNames };
  }
}

/** Fits on the training rows and returns their (cross-fitted) features with the fitted pipeline. */
export function fitTransform(spec: PipelineSpec, table: ColumnTable, options: FitOptions = {}): { pipeline: FeaturePipeline; features: FeatureMatrix } {
  const pipeline = FeaturePipeline.fit(spec, table, options);
  return { pipeline, features: pipeline.transformTraining(table) };
}

export const fitPipeline = FeaturePipeline.fit;

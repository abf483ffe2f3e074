// Numeric features: SimpleImputer (mean, median, constant), clipping to training quantiles, log1p, and
// StandardScaler / MinMaxScaler / RobustScaler, fitted in that order on the training rows.

import { invalidParameter } from "../../core/errors";
import type { ColumnTable } from "../column-table";
import { moments, quantileSorted, sortedFinite } from "../stats";
import type { NumericStepSpec } from "./feature-spec";
import { inputColumn, type FittedStep } from "./step";

interface NumericColumnState {
  column: string;
  /** The value that replaces NaN; null: NaN stays. */
  fill: number | null;
  clip: [number, number] | null;
  log1p: boolean;
  /** standard/robust: (v - a) / b; minmax: v * a + b (scikit-learn's own arithmetic for each). */
  scale: { kind: "standard" | "robust" | "minmax"; a: number; b: number } | null;
}

// scikit-learn's _handle_zeros_in_scale: a constant feature is divided by 1, not by 0.
const safeScale = (s: number) => (s < 10 * Number.EPSILON * Math.max(1, Math.abs(s)) ? 1 : s);

const numericInput = (table: ColumnTable, name: string) => {
  const c = inputColumn(table, name, ["number", "boolean"], "numeric");
  return (c as { values: Float64Array }).values;
};

export function fitNumeric(spec: NumericStepSpec, table: ColumnTable): FittedStep {
  if (spec.clip && !(spec.clip.length === 2 && 0 <= spec.clip[0] && spec.clip[0] < spec.clip[1] && spec.clip[1] <= 1)) throw invalidParameter(`numeric step: clip must be two quantiles 0 <= low < high <= 1; got ${JSON.stringify(spec.clip)}.`);
  const states = spec.columns.map((column) => fitColumn(spec, column, numericInput(table, column)));
  return numericStep(spec, states);
}

function fitColumn(spec: NumericStepSpec, column: string, raw: Float64Array): NumericColumnState {
  const state: NumericColumnState = { column, fill: null, clip: null, log1p: Boolean(spec.log1p), scale: null };
  const m = moments(raw);
  if (m.count === 0 && !(spec.impute && typeof spec.impute === "object"))
    throw invalidParameter(`numeric step: column '${column}' has no values in the training data (all missing); drop it or impute it with {impute: {constant: 0}}.`);
  if (spec.impute === "mean") state.fill = m.mean;
  else if (spec.impute === "median") state.fill = quantileSorted(sortedFinite(raw), 0.5);
  else if (spec.impute && typeof spec.impute === "object") {
    if (typeof spec.impute.constant !== "number") throw invalidParameter(`numeric step: impute {constant} must be a number; got ${JSON.stringify(spec.impute)}.`);
    state.fill = spec.impute.constant;
  } else if (spec.impute !== undefined) throw invalidParameter(`numeric step: impute '${String(spec.impute)}' is not mean, median or {constant: number}.`);
  // Each later stage is fitted on the output of the earlier ones, as in a scikit-learn Pipeline.
  let values = applyStages({ ...state, clip: null, log1p: false, scale: null }, raw);
  if (spec.clip) {
    const sorted = sortedFinite(values);
    state.clip = [quantileSorted(sorted, spec.clip[0]), quantileSorted(sorted, spec.clip[1])];
    values = applyStages({ ...state, log1p: false, scale: null }, raw);
  }
  if (state.log1p) {
    for (const v of values) if (v <= -1) throw invalidParameter(`numeric step: log1p of column '${column}' is undefined for ${v} (values must be > -1); clip or shift the column first.`);
    values = applyStages({ ...state, scale: null }, raw);
  }
  const scale = spec.scale ?? "none";
  if (scale === "standard") {
    const s = moments(values);
    state.scale = { kind: "standard", a: s.mean, b: safeScale(Math.sqrt(s.variance)) };
  } else if (scale === "minmax") {
    const s = moments(values);
    const a = 1 / safeScale(s.max - s.min);
    state.scale = { kind: "minmax", a, b: -s.min * a };
  } else if (scale === "robust") {
    const sorted = sortedFinite(values);
    state.scale = { kind: "robust", a: quantileSorted(sorted, 0.5), b: safeScale(quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) };
  } else if (scale !== "none") throw invalidParameter(`numeric step: scale '${String(scale)}' is not standard, minmax, robust or none.`);
  return state;
}

function applyStages(s: NumericColumnState, raw: Float64Array): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = applyOne(s, raw[i]!);
  return out;
}

function applyOne(s: NumericColumnState, raw: number): number {
  let v = raw;
  if (v !== v && s.fill !== null) v = s.fill;
  if (s.clip) v = v < s.clip[0] ? s.clip[0] : v > s.clip[1] ? s.clip[1] : v;
  if (s.log1p) v = Math.log1p(v);
  if (s.scale) v = s.scale.kind === "minmax" ? v * s.scale.a + s.scale.b : (v - s.scale.a) / s.scale.b;
  return v;
}

export function numericStep(spec: NumericStepSpec, states: NumericColumnState[]): FittedStep {
  return {
    spec,
    names: states.map((s) => s.column),
    state: () => states,
    write(table, out, stride, offset) {
      states.forEach((s, j) => {
        const raw = numericInput(table, s.column);
        for (let i = 0, k = offset + j; i < raw.length; i++, k += stride) out[k] = applyOne(s, raw[i]!);
      });
    },
  };
}

export function passthroughStep(spec: { type: "passthrough"; columns: string[] }): FittedStep {
  return {
    spec,
    names: [...spec.columns],
    state: () => null,
    write(table, out, stride, offset) {
      spec.columns.forEach((name, j) => {
        const raw = numericInput(table, name);
        for (let i = 0, k = offset + j; i < raw.length; i++, k += stride) out[k] = raw[i]!;
      });
    },
  };
}

export type { NumericColumnState };

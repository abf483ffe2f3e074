// Target encoding like scikit-learn's TargetEncoder: per category, the target mean shrunk towards the global mean
// ("auto": empirical Bayes; or a fixed weight m); training rows get out-of-fold encodings (cross-fitting).

import { invalidParameter } from "../../core/errors";
import type { ColumnTable } from "../column-table";
import { kFold, stratifiedKFold } from "./cv-folds";
import type { TargetStepSpec } from "./feature-spec";
import { countLevels, levelIndex, stringInput, type Level } from "./categories";
import type { FittedStep, TargetInfo } from "./step";

interface TargetColumnState {
  column: string;
  levels: Level[];
  /** Per target output: the encoding of each level. */
  encodings: number[][];
}

export interface TargetState {
  kind: TargetInfo["kind"];
  classes: string[];
  /** Per target output: the training mean, used for unseen categories. */
  means: number[];
  columns: TargetColumnState[];
}

/** The encodings of `nLevels` levels fitted on the rows where `use[i]` (all rows when null). */
function encode(index: Int32Array, y: Float64Array, nLevels: number, smoothing: "auto" | number, use: Uint8Array | null): { encoding: number[]; mean: number } {
  const sums = new Float64Array(nLevels), counts = new Float64Array(nLevels);
  let total = 0, n = 0;
  for (let i = 0; i < index.length; i++) {
    if (use && !use[i]) continue;
    sums[index[i]!] += y[i]!;
    counts[index[i]!]!++;
    total += y[i]!;
    n++;
  }
  const mean = total / n;
  const encoding = new Array<number>(nLevels);
  if (smoothing === "auto") {
    let variance = 0;
    const ssd = new Float64Array(nLevels);
    for (let i = 0; i < index.length; i++) {
      if (use && !use[i]) continue;
      const d = y[i]! - mean;
      variance += d * d;
      const e = y[i]! - sums[index[i]!]! / counts[index[i]!]!;
      ssd[index[i]!] += e * e;
    }
    variance /= n;
    for (let l = 0; l < nLevels; l++) {
      if (counts[l] === 0) {
        encoding[l] = mean;
        continue;
      }
      const lambda = (variance * counts[l]!) / (variance * counts[l]! + ssd[l]! / counts[l]!);
      encoding[l] = Number.isNaN(lambda) ? mean : lambda * (sums[l]! / counts[l]!) + (1 - lambda) * mean;
    }
  } else for (let l = 0; l < nLevels; l++) encoding[l] = (sums[l]! + smoothing * mean) / (counts[l]! + smoothing);
  return { encoding, mean };
}

function checkSpec(spec: TargetStepSpec): "auto" | number {
  const smoothing = spec.smooth ?? "auto";
  if (smoothing !== "auto" && !(typeof smoothing === "number" && smoothing >= 0)) throw invalidParameter(`target step: smooth must be "auto" or a number >= 0; got ${JSON.stringify(smoothing)}.`);
  return smoothing;
}

/** Fits on all training rows; `trainingEncoded` gives the cross-fitted matrix for those same rows. */
export function fitTarget(spec: TargetStepSpec, table: ColumnTable, target: TargetInfo | null): FittedStep {
  if (!target) throw invalidParameter(`target step on ${spec.columns.join(", ")} needs a target: pass {target: '<column>'} to fitPipeline.`);
  const smoothing = checkSpec(spec);
  const counted = spec.columns.map((column) => ({ column, ...countLevels(stringInput(table, column, "target")) }));
  const state: TargetState = {
    kind: target.kind,
    classes: target.classes,
    means: target.vectors.map((y) => y.reduce((a, b) => a + b, 0) / y.length),
    columns: counted.map((c) => ({ column: c.column, levels: c.levels, encodings: target.vectors.map((y) => encode(c.index, y, c.levels.length, smoothing, null).encoding) })),
  };
  const step = targetStep(spec, state);
  const cv = spec.cv ?? 5;
  const seed = spec.shuffle === false ? null : (spec.seed ?? 0);
  return {
    ...step,
    writeTraining(training, out, stride, offset) {
      if (training.rowCount !== table.rowCount) throw invalidParameter(`target step: the training matrix must come from the rows the pipeline was fitted on.`);
      const folds = target.stratum ? stratifiedKFold(target.stratum, cv, seed) : kFold(training.rowCount, cv, seed);
      const use = new Uint8Array(training.rowCount);
      const width = target.vectors.length;
      for (let f = 0; f < cv; f++) {
        for (let i = 0; i < use.length; i++) use[i] = folds[i] === f ? 0 : 1;
        counted.forEach((c, j) => {
          target.vectors.forEach((y, k) => {
            const { encoding } = encode(c.index, y, c.levels.length, smoothing, use);
            for (let i = 0; i < use.length; i++) if (!use[i]) out[i * stride + offset + j * width + k] = encoding[c.index[i]!]!;
          });
        });
      }
    },
  };
}

export function targetStep(spec: TargetStepSpec, state: TargetState): FittedStep {
  const width = state.means.length;
  const names = state.columns.flatMap((c) => (state.kind === "multiclass" ? state.classes.map((cls) => `${c.column}_${cls}`) : [c.column]));
  return {
    spec,
    names,
    state: () => state,
    write(table, out, stride, offset) {
      state.columns.forEach((c, j) => {
        const index = levelIndex(stringInput(table, c.column, "target"), c.levels);
        for (let k = 0; k < width; k++) {
          const enc = c.encodings[k]!, mean = state.means[k]!;
          // Unseen categories get the training target mean, as in scikit-learn.
          for (let i = 0, p = offset + j * width + k; i < index.length; i++, p += stride) out[p] = index[i]! >= 0 ? enc[index[i]!]! : mean;
        }
      });
    },
  };
}

// A tiny logistic-regression rain classifier on the Seattle weather data, for the demo job.
// Plain TypeScript on purpose: the demo shows tracking, not an engine.

import type { CsvRow } from "../data/csv";

export interface Example {
  date: string;
  features: number[];
  label: 0 | 1;
}

export const FEATURES = ["temp_max", "temp_min", "temp_range", "wind", "season_sin", "season_cos", "rained_yesterday"];

/** Today's weather (without today's precipitation) and yesterday's rain -> does it rain today? */
export function toExamples(rows: CsvRow[]): Example[] {
  return rows.slice(1).map((row, i) => {
    const day = new Date(row.date + "T00:00:00Z");
    const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
    const angle = (2 * Math.PI * (day.getTime() - yearStart)) / (365.25 * 86_400_000);
    const tMax = Number(row.temp_max);
    const tMin = Number(row.temp_min);
    return {
      date: row.date!,
      features: [tMax, tMin, tMax - tMin, Number(row.wind), Math.sin(angle), Math.cos(angle), Number(rows[i]!.precipitation) > 0 ? 1 : 0],
      label: row.weather === "rain" ? 1 : 0,
    };
  });
}

export interface Standardizer {
  mean: number[];
  std: number[];
}

export function fitStandardizer(xs: number[][]): Standardizer {
  const d = xs[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j]!, 0) / xs.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / xs.length) || 1);
  return { mean, std };
}

export function standardize(x: number[], s: Standardizer): number[] {
  return x.map((v, j) => (v - s.mean[j]!) / s.std[j]!);
}

export class LogisticRegression {
  weights: number[];
  bias = 0;

  constructor(dimensions: number) {
    this.weights = new Array<number>(dimensions).fill(0);
  }

  predictProba(x: number[]): number {
    let z = this.bias;
    for (let j = 0; j < x.length; j++) z += this.weights[j]! * x[j]!;
    return 1 / (1 + Math.exp(-z));
  }

  /** One epoch of full-batch gradient descent with L2 penalty; returns the mean log loss before the step. */
  step(xs: number[][], ys: number[], learningRate: number, l2: number): number {
    const grad = new Array<number>(this.weights.length).fill(0);
    let gradBias = 0;
    let loss = 0;
    for (let i = 0; i < xs.length; i++) {
      const p = this.predictProba(xs[i]!);
      const err = p - ys[i]!;
      loss += logLoss(ys[i]!, p);
      for (let j = 0; j < grad.length; j++) grad[j]! += err * xs[i]![j]!;
      gradBias += err;
    }
    for (let j = 0; j < grad.length; j++) this.weights[j]! -= learningRate * (grad[j]! / xs.length + l2 * this.weights[j]!);
    this.bias -= (learningRate * gradBias) / xs.length;
    return loss / xs.length;
  }
}

export function logLoss(y: number, p: number): number {
  const q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
}

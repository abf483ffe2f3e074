// Metric points, params and tags: what a run logs.

export interface Metric {
  key: string;
  value: number;
  /** Unix milliseconds. */
  timestamp: number;
  /** Integer step; 0 when not given. */
  step: number;
}

export interface Param {
  key: string;
  value: string;
}

export interface RunTag {
  key: string;
  value: string;
}

/**
 * MLflow's order of metric points: a run's latest value is the greatest point by (step, timestamp, value).
 * NaN sorts above every number, as in MLflow's SQL store.
 */
export function compareMetricPoints(a: Metric, b: Metric): number {
  if (a.step !== b.step) return a.step - b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  return compareNumbersNanLast(a.value, b.value);
}

export function compareNumbersNanLast(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

// Optimisation history: each COMPLETE trial's value by trial number, and the best value so far as a line.

import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { completeTrials, fmt, type StudyLike } from "./study-data";

export interface OptimizationHistoryPoint {
  number: number;
  value: number;
  /** Best value among trials up to and including this one. */
  best: number;
}

export function optimizationHistoryData(study: StudyLike, options: { objectiveIndex?: number } = {}): OptimizationHistoryPoint[] {
  const k = options.objectiveIndex ?? 0;
  const maximize = study.directions[k] === "maximize";
  let best = maximize ? -Infinity : Infinity;
  return completeTrials(study, k).map((t) => {
    const value = t.values![k];
    best = maximize ? Math.max(best, value) : Math.min(best, value);
    return { number: t.number, value, best };
  });
}

export function optimizationHistorySpec(points: OptimizationHistoryPoint[], title = "Optimization history"): VegaLiteSpec {
  const values = points.flatMap((p) => [
    { number: p.number, value: p.value, series: "objective value" },
    { number: p.number, value: p.best, series: "best value" },
  ]);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: 420,
    height: 240,
    data: { values },
    encoding: {
      x: { field: "number", type: "quantitative", title: "trial" },
      y: { field: "value", type: "quantitative", title: "objective value" },
      color: { field: "series", type: "nominal", title: null },
    },
    layer: [
      { transform: [{ filter: "datum.series === 'objective value'" }], mark: { type: "point", filled: true, tooltip: true } },
      { transform: [{ filter: "datum.series === 'best value'" }], mark: { type: "line", interpolate: "step-after" } },
    ],
  };
}

export function plotOptimizationHistory(study: StudyLike, options: { objectiveIndex?: number } = {}): Chart & { data: OptimizationHistoryPoint[] } {
  const data = optimizationHistoryData(study, options);
  const last = data.at(-1);
  const text = last ? `Optimization history: ${data.length} complete trials, best value ${fmt(last.best)}` : "Optimization history: no complete trial yet";
  return Object.assign(vegaLiteChart(optimizationHistorySpec(data), text), { data });
}

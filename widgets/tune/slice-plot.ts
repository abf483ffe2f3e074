// Slice plot: the objective value against each parameter, one panel per parameter, coloured by trial number.

import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { completeTrials, paramForChart, type StudyLike } from "./study-data";

export interface SliceData {
  params: { name: string; log: boolean; categorical: boolean }[];
  points: { param: string; x: number | string; value: number; number: number }[];
}

export function sliceData(study: StudyLike, options: { params?: string[]; objectiveIndex?: number } = {}): SliceData {
  const k = options.objectiveIndex ?? 0;
  const trials = completeTrials(study, k);
  const names = options.params ?? [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const params: SliceData["params"] = [];
  const points: SliceData["points"] = [];
  for (const name of names) {
    const having = trials.filter((t) => name in t.params);
    if (having.length === 0) continue;
    const d = having[0].distributions[name];
    params.push({ name, log: d.kind !== "categorical" && d.log, categorical: d.kind === "categorical" });
    for (const t of having) points.push({ param: name, x: paramForChart(t.params[name]), value: t.values![k], number: t.number });
  }
  return { params, points };
}

export function sliceSpec(data: SliceData): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: "Slice plot",
    hconcat: data.params.map((p) => ({
      width: 200,
      height: 200,
      transform: [{ filter: { field: "param", equal: p.name } }],
      mark: { type: "point", filled: true, tooltip: true },
      encoding: {
        x: { field: "x", type: p.categorical ? "nominal" : "quantitative", title: p.name, ...(p.log ? { scale: { type: "log" } } : {}) },
        y: { field: "value", type: "quantitative", title: "objective value" },
        color: { field: "number", type: "quantitative", title: "trial" },
      },
    })),
    data: { values: data.points },
  };
}

export function plotSlice(study: StudyLike, options: { params?: string[]; objectiveIndex?: number } = {}): Chart & { data: SliceData } {
  const data = sliceData(study, options);
  const text = `Slice plot: ${data.params.map((p) => p.name).join(", ") || "no parameters"} (${new Set(data.points.map((p) => p.number)).size} trials)`;
  return Object.assign(vegaLiteChart(sliceSpec(data), text), { data });
}

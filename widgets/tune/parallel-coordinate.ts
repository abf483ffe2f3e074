// Parallel coordinates: one line per COMPLETE trial across the objective and each parameter, each axis scaled
// to [0, 1] (log axes in log space, categorical axes by choice index), coloured by objective value.

import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { completeTrials, type StudyLike } from "./study-data";

export interface ParallelCoordinateData {
  axes: { name: string; min: number | string; max: number | string }[];
  /** One row per trial and axis: the position on the axis in [0, 1]. */
  rows: { number: number; axis: string; position: number; raw: number | string; value: number }[];
}

export function parallelCoordinateData(study: StudyLike, options: { params?: string[]; objectiveIndex?: number } = {}): ParallelCoordinateData {
  const k = options.objectiveIndex ?? 0;
  const trials = completeTrials(study, k);
  const names = options.params ?? [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const axes: ParallelCoordinateData["axes"] = [];
  const rows: ParallelCoordinateData["rows"] = [];
  const place = (axis: string, entries: { t: (typeof trials)[number]; x: number; raw: number | string }[], lo: number, hi: number) => {
    for (const e of entries) rows.push({ number: e.t.number, axis, position: hi === lo ? 0.5 : (e.x - lo) / (hi - lo), raw: e.raw, value: e.t.values![k] });
  };
  const objective = trials.map((t) => ({ t, x: t.values![k], raw: t.values![k] }));
  const ov = objective.map((e) => e.x);
  if (trials.length > 0) {
    axes.push({ name: "objective", min: Math.min(...ov), max: Math.max(...ov) });
    place("objective", objective, Math.min(...ov), Math.max(...ov));
  }
  for (const name of names) {
    const having = trials.filter((t) => name in t.params);
    if (having.length === 0) continue;
    const d = having[0].distributions[name];
    if (d.kind === "categorical") {
      const entries = having.map((t) => ({ t, x: d.choices.indexOf(t.params[name] as never), raw: String(t.params[name]) }));
      axes.push({ name, min: String(d.choices[0]), max: String(d.choices[d.choices.length - 1]) });
      place(name, entries, 0, d.choices.length - 1);
    } else {
      const tf = d.log ? Math.log : (x: number) => x;
      const entries = having.map((t) => ({ t, x: tf(t.params[name] as number), raw: t.params[name] as number }));
      const xs = entries.map((e) => e.x);
      axes.push({ name, min: Math.min(...(entries.map((e) => e.raw) as number[])), max: Math.max(...(entries.map((e) => e.raw) as number[])) });
      place(name, entries, Math.min(...xs), Math.max(...xs));
    }
  }
  return { axes, rows };
}

export function parallelCoordinateSpec(data: ParallelCoordinateData): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: "Parallel coordinates",
    width: Math.max(240, 110 * data.axes.length),
    height: 260,
    data: { values: data.rows },
    mark: { type: "line", opacity: 0.6, tooltip: true },
    encoding: {
      x: { field: "axis", type: "nominal", sort: data.axes.map((a) => a.name), title: null },
      y: { field: "position", type: "quantitative", axis: null, scale: { domain: [0, 1] } },
      detail: { field: "number", type: "nominal" },
      color: { field: "value", type: "quantitative", title: "objective" },
      tooltip: [{ field: "number", title: "trial" }, { field: "axis" }, { field: "raw", title: "value" }],
    },
  };
}

export function plotParallelCoordinate(study: StudyLike, options: { params?: string[]; objectiveIndex?: number } = {}): Chart & { data: ParallelCoordinateData } {
  const data = parallelCoordinateData(study, options);
  const text = `Parallel coordinates: ${new Set(data.rows.map((r) => r.number)).size} trials over ${data.axes.map((a) => `${a.name} [${a.min}, ${a.max}]`).join(", ")}`;
  return Object.assign(vegaLiteChart(parallelCoordinateSpec(data), text), { data });
}

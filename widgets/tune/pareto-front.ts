// Pareto front of a two-objective study: every COMPLETE trial, the non-dominated (feasible) ones highlighted.

import { invalidParameter } from "../../src/core/errors";
import { violation } from "../../src/tune/frozen-trial";
import { dominates, minimised } from "../../src/tune/samplers/multi-objective";
import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { fmt, type StudyLike } from "./study-data";

export interface ParetoPoint {
  number: number;
  values: number[];
  /** "best" (on the front), "dominated" or "infeasible". */
  kind: "best" | "dominated" | "infeasible";
}

export function paretoFrontData(study: StudyLike, options: { includeDominatedTrials?: boolean; targets?: [number, number] } = {}): ParetoPoint[] {
  const [a, b] = options.targets ?? [0, 1];
  if (study.directions.length < 2) throw invalidParameter("A Pareto front needs a study with at least two directions.");
  const done = study.getTrials().filter((t) => t.state === "COMPLETE" && t.values && Number.isFinite(t.values[a]) && Number.isFinite(t.values[b]));
  const dirs = study.directions;
  const feasible = done.filter((t) => violation(t) === 0);
  const points = done.map((t): ParetoPoint => {
    let kind: ParetoPoint["kind"] = "best";
    if (violation(t) > 0) kind = "infeasible";
    else if (feasible.some((u) => u !== t && dominates(minimised(u, dirs), minimised(t, dirs)))) kind = "dominated";
    return { number: t.number, values: [t.values![a], t.values![b]], kind };
  });
  return options.includeDominatedTrials === false ? points.filter((p) => p.kind === "best") : points;
}

export function paretoFrontSpec(points: ParetoPoint[], names: [string, string] = ["objective 0", "objective 1"]): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: "Pareto front",
    width: 360,
    height: 300,
    data: { values: points.map((p) => ({ number: p.number, v0: p.values[0], v1: p.values[1], kind: p.kind })) },
    mark: { type: "point", filled: true, tooltip: true },
    encoding: {
      x: { field: "v0", type: "quantitative", title: names[0], scale: { zero: false } },
      y: { field: "v1", type: "quantitative", title: names[1], scale: { zero: false } },
      color: { field: "kind", type: "nominal", title: null, scale: { domain: ["best", "dominated", "infeasible"], range: ["#d62728", "#1f77b4", "#bbbbbb"] } },
    },
  };
}

export function plotParetoFront(study: StudyLike, options: { includeDominatedTrials?: boolean; targets?: [number, number]; targetNames?: [string, string] } = {}): Chart & { data: ParetoPoint[] } {
  const data = paretoFrontData(study, options);
  const best = data.filter((p) => p.kind === "best").sort((p, q) => p.values[0] - q.values[0]);
  const text = [`Pareto front: ${best.length} of ${data.length} trials`, ...best.slice(0, 10).map((p) => `  trial ${p.number}: ${fmt(p.values[0])}, ${fmt(p.values[1])}`)].join("\n");
  return Object.assign(vegaLiteChart(paretoFrontSpec(data, options.targetNames), text), { data });
}

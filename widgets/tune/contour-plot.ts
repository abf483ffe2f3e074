// Contour plot of two parameters: the objective on a grid, each cell the value of the nearest trial
// (nearest-neighbour interpolation in the axes scaled to [0, 1], log axes in log space), with the trials on top.
// Optuna interpolates with scipy's griddata; nearest neighbour needs no triangulation and never invents values.

import { invalidParameter } from "../../src/core/errors";
import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { completeTrials, fmt, type StudyLike } from "./study-data";

export interface ContourData {
  x: string;
  y: string;
  log: [boolean, boolean];
  cells: { x: number; y: number; x2: number; y2: number; value: number }[];
  trials: { x: number; y: number; value: number; number: number }[];
}

export function contourData(study: StudyLike, xParam: string, yParam: string, options: { resolution?: number; objectiveIndex?: number } = {}): ContourData {
  const k = options.objectiveIndex ?? 0;
  const n = options.resolution ?? 30;
  const trials = completeTrials(study, k).filter((t) => typeof t.params[xParam] === "number" && typeof t.params[yParam] === "number");
  if (trials.length === 0) throw invalidParameter(`No COMPLETE trial has numeric params '${xParam}' and '${yParam}'.`);
  const dx = trials[0].distributions[xParam];
  const dy = trials[0].distributions[yParam];
  const logX = dx.kind !== "categorical" && dx.log;
  const logY = dy.kind !== "categorical" && dy.log;
  const tx = (v: number) => (logX ? Math.log(v) : v);
  const ty = (v: number) => (logY ? Math.log(v) : v);
  const xs = trials.map((t) => tx(t.params[xParam] as number));
  const ys = trials.map((t) => ty(t.params[yParam] as number));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = x1 - x0 || 1;
  const sy = y1 - y0 || 1;
  const back = (v: number, log: boolean) => (log ? Math.exp(v) : v);
  const cells: ContourData["cells"] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const cx = x0 + ((i + 0.5) * (x1 - x0)) / n;
      const cy = y0 + ((j + 0.5) * (y1 - y0)) / n;
      let best = 0;
      let bestD = Infinity;
      for (let m = 0; m < trials.length; m++) {
        const d = ((xs[m] - cx) / sx) ** 2 + ((ys[m] - cy) / sy) ** 2;
        if (d < bestD) {
          bestD = d;
          best = m;
        }
      }
      cells.push({
        x: back(x0 + (i * (x1 - x0)) / n, logX),
        x2: back(x0 + ((i + 1) * (x1 - x0)) / n, logX),
        y: back(y0 + (j * (y1 - y0)) / n, logY),
        y2: back(y0 + ((j + 1) * (y1 - y0)) / n, logY),
        value: trials[best].values![k],
      });
    }
  }
  return { x: xParam, y: yParam, log: [logX, logY], cells, trials: trials.map((t) => ({ x: t.params[xParam] as number, y: t.params[yParam] as number, value: t.values![k], number: t.number })) };
}

export function contourSpec(data: ContourData): VegaLiteSpec {
  const scale = (log: boolean) => (log ? { type: "log" } : { zero: false });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Contour: ${data.x} × ${data.y}`,
    width: 320,
    height: 320,
    layer: [
      {
        data: { values: data.cells },
        mark: { type: "rect" },
        encoding: {
          x: { field: "x", type: "quantitative", title: data.x, scale: scale(data.log[0]) },
          x2: { field: "x2" },
          y: { field: "y", type: "quantitative", title: data.y, scale: scale(data.log[1]) },
          y2: { field: "y2" },
          color: { field: "value", type: "quantitative", title: "objective" },
        },
      },
      {
        data: { values: data.trials },
        mark: { type: "point", color: "black", size: 18, tooltip: true },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
      },
    ],
  };
}

export function plotContour(study: StudyLike, xParam: string, yParam: string, options: { resolution?: number; objectiveIndex?: number } = {}): Chart & { data: ContourData } {
  const data = contourData(study, xParam, yParam, options);
  const best = data.trials.reduce((a, b) => ((study.directions[options.objectiveIndex ?? 0] === "maximize" ? b.value > a.value : b.value < a.value) ? b : a));
  const text = `Contour of ${data.x} × ${data.y} over ${data.trials.length} trials; best ${fmt(best.value)} at ${data.x}=${fmt(best.x)}, ${data.y}=${fmt(best.y)}`;
  return Object.assign(vegaLiteChart(contourSpec(data), text), { data });
}

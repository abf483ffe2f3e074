// Parameter importances as horizontal bars, computed PED-ANOVA style (src/tune/importance.ts says how).

import { getParamImportances, type ParamImportanceOptions } from "../../src/tune";
import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { fmt, type StudyLike } from "./study-data";

export interface ParamImportanceData {
  method: string;
  importances: { param: string; importance: number }[];
}

export function paramImportancesData(study: StudyLike, options: ParamImportanceOptions = {}): ParamImportanceData {
  const imp = getParamImportances(study.getTrials(), study.directions, options);
  return {
    method: `PED-ANOVA (top ${Math.round((options.targetQuantile ?? 0.1) * 100)}% vs all trials, Pearson divergence of Parzen estimators)`,
    importances: Object.entries(imp).map(([param, importance]) => ({ param, importance })),
  };
}

export function paramImportancesSpec(data: ParamImportanceData): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Hyperparameter importances", subtitle: data.method },
    width: 360,
    height: Math.max(60, 24 * data.importances.length),
    data: { values: data.importances },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "param", type: "nominal", sort: "-x", title: null },
      x: { field: "importance", type: "quantitative", title: "importance" },
    },
  };
}

export function plotParamImportances(study: StudyLike, options: ParamImportanceOptions = {}): Chart & { data: ParamImportanceData } {
  const data = paramImportancesData(study, options);
  const text = [`Hyperparameter importances, ${data.method}:`, ...data.importances.map((r) => `  ${r.param}: ${fmt(r.importance)}`)].join("\n");
  return Object.assign(vegaLiteChart(paramImportancesSpec(data), text), { data });
}

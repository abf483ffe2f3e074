// A fitted feature pipeline as a widget: one row per step with its columns, options, fitted parameters and outputs.

import { formatNumber } from "../../src/present/format";
import type { TextColumn } from "../../src/present/table";
import type { FeaturePipeline } from "../../src/data/features/feature-pipeline";
import { displayable, type Displayable } from "../mime-bundle";
import { tableBundle } from "../tables";

const COLUMNS: TextColumn[] = [{ header: "STEP" }, { header: "COLUMNS", maxWidth: 40 }, { header: "OPTIONS", maxWidth: 50 }, { header: "FITTED", maxWidth: 60 }, { header: "OUTPUTS", align: "right" }];

/** The fitted numbers worth a glance, per step type (the full state is in pipeline.toJSON()). */
function fittedSummary(type: string, state: unknown): string {
  const num = (v: number) => formatNumber(Number(v.toPrecision(4)));
  if (type === "numeric")
    return (state as { column: string; fill: number | null; scale: { kind: string; a: number; b: number } | null }[])
      .map((s) => `${s.column}: ${[s.fill !== null ? `fill ${num(s.fill)}` : "", s.scale ? (s.scale.kind === "minmax" ? `×${num(s.scale.a)}+${num(s.scale.b)}` : `(x-${num(s.scale.a)})/${num(s.scale.b)}`) : ""].filter(Boolean).join(" ")}`)
      .join("; ");
  if (type === "oneHot" || type === "ordinal" || type === "frequency") return (state as { column: string; levels: unknown[] }[]).map((s) => `${s.column}: ${s.levels.length} categories`).join("; ");
  if (type === "target") {
    const t = state as { kind: string; means: number[]; columns: { column: string; levels: unknown[] }[] };
    return `${t.kind} target, mean ${t.means.map(num).join("/")}; ${t.columns.map((c) => `${c.column}: ${c.levels.length} categories`).join("; ")}`;
  }
  return "";
}

export function pipelineView(pipeline: FeaturePipeline): { rows: string[][]; featureNames: string[] } & Displayable {
  const rows = pipeline.stepOutputs().map(({ spec, names, state }) => {
    const { type, columns, ...options } = spec;
    return [type, columns.join(", "), Object.entries(options).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" "), fittedSummary(type, state), String(names.length)];
  });
  const caption = `Feature pipeline: ${rows.length} steps -> ${pipeline.featureNames.length} features`;
  return displayable({ rows, featureNames: pipeline.featureNames }, () => tableBundle(COLUMNS, rows, `${caption}.`, { caption }));
}

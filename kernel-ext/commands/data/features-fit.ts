// `labops features fit` and `%features fit`: fits a feature pipeline spec on data, shows the fitted pipeline,
// and saves it as JSON (what `FeaturePipeline.fromJSON` reads back).

import fs from "node:fs";
import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { PipelineSpec } from "../../../src/data/features/feature-spec";
import { formatTable } from "../../../src/present/table";
import { oneOf, readData, whereOption } from "./options";

/** `--spec`: a JSON file, or the JSON itself (handy in a magic: `--spec {JSON.stringify(spec)}`). */
function readSpec(value: string): PipelineSpec {
  const inline = value.trimStart().startsWith("{");
  if (!inline && !fs.existsSync(value)) throw new UsageError(`--spec: no file '${value}' (give a JSON file, or the spec as JSON).`);
  try {
    return JSON.parse(inline ? value : fs.readFileSync(value, "utf8")) as PipelineSpec;
  } catch (e) {
    throw new UsageError(`--spec: ${inline ? "the spec" : `'${value}'`} is not JSON (${(e as Error).message}).`);
  }
}

export const featuresFit = defineCommand({
  name: "features fit",
  summary: "Fit a feature pipeline spec on data; show its steps and outputs, and save it as JSON.",
  surfaces: ["cli", "line"],
  options: [
    { name: "data", type: "string", value: "FILE", description: "Training data (CSV, JSON, JSONL, Parquet, Arrow)." },
    { name: "dataset", type: "string", value: "NAME", description: "Or a shipped dataset (see 'labops datasets list')." },
    whereOption,
    { name: "spec", type: "string", value: "FILE|JSON", description: "The pipeline spec {steps: [...]}: a JSON file, or the JSON.", required: true },
    { name: "target", type: "string", value: "COLUMN", description: "The target column (target encoding needs it)." },
    { name: "output", type: "string", value: "FILE", description: "Write the fitted pipeline here as JSON." },
    JSON_OPTION,
  ],
  async run(args) {
    const o = args.options;
    oneOf(o.data, o.dataset, ["--data FILE", "--dataset NAME"]);
    const spec = readSpec(o.spec);
    const data: typeof import("../../../src/data") = require("../../../src/data");
    const { table, label } = await readData({ file: o.data, dataset: o.dataset }, o.where);
    const pipeline = data.fitPipeline(spec, table, { target: o.target });
    if (o.output !== undefined) data.writeFileAtomic(o.output, Buffer.from(JSON.stringify(pipeline.toJSON()) + "\n"));
    return { pipeline, data: label, rows: table.rowCount, output: o.output ?? null };
  },
  json: (r) => r.pipeline.toJSON(),
  text(r) {
    const rows = r.pipeline.stepOutputs().map(({ spec, names }) => {
      const { type, columns, ...options } = spec;
      return [type, columns.join(", "), Object.entries(options).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" "), String(names.length), names.slice(0, 6).join(", ") + (names.length > 6 ? ", ..." : "")];
    });
    return [
      `Fitted on ${r.rows} rows of ${r.data}: ${rows.length} steps -> ${r.pipeline.featureNames.length} features.`,
      formatTable([{ header: "STEP" }, { header: "COLUMNS", maxWidth: 40 }, { header: "OPTIONS", maxWidth: 50 }, { header: "OUTPUTS", align: "right" }, { header: "FEATURES", maxWidth: 80 }], rows),
      r.output ? `saved: ${r.output}` : "",
    ].filter(Boolean).join("\n");
  },
  view(r) {
    const { pipelineView }: typeof import("../../../widgets/data/pipeline-view") = require("../../../widgets/data/pipeline-view");
    return pipelineView(r.pipeline);
  },
});

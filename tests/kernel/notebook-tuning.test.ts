// notebooks/tuning.ipynb through real Jupyter (nbclient) and through `labops run`: %tune's live and final outputs,
// the study read back through the public API, a contour plot, a linear model tuned with tuneJob, and the
// registered model scoring the penguins; the tracked study checked in the store.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LabopsClient } from "../../src";
import { TUNE_TAGS } from "../../src/tune";
import { repoRoot } from "../helpers/temp-dir";
import { useTestKernel } from "../helpers/test-kernel";

const notebook = path.join(repoRoot, "notebooks/tuning.ipynb");
const kernel = useTestKernel("labops-tuning-test");
const VL = "application/vnd.vegalite.v5+json";

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const titleOf = (spec: unknown): string => {
  const t = (spec as { title?: string | { text: string } }).title;
  return typeof t === "string" ? t : t?.text ?? "";
};

/** What every run of the notebook must show, whoever ran it. */
async function checkExecuted(file: string, store: string): Promise<void> {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; metadata: { tags?: string[] }; outputs?: Output[] }[] };
  const cells = nb.cells.filter((c) => !c.metadata.tags?.includes("injected-parameters"));
  const outputs = (i: number) => cells[i]!.outputs ?? [];
  const data = (i: number, mime: string) => outputs(i).filter((o) => o.data?.[mime] !== undefined).map((o) => o.data![mime]);
  const stream = (i: number) => joined(outputs(i).find((o) => o.output_type === "stream")?.text);
  for (const [i, c] of cells.entries()) assert.ok(!(c.outputs ?? []).some((o) => o.output_type === "error"), `cell ${i} failed: ${JSON.stringify(c.outputs ?? []).slice(0, 400)}`);
  // %tune: the bar's last state, the live history's last state (with its SVG), the summary, then three more charts.
  const texts = data(3, "text/plain").map(joined);
  assert.ok(texts.some((t) => /^Tuning penguins 100% \|█+\| 6\/6 .*complete=\d pruned=\d failed=0 best=/.test(t)), texts.join("\n---\n").slice(0, 600));
  assert.ok(texts.some((t) => /^Optimization history: 6\/6 trials: \d complete, \d pruned, 0 failed; best val_loss \S+ \(trial \d\)$/.test(t)));
  const summary = data(3, "text/html").map(joined).find((h) => h.includes("Best trial"))!;
  assert.match(summary, /Study &#39;penguins&#39; \(run \w+\): 6 trials, \d complete, \d pruned, 0 failed/);
  assert.match(summary, /Registered: models:\/penguin-species\/1/);
  const charts = data(3, VL).map(titleOf);
  assert.deepEqual(charts, ["Optimization history", "Parallel coordinates", "Hyperparameter importances", "Slice plot"], "the history once: the live one");
  assert.equal(data(3, "image/svg+xml").filter((s) => /^<svg[\s\S]*<\/svg>\s*$/.test(joined(s))).length, 4);
  // The API reads the same study: trial counts, best value, importances over the six default parameters.
  const line = /^6 trials \((\d) complete, (\d) pruned\); best val_loss (\S+) in trial (\d)\n$/.exec(stream(5));
  assert.ok(line, stream(5));
  assert.equal(Number(line[1]) + Number(line[2]), 6);
  const importances = joined(data(5, "text/plain")[0]);
  for (const p of ["layers", "hiddenUnits", "learningRate", "l2", "dropout", "batchSize"]) assert.match(importances, new RegExp(`${p}: 0\\.\\d+|${p}: [01]\\b`), p);
  assert.match(joined(data(6, "text/plain")[0]), /^Contour of learningRate × hiddenUnits over \d trials/);
  assert.match(joined(data(6, "image/svg+xml")[0]), /^<svg/);
  assert.match(stream(8), /^linear: best val_loss \S+ vs mlp \S+\n$/);
  assert.match(joined(data(8, "image/svg+xml")[0]), /^<svg/);
  const scored = /^version 1 from run (\w+): accuracy ([\d.]+) on 344 penguins\n$/.exec(stream(9));
  assert.ok(scored, stream(9));
  assert.ok(Number(scored[2]) > 0.9, `accuracy ${scored[2]}`);
  // The store: the study run in tuning-demo with its 6 trial runs, the registered version from the best one.
  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName("tuning-demo");
  const { runs } = await client.searchRuns([exp!.experimentId], { maxResults: 1000 });
  const study = runs.find((r) => r.data.tags[TUNE_TAGS.study] === "penguins" && !r.data.tags["mlflow.parentRunId"])!;
  const trials = runs.filter((r) => r.data.tags["mlflow.parentRunId"] === study.info.runId);
  assert.equal(trials.length, 6);
  const complete = trials.filter((r) => r.data.tags[TUNE_TAGS.state] === "COMPLETE");
  const best = complete.reduce((a, b) => (b.data.metrics.value! < a.data.metrics.value! ? b : a));
  assert.equal(scored[1], best.info.runId, "the registered version is the best trial's model");
  assert.equal(Number(line[3]).toPrecision(3), best.data.metrics.value!.toPrecision(3));
  await client.close();
}

test("tuning.ipynb through Jupyter (nbclient): %tune's outputs, the API, the registered model", async () => {
  const { dir, executed: out } = kernel.runNotebook(notebook);
  await checkExecuted(out, path.join(dir, "labops-store"));
});

test("tuning.ipynb through labops run: the same outputs, and a report with the charts", async () => {
  const { dir, executed: out, report } = kernel.runHeadless(notebook, ["storeDir=run-store"]);
  await checkExecuted(out, path.join(dir, "run-store"));
  assert.equal((report.match(/<svg/g) ?? []).length, 6, "the live history, three final charts, the contour and the linear history");
  assert.match(report, /Tuning penguins/);
});

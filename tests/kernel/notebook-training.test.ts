// notebooks/training.ipynb run through real Jupyter (nbclient), headless with `labops run` and exported as a script: %train's one curves
// output (updated in place, ending with the chart's SVG), its result card, the registered version loaded back by
// URI, trainJob from code, and the runs in the store.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LabopsClient } from "../../src";
import { ModelRegistryClient } from "../../src/registry/registry-client";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";
import { useTestKernel } from "../helpers/test-kernel";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const notebook = path.join(repoRoot, "notebooks/training.ipynb");
const kernel = useTestKernel("labops-training-test", { LABOPS_BACKEND: "wasm" });


type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
type Nb = { cells: { id: string; outputs?: Output[] }[] };
const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const outputs = (nb: Nb, id: string) => nb.cells.find((c) => c.id === id)!.outputs!;
const result = (nb: Nb, id: string) => {
  const o = outputs(nb, id).find((x) => x.output_type === "execute_result");
  assert.ok(o, `cell ${id} has a result: ${JSON.stringify(outputs(nb, id)).slice(0, 300)}`);
  return { text: joined(o.data!["text/plain"]), html: joined(o.data!["text/html"]) };
};

/** What must hold in an executed training.ipynb, however it ran, and in the store it wrote. */
async function checkExecuted(nb: Nb, dir: string, epochs: number): Promise<void> {
  // %train: one display (the curves, updated in place), whose final state is the summary and the chart with its SVG.
  const displays = outputs(nb, "training-04").filter((o) => o.output_type === "display_data");
  assert.equal(displays.length, 1, "one curves output");
  const curves = displays[0]!.data!;
  const summary = joined(curves["text/plain"]);
  const ran = Number(/^Trained (\d+) epochs \(stopped by (epochs|early stopping)\); kept epoch \d+: loss /.exec(summary)?.[1]);
  assert.ok(ran >= 1 && ran <= epochs, summary);
  const spec = curves["application/vnd.vegalite.v5+json"] as { data: { values: { metric: string; split: string }[] } };
  assert.equal(spec.data.values.length, ran * 3, "loss, val_loss and val_accuracy per epoch");
  const svg = joined(curves["image/svg+xml"]);
  assert.match(svg, /^<svg/);
  assert.match(svg, />accuracy</);
  assert.match(svg, />validation</);
  const card = result(nb, "training-04");
  const accuracy = Number(/^Trained mlp on dataset 'penguins' -> Species: accuracy ([\d.]+), registered as models:\/penguin-species\/1$/m.exec(card.text)?.[1]);
  assert.ok(accuracy >= 0.9, card.text);
  const runId = /^run +([0-9a-f]{32})$/m.exec(card.text)![1]!;
  assert.match(card.html, new RegExp(`runs:/${runId}/model`));
  assert.match(card.html, /<td[^>]*>accuracy<\/td>/);
  // The registered version, loaded back by URI, classifies (almost) every penguin as recorded.
  const agree = Number(/^'(\d+) of 344 penguins classified as recorded'$/.exec(result(nb, "training-06").text)?.[1]);
  assert.ok(agree >= 330, result(nb, "training-06").text);
  const linear = /^'linear temp_max: r2 (0\.\d+), rmse ([\d.]+) °C on 292 validation days \(run ([0-9a-f]{32})\)'$/.exec(result(nb, "training-08").text);
  assert.ok(linear && Number(linear[1]) > 0.8 && Number(linear[2]) < 4, result(nb, "training-08").text);
  assert.match(result(nb, "training-09").text, new RegExp(`^${runId.slice(0, 8)} .*training-demo +FINISHED`, "m"));

  const client = new LabopsClient(path.join(dir, "labops-store"));
  const exp = await client.getExperimentByName("training-demo");
  const runs = (await client.searchRuns([exp!.experimentId])).runs;
  assert.deepEqual(runs.map((r) => r.info.runId).sort(), [runId, linear![3]!].sort());
  assert.ok(runs.every((r) => r.info.status === "FINISHED"));
  const version = await new ModelRegistryClient({ tracking: client }).store.getModelVersion("penguin-species", 1);
  assert.equal(version.runId, runId);
  await client.close();
}

test("training.ipynb through real Jupyter (nbclient)", async () => {
  const { dir, executed } = kernel.runNotebook(notebook);
  await checkExecuted(JSON.parse(fs.readFileSync(executed, "utf8")), dir, 40);
});

test("training.ipynb headless with labops run -p epochs=25: the notebook, and a report with the curves' SVG", async () => {
  const { dir, executed: out, report: html } = kernel.runHeadless(notebook, ["epochs=25"]);
  await checkExecuted(JSON.parse(fs.readFileSync(out, "utf8")), dir, 25);
  assert.match(html, /<svg[\s\S]*>accuracy<[\s\S]*<\/svg>/);
  assert.match(html, /models:\/penguin-species\/1/);
});

test("training.ipynb exported and run with tsx: a progress bar on stderr, the final curves saved as SVG, the result card", () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules/labops"));
  const script = path.join(dir, "training.ts");
  assert.equal(runNodeSync(cli, ["export", notebook, "-o", script], { env: kernel.env }).code, 0);
  const r = spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), [script], { cwd: dir, encoding: "utf8", env: { ...process.env, ...kernel.env } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^train Species 100% \|█+\| 40\/40 /m);
  assert.match(r.stdout, /^training curves: 40 epochs, kept epoch \d+$/m);
  assert.match(r.stdout, /^Trained mlp on dataset 'penguins' -> Species: accuracy [\d.]+, registered as models:\/penguin-species\/1$/m);
  const saved = fs.readdirSync(path.join(dir, "training.outputs"));
  const svgs = saved.filter((f) => f.endsWith(".svg"));
  assert.equal(svgs.length, 1, saved.join(","));
  const svg = fs.readFileSync(path.join(dir, "training.outputs", svgs[0]!), "utf8");
  assert.match(svg, /^<svg[\s\S]*>accuracy<[\s\S]*>validation</);
});

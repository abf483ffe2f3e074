// The data magics in a notebook: %validate and %collect log to the active run, %features fit --json returns the
// pipeline; and notebooks/data.ipynb run through real Jupyter (nbclient) and headless with `labops run`.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { NotebookSession } from "../../kernel-ext/session";
import { LabopsClient } from "../../src";
import { repoRoot, tempDir } from "../helpers/temp-dir";
import { useTestKernel } from "../helpers/test-kernel";

const notebook = path.join(repoRoot, "notebooks/data.ipynb");
const kernel = useTestKernel("labops-data-test");


type Output = { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> };
const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));
const result = (nb: { cells: { id: string; outputs?: Output[] }[] }, id: string) => {
  const o = nb.cells.find((c) => c.id === id)!.outputs!.find((x) => x.output_type === "execute_result");
  assert.ok(o, `cell ${id} has a result`);
  return { text: joined(o.data!["text/plain"]), html: joined(o.data!["text/html"]) };
};

/** What must hold in an executed data.ipynb, however it ran, and in the store it wrote. */
async function checkExecuted(nb: { cells: { id: string; outputs?: Output[] }[] }, dir: string): Promise<void> {
  const summary = result(nb, "data-03");
  assert.match(summary.text, /^seattle-weather: 1,461 rows, 6 columns/);
  assert.match(summary.text, /^weather\s+string\s+0%\s+5\s+rain \(641\), sun \(640\)/m);
  assert.match(summary.html, /<table[\s\S]*temp_max/);
  const report = result(nb, "data-04");
  assert.match(report.text, /^Suite 'learned from seattle-weather' on 730 rows: FAILED, 16 of 19 expectations hold/);
  assert.match(report.text, /^✗\s+expectColumnValuesToBeBetween\(column="temp_max", min=-1\.1, max=34\.4\)/m);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "weather-suite.json"), "utf8")).expectations.length, 19);
  const pipeline = result(nb, "data-05");
  assert.match(pipeline.text, /^Feature pipeline: 3 steps -> 7 features/);
  assert.match(pipeline.text, /^target\s+weather\s.*continuous target, mean/m);
  const fitted = JSON.parse(fs.readFileSync(path.join(dir, "weather-pipeline.json"), "utf8"));
  assert.equal(fitted.format, "labops.feature-pipeline");
  assert.equal(result(nb, "data-06").text, "600");
  const collected = result(nb, "data-07").text;
  const kept = Number(/^Collected (\d+) of 600 predictions as 'recent'\./.exec(collected)?.[1]);
  const snapshot = fs.readFileSync(path.join(dir, "recent.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(snapshot.length, kept);
  assert.ok(kept >= 20 && snapshot.every((r) => r.confidence >= 0.6 && r.label !== null && r.time >= "2024-01-24" && r.time <= "2024-01-31"), collected);
  const client = new LabopsClient(path.join(dir, "labops-store"));
  const exp = await client.getExperimentByName("data-demo");
  const runs = (await client.searchRuns([exp!.experimentId])).runs;
  assert.deepEqual(runs.map((r) => [r.info.runName, r.info.status]), [["collect recent", "FINISHED"]]);
  const input = JSON.parse(runs[0]!.data.tags["labops.input.recent"]!);
  assert.equal(input.profile.numRows, kept);
  assert.match(collected, new RegExp(`^digest:\\s+${input.digest}$`, "m"));
  assert.match(result(nb, "data-08").text, /collect recent\s+data-demo\s+FINISHED/);
}

test("in a session: %validate and %collect log to the active run; %features fit --json returns the pipeline", async () => {
  const dir = tempDir();
  const session = new NotebookSession(dir);
  try {
    await session.start();
    const store = path.join(dir, "store");
    assert.ok((await session.execute(`labops.setTrackingUri(${JSON.stringify(store)});`)).ok);
    const fitted = await session.execute(`const p = %features fit --dataset penguins --spec '{{"steps": [{{"type": "oneHot", "columns": ["Island"]}}]}}' --json\np.states.length`);
    assert.ok(fitted.ok, JSON.stringify(fitted.error));
    assert.equal(fitted.result!["text/plain"], "1");
    const log = path.join(dir, "log.jsonl");
    const record = (day: number, confidence: number) => ({ time: `2024-05-0${day}T12:00:00Z`, unitId: `u${day}`, variant: "A", modelVersion: "1", features: { f: day }, prediction: 1, confidence, latencyMs: 1, label: 1 });
    fs.writeFileSync(log, [record(1, 0.9), record(2, 0.4), record(3, 0.95)].map((r) => JSON.stringify(r)).join("\n") + "\n");
    const tracked = await session.execute(
      `%%track --name gated\n%collect --log ${log} --min-confidence 0.5 --name fresh\n%validate --data ${path.join(repoRoot, "datasets/seattle-weather.csv")} --learn-from seattle-weather --learn-where "date < 2013-01-01"`,
    );
    assert.ok(tracked.ok, JSON.stringify(tracked.error));
    const client = new LabopsClient(store);
    const run = (await client.searchRuns(["0"])).runs.find((r) => r.info.runName === "gated")!;
    assert.equal(JSON.parse(run.data.tags["labops.input.fresh"]!).profile.numRows, 2);
    assert.equal(run.data.tags["labops.validation.learned_from_seattle-weather.success"], "false");
    const tooFew = await session.execute(`%collect --log ${log} --min-confidence 0.99`);
    assert.equal(tooFew.error?.ename, "LabopsError");
    assert.match(tooFew.error!.evalue, /Only 0 predictions pass the filters/);
    assert.equal((await client.searchRuns(["0"])).runs.length, 1, "a failed %collect starts no run");
  } finally {
    session.close();
  }
});

test("data.ipynb through real Jupyter (nbclient)", async () => {
  const { dir, executed } = kernel.runNotebook(notebook);
  await checkExecuted(JSON.parse(fs.readFileSync(executed, "utf8")), dir);
});

test("data.ipynb headless with labops run: the notebook and an HTML report with the tables", async () => {
  const { dir, executed: out, report: html } = kernel.runHeadless(notebook, ["minConfidence=0.6"]);
  await checkExecuted(JSON.parse(fs.readFileSync(out, "utf8")), dir);
  assert.match(html, /Suite &#39;learned from seattle-weather&#39; on 730 rows: FAILED|Suite 'learned from seattle-weather' on 730 rows: FAILED/);
  assert.match(html, /<table[\s\S]*expectColumnValuesToBeBetween/);
});

// `labops run` (headless, papermill-style) and `labops export` on the same notebook must agree.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LabopsClient, ModelRegistryClient, type Run } from "../../src";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const tour = path.join(repoRoot, "notebooks/tracking-tour.ipynb");

function labops(args: string[], cwd?: string) {
  return runNodeSync(cli, args, { cwd, env: { LABOPS_TRACKING_URI: "" } });
}

async function tracked(store: string): Promise<Record<string, unknown>[]> {
  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName("tour");
  assert.ok(exp, `experiment 'tour' in ${store}`);
  const runs = (await client.searchRuns([exp.experimentId])).runs;
  return runs.map((r: Run) => ({
    name: r.info.runName,
    status: r.info.status,
    params: r.data.params,
    metrics: r.data.metrics,
    tags: { team: r.data.tags.team, kind: r.data.tags.kind },
  }));
}

function notebookFile(cells: { source: string; tags?: string[] }[], kernel = "labops"): string {
  const file = path.join(tempDir(), "nb.ipynb");
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel, display_name: kernel, language: kernel === "labops" ? "typescript" : "python" } },
    cells: cells.map((c, i) => ({ cell_type: "code", id: `c${i}`, source: c.source, metadata: c.tags ? { tags: c.tags } : {}, execution_count: null, outputs: [] })),
  };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

test("labops run executes the tour with parameters, writes nbformat 4.5 with outputs and an offline HTML report", async () => {
  const dir = tempDir();
  const out = path.join(dir, "out.ipynb");
  const report = path.join(dir, "report.html");
  const r = labops(["run", tour, "-p", "epochs=3", "--output", out, "--report", report, "--cwd", dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Executed 9 cells of tracking-tour.ipynb in [\d.]+ s -> .*out.ipynb and .*report.html/);
  const nb = JSON.parse(fs.readFileSync(out, "utf8"));
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  const injected = nb.cells[2];
  assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
  assert.match(injected.source, /const epochs = 3;/);
  const outputs = (i: number) => nb.cells[i].outputs as { output_type: string; text?: string; data?: Record<string, unknown> }[];
  assert.ok(nb.cells.every((c: { id?: string }) => typeof c.id === "string"));
  assert.match(outputs(4).find((o) => o.output_type === "stream")!.text!, /trained 3 epochs/);
  assert.equal(outputs(5).find((o) => o.output_type === "execute_result")!.data!["text/plain"], "1");
  const chart = outputs(7).find((o) => o.output_type === "execute_result")!.data!;
  assert.match(String((chart["application/vnd.vegalite.v5+json"] as { $schema: string }).$schema), /vega-lite\/v5/);
  assert.match(String(chart["image/svg+xml"]), /^<svg/);
  const html = fs.readFileSync(report, "utf8");
  assert.match(html, /<svg/);
  assert.match(html, /<div class="cell md"><h1 id="A-tour-of-labops-tracking-in-a-notebook">A tour of labops tracking in a notebook<\/h1>\n<p>The <code>labops<\/code> kernel/);
  assert.doesNotMatch(html, /<script/);
  const runs = await tracked(path.join(dir, "labops-store"));
  assert.deepEqual(runs[0]!.params, { epochs: "3", lr: "0.1" });
  assert.equal(runs[0]!.status, "FINISHED");
});

test("a failing cell stops the run: exit 1 naming the cell, its first line and the error; outputs so far are written", () => {
  const file = notebookFile([{ source: 'console.log("before")' }, { source: "// second\nconst x: number = JSON.parse('1');\nthrow new TypeError('bad input');" }, { source: 'console.log("never")' }]);
  const out = path.join(path.dirname(file), "out.ipynb");
  const r = labops(["run", file, "--output", out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^labops: cell 1 failed \(\/\/ second\): TypeError: bad input; outputs so far are in .*out\.ipynb\n$/);
  const nb = JSON.parse(fs.readFileSync(out, "utf8"));
  assert.equal(nb.cells[0].outputs[0].text, "before\n");
  assert.equal(nb.cells[1].outputs.at(-1).ename, "TypeError");
  assert.deepEqual(nb.cells[2].outputs, []);
});

test("bad input gets one clear message and changes no file", () => {
  const dir = tempDir();
  const notJson = path.join(dir, "broken.ipynb");
  fs.writeFileSync(notJson, "{ not json");
  const python = notebookFile([{ source: "print(1)" }], "python3");
  const out = path.join(dir, "out.ipynb");
  const cases: [string[], RegExp][] = [
    [["run", notJson, "--output", out], /broken.ipynb is not a notebook: it is not valid JSON/],
    [["run", python, "--output", out], /is for kernel 'python3'; labops runs TypeScript notebooks/],
    [["run", path.join(dir, "missing.ipynb")], /Cannot read notebook .*missing.ipynb: no such file/],
    [["run", tour, "-p", "1bad=2", "--output", out], /Invalid parameter name '1bad'/],
    [["run", tour, "--output", path.join(dir, "nope/out.ipynb")], /folder .*nope does not exist/],
    [["export", notJson, "-o", path.join(dir, "s.ts")], /not valid JSON/],
  ];
  for (const [args, message] of cases) {
    const r = labops(args);
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.deepEqual(fs.readdirSync(dir).sort(), ["broken.ipynb"]);
  assert.equal(fs.readFileSync(notJson, "utf8"), "{ not json");
});

test("a parameter for a notebook without a parameters cell: warned, inserted at the top", () => {
  const file = notebookFile([{ source: "console.log(`n=${n}`)" }]);
  const r = labops(["run", file, "-p", "n=5"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: The notebook has no cell tagged 'parameters'; the parameters were inserted at the top/);
  assert.match(r.stdout, /^n=5$/m);
});

test("labops export writes a script that, run with tsx, tracks what the notebook run tracks", async () => {
  const ran = tempDir();
  assert.equal(labops(["run", tour, "--cwd", ran]).code, 0);
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules/labops"));
  const script = path.join(dir, "tour.ts");
  const e = labops(["export", tour, "-o", script]);
  assert.equal(e.code, 0, e.stderr);
  const text = fs.readFileSync(script, "utf8");
  assert.match(text, /await magics\.cellBegin\("track", `--name tour-run --tags team=ml,kind=demo`\);/);
  const r = spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), [script], { cwd: dir, encoding: "utf8", env: { ...process.env, LABOPS_TRACKING_URI: "" } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /trained 5 epochs/);
  assert.deepEqual(await tracked(path.join(dir, "labops-store")), await tracked(path.join(ran, "labops-store")));
  const saved = fs.readdirSync(path.join(dir, "tour.outputs"));
  assert.ok(saved.some((f) => f.endsWith(".svg")), saved.join(","));
  assert.ok(saved.some((f) => f.endsWith(".html")), saved.join(","));
});

test("the %models notebook runs headless: registered, promoted, rolled back, and the champion loads", async () => {
  const dir = tempDir();
  const out = path.join(dir, "out.ipynb");
  const r = labops(["run", path.join(repoRoot, "notebooks/model-registry.ipynb"), "--cwd", dir, "--output", out]);
  assert.equal(r.code, 0, r.stderr);
  const nb = JSON.parse(fs.readFileSync(out, "utf8"));
  const last = nb.cells.at(-1).outputs.find((o: { output_type: string }) => o.output_type === "execute_result");
  assert.equal(last.data["text/plain"], "1");
  const registry = new ModelRegistryClient({ tracking: path.join(dir, "labops-store") });
  assert.equal((await registry.resolve("models:/rain-classifier@champion")).version, 1);
  const history = await registry.store.getModelHistory("rain-classifier");
  assert.equal(history.at(-1)!.reason, "worse on live traffic");
});

test("a failed run leaves no stale output: every cell starts blank, counts stay unique, the report has a failure banner", () => {
  const file = notebookFile([{ source: 'console.log("fresh")' }, { source: "throw new RangeError('diverged');" }, { source: 'console.log("never")' }, { source: "1 + 1" }]);
  // As an earlier run left it: outputs and counts in every cell, including those after the one that fails now.
  const nb = JSON.parse(fs.readFileSync(file, "utf8"));
  nb.cells.forEach((c: { outputs: unknown[]; execution_count: number }, i: number) => {
    c.execution_count = 1 + (i % 2); // 1, 2, 1, 2: stale counts that repeat the new ones
    c.outputs = [{ output_type: "stream", name: "stdout", text: `stale ${i}\n` }];
  });
  nb.metadata.labops = { failure: { cell: 3, executionCount: 9, ename: "OldError", evalue: "from an earlier run" } };
  fs.writeFileSync(file, JSON.stringify(nb));
  const dir = path.dirname(file);
  const r = labops(["run", file, "--output", path.join(dir, "out.ipynb"), "--report", path.join(dir, "report.html")]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(fs.readFileSync(path.join(dir, "out.ipynb"), "utf8"));
  assert.deepEqual(out.cells.map((c: { execution_count: number | null }) => c.execution_count), [1, 2, null, null]);
  assert.deepEqual(out.cells[0].outputs, [{ output_type: "stream", name: "stdout", text: "fresh\n" }]);
  assert.equal(out.cells[1].outputs.length, 1);
  assert.equal(out.cells[1].outputs[0].ename, "RangeError");
  assert.deepEqual([out.cells[2].outputs, out.cells[3].outputs], [[], []]);
  assert.deepEqual(out.metadata.labops.failure, { cell: 1, executionCount: 2, ename: "RangeError", evalue: "diverged" });
  const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
  assert.match(html, /<div class="failed" role="alert"><b>This run failed<\/b> at <a href="#cell-1">cell 1 \[2\]<\/a>: RangeError: diverged\. The cells after it did not run\.<\/div>/);
  assert.match(html, /<div class="cell failed-cell" id="cell-1">/);
  assert.doesNotMatch(html, /stale \d|OldError/);
  // A run that succeeds records no failure, even over a notebook that had one.
  fs.writeFileSync(file, JSON.stringify({ ...out, cells: [out.cells[0]] }));
  const ok = labops(["run", file, "--output", path.join(dir, "ok.ipynb"), "--report", path.join(dir, "ok.html")]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "ok.ipynb"), "utf8")).metadata.labops.failure, undefined);
  assert.doesNotMatch(fs.readFileSync(path.join(dir, "ok.html"), "utf8"), /class="failed"/);
});

test("exported scripts: the progress bar prints its progress on stderr (not one frozen 0% display), no file for it", () => {
  const file = notebookFile([{ source: 'const bar = new widgets.ProgressBar({ total: 20, label: "epochs" });\nfor (let i = 1; i <= 20; i++) bar.update(i);\nbar.close();' }]);
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules/labops"));
  const script = path.join(dir, "bar.ts");
  assert.equal(labops(["export", file, "-o", script]).code, 0);
  const r = spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), [script], { cwd: dir, encoding: "utf8", env: { ...process.env, LABOPS_TRACKING_URI: "" } });
  assert.equal(r.status, 0, r.stderr);
  // Not a terminal here: a line each tenth, the last one complete.
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 10, r.stderr);
  assert.match(lines[0]!, /^epochs  10% \|██░+\| 2\/20 /);
  assert.match(lines.at(-1)!, /^epochs 100% \|█{24}\| 20\/20 /);
  assert.equal(r.stdout, "");
  assert.equal(fs.existsSync(path.join(dir, "bar.outputs")), false);
});

// The labops kernel under real Jupyter machinery: kernelspec install, nbclient runs, errors, interrupts, and
// the Jupyter kernel conformance suite (jupyter_kernel_test).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { LabopsClient } from "../../src";
import { runPython } from "../helpers/peers";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const KERNEL = "labops-test";
let jupyterDir: string;
let env: NodeJS.ProcessEnv;

function labops(args: string[]) {
  return runNodeSync(cli, args, { env });
}

before(() => {
  jupyterDir = tempDir("labops-jupyter-");
  // JUPYTER_PATH empty too, so only kernels installed here are found besides system ones.
  env = { JUPYTER_DATA_DIR: jupyterDir, JUPYTER_PATH: "", JUPYTER_RUNTIME_DIR: path.join(jupyterDir, "runtime"), LABOPS_TRACKING_URI: "" };
  const r = labops(["kernel", "install", "--user", "--name", KERNEL, "--display-name", "labops under test"]);
  assert.equal(r.code, 0, r.stderr);
});

after(() => {
  const r = labops(["kernel", "uninstall", "--name", KERNEL]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(labops(["kernel", "list"]).stdout, new RegExp(KERNEL));
});

test("kernel install writes a kernelspec that starts this Node by absolute path", () => {
  const spec = JSON.parse(fs.readFileSync(path.join(jupyterDir, "kernels", KERNEL, "kernel.json"), "utf8"));
  assert.equal(spec.argv[0], process.execPath);
  assert.equal(spec.argv[1], path.join(repoRoot, "dist/kernel-ext/kernel.js"));
  assert.deepEqual(spec.argv.slice(2), ["--config-path", "{connection_file}"]);
  assert.equal(spec.interrupt_mode, "signal");
  assert.match(labops(["kernel", "list"]).stdout, new RegExp(`^\\*\\s+${KERNEL}\\s+labops under test`, "m"));
  assert.equal(labops(["kernel", "install", "--name", "bad name!"]).code, 1);
});

test("nbclient runs the tour notebook: magic output, streams, a table, and a chart bundle with its SVG", () => {
  const dir = tempDir();
  const nbFile = path.join(dir, "tour.ipynb");
  fs.copyFileSync(path.join(repoRoot, "notebooks/tracking-tour.ipynb"), nbFile);
  const out = path.join(dir, "executed.ipynb");
  const r = runPython(["tests/jupyter/nbclient_run.py", nbFile, out, KERNEL], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { ok: true });
  const nb = JSON.parse(fs.readFileSync(out, "utf8"));
  // nbformat may store multi-line strings as lists of lines: join them back.
  const joined = (v: unknown): unknown => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v.join("") : v);
  const outputs = (i: number) =>
    (nb.cells[i].outputs as { output_type: string; text?: string | string[]; data?: Record<string, unknown> }[]).map((o) => ({
      ...o,
      text: joined(o.text) as string | undefined,
      data: o.data && Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, joined(v)])),
    }));
  assert.match(String(outputs(2).find((o) => o.output_type === "execute_result")?.data?.["text/plain"]), /Experiment 'tour' \(id \d+\) is current/);
  assert.match(outputs(3).find((o) => o.output_type === "stream")!.text!, /trained 5 epochs, final loss 0\.5905/);
  assert.equal(outputs(4).find((o) => o.output_type === "execute_result")?.data?.["text/plain"], "1");
  const table = outputs(5).find((o) => o.output_type === "execute_result")!.data!;
  assert.match(String(table["text/html"]), /<table[\s\S]*tour-run/);
  const chart = outputs(6).find((o) => o.output_type === "execute_result")!.data!;
  assert.ok(chart["application/vnd.vegalite.v5+json"], Object.keys(chart).join(","));
  assert.match(String(chart["image/svg+xml"]), /^<svg[\s\S]*<\/svg>\s*$/);
  assert.deepEqual(nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { execution_count: number }) => c.execution_count), [1, 2, 3, 4, 5, 6, 7, 8]);
  // The progress bar is one output, updated in place through update_display_data to its final state.
  const bar = outputs(8);
  assert.equal(bar.length, 1, JSON.stringify(bar));
  assert.equal(bar[0]!.output_type, "display_data");
  assert.match(String(bar[0]!.data!["text/plain"]), /^epochs 100% \|█+\| 20\/20 .*loss=0\.05$/);
  assert.match(String(bar[0]!.data!["text/html"]), /<progress|width:\s*100(\.0+)?%/);
});

test("a notebook written by labops run passes nbformat's own validation", () => {
  const dir = tempDir();
  const out = path.join(dir, "out.ipynb");
  const r = labops(["run", path.join(repoRoot, "notebooks/tracking-tour.ipynb"), "--cwd", dir, "--output", out]);
  assert.equal(r.code, 0, r.stderr);
  const check = runPython(["-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor)", out]);
  assert.equal(check.code, 0, check.stderr);
  assert.equal(check.stdout.trim(), "4 5");
});

test("a failing cell reaches nbclient as a real error with ename and evalue", () => {
  const dir = tempDir();
  const nbFile = path.join(dir, "fail.ipynb");
  fs.writeFileSync(
    nbFile,
    JSON.stringify({
      nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: KERNEL, display_name: KERNEL, language: "typescript" } },
      cells: [
        { cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs: [], source: "const ok = 1;" },
        { cell_type: "code", id: "b", metadata: {}, execution_count: null, outputs: [], source: 'throw new TypeError("bad input")' },
        { cell_type: "code", id: "c", metadata: {}, execution_count: null, outputs: [], source: "%nosuch" },
      ],
    }),
  );
  const r = runPython(["tests/jupyter/nbclient_run.py", nbFile, path.join(dir, "out.ipynb"), KERNEL], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { ok: false, ename: "TypeError", evalue: "bad input" });
  const allowed = runPython(["tests/jupyter/nbclient_run.py", nbFile, path.join(dir, "out2.ipynb"), KERNEL, "--allow-errors"], env);
  assert.equal(allowed.code, 0, allowed.stderr);
  const nb = JSON.parse(fs.readFileSync(path.join(dir, "out2.ipynb"), "utf8"));
  const usage = nb.cells[2].outputs.find((o: { output_type: string }) => o.output_type === "error");
  assert.equal(usage?.ename, "UsageError", "the cell after an error still runs when errors are allowed (no abort window)");
});

async function runStatuses(store: string, experiment: string): Promise<Record<string, string>> {
  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName(experiment);
  assert.ok(exp, `experiment '${experiment}' in ${store}`);
  const runs = (await client.searchRuns([exp.experimentId])).runs;
  return Object.fromEntries(runs.map((r) => [r.info.runName, r.info.status]));
}

test("interrupts stop every cell: sync, awaiting, and loops after an await (%%track, a line magic); %%track ends KILLED", async () => {
  const store = path.join(tempDir(), "store");
  const r = runPython(["tests/jupyter/kernel_interrupt.py", KERNEL, store], env);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  const interrupted = { status: "error", ename: "KeyboardInterrupt", iopub_errors: ["KeyboardInterrupt"] };
  assert.deepEqual(result.sync, interrupted);
  assert.deepEqual(result.async, interrupted);
  assert.equal(result.setup.status, "ok", JSON.stringify(result.setup));
  // Before the watchdog these three never returned: the loop runs after an await, out of breakOnSigint's reach.
  assert.deepEqual(result.track, interrupted, "a %%track cell looping synchronously");
  assert.deepEqual(result.line_magic, interrupted, "a line magic, then a loop");
  assert.deepEqual(result.awaited, interrupted, "an await, then a loop");
  assert.equal(result.after.status, "ok");
  assert.deepEqual(result.comm_info, { msg_type: "comm_info_reply", content: { status: "ok", comms: {} } });
  assert.deepEqual(await runStatuses(store, "interrupts"), { looping: "KILLED" });
});

test("a restart or a shutdown ends the runs left active KILLED (shutdown_request, and the interrupt before it)", async () => {
  const store = path.join(tempDir(), "store");
  const r = runPython(["tests/jupyter/kernel_shutdown.py", KERNEL, store], env);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  assert.equal(result.left_open, "ok");
  assert.equal(result.setup_after_restart, "ok");
  // jupyter_client waits for the process to end, then signals it: a clean exit is quick.
  assert.ok(result.restart_seconds < 5, `restart took ${result.restart_seconds} s`);
  assert.ok(result.shutdown_seconds < 5, `shutdown took ${result.shutdown_seconds} s`);
  assert.deepEqual(await runStatuses(store, "shutdowns"), { "left-open": "KILLED", awaiting: "KILLED" });
  const client = new LabopsClient(store);
  const exp = (await client.getExperimentByName("shutdowns"))!;
  const leftOpen = (await client.searchRuns([exp.experimentId], { filterString: "attributes.run_name = 'left-open'" })).runs[0]!;
  assert.equal(leftOpen.data.metrics.m, 1, "buffered metrics are written before the kernel ends");
});

test("the Jupyter kernel conformance suite passes: execute, errors, completion, inspect, is_complete", () => {
  const r = runPython(["-m", "unittest", "-v", "tests/jupyter/kernel_conformance.py"], { ...env, LABOPS_KERNEL_NAME: KERNEL });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const required = ["kernel_info", "execute_stdout", "execute_stderr", "execute_result", "error", "completion", "inspect", "is_complete", "display_data", "clear_output"];
  for (const name of required) assert.match(r.stderr, new RegExp(`^test_${name} \\(.*\\) \\.\\.\\. ok$`, "m"), `test_${name} ran and passed`);
  // Only what the issue leaves out may be skipped: history and the pager.
  for (const skipped of r.stderr.matchAll(/^\s*(test_\w+) .*skipped/gm)) assert.match(skipped[1]!, /^test_(history|pager)$/, skipped[0]);
});

test("300 quick cells in a row: no reply or status is ever lost (tslab's unqueued zeromq sends drop some)", () => {
  const r = runPython(["bench/peers/kernel_roundtrip.py", KERNEL, "300"], env);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  assert.equal(result.lost, 0);
  assert.equal(result.cells, 300);
});

test("the %models notebook runs through real Jupyter: model card, audit timeline, the champion after a rollback", () => {
  const dir = tempDir();
  const nbFile = path.join(dir, "registry.ipynb");
  fs.copyFileSync(path.join(repoRoot, "notebooks/model-registry.ipynb"), nbFile);
  const out = path.join(dir, "executed.ipynb");
  const r = runPython(["tests/jupyter/nbclient_run.py", nbFile, out, KERNEL], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { ok: true });
  const nb = JSON.parse(fs.readFileSync(out, "utf8"));
  const result = (i: number) => {
    const o = (nb.cells[i].outputs as { output_type: string; data?: Record<string, string | string[]> }[]).find((x) => x.output_type === "execute_result");
    return Object.fromEntries(Object.entries(o?.data ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("") : v]));
  };
  assert.match(result(8)["text/plain"]!, /rain-classifier@champion: version 2 -> 1 \(rolled back\)/);
  assert.match(result(9)["text/html"]!, /rain-classifier/);
  // The audit timeline is two outputs: its table (display_data), then its chart (the cell's result).
  const history = (nb.cells[10].outputs as { output_type: string; data?: Record<string, string | string[]> }[]).map((o) => [o.output_type, Object.keys(o.data ?? {}).sort().join(",")]);
  assert.deepEqual(history, [["display_data", "text/html,text/plain"], ["execute_result", "application/vnd.vegalite.v5+json,image/svg+xml,text/plain"]]);
  const table = nb.cells[10].outputs[0].data;
  assert.match([table["text/plain"]].flat().join(""), /rollback_alias/);
  assert.equal(result(11)["text/plain"], "1");
});

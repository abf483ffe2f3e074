// A NotebookSession in-process: magics, results as bundles, errors as Jupyter errors, %%track's run states.

import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { NotebookSession, userTraceback } from "../../kernel-ext/session";
import { LabopsClient } from "../../src";
import { tempDir } from "../helpers/temp-dir";

let session: NotebookSession;
let store: string;

before(async () => {
  const dir = tempDir();
  store = path.join(dir, "store");
  session = new NotebookSession(dir);
  await session.start();
  const setup = await session.execute(`labops.setTrackingUri(${JSON.stringify(store)});`);
  assert.ok(setup.ok, JSON.stringify(setup.error));
});
after(() => session.close());

test("labops is predefined; the last value comes back as a bundle", async () => {
  const r = await session.execute("const n: number = 6 * 7;\nn");
  assert.deepEqual(r, { ok: true, result: { "text/plain": "42" } });
  const t = await session.execute("typeof labops.startRun");
  assert.equal(t.result?.["text/plain"], "'function'");
});

test("compile errors are TSError with the line; runtime errors keep their name and message", async () => {
  const compile = await session.execute("const a = 1;\nconst b: string = a;");
  assert.equal(compile.ok, false);
  assert.equal(compile.error?.ename, "TSError");
  assert.match(compile.error!.evalue, /^2:7 - Type 'number' is not assignable to type 'string'/);
  const runtime = await session.execute('throw new RangeError("out of range")');
  assert.equal(runtime.error?.ename, "RangeError");
  assert.equal(runtime.error?.evalue, "out of range");
  assert.ok(runtime.error!.traceback.length > 1);
});

test("an unknown magic is a UsageError naming it; %name? shows help; bad arguments name the problem", async () => {
  const unknown = await session.execute("%nosuchmagic 1 2");
  assert.equal(unknown.error?.ename, "UsageError");
  assert.match(unknown.error!.evalue, /Line magic function `%nosuchmagic` not found/);
  const help = await session.execute("%runs?");
  assert.match(String(help.result?.["text/plain"]), /%runs list \[options\]|Usage: %runs list/);
  const bad = await session.execute("%runs list --max many");
  assert.equal(bad.error?.ename, "UsageError");
  assert.match(bad.error!.evalue, /--max takes a number, got 'many'/);
  const badFilter = await session.execute('%runs list --filter "metrics.acc >> 1"');
  assert.match(badFilter.error!.evalue, /column 14/);
});

test("%%track runs the cell in a run: FINISHED, or FAILED with the error; declarations stay visible", async () => {
  const ok = await session.execute("%experiment track-test\n");
  assert.ok(ok.ok, JSON.stringify(ok.error));
  const good = await session.execute('%%track --name good --tags team=ml\n%log_params lr=0.5 layers=2\nconst trackedValue = 7;\nlabops.logMetric("m", trackedValue);');
  assert.ok(good.ok, JSON.stringify(good.error));
  const later = await session.execute("trackedValue + 1");
  assert.equal(later.result?.["text/plain"], "8");
  const bad = await session.execute('%%track --name bad\nthrow new Error("training diverged");');
  assert.equal(bad.error?.evalue, "training diverged");
  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName("track-test");
  const runs = (await client.searchRuns([exp!.experimentId], { orderBy: ["attributes.run_name"] })).runs;
  assert.deepEqual(runs.map((r) => [r.info.runName, r.info.status]), [["bad", "FAILED"], ["good", "FINISHED"]]);
  const goodRun = runs[1]!;
  assert.deepEqual(goodRun.data.params, { lr: "0.5", layers: "2" });
  assert.equal(goodRun.data.metrics.m, 7);
  assert.equal(goodRun.data.tags.team, "ml");
});

test("interpolation reads notebook variables, quoting values with spaces", async () => {
  await session.execute('const expName = "spaced name";');
  const r = await session.execute("%experiment {expName}");
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.match(String(r.result?.["text/plain"]), /Experiment 'spaced name'/);
  const data = await session.execute("const listed = %experiments list --json\nlisted.map((e: { name: string }) => e.name).includes(expName)");
  assert.equal(data.result?.["text/plain"], "true");
});

test("completion and is_complete see through magic lines", () => {
  const c = session.complete("%runs list\nMath.ma", "%runs list\nMath.ma".length);
  assert.ok(c.candidates.includes("max"), c.candidates.join(","));
  assert.deepEqual(session.isComplete("%runs list"), { completed: true });
  assert.equal(session.isComplete("function f() {").completed, false);
  const magic = session.complete("x = 1\n%ru", "x = 1\n%ru".length); // what the kernel's complete_request answers
  assert.ok(magic.candidates.some((c) => c.includes("runs")), magic.candidates.join(","));
});

test("%%track tags and %log_params values are kept as written; JSON in magic arguments gets a hint", async () => {
  const r = await session.execute('%%track --name kept --tags version=1.10,commit=0x1f,zip=007\n%log_params build=0b101 lr=0.10');
  assert.ok(r.ok, JSON.stringify(r.error));
  const client = new LabopsClient(store);
  const run = (await client.searchRuns(["0", (await client.getExperimentByName("spaced name"))!.experimentId], { filterString: "attributes.run_name = 'kept'" })).runs[0]!;
  assert.deepEqual([run.data.tags.version, run.data.tags.commit, run.data.tags.zip], ["1.10", "0x1f", "007"]);
  assert.deepEqual(run.data.params, { build: "0b101", lr: "0.10" });
  const json = await session.execute(`%models register --name x --model-path /nope --metrics '{"auc": 0.9}'`);
  assert.equal(json.error?.ename, "TSError");
  assert.match(json.error!.evalue, /write \{\{ and \}\} for literal braces/);
});

test("tracebacks show the user's frames only: the cell's, not tslab's, Node's or labops's own", async () => {
  const own = await session.execute('function inner(): never { throw new TypeError("bad shape"); }\nfunction outer() { inner(); }\nouter();');
  assert.equal(own.error?.ename, "TypeError");
  const [first, ...frames] = own.error!.traceback;
  assert.equal(first, "TypeError: bad shape");
  assert.ok(frames.length >= 2, own.error!.traceback.join("\n"));
  assert.ok(frames.every((f) => /^\s+at .*evalmachine\.<anonymous>/.test(f)), frames.join("\n"));
  assert.match(frames[0]!, /at inner /);
  // An error raised inside labops: the message, then where the cell called it; no labops or Node internals.
  const inLabops = await session.execute('await labops.getClient().getRun("no-such-run");');
  assert.equal(inLabops.error?.ename, "LabopsError");
  const tb = inLabops.error!.traceback;
  assert.match(tb[0]!, /no-such-run/);
  assert.ok(tb.length <= 3, tb.join("\n"));
  assert.ok(tb.slice(1).every((f) => f.includes("evalmachine.<anonymous>")), tb.join("\n"));
  assert.ok(!tb.some((f) => /node_modules|node:internal|dist[\\/](src|kernel-ext|widgets)[\\/]/.test(f)), tb.join("\n"));
});

test("userTraceback keeps the message lines and the user's own modules, drops the rest", () => {
  const stack = [
    "Error: two",
    "lines of message",
    "    at step (evalmachine.<anonymous>:3:9)",
    "    at Object.fit (/home/ana/project/model.js:10:5)",
    "    at Module._compile (node:internal/modules/cjs/loader:1554:14)",
    "    at execute (/home/ana/project/node_modules/tslab/dist/executor.js:150:24)",
    `    at logParam (${path.resolve(__dirname, "../../src/tracking/fluent.js")}:20:3)`,
    "    at new Promise (<anonymous>)",
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  ].join("\n");
  assert.deepEqual(userTraceback(stack), ["Error: two", "lines of message", "    at step (evalmachine.<anonymous>:3:9)", "    at Object.fit (/home/ana/project/model.js:10:5)"]);
  assert.deepEqual(userTraceback("Error: no frames"), ["Error: no frames"]);
});

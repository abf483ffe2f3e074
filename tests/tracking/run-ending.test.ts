// Runs left open end as MLflow ends them: KILLED on Ctrl-C (SIGINT) and SIGTERM, FAILED on an error exit, an
// uncaught exception or an unhandled rejection, FINISHED on a clean end; buffered metrics are written first,
// and the process still dies the way it would have (of the signal, or with its exit code).

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { startNode, workerPath } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

interface Ending {
  runId: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runScript(store: string, how: string, signal?: NodeJS.Signals): Promise<Ending> {
  return new Promise((resolve, reject) => {
    const child = startNode(workerPath("run-ending"), [store, how]);
    let out = "";
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.stdout!.on("data", (d) => {
      out += d;
      if (signal && /ready \w+\n/.test(out)) child.kill(signal);
    });
    child.on("error", reject);
    child.on("close", (code, sig) => {
      const runId = /ready (\w+)/.exec(out)?.[1];
      if (!runId) return reject(new Error(`the script never got ready (${code ?? sig}): ${stderr}`));
      resolve({ runId, code, signal: sig, stderr });
    });
  });
}

const cases: { how: string; signal?: NodeJS.Signals; status: string; code: number | null; diedOf: NodeJS.Signals | null }[] = [
  // Dying of the re-raised signal is what a shell reports as exit status 130 (SIGINT) or 143 (SIGTERM).
  { how: "sigint", signal: "SIGINT", status: "KILLED", code: null, diedOf: "SIGINT" },
  { how: "sigterm", signal: "SIGTERM", status: "KILLED", code: null, diedOf: "SIGTERM" },
  { how: "exit3", status: "FAILED", code: 3, diedOf: null },
  { how: "throw", status: "FAILED", code: 1, diedOf: null },
  { how: "reject", status: "FAILED", code: 1, diedOf: null },
  { how: "exitcode", status: "FAILED", code: 2, diedOf: null },
  { how: "exit0", status: "FINISHED", code: 0, diedOf: null },
  { how: "clean", status: "FINISHED", code: 0, diedOf: null },
];

for (const c of cases) {
  test(`a run left open at ${c.how} ends ${c.status}, its buffered metrics written, and the process ends as it would have`, { timeout: 60_000 }, async () => {
    const store = path.join(tempDir(), "store");
    const before = Date.now();
    const ending = await runScript(store, c.how, c.signal);
    assert.equal(ending.signal, c.diedOf, `died of ${ending.signal}; stderr: ${ending.stderr}`);
    assert.equal(ending.code, c.code, ending.stderr);
    if (c.how === "throw") assert.match(ending.stderr, /boom from the training loop/);
    if (c.how === "reject") assert.match(ending.stderr, /rejected and never handled/);
    const client = new LabopsClient(new FileTrackingStore(store));
    const run = await client.getRun(ending.runId);
    assert.equal(run.info.status, c.status);
    assert.ok(run.info.endTime !== undefined && run.info.endTime >= before, "the run has an end time");
    assert.deepEqual((await client.getMetricHistory(ending.runId, "loss")).map((m) => m.step), [0, 1, 2, 3, 4], "buffered points were written first");
  });
}

// A process killed with SIGKILL at any moment leaves a store that reads back with every acknowledged write.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { startNode, workerPath } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

const PER_BATCH = 2000;

/** Starts the writer, kills it with SIGKILL after `afterMs`, returns the last step it acknowledged. */
function writeThenKill(root: string, runId: string, first: number, afterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = startNode(workerPath("crash-writer"), [root, runId, String(first), String(PER_BATCH)]);
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (err += d));
    let timer: NodeJS.Timeout | undefined;
    child.stdout!.once("data", () => (timer = setTimeout(() => child.kill("SIGKILL"), afterMs)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") return reject(new Error(`writer ended with ${code}: ${err}`));
      const acks = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
      resolve(acks.length ? acks[acks.length - 1]! : first - 1);
    });
  });
}

test("kill -9 during writes, again and again: every acknowledged write reads back", { timeout: 180_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const setup = new LabopsClient(new FileTrackingStore(root));
  const runId = (await setup.createRun("0", { runName: "crash" })).info.runId;
  let next = 0;
  const acknowledged: number[] = [];
  const warnings: string[] = [];
  for (let round = 0; round < 8; round++) {
    const lastAck = await writeThenKill(root, runId, next, 40 + ((round * 37) % 120));
    for (let n = next; n <= lastAck; n++) acknowledged.push(n);
    const reader = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
    const run = await reader.getRun(runId);
    const steps = new Set((await reader.getMetricHistory(runId, "loss")).map((m) => m.step));
    for (const n of acknowledged) {
      assert.equal(run.data.tags[`ack.${n}`], String(n), `acknowledged tag ack.${n} (round ${round})`);
      assert.ok(steps.has(n * PER_BATCH) && steps.has(n * PER_BATCH + PER_BATCH - 1), `acknowledged batch ${n} (round ${round})`);
    }
    // The batch in flight at the kill may or may not be there; the next round never reuses its steps.
    next = Math.max(next, lastAck + 1) + 1;
  }
  assert.ok(acknowledged.length > 8, "the writer made progress between kills");
  // The store still takes writes after all that.
  const after = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  await after.setTag(runId, "after", "yes");
  assert.equal((await after.getRun(runId)).data.tags.after, "yes");
});

test("a torn last journal line and a torn metric frame are ignored, reported, and cut by the next writer", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root));
  const runId = (await client.createRun("0")).info.runId;
  await client.logBatch(runId, { metrics: [{ key: "m", value: 1, step: 0, timestamp: 1 }], params: [{ key: "p", value: "1" }] });

  const journal = path.join(root, "journal", "0.jsonl");
  fs.appendFileSync(journal, '{"op":"logBatch","id":"' + runId + '","metr');
  const metricLog = path.join(root, "metrics", `${runId}.lbm`);
  const frame = fs.readFileSync(metricLog);
  fs.appendFileSync(metricLog, frame.subarray(0, frame.length - 5));

  const warnings: string[] = [];
  const reader = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  assert.deepEqual((await reader.getRun(runId)).data.params, { p: "1" });
  assert.deepEqual((await reader.getMetricHistory(runId, "m")).map((m) => m.value), [1]);
  // Bytes past the run's committed history end are not history (they may be a batch in flight): readers say nothing.
  assert.ok(!warnings.some((w) => /metric frames/.test(w)), warnings.join("\n"));

  // The next writer cuts both torn tails off, so later readers find whole files.
  await reader.logMetric(runId, "m", 2, { step: 1, timestamp: 2 });
  assert.deepEqual((await reader.getMetricHistory(runId, "m")).map((m) => m.value), [1, 2]);
  assert.ok(warnings.some((w) => /Dropped a torn last line/.test(w)), warnings.join("\n"));
  assert.ok(warnings.some((w) => /Dropped a torn metric frame \(\d+ bytes\)/.test(w)), warnings.join("\n"));
  const later: string[] = [];
  const fresh = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => later.push(m) }));
  assert.deepEqual((await fresh.getMetricHistory(runId, "m")).map((m) => m.value), [1, 2]);
  assert.deepEqual(later, [], "nothing torn is left to report");
  const lines = fs.readFileSync(journal, "utf8").split("\n").filter(Boolean);
  for (const line of lines) JSON.parse(line); // every line whole again
});

test("damage inside a run's committed metric history is skipped and reported by readers", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root));
  const runId = (await client.createRun("0")).info.runId;
  for (let i = 0; i < 3; i++) await client.logMetric(runId, "m", i, { step: i, timestamp: 1 });
  const metricLog = path.join(root, "metrics", `${runId}.lbm`);
  const bytes = fs.readFileSync(metricLog);
  const frame = bytes.length / 3;
  bytes[frame + 20] = bytes[frame + 20]! ^ 0xff; // flip a bit inside the second frame's payload
  fs.writeFileSync(metricLog, bytes);
  const warnings: string[] = [];
  const reader = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  assert.deepEqual((await reader.getMetricHistory(runId, "m")).map((m) => m.value), [0, 2]);
  assert.ok(warnings.some((w) => w.includes(`skipped ${frame} bytes of torn or damaged metric frames in ${metricLog}`)), warnings.join("\n"));
});

test("a lock left by a dead process is taken over; a live holder makes writers wait, then fail clearly", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root));
  await client.createExperiment("first");
  const lockFile = path.join(root, ".lock");

  const dead = startNode("-e", ["0"]);
  await new Promise((r) => dead.on("close", r));
  fs.writeFileSync(lockFile, JSON.stringify({ pid: dead.pid, host: require("node:os").hostname(), start: "", nonce: "x" }));
  const warnings: string[] = [];
  const taker = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  await taker.createExperiment("after-dead-owner");
  assert.ok(warnings.some((w) => w.includes(`process ${dead.pid}`)), warnings.join("\n"));
  assert.equal(fs.existsSync(lockFile), false);

  fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: require("node:os").hostname(), start: "", nonce: "y" }));
  const waiter = new LabopsClient(new FileTrackingStore(root, { lockTimeoutMs: 300 }));
  await assert.rejects(waiter.createExperiment("blocked"), /store is busy.*held by process/);
  fs.rmSync(lockFile);
  assert.equal(await waiter.getExperimentByName("blocked"), null, "a failed write changed nothing");
});

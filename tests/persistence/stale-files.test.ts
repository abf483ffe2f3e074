// Files left by killed processes (a lock's staging file, a half-written snapshot) are removed by the next writer
// when their owner is dead, and only then.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { startNode } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

async function deadPid(): Promise<number> {
  const child = startNode("-e", ["0"]);
  await new Promise((r) => child.on("close", r));
  return child.pid!;
}

test("the next writer removes lock staging files of dead processes and a half-written snapshot; a live owner's file stays", async () => {
  const root = path.join(tempDir(), "store");
  await new LabopsClient(new FileTrackingStore(root)).createExperiment("first");
  const host = os.hostname();
  const dead = await deadPid();
  const deadStaging = path.join(root, ".lock.00112233aabbccdd");
  fs.writeFileSync(deadStaging, JSON.stringify({ pid: dead, host, start: "", nonce: "00112233aabbccdd" }));
  const liveStaging = path.join(root, ".lock.ffeeddccbbaa9988");
  fs.writeFileSync(liveStaging, JSON.stringify({ pid: process.pid, host, start: "", nonce: "ffeeddccbbaa9988" }));
  const emptyOld = path.join(root, ".lock.0123456789abcdef"); // killed between creating and writing it
  fs.writeFileSync(emptyOld, "");
  fs.utimesSync(emptyOld, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  const emptyNew = path.join(root, ".lock.fedcba9876543210"); // may be being written right now
  fs.writeFileSync(emptyNew, "");
  const temp = path.join(root, ".store.json.tmp");
  fs.writeFileSync(temp, '{"format":1,"segm');

  const warnings: string[] = [];
  const client = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  await client.createExperiment("second");
  assert.equal(fs.existsSync(deadStaging), false, "a dead process's staging file is removed");
  assert.equal(fs.existsSync(emptyOld), false, "an old unreadable staging file is removed");
  assert.equal(fs.existsSync(temp), false, "a half-written snapshot is removed");
  assert.equal(fs.existsSync(liveStaging), true, "a live process's staging file stays");
  assert.equal(fs.existsSync(emptyNew), true, "a fresh unreadable staging file stays");
  assert.ok(warnings.some((w) => w.includes(deadStaging) && w.includes(`process ${dead}`)), warnings.join("\n"));
  assert.ok(warnings.some((w) => w.includes(temp)), warnings.join("\n"));
  assert.deepEqual((await client.searchExperiments()).experiments.map((e) => e.name).sort(), ["Default", "first", "second"]);
  assert.deepEqual(fs.readdirSync(root).filter((n) => n.startsWith(".lock")).sort(), [".lock.fedcba9876543210", ".lock.ffeeddccbbaa9988"], "no lock or staging file of ours is left");
});

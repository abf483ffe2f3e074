// Every file-store failure (a damaged snapshot, a read-only folder, a full disk, a bad symlink) surfaces as a
// LabopsError whose message is one line naming the file and saying what to do; no raw Node error leaks.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient, LabopsError } from "../../src";
import { tempDir } from "../helpers/temp-dir";
import { injectFault, type Fault } from "./fs-faults";

function oneLineError(code: string, pattern: RegExp) {
  return (e: unknown): true => {
    assert.ok(e instanceof LabopsError, `a LabopsError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.doesNotMatch(e.message, /\n/, "one line");
    assert.match(e.message, pattern);
    return true;
  };
}

async function storeWithRun(options: ConstructorParameters<typeof FileTrackingStore>[1] = {}): Promise<{ root: string; client: LabopsClient; runId: string }> {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root, options));
  const runId = (await client.createRun("0")).info.runId;
  await client.logMetric(runId, "m", 1, { step: 0, timestamp: 1 });
  return { root, client, runId };
}

test("a damaged snapshot: reads and writes fail with one line naming store.json and what to do", async () => {
  const { root, runId } = await storeWithRun({ compactBytes: 1 }); // every write compacts: store.json exists
  const snapshot = path.join(root, "store.json");
  fs.writeFileSync(snapshot, fs.readFileSync(snapshot, "utf8").slice(0, 40));
  const client = new LabopsClient(new FileTrackingStore(root));
  const damaged = oneLineError("DATA_LOSS", new RegExp(`snapshot ${snapshot.replace(/[.\\/]/g, "\\$&")} is damaged .*Restore it from a backup`));
  await assert.rejects(client.getRun(runId), damaged);
  await assert.rejects(client.searchRuns(["0"]), damaged);
  await assert.rejects(client.createExperiment("x"), damaged);
  fs.writeFileSync(snapshot, "[1, 2]");
  await assert.rejects(new LabopsClient(new FileTrackingStore(root)).getRun(runId), oneLineError("DATA_LOSS", /is not a labops snapshot.*Restore it from a backup/));
});

const writeFaults: [string, Fault["code"], string, RegExp][] = [
  ["a read-only store folder (EACCES)", "EACCES", "PERMISSION_DENIED", /Permission denied to write .*\(EACCES\)\. Nothing was changed\. Make it writable/],
  ["a read-only file system (EROFS)", "EROFS", "PERMISSION_DENIED", /Cannot write .*read-only file system \(EROFS\)\. Nothing was changed\. Use a store on a writable disk/],
  ["a full disk (ENOSPC)", "ENOSPC", "INTERNAL_ERROR", /The disk is full: could not write .*\(ENOSPC\)\. Nothing was changed\. Free some space/],
];

for (const [what, code, errorCode, pattern] of writeFaults) {
  test(`${what}: every kind of write fails with one line naming the file, and changes nothing`, async () => {
    const { root, client, runId } = await storeWithRun();
    const files = new Set<string>();
    // Each place a write can first touch the disk: the lock's staging file, the journal, the metric log.
    for (const target of [/\.lock\.[0-9a-f]+$/, /0\.jsonl$/, /\.lbm$/]) {
      const fault = injectFault({ when: (call, file) => call !== "truncate" && target.test(file), code });
      try {
        await assert.rejects(client.logBatch(runId, { metrics: [{ key: "m", value: 2, step: 1, timestamp: 2 }], params: [{ key: "p", value: "v" }] }), (e) => {
          oneLineError(errorCode, pattern)(e);
          const named = (e as Error).message.match(/\/\S+/)![0].replace(/[:.]$/, "");
          assert.match(named, target, "the message names the file that failed");
          files.add(named);
          return true;
        });
      } finally {
        fault.restore();
      }
    }
    assert.equal(files.size, 3);
    const reader = new LabopsClient(new FileTrackingStore(root));
    assert.deepEqual((await reader.getRun(runId)).data.params, {}, "nothing was written");
    assert.deepEqual((await reader.getMetricHistory(runId, "m")).map((m) => m.value), [1]);
  });
}

test("a store path that is a broken symlink or a symlink loop fails with one line naming it", async () => {
  const dir = tempDir();
  const dangling = path.join(dir, "store");
  fs.symlinkSync(path.join(dir, "gone", "away"), dangling);
  const broken = oneLineError("RESOURCE_DOES_NOT_EXIST", /symbolic link on the way is broken/);
  await assert.rejects(new LabopsClient(dangling).createExperiment("x"), broken);
  await assert.rejects(new LabopsClient(dangling).searchExperiments(), broken);

  const loop = path.join(dir, "loop");
  fs.symlinkSync(loop, loop);
  const looping = oneLineError("INVALID_STATE", new RegExp(`${loop.replace(/[.\\/]/g, "\\$&")}.*loops or was refused \\(ELOOP\\)`));
  await assert.rejects(new LabopsClient(loop).createExperiment("x"), looping);
  await assert.rejects(new LabopsClient(loop).searchExperiments(), looping);
});

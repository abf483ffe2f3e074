// A store whose store.json is gone while its journal is there: rebuilt from a journal that holds all of history,
// refused (naming the file and what to do) when the history before the journal was only in the snapshot.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient, LabopsError } from "../../src";
import { tempDir } from "../helpers/temp-dir";

test("store.json lost after a compaction: reads and writes are refused, the journal is left as it was", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root, { compactBytes: 800 }));
  for (let i = 0; i < 8; i++) await client.createExperiment(`e${i}`);
  assert.ok(fs.existsSync(path.join(root, "store.json")), "a compaction happened");
  await client.createExperiment("after-compaction");
  const journalDir = path.join(root, "journal");
  const before = Object.fromEntries(fs.readdirSync(journalDir).map((n) => [n, fs.readFileSync(path.join(journalDir, n), "utf8")]));
  assert.ok(!("0.jsonl" in before), "segment 0 is folded into the snapshot");
  fs.rmSync(path.join(root, "store.json"));

  const fresh = new LabopsClient(new FileTrackingStore(root));
  const refused = (e: unknown): true => {
    assert.ok(e instanceof LabopsError && e.code === "DATA_LOSS", String(e));
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, new RegExp(`snapshot ${path.join(root, "store.json").replace(/[.\\/]/g, "\\$&")} is missing.*Restore store\\.json from a backup`));
    return true;
  };
  await assert.rejects(fresh.searchExperiments(), refused);
  await assert.rejects(fresh.createExperiment("would-reuse-id-1"), refused);
  await assert.rejects(fresh.createRun("0"), refused);
  const after = Object.fromEntries(fs.readdirSync(journalDir).map((n) => [n, fs.readFileSync(path.join(journalDir, n), "utf8")]));
  assert.deepEqual(after, before, "the journal was neither truncated nor appended to");
});

test("store.json missing while the journal starts at segment 0: the store is rebuilt from it, ids go on", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root));
  for (let i = 0; i < 3; i++) await client.createExperiment(`e${i}`);
  // A first compaction that died after creating the next segment, before writing store.json.
  fs.writeFileSync(path.join(root, "journal", "1.jsonl"), "");
  const reopened = new LabopsClient(new FileTrackingStore(root, { compactBytes: 1 }));
  assert.deepEqual((await reopened.searchExperiments()).experiments.map((e) => e.name).sort(), ["Default", "e0", "e1", "e2"]);
  assert.equal(await reopened.createExperiment("next"), "4", "no id is given out twice");
  assert.ok(fs.existsSync(path.join(root, "store.json")), "the write compacted");
  assert.deepEqual(fs.readdirSync(path.join(root, "journal")), ["2.jsonl"], "every folded segment is removed");
  assert.equal((await new LabopsClient(new FileTrackingStore(root)).searchExperiments()).experiments.length, 5);
});

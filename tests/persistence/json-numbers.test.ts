// The number codec of journals and snapshots keeps NaN and ±Infinity, and gives every text back as text,
// including texts that begin with its internal marker.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { parseKeepingNumbers, stringifyKeepingNumbers } from "../../src/persistence/json-numbers";
import { tempDir } from "../helpers/temp-dir";

const tricky = ["\u0000num:5", "\u0000num:NaN", "\u0000num:Infinity", "\u0000", "\u0000\u0000", "\u0000\u0000num:1", "\u0000x", "num:5", ""];

test("texts that begin with the number marker or with NUL come back as the same text", () => {
  for (const text of tricky) {
    const back = parseKeepingNumbers<{ v: string; a: string[] }>(stringifyKeepingNumbers({ v: text, a: [text] }));
    assert.equal(back.v, text, JSON.stringify(text));
    assert.deepEqual(back.a, [text]);
  }
});

test("NaN, ±Infinity and ordinary values keep their types", () => {
  const value = { nan: Number.NaN, inf: Infinity, ninf: -Infinity, n: 1.5, s: "x", z: null, arr: [Number.NaN, "\u0000num:NaN"] };
  const back = parseKeepingNumbers<typeof value>(stringifyKeepingNumbers(value));
  assert.ok(Number.isNaN(back.nan));
  assert.equal(back.inf, Infinity);
  assert.equal(back.ninf, -Infinity);
  assert.deepEqual([back.n, back.s, back.z], [1.5, "x", null]);
  assert.ok(Number.isNaN(back.arr[0]));
  assert.equal(back.arr[1], "\u0000num:NaN");
});

test("tags and params that look like the marker survive the journal and a compaction as text", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root, { compactBytes: 800 }));
  const runId = (await client.createRun("0")).info.runId;
  await client.logBatch(runId, { params: [{ key: "p", value: "\u0000num:42" }], tags: tricky.map((value, i) => ({ key: `t${i}`, value })) });
  const check = async (label: string): Promise<void> => {
    const run = await new LabopsClient(new FileTrackingStore(root)).getRun(runId);
    assert.equal(run.data.params.p, "\u0000num:42", label);
    tricky.forEach((value, i) => assert.equal(run.data.tags[`t${i}`], value, `${label}: tag t${i}`));
  };
  await check("from the journal");
  for (let i = 0; i < 10; i++) await client.setTag(runId, `pad${i}`, "x".repeat(100)); // past compactBytes
  await check("from the snapshot");
});

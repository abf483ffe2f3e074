// The collector: log format, filters, clear failure with too few rows, atomic snapshots with digests, run inputs.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as tracking from "../../src/tracking";
import { appendPredictionLog, collectPredictions, fileDigest, formatPredictionRecord, logCollectedInput, readPredictionLog, readTable, type PredictionRecord } from "../../src/data";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const NOW = Date.parse("2024-06-30T00:00:00Z");
function records(n: number): PredictionRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    time: new Date(NOW - (i % 20) * 86_400_000 - 3_600_000).toISOString(),
    unitId: `u${i % 7}`,
    variant: i % 2 ? "B" : "A",
    modelVersion: "models:/rain/3",
    features: { wind: i / 10, city: i % 3 ? "Seattle" : "Portland", rainy: i % 4 === 0 },
    prediction: i % 2,
    confidence: (i % 10) / 10 + 0.05,
    latencyMs: 2 + (i % 5),
    ...(i % 3 === 0 ? { label: i % 2 } : {}),
  }));
}

test("the log format: records checked field by field; appended as JSONL and read back flat", async () => {
  const file = path.join(tempDir(), "log.jsonl");
  appendPredictionLog(file, records(10));
  appendPredictionLog(file, records(5));
  const t = await readPredictionLog(file);
  assert.equal(t.rowCount, 15);
  assert.deepEqual(t.names, ["time", "unitId", "variant", "modelVersion", "prediction", "confidence", "latencyMs", "label", "feature.wind", "feature.city", "feature.rainy"]);
  assert.equal(t.columns["feature.rainy"]!.type, "boolean");
  assert.throws(() => formatPredictionRecord({ ...records(1)[0]!, confidence: 1.5 }), /confidence must be a number in \[0, 1\]; got 1.5/);
  assert.throws(() => formatPredictionRecord({ ...records(1)[0]!, time: "yesterday" }), /time 'yesterday' is not an ISO 8601 date/);
  assert.throws(() => formatPredictionRecord({ ...records(1)[0]!, features: { x: [1] as never } }), /feature 'x' must be a number/);
  const bad = path.join(tempDir(), "bad.jsonl");
  fs.writeFileSync(bad, formatPredictionRecord(records(1)[0]!) + '\n{"time": 1}\n');
  await assert.rejects(readPredictionLog(bad), /bad\.jsonl, record 2: unitId must be a non-empty string/);
});

test("filters: window in days, minimum confidence, labels present, variant; counts say what each dropped", async () => {
  const dir = tempDir();
  const file = path.join(dir, "log.jsonl");
  appendPredictionLog(file, records(200));
  const r = await collectPredictions({ sources: file, days: 7, now: NOW, minConfidence: 0.5, labeled: true, variant: "B" });
  const all = records(200);
  const expected = all.filter((x) => Date.parse(x.time) >= NOW - 7 * 86_400_000 && x.confidence >= 0.5 && x.label !== undefined && x.variant === "B");
  assert.equal(r.rows, expected.length);
  assert.ok(r.rows > 0);
  assert.equal(r.counts.read, 200);
  assert.equal(r.counts.outsideWindow, all.filter((x) => Date.parse(x.time) < NOW - 7 * 86_400_000).length);
  assert.equal(r.window.from, "2024-06-23T00:00:00.000Z");
  assert.equal(r.snapshot, null);
  assert.match(r.digest, /^sha256:[0-9a-f]{64}$/);
});

test("too few samples fail clearly and write nothing", async () => {
  const dir = tempDir();
  const file = path.join(dir, "log.jsonl");
  appendPredictionLog(file, records(50));
  const out = path.join(dir, "snap.jsonl");
  await assert.rejects(collectPredictions({ sources: file, days: 2, now: NOW, minSamples: 100, output: out }), /Only \d+ predictions pass the filters; at least 100 are needed \(read 50 from .*dropped: \d+ outsideWindow/);
  assert.deepEqual(fs.readdirSync(dir), ["log.jsonl"]);
  await assert.rejects(collectPredictions({ sources: file, output: path.join(dir, "x.parquet") }), /must end in \.jsonl or \.csv/);
});

test("snapshots: written whole (temp file then rename), digest of the file's bytes, deterministic, re-readable; CSV and Parquet logs too", async () => {
  const dir = tempDir();
  const file = path.join(dir, "log.jsonl");
  appendPredictionLog(file, records(60));
  const out = path.join(dir, "snaps", "june.jsonl");
  const a = await collectPredictions({ sources: file, days: 30, now: NOW, output: out });
  assert.equal(fileDigest(out), a.digest);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ["june.jsonl"], "no temp file left");
  const b = await collectPredictions({ sources: file, days: 30, now: NOW });
  assert.equal(b.digest, a.digest, "same data, same digest");
  const again = await collectPredictions({ sources: out });
  assert.equal(again.rows, a.rows);
  const csv = path.join(dir, "june.csv");
  const c = await collectPredictions({ sources: file, days: 30, now: NOW, output: csv });
  const back = await readTable(csv);
  assert.equal(back.rowCount, c.rows);
  assert.equal((await collectPredictions({ sources: csv })).rows, c.rows, "a CSV log reads back through the collector");
  await assert.rejects(collectPredictions({ sources: path.join(dir, "missing.jsonl") }), /No prediction log/);
  // A Parquet log written by pyarrow (tests/fixtures/data/make_prediction_log_parquet.py), ZSTD pages.
  const pq = await collectPredictions({ sources: path.join(repoRoot, "tests/fixtures/data/prediction-log.parquet"), days: 3, now: NOW, labeled: true, minConfidence: 0.6 });
  const expectedRows = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 10 <= 3 && i % 3 === 0 && 0.5 + (i % 5) / 10 >= 0.6).length;
  assert.equal(pq.rows, expectedRows);
  assert.equal(pq.schema["feature.city"], "string");
  assert.equal(pq.schema.time, "date");
  const notLog = path.join(dir, "other.csv");
  fs.writeFileSync(notLog, "a,b\n1,2\n");
  await assert.rejects(collectPredictions({ sources: notLog }), /not a prediction log: column 'time' is missing/);
});

test("logCollectedInput records the dataset on the active run: tag with MLflow's input fields, snapshot artifact", async () => {
  tracking.setTrackingUri(path.join(tempDir(), "store"));
  const dir = tempDir();
  const file = path.join(dir, "log.jsonl");
  appendPredictionLog(file, records(40));
  const r = await collectPredictions({ sources: file, days: 10, now: NOW, output: path.join(dir, "train.jsonl") });
  await assert.rejects(logCollectedInput(r), /needs a run/);
  const run = await tracking.startRun();
  const { tag } = await logCollectedInput(r, { context: "training" });
  await tracking.endRun();
  const stored = await tracking.getClient().getRun(run.runId);
  const input = JSON.parse(stored.data.tags[tag]!);
  assert.equal(tag, "labops.input.train");
  assert.deepEqual({ name: input.name, digest: input.digest, context: input.context, rows: input.profile.numRows }, { name: "train", digest: r.digest, context: "training", rows: r.rows });
  const artifacts = await tracking.getClient().listArtifacts(run.runId, "inputs/train");
  assert.deepEqual(artifacts.map((a) => a.path), ["inputs/train/train.jsonl"]);
});

test("CSV logs: numeric-looking ids stay strings, epoch-ms times read as dates", async () => {
  const dir = tempDir();
  const csv = path.join(dir, "log.csv");
  fs.writeFileSync(csv, `time,unitId,variant,modelVersion,prediction,confidence,latencyMs,label,feature.x\n${NOW - 1000},1001,1,3,0.2,0.9,3,1,0.5\n${NOW - 2000},1002,2,3,0.7,0.4,4,,0.1\n`);
  const r = await collectPredictions({ sources: csv, variant: "1", days: 1, now: NOW });
  assert.equal(r.rows, 1);
  assert.equal(r.schema.unitId, "string");
  assert.equal(r.schema.time, "date");
});

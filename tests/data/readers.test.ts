// Readers for the user's files: CSV, JSON, JSONL, Parquet, Arrow; type inference and overrides; bad files.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { cellValue, datasetFile, readTable, tableSchema, tableToRecords } from "../../src/data";
import { tempDir } from "../helpers/temp-dir";

const write = (name: string, content: string | Buffer) => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
};

test("CSV: inference of number, boolean, date, string; missing markers; overrides", async () => {
  const file = write("a.csv", 'id,zip,flag,when,name,score\n1,02139,true,2024-05-01,"Smith, J",1.5\n2,10001,false,2024-05-02T10:30:00Z,Lee,NA\n3,,true,,"",-2e3\n');
  const t = await readTable(file);
  assert.deepEqual(tableSchema(t), { id: "number", zip: "number", flag: "boolean", when: "date", name: "string", score: "number" });
  assert.deepEqual(tableToRecords(t)[0], { id: 1, zip: 2139, flag: true, when: new Date("2024-05-01T00:00:00Z"), name: "Smith, J", score: 1.5 });
  assert.equal(cellValue(t.columns.score!, 1), null);
  assert.equal(cellValue(t.columns.score!, 2), -2000);
  assert.equal(cellValue(t.columns.name!, 2), null);
  const typed = await readTable(file, { types: { zip: "string", id: "string" } });
  assert.equal(cellValue(typed.columns.zip!, 0), "02139");
  await assert.rejects(readTable(file, { types: { name: "number" } }), /Column 'name', row 1: 'Smith, J' is not a number/);
  await assert.rejects(readTable(file, { types: { nope: "number" } }), /types names column 'nope', which does not exist/);
});

test("JSON (rows or columns) and JSONL", async () => {
  const rows = await readTable(write("r.json", JSON.stringify([{ a: 1, b: "x" }, { a: null, b: "y", c: true }])));
  assert.deepEqual(tableSchema(rows), { a: "number", b: "string", c: "boolean" });
  assert.deepEqual(tableToRecords(rows), [{ a: 1, b: "x", c: null }, { a: null, b: "y", c: true }]);
  const cols = await readTable(write("c.json", JSON.stringify({ a: [1, 2], t: ["2024-01-01", "2024-01-02"] })));
  assert.deepEqual(tableSchema(cols), { a: "number", t: "date" });
  const lines = await readTable(write("l.jsonl", '{"a":1}\n\n{"a":2.5}\n'));
  assert.deepEqual(tableToRecords(lines), [{ a: 1 }, { a: 2.5 }]);
  await assert.rejects(readTable(write("bad.jsonl", '{"a":1}\n{"a":\n')), /bad\.jsonl, line 2: not valid JSON/);
});

test("Arrow: flights-200k with Int16/Float32 columns; Parquet with where and limit", async () => {
  const arrow = await readTable(datasetFile("flights-200k"), { limit: 5 });
  assert.deepEqual(tableSchema(arrow), { delay: "number", distance: "number", time: "number" });
  assert.equal(arrow.rowCount, 5);
  const pq = await readTable(datasetFile("flights-3m"), { columns: ["origin", "delay"], limit: 2000, where: { origin: "SFO" } });
  assert.ok(pq.rowCount > 0 && pq.rowCount <= 2000);
  assert.deepEqual((pq.columns.origin as { categories: string[] }).categories.filter((_, c) => (pq.columns.origin as { codes: Int32Array }).codes.includes(c)), ["SFO"]);
});

test("bad files: empty, corrupt Parquet, corrupt Arrow, unknown extension, missing file, ragged CSV", async () => {
  await assert.rejects(readTable(write("e.csv", "")), /e\.csv' is empty/);
  await assert.rejects(readTable(write("e.parquet", "")), /is empty/);
  const good = fs.readFileSync(datasetFile("flights-3m"));
  await assert.rejects(readTable(write("x.parquet", Buffer.concat([good.subarray(0, 4000), good.subarray(good.length - 3000)]))), /x\.parquet' is not a readable Parquet file/);
  await assert.rejects(readTable(write("y.parquet", "not parquet at all")), /y\.parquet' is not a readable Parquet file/);
  await assert.rejects(readTable(write("z.arrow", "not arrow")), /z\.arrow' is not a readable Arrow IPC file/);
  await assert.rejects(readTable(write("d.xlsx", "x")), /Cannot tell the format of/);
  await assert.rejects(readTable("/nonexistent/file.csv"), /No file '\/nonexistent\/file.csv'/);
  await assert.rejects(readTable(write("r.csv", "a,b\n1,2\n3\n")), /row 3 has 1 fields; the header has 2/);
  const headerOnly = await readTable(write("h.csv", "a,b\n"));
  assert.deepEqual(headerOnly.names, ["a", "b"]);
  assert.equal(headerOnly.rowCount, 0);
});

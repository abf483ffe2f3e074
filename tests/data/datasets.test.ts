// The shipped datasets against their manifest (digests, row counts, columns, missing counts) and the loaders' options.

import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { datasetFile, datasetManifest, fileDigest, loadColumns, loadDataset, tableSchema, type ColumnTable } from "../../src/data";

const missingCount = (t: ColumnTable, name: string) => {
  const c = t.columns[name]!;
  let n = 0;
  for (let i = 0; i < t.rowCount; i++) if (c.type === "string" ? c.codes[i]! < 0 : Number.isNaN(c.values[i]!)) n++;
  return n;
};

test("every manifest entry: the file exists, its digest matches, and (small files) rows, columns and missing counts match", async () => {
  const manifest = datasetManifest();
  assert.deepEqual(manifest.map((d) => d.name), ["seattle-weather", "penguins", "flights-200k", "flights-3m"]);
  for (const entry of manifest) {
    const file = datasetFile(entry.name);
    assert.equal(fileDigest(file), entry.digest, `${entry.name}: content digest`);
    assert.ok(entry.source && entry.license && entry.description, `${entry.name}: provenance`);
    if (entry.name === "flights-3m") continue; // read whole in the next test, columns only
    const t = await loadColumns(entry.name);
    assert.equal(t.rowCount, entry.rows, `${entry.name}: rows`);
    assert.deepEqual(tableSchema(t), Object.fromEntries(entry.columns.map((c) => [c.name, c.type])), `${entry.name}: columns`);
    for (const c of entry.columns) assert.equal(missingCount(t, c.name), c.missing, `${entry.name}.${c.name}: missing`);
  }
});

test("flights-3m: 3,000,000 rows from the Parquet metadata; columns and types from a limited read", async () => {
  const entry = datasetManifest().find((d) => d.name === "flights-3m")!;
  const { parquetMetadata } = await import("hyparquet");
  const bytes = fs.readFileSync(datasetFile("flights-3m"));
  assert.equal(Number(parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).num_rows), entry.rows);
  const head = await loadColumns("flights-3m", { limit: 1000 });
  assert.equal(head.rowCount, 1000);
  assert.deepEqual(tableSchema(head), Object.fromEntries(entry.columns.map((c) => [c.name, c.type])));
  // ZSTD pages decoded, timestamps as epoch ms (UTC), strings dictionary-encoded.
  assert.equal(new Date((head.columns.date as { values: Float64Array }).values[0]!).toISOString(), "2001-01-01T00:01:00.000Z");
  assert.ok((head.columns.origin as { categories: string[] }).categories.every((c) => /^[A-Z0-9]{3}$/.test(c)));
});

test("seattle-weather: 1,461 days, five weather classes with the documented counts", async () => {
  const t = await loadColumns("seattle-weather");
  const w = t.columns.weather as { codes: Int32Array; categories: string[] };
  const counts: Record<string, number> = {};
  for (const c of w.codes) counts[w.categories[c]!] = (counts[w.categories[c]!] ?? 0) + 1;
  assert.deepEqual(counts, { drizzle: 53, rain: 641, sun: 640, snow: 26, fog: 101 });
});

test("loadColumns: columns, where and limit; unknown names are clear errors", async () => {
  const t = await loadColumns("penguins", { columns: ["Species", "Body Mass (g)"], where: { Species: "Gentoo", "Body Mass (g)": { gte: 5000 } }, limit: 10 });
  assert.deepEqual(t.names, ["Species", "Body Mass (g)"]);
  assert.equal(t.rowCount, 10);
  for (const v of (t.columns["Body Mass (g)"] as { values: Float64Array }).values) assert.ok(v >= 5000);
  const all = await loadColumns("penguins", { where: { Species: "Gentoo", "Body Mass (g)": { gte: 5000 } } });
  assert.equal(all.rowCount, 67); // pandas: (Species == "Gentoo") & (Body Mass >= 5000)
  await assert.rejects(loadColumns("penguins", { columns: ["Beak"] }), /no column 'Beak'/);
  await assert.rejects(loadColumns("iris"), /No dataset 'iris'; labops ships: seattle-weather, penguins/);
  await assert.rejects(loadColumns("penguins", { where: { Species: { like: "G%" } as never } }), /unknown operator 'like'/);
});

test("loadDataset gives a danfojs-node DataFrame with the same data", async () => {
  const df = await loadDataset("seattle-weather", { where: { date: { gte: "2015-12-30" } } });
  assert.deepEqual(df.shape, [2, 6]);
  assert.deepEqual(df.column("weather").values, ["sun", "sun"]);
  assert.deepEqual(df.column("temp_max").values, [5.6, 5.6]);
  const p = await loadDataset("penguins");
  assert.equal(p.shape[0], 344);
  assert.equal((p.column("Sex").values as unknown[]).filter((v) => v === null).length, 10);
});

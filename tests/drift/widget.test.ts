// The drift report widget: verdict banner, columns sorted by severity with sparklines, overlays drawn as SVG,
// escaping, and the standalone HTML page.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { driftReport } from "../../src/drift";
import { toMimeBundle } from "../../widgets";
import { driftColumnChart, driftColumnSpec, driftReportWidget, sortColumnsForDisplay, sparklineSvg, writeDriftReportHtml } from "../../widgets/drift";
import { choices, normals } from "./helpers";

const EVIL = '<img src=x onerror="alert(1)">';

function report() {
  const ref = { calm: normals(800, 0, 1, 1), [EVIL]: normals(800, 0, 1, 2), shifted: normals(800, 0, 1, 3), color: choices(800, ["r", "g", "b"], [1, 1, 1], 4), y: choices(800, ["0", "1"], [1, 1], 5) };
  const cur = { calm: normals(700, 0, 1, 6), [EVIL]: normals(700, 0.3, 1, 7), shifted: normals(700, 1, 1, 8), color: choices(700, ["r", "g", "b"], [2, 1, 1], 9), y: choices(700, ["0", "1"], [1, 1], 10) };
  return driftReport(ref, cur, { columnMapping: { target: "y" } });
}

test("bundle: verdict and sorted table in text, banner, sparklines and overlays in HTML, names escaped", async () => {
  const r = report();
  const bundle = (await toMimeBundle(driftReportWidget(r)))!;
  const text = bundle["text/plain"];
  assert.match(text, /^Dataset drift is DETECTED: 3 of 5 columns drifted \(60\.0%; threshold 50\.0%\)/);
  const order = sortColumnsForDisplay(r.columns).map((c) => c.column);
  assert.equal(order[0], "y", "the target is pinned first");
  assert.equal(order[1], "shifted", "then the most severe drift");
  assert.equal(order[order.length - 1], "calm");
  assert.ok(text.indexOf("shifted") < text.indexOf("calm"));
  const html = bundle["text/html"] as string;
  assert.match(html, /dataset drift is detected/);
  assert.match(html, /Drift is detected for 60\.0% of columns \(3 out of 5\)/);
  assert.equal(html.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="90" height="24"/g)?.length, 10, "two sparklines per column");
  assert.ok((html.match(/<details/g)?.length ?? 0) === 5 && html.includes("<path") , "one overlay SVG per column");
  assert.ok(!html.includes(EVIL) && html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
});

test("overlay specs: histogram bins for numbers, grouped bars for categories; a chart renders to SVG", async () => {
  const r = report();
  const num = driftColumnSpec(r.columns.find((c) => c.column === "shifted")!)!;
  assert.equal((num.encoding as Record<string, { field?: string }>).x2!.field, "end");
  const cat = driftColumnSpec(r.columns.find((c) => c.column === "color")!)!;
  assert.equal((cat.encoding as Record<string, { field?: string }>).xOffset!.field, "dataset");
  const chart = driftColumnChart(r, "shifted");
  assert.match(await chart.svg(), /^<svg/);
  assert.throws(() => driftColumnChart(r, "nope"), /Column "nope" is not in this drift report/);
});

test("sparklines share a scale when asked and show nothing for empty shares", () => {
  const a = sparklineSvg([0.5, 0.5], { scaleWith: [1, 0], height: 20 });
  assert.match(a, /height="10\.00"/);
  assert.doesNotMatch(sparklineSvg([0, 0]), /<rect[^>]*height="[1-9]/);
});

test("writeDriftReportHtml writes a standalone page with no script", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-drift-"));
  try {
    const file = await writeDriftReportHtml(report(), path.join(dir, "drift.html"), { title: "Batch 7" });
    const page = fs.readFileSync(file, "utf8");
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /<title>Batch 7<\/title>/);
    assert.doesNotMatch(page, /<script/);
    assert.deepEqual(fs.readdirSync(dir), ["drift.html"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

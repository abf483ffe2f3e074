// Audit timeline: entries as a table newest first, and alias/stage pointers replayed into step lines, from entries built by hand.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ModelRegistryClient } from "../../src";
import type { AuditEntry } from "../../src/registry/entities";
import { auditTimeline, pointerHistorySpec, pointerSpans, toMimeBundle, toMimeBundles } from "../../widgets";
import { tempDir } from "../helpers/temp-dir";
import { EVIL, START } from "./fixtures";

const ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";
const MIN = 60_000;
const iso = (minutes: number) => new Date(START + minutes * MIN).toISOString();
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/** One entry of model "rain" at START + minutes; fields the action has go in `rest`. */
function entry(seq: number, minutes: number, action: AuditEntry["action"], rest: Partial<AuditEntry> = {}): AuditEntry {
  return { seq, model: "rain", action, from: null, to: null, at: START + minutes * MIN, by: "ana", ...rest };
}

/** Champion moves 1 -> 2, is deleted and set back to 1; v1 goes to Production, v2 through Staging replaces it (archiving v1). */
function history(): AuditEntry[] {
  return [
    entry(1, 0, "create_model", { to: "rain" }),
    entry(2, 1, "register_version", { version: 1, subject: "runs:/abc/model", to: 1 }),
    entry(3, 2, "set_alias", { version: 1, subject: "champion", to: 1, reason: EVIL }),
    entry(4, 3, "transition_stage", { version: 1, subject: "Production", from: "None", to: "Production" }),
    entry(5, 4, "register_version", { version: 2, subject: "runs:/def/model", to: 2 }),
    entry(6, 5, "transition_stage", { version: 2, subject: "Staging", from: "None", to: "Staging" }),
    // archive_existing: the old Production version is archived in the same instant the new one is promoted.
    entry(7, 6, "transition_stage", { version: 1, subject: "Archived", from: "Production", to: "Archived" }),
    entry(8, 6, "transition_stage", { version: 2, subject: "Production", from: "Staging", to: "Production", by: "bob" }),
    entry(9, 7, "set_alias", { version: 2, subject: "champion", from: 1, to: 2 }),
    entry(10, 8, "delete_alias", { version: 2, subject: "champion", from: 2, by: "bob", reason: "rollback" }),
    entry(11, 9, "set_version_tag", { version: 2, subject: "note", to: "ok" }),
    entry(12, 10, "set_alias", { version: 1, subject: "champion", to: 1, by: "bob", reason: "restore" }),
  ];
}

test("auditTimeline: one line per entry newest first, the table in HTML with the pointer chart inline", async () => {
  const entries = history();
  // Shuffled: the widget orders by time, then seq.
  const timeline = auditTimeline([...entries].reverse().sort((a, b) => (a.seq % 3) - (b.seq % 3)));
  const bundle = (await toMimeBundle(timeline))!;
  // A chart key beside text/html would win in JupyterLab and hide the table: the chart travels inside the HTML.
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  assert.deepEqual(bundle["text/plain"].split("\n"), [
    "TIME                 BY   ACTION            VERSION  SUBJECT          CHANGE                 REASON",
    "-------------------  ---  ----------------  -------  ---------------  ---------------------  ---------------------------",
    "2024-03-01 09:40:00  bob  set_alias               1  champion         (none) → 1             restore",
    "2024-03-01 09:39:00  ana  set_version_tag         2  note             (none) → ok",
    "2024-03-01 09:38:00  bob  delete_alias            2  champion         2 → (none)             rollback",
    "2024-03-01 09:37:00  ana  set_alias               2  champion         1 → 2",
    "2024-03-01 09:36:00  bob  transition_stage        2  Production       Staging → Production",
    "2024-03-01 09:36:00  ana  transition_stage        1  Archived         Production → Archived",
    "2024-03-01 09:35:00  ana  transition_stage        2  Staging          None → Staging",
    "2024-03-01 09:34:00  ana  register_version        2  runs:/def/model  (none) → 2",
    "2024-03-01 09:33:00  ana  transition_stage        1  Production       None → Production",
    `2024-03-01 09:32:00  ana  set_alias               1  champion         (none) → 1             ${EVIL}`,
    "2024-03-01 09:31:00  ana  register_version        1  runs:/abc/model  (none) → 1",
    "2024-03-01 09:30:00  ana  create_model                                (none) → rain",
  ]);
  assert.deepEqual(timeline.rows.map((r) => r[2]).slice(4, 6), ["transition_stage", "transition_stage"]);

  const html = bundle["text/html"] as string;
  const table = html.slice(0, html.indexOf("<svg"));
  assert.ok(!html.includes("<script"), "reasons are escaped");
  assert.ok(table.includes(`>${ESCAPED}</td>`));
  assert.equal(count(table, /<tr>/g), 1 + entries.length);
  assert.deepEqual([...table.matchAll(/<tr><td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.slice(11, 16)).slice(0, 3), ["09:40", "09:39", "09:38"], "newest first");
  assert.ok(html.includes('<div style="margin-top:8px"><svg'));
  assert.equal(html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + 6), await timeline.chart!.svg());
});

test("auditTimeline: the chart replays aliases and stages into step lines, as Vega-Lite v5 and SVG", async () => {
  const timeline = auditTimeline(history());
  const chart = timeline.chart!;
  const spec = chart.spec as Record<string, any>;
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.deepEqual(spec.data.values, [
    // Champion: 1, moved to 2, deleted (the line breaks), set back to 1 as a new segment.
    { subject: "@champion", segment: 1, time: iso(2), change: 1, version: 1, action: "set_alias", by: "ana" },
    { subject: "@champion", segment: 1, time: iso(7), change: 5, version: 2, action: "set_alias", by: "ana" },
    { subject: "@champion", segment: 1, time: iso(8), change: 6, version: 2, action: "delete_alias", by: "bob" },
    { subject: "@champion", segment: 2, time: iso(10), change: 7, version: 1, action: "set_alias", by: "bob" },
    // Production: 1, then 2 in the same instant v1 was archived (no empty moment), held to the last entry.
    { subject: "Production", segment: 1, time: iso(3), change: 2, version: 1, action: "transition_stage", by: "ana" },
    { subject: "Production", segment: 1, time: iso(6), change: 4, version: 2, action: "transition_stage", by: "bob" },
    { subject: "Production", segment: 1, time: iso(10), change: 7, version: 2, action: null, by: null },
    // Staging: 2 until it was promoted; Archived and None are not pointers and have no line.
    { subject: "Staging", segment: 1, time: iso(5), change: 3, version: 2, action: "transition_stage", by: "ana" },
    { subject: "Staging", segment: 1, time: iso(6), change: 4, version: 2, action: "transition_stage", by: "bob" },
  ]);
  // Minutes apart: a time axis, labelled to the second.
  assert.deepEqual(spec.encoding.x, { field: "time", type: "temporal", title: "time", axis: { format: "%H:%M:%S", tickCount: 4, labelOverlap: "greedy" } });
  assert.deepEqual([spec.encoding.y.field, spec.encoding.y.type, spec.encoding.color.field], ["version", "quantitative", "subject"]);
  assert.deepEqual(spec.layer[0], { mark: { type: "line", interpolate: "step-after" }, encoding: { detail: { field: "segment", type: "nominal" } } });
  assert.deepEqual(spec.layer[1].transform, [{ filter: "isValid(datum.action)" }]);
  assert.deepEqual(pointerHistorySpec(history()), chart.spec);

  const bundle = (await toMimeBundle(chart))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "application/vnd.vegalite.v5+json", "image/svg+xml"]);
  assert.equal(bundle["application/vnd.vegalite.v5+json"], chart.spec);
  assert.deepEqual(bundle["text/plain"].split("\n"), [
    "SUBJECT     VERSION  FROM                 UNTIL",
    "----------  -------  -------------------  -------------------",
    "@champion         1  2024-03-01 09:32:00  2024-03-01 09:37:00",
    "@champion         2  2024-03-01 09:37:00  2024-03-01 09:38:00",
    "@champion         1  2024-03-01 09:40:00",
    "Production        1  2024-03-01 09:33:00  2024-03-01 09:36:00",
    "Production        2  2024-03-01 09:36:00",
    "Staging           2  2024-03-01 09:35:00  2024-03-01 09:36:00",
  ]);
  const svg = bundle["image/svg+xml"] as string;
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  for (const subject of ["@champion", "Production", "Staging"]) assert.ok(svg.includes(`>${subject}</text>`), `${subject} in the legend`);
  assert.ok(!svg.includes(">Archived</text>"));
  assert.equal(count(svg, /<g class="mark-line role-mark[^>]*><path /g), 4, "one path per segment: champion twice, Production, Staging");
  assert.equal(count(svg, /<path[^>]*aria-roledescription="point"/g), 8, "a marker per entry that moved a pointer, none where a line is only held");
});

test("auditTimeline: without alias or stage entries there is no chart; no entries is a sentence", async () => {
  const entries = [entry(1, 0, "create_model", { to: "rain", reason: EVIL }), entry(2, 1, "update_model", { subject: "description", from: "", to: EVIL })];
  const timeline = auditTimeline(entries);
  assert.equal(timeline.chart, null);
  assert.equal(pointerHistorySpec(entries), null);
  const bundle = (await toMimeBundle(timeline))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  assert.deepEqual(bundle["text/plain"].split("\n").slice(2), [
    `2024-03-01 09:31:00  ana  update_model           description   → ${EVIL}`,
    `2024-03-01 09:30:00  ana  create_model                        (none) → rain                   ${EVIL}`,
  ]);
  const html = bundle["text/html"] as string;
  assert.ok(!html.includes("<svg") && !html.includes("<script"));
  assert.ok(html.includes(`> → ${ESCAPED}</td>`));
  assert.deepEqual(await toMimeBundle(auditTimeline([])), {
    "text/plain": "No audit entries.",
    "text/html": '<div class="labops" style="font:12px/1.4 system-ui,-apple-system,sans-serif;color:var(--jp-content-font-color1, #222)"><p>No audit entries.</p></div>',
  });
});

test("pointerSpans: a deleted version loses its aliases and stage; several models label their subjects", () => {
  const other = (seq: number, minutes: number, action: AuditEntry["action"], rest: Partial<AuditEntry>) => ({ ...entry(seq, minutes, action, rest), model: "snow" });
  const spans = pointerSpans([
    entry(1, 0, "set_alias", { version: 3, subject: "champion", to: 3 }),
    entry(2, 1, "transition_stage", { version: 3, subject: "Staging", from: "None", to: "Staging" }),
    entry(3, 2, "transition_stage", { version: 4, subject: "Staging", from: "None", to: "Staging" }),
    // The registry drops aliases with the version and writes no delete_alias entry for them.
    entry(4, 3, "delete_version", { version: 4, from: 4 }),
    other(1, 4, "set_alias", { version: 1, subject: "champion", to: 1 }),
    entry(5, 5, "delete_model", { from: "rain" }),
  ]);
  assert.deepEqual(
    spans.map((s) => [s.subject, s.version, (s.from - START) / MIN, s.until === null ? null : (s.until - START) / MIN, s.removed, s.endedBy?.action ?? null]),
    [
      ["rain: @champion", 3, 0, 5, true, "delete_model"],
      // Two versions in Staging: the stage resolves to the newest, and falls back when that one is deleted.
      ["rain: Staging", 3, 1, 2, false, "transition_stage"],
      ["rain: Staging", 4, 2, 3, false, "delete_version"],
      ["rain: Staging", 3, 3, 5, true, "delete_model"],
      ["snow: @champion", 1, 4, null, false, null],
    ],
  );
});

test("auditTimeline on a real registry's history made within a second: the rollback is drawn, time labels differ", async () => {
  const dir = tempDir();
  const model = path.join(dir, "model");
  fs.mkdirSync(model);
  fs.writeFileSync(path.join(model, "weights.json"), "[0.5]");
  const registry = new ModelRegistryClient({ tracking: path.join(dir, "store") });
  await registry.registerModel({ name: "quick", modelPath: model });
  fs.writeFileSync(path.join(model, "weights.json"), "[0.6]");
  await registry.registerModel({ name: "quick", modelPath: model });
  await registry.promote("quick", 1, { alias: "champion" });
  await registry.promote("quick", 2, { alias: "champion" });
  await registry.rollback("quick", { reason: "worse" });
  const entries = await registry.store.getModelHistory("quick");
  assert.ok(entries.at(-1)!.at - entries[0]!.at < 1000, "made within a second");
  assert.equal(entries.at(-1)!.action, "rollback_alias");
  // champion: 1, then 2, then back to 1 by the rollback.
  assert.deepEqual(pointerSpans(entries).map((s) => [s.subject, s.version, s.setBy.action]), [["@champion", 1, "set_alias"], ["@champion", 2, "set_alias"], ["@champion", 1, "rollback_alias"]]);
  const timeline = auditTimeline(entries);
  const svg = await timeline.chart!.svg();
  // Milliseconds apart: the changes in order, 1 2 3 (a time axis read ".800 .800", or had one tick).
  assert.equal(timeline.chart!.spec.encoding && (timeline.chart!.spec.encoding as { x: { field: string } }).x.field, "change");
  const xAxis = svg.slice(svg.indexOf("X-axis titled 'change (in order)'"));
  const labels = [...xAxis.slice(0, xAxis.indexOf("</g></g>")).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  assert.deepEqual(labels, ["1", "2", "3", "change (in order)"]);
  // The rollback is the last point, back on version 1, with its action in the tooltip data.
  const values = (timeline.chart!.spec.data as { values: { change: number; version: number; action: string }[] }).values;
  assert.deepEqual(values.map((v) => [v.change, v.version, v.action]), [[1, 1, "set_alias"], [2, 2, "set_alias"], [3, 1, "rollback_alias"]]);
  // Notebooks get the table and the chart as two outputs: inline SVG vanishes in untrusted notebooks.
  const outputs = (await toMimeBundles(timeline))!;
  assert.deepEqual(outputs.map((o) => Object.keys(o).sort()), [["text/html", "text/plain"], ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]]);
  assert.doesNotMatch(String(outputs[0]!["text/html"]), /<svg/);
  assert.match(String(outputs[0]!["text/html"]), /rollback_alias/);
  assert.equal(outputs[1]!["image/svg+xml"], svg);
  assert.match(String((await toMimeBundle(timeline))!["text/html"]), /<svg/, "the single bundle (reports) keeps the chart inline");
});

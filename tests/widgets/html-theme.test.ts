// Widget HTML in JupyterLab's themes: colours from its CSS variables (with fallbacks), short cells on one line.

import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRuns } from "../../src/tracking/compare-runs";
import { htmlTable, ProgressBar, runComparison, setDisplaySink, toMimeBundle, toMimeBundles, type MimeBundle } from "../../widgets";
import { tracked } from "./fixtures";

const styles = (html: string, tag: string) => [...html.matchAll(new RegExp(`<${tag} style="([^"]*)"`, "g"))].map((m) => m[1]!);

test("htmlTable: theme colours with fallbacks; short cells never wrap, long ones only between words", () => {
  const long = "a long description that goes on and on past forty characters";
  const html = htmlTable([{ header: "TIME" }, { header: "NOTE" }], [["2024-03-01 09:30:00", long]], { highlight: () => true });
  assert.match(html, /^<table style="[^"]*color:var\(--jp-content-font-color1, #222\)"/);
  const [time, note] = styles(html, "td");
  assert.match(time!, /white-space:nowrap/);
  assert.doesNotMatch(time!, /overflow-wrap:anywhere/);
  assert.match(note!, /overflow-wrap:break-word/);
  assert.doesNotMatch(note!, /nowrap|anywhere/);
  for (const s of [time!, note!]) assert.match(s, /border-bottom:1px solid var\(--jp-border-color2, #e0e0e0\)/);
  assert.ok(styles(html, "th").every((s) => s.includes("white-space:nowrap") && s.includes("var(--jp-border-color1, #bbb)")));
  // The highlight is translucent: the theme's text colour reads on it, dark or light. No fixed light fill.
  assert.match(html, /<tr style="background:rgba\(255, 193, 7, 0\.28\)">/);
  assert.doesNotMatch(html, /#fff3c4|color:#222[;"]/);
});

test("progress bar: text in the theme's colour, its track from the theme too", () => {
  const sink = { display: (b: MimeBundle) => void shown.push(b), update: () => {}, clear: () => {} };
  const shown: MimeBundle[] = [];
  const previous = setDisplaySink(sink);
  try {
    new ProgressBar({ total: 2, label: "epochs" }).close();
  } finally {
    setDisplaySink(previous);
  }
  const html = String(shown[0]!["text/html"]);
  assert.match(html, /^<div class="labops" style="[^"]*color:var\(--jp-content-font-color1, #222\)">/);
  assert.match(html, /background:var\(--jp-layout-color3, #e6e6e6\)/);
});

test("runComparison in a notebook: the tables, then the bars as an output of their own (untrusted HTML drops SVG)", async () => {
  const t = await tracked();
  const widget = runComparison(compareRuns([t.a, t.b]));
  const outputs = (await toMimeBundles(widget))!;
  assert.equal(outputs.length, 2);
  assert.deepEqual(Object.keys(outputs[0]!), ["text/plain", "text/html"]);
  assert.doesNotMatch(String(outputs[0]!["text/html"]), /<svg/);
  assert.match(String(outputs[0]!["text/html"]), /Params \(highlighted: differs\)/);
  assert.deepEqual(Object.keys(outputs[1]!).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
  assert.equal(outputs[1]!["image/svg+xml"], await widget.chart!.svg());
  // One bundle, for reports and other readers, still has everything.
  assert.match(String((await toMimeBundle(widget))!["text/html"]), /<svg/);
});

// Runs table, run card and experiments table, built from runs tracked through the real client.

import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTime } from "../../src/present/format";
import { experimentsTable, runsTable, runView, toMimeBundle } from "../../widgets";
import { EVIL, tracked } from "./fixtures";

const ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";

test("runsTable: short ids, experiment names, status, start, duration and latest metrics, as text and HTML", async () => {
  const { a, b, experiment } = await tracked();
  const table = runsTable([a, b], new Map([[experiment.experimentId, experiment.name]]));
  assert.deepEqual(table.metricKeys, ["acc", "loss", "rows"]);
  assert.deepEqual(table.rows, [
    [a.info.runId.slice(0, 8), EVIL, "rain <b>", "FINISHED", "2024-03-01 09:30:00", "12.3s", "0.8", "0.2", ""],
    [b.info.runId.slice(0, 8), "baseline", "rain <b>", "FINISHED", "2024-03-01 09:30:00", "12.3s", "0.7", "0.666667", "1000"],
  ]);
  const bundle = (await toMimeBundle(table))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  const lines = bundle["text/plain"].split("\n");
  assert.equal(lines.length, 4);
  assert.equal(lines[0], "ID        NAME                         EXPERIMENT  STATUS    STARTED              DURATION  acc      loss  rows");
  assert.equal(lines[2], `${a.info.runId.slice(0, 8)}  ${EVIL}  rain <b>    FINISHED  2024-03-01 09:30:00     12.3s  0.8       0.2`);
  assert.equal(lines[3], `${b.info.runId.slice(0, 8)}  baseline                     rain <b>    FINISHED  2024-03-01 09:30:00     12.3s  0.7  0.666667  1000`);
  const html = bundle["text/html"] as string;
  assert.ok(!html.includes("<script"), "names are escaped");
  assert.ok(html.includes(`>${ESCAPED}</td>`));
  assert.ok(html.includes(">rain &lt;b&gt;</td>"));
  assert.equal(html.match(/<tr/g)!.length, 3);
  assert.ok(html.includes(`title="${a.info.runId}">${a.info.runId.slice(0, 8)}</td>`), "the full id on hover");
  // Without names, the experiment id is shown.
  assert.equal(runsTable([a]).rows[0]![2], experiment.experimentId);
  assert.deepEqual(await toMimeBundle(runsTable([])), { "text/plain": "No runs.", "text/html": '<div class="labops" style="font:12px/1.4 system-ui,-apple-system,sans-serif;color:var(--jp-content-font-color1, #222)"><p>No runs.</p></div>' });
});

test("runView: info, params, latest metrics, then user tags before mlflow.* tags", async () => {
  const { a } = await tracked();
  const view = runView(a);
  assert.deepEqual(view.sections.map((s) => s.title), ["Run", "Params", "Metrics (latest)", "Tags"]);
  assert.deepEqual(view.sections[1]!.rows, [["epochs", "5"], ["lr", "0.1"], ["model", "mlp"]]);
  assert.deepEqual(view.sections[2]!.rows, [["acc", "0.8", "4", "2024-03-01 09:30:05"], ["loss", "0.2", "4", "2024-03-01 09:30:04"]]);
  assert.deepEqual(view.sections[3]!.rows.map(([k]) => k), ["team", "mlflow.note.content", "mlflow.runName", "mlflow.user"]);
  const bundle = (await toMimeBundle(view))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  const text = bundle["text/plain"];
  assert.match(text, /^Run\nFIELD {7}VALUE\n/);
  assert.match(text, new RegExp(`^name {8}${EVIL.replace(/[()]/g, "\\$&")}$`, "m"));
  assert.match(text, /^duration {4}12\.3s$/m);
  assert.ok(text.indexOf("\nteam ") < text.indexOf("\nmlflow.user "));
  const html = bundle["text/html"] as string;
  assert.ok(!html.includes("<script"));
  assert.ok(html.includes(`<b>${ESCAPED}</b>`));
  assert.ok(html.includes(">FINISHED</span>"));
  assert.equal(html.match(/<caption/g)!.length, 4);
});

test("experimentsTable: id, name, stage, created, artifact location", async () => {
  const { client, experiment } = await tracked();
  const all = (await client.searchExperiments({ viewType: "ALL" })).experiments;
  const table = experimentsTable(all);
  const row = table.rows.find((r) => r[0] === experiment.experimentId)!;
  assert.deepEqual(row.slice(0, 3), [experiment.experimentId, "rain <b>", "active"]);
  assert.equal(row[4], experiment.artifactLocation);
  const bundle = (await toMimeBundle(table))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  const lines = bundle["text/plain"].split("\n");
  assert.equal(lines[0], "ID  NAME      STAGE   CREATED              ARTIFACT LOCATION");
  assert.ok(lines.includes(` 1  rain <b>  active  ${formatTime(experiment.creationTime)}  ${experiment.artifactLocation}`), lines.join("\n"));
  assert.ok((bundle["text/html"] as string).includes(">rain &lt;b&gt;</td>"));
  assert.equal((await toMimeBundle(experimentsTable([])))!["text/plain"], "No experiments.");
});

// notebooks/drift.ipynb through real Jupyter (nbclient) and through `labops run`, and %drift in a NotebookSession:
// the verdict, the report widget, overlays and the monthly monitoring chart must all come out, with real numbers.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { NotebookSession } from "../../kernel-ext/session";
import { LabopsClient } from "../../src";
import { repoRoot, tempDir } from "../helpers/temp-dir";
import { useTestKernel } from "../helpers/test-kernel";

const notebook = path.join(repoRoot, "notebooks/drift.ipynb");
const kernel = useTestKernel("labops-drift-test");

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/** What every run of the notebook must show, whoever ran it. */
async function checkExecuted(file: string, store: string): Promise<void> {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; metadata: { tags?: string[] }; outputs?: Output[] }[] };
  // Cell numbers as in the source notebook: the cell `labops run -p` injects is left out.
  const cells = nb.cells.filter((c) => !c.metadata.tags?.includes("injected-parameters"));
  const outputs = (i: number) => cells[i]!.outputs ?? [];
  const data = (i: number, mime: string) => outputs(i).filter((o) => o.data?.[mime] !== undefined).map((o) => joined(o.data![mime]));
  assert.equal(data(2, "text/plain")[0], "'366 reference days, 365 current days'");
  // %drift inside %%track: the widget shows the verdict; the run got the metrics and artifacts.
  assert.ok(data(3, "text/plain").some((t) => /^Dataset drift is DETECTED: 3 of 5 columns drifted \(60\.0%; threshold 50\.0%\)/.test(t)), JSON.stringify(outputs(3)).slice(0, 500));
  assert.ok(data(3, "text/html").some((t) => /<table[\s\S]*temp_max[\s\S]*<img src="data:image\/svg\+xml;base64,/.test(t)));
  assert.match(joined(outputs(4).find((o) => o.output_type === "stream")?.text), /^dataset drift: true, share of drifted columns 0\.6\n/);
  const table = data(4, "text/plain")[0]!;
  const order = table.split("\n").slice(3, 8).map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(order.slice(0, 3).sort(), ["temp_max", "temp_min", "weather"]);
  for (const i of [5, 6, 7]) assert.match(data(i, "image/svg+xml")[0] ?? "", /^<svg[\s\S]*<\/svg>\s*$/, `cell ${i} draws an SVG`);
  const alerts = JSON.parse(joined(outputs(7).find((o) => o.output_type === "stream")?.text));
  assert.deepEqual(Object.keys(alerts).sort(), ["precipitation", "temp_max", "temp_min", "weather", "wind"]);
  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName("drift-demo");
  const [run] = (await client.searchRuns([exp!.experimentId])).runs;
  assert.equal(run!.data.metrics.drift_share_drifted, 0.6);
  assert.deepEqual((await client.listArtifacts(run!.info.runId, "drift")).map((f) => f.path).sort(), ["drift/report.html", "drift/report.json"]);
  await client.close();
}

test("drift.ipynb through Jupyter (nbclient): verdict, report, overlays, monthly chart, the tracked run", async () => {
  const { dir, executed: out } = kernel.runNotebook(notebook);
  await checkExecuted(out, path.join(dir, "labops-store"));
});

test("drift.ipynb through labops run: the same outputs, and an HTML report with the charts", async () => {
  const { dir, executed: out, report } = kernel.runHeadless(notebook, ["storeDir=run-store"]);
  await checkExecuted(out, path.join(dir, "run-store"));
  assert.ok((report.match(/<svg|<img src="data:image\/svg\+xml/g) ?? []).length >= 4);
});

test("%drift in a session: the widget, --json as data, and a bad condition as an error naming it", async () => {
  const dir = tempDir();
  const session = new NotebookSession(dir);
  await session.start();
  try {
    const shown = await session.execute('%drift --reference seattle-weather --reference-where "date<2013-01-01" --current seattle-weather --current-where "date>=2015-01-01"');
    assert.ok(shown.ok, JSON.stringify(shown.error));
    assert.match(String(shown.result?.["text/plain"]), /^Dataset drift is DETECTED: 3 of 5 columns drifted/);
    const data = await session.execute('const d = %drift --reference seattle-weather --current seattle-weather --columns wind --json\nd.datasetDrift + " " + d.columns.length');
    assert.equal(data.result?.["text/plain"], "'false 1'");
    const bad = await session.execute('%drift --reference seattle-weather --current seattle-weather --current-where "date~2015"');
    assert.equal(bad.ok, false);
    assert.match(bad.error!.evalue, /--current-where 'date~2015' is not a condition/);
  } finally {
    session.close();
  }
});

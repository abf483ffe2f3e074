// Notebooks written by `labops run`, opened in a real JupyterLab in headless Chromium: trusted and untrusted
// (a notebook JupyterLab did not write opens untrusted, and then it sanitizes HTML), light and dark theme.
// Every chart must show and draw something in all four, text must be readable, short table cells must stay on one line.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { startJupyter, type JupyterServer } from "../helpers/jupyter-server";
import { peerPython, requirePeers } from "../helpers/peers";
import { runNode, runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const CHROMIUM = process.env.LABOPS_CHROMIUM ?? "/usr/bin/chromium";
const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const jupyterLab = path.join(path.dirname(peerPython), "jupyter-lab");
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

/** The notebooks opened, each with the `labops run` arguments it needs: adding a notebook is one entry here. */
const NOTEBOOKS: { file: string; args?: string[] }[] = [
  { file: "display-gallery.ipynb" },
  { file: "data.ipynb" },
  { file: "evaluation.ipynb" },
  { file: "drift.ipynb" },
  { file: "ab-test.ipynb" },
  // From the training and tuning branches (arguments as their own notebook tests use them).
  { file: "training.ipynb", args: ["-p", "epochs=25"] },
  { file: "tuning.ipynb" },
];
const TRUST = ["trusted", "untrusted"] as const;
const THEMES = ["light", "dark"] as const;

interface Output {
  renderer: string;
  /** marks: what it draws (SVG shapes besides axes, canvas pixels per mille, 1 for a loaded image); 0 is empty. */
  charts: { tag: string; width: number; height: number; visible: boolean; marks: number }[];
  worstContrast: { ratio: number; text: string; color: string; background: string } | null;
  brokenWords: string[];
}
type Report = Record<string, { darkTheme: boolean; cells: { index: number; outputs: Output[] }[] }>;

type NbOutput = { output_type: string; name?: string; data?: Record<string, unknown> };
const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

/** A code cell's outputs as JupyterLab shows them: consecutive stream outputs of one name are one output. */
function shownOutputs(outputs: NbOutput[]): NbOutput[] {
  return outputs.filter((o, i) => !(o.output_type === "stream" && outputs[i - 1]?.output_type === "stream" && outputs[i - 1]!.name === o.name));
}

/** The charts an output holds: one for a chart bundle (Vega-Lite, SVG, PNG); one per <svg> or <img> in HTML. */
function chartsIn(o: NbOutput): number {
  const d = o.data ?? {};
  if (d["text/html"] !== undefined) return (joined(d["text/html"]).match(/<svg|<img/g) ?? []).length;
  return ["application/vnd.vegalite.v5+json", "image/svg+xml", "image/png"].some((m) => d[m] !== undefined) ? 1 : 0;
}

/** Per code cell of an executed notebook, the charts each output must show. */
function expectedCharts(file: string): number[][] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; outputs?: NbOutput[] }[] };
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => shownOutputs(c.outputs ?? []).map(chartsIn));
}

let dir: string;
let env: NodeJS.ProcessEnv;
let lab: Promise<JupyterServer> | null = null;
let report: Report;
const expected = new Map<string, number[][]>();
const shots = process.env.LABOPS_SCREENSHOTS ?? tempDir("labops-screenshots-");

/** Fails, never skips, naming what is missing and how to install it. */
function requireBrowserPeers(): void {
  requirePeers();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): run 'npm run peers' as root (it installs Debian's chromium), or set LABOPS_CHROMIUM.`);
  const check = spawnSync(peerPython, ["-c", "import playwright.sync_api"], { encoding: "utf8" });
  if (check.status !== 0 || !fs.existsSync(jupyterLab)) throw new Error(`Playwright or JupyterLab is missing from .venv-peers: run 'npm run peers'. ${check.stderr.trim().split("\n").at(-1) ?? ""}`);
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

/** Where the time goes, reported with the first test (the whole file should stay within about 4 minutes). */
const timings: string[] = [];
const t0 = Date.now();
const mark = (what: string) => timings.push(`${what} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

before(async () => {
  requireBrowserPeers();
  dir = tempDir("labops-browser-");
  const root = path.join(dir, "root");
  const settings = path.join(dir, "settings");
  for (const trust of TRUST) fs.mkdirSync(path.join(root, trust), { recursive: true });
  env = { JUPYTER_DATA_DIR: path.join(dir, "data"), JUPYTER_PATH: "", JUPYTER_CONFIG_DIR: path.join(dir, "config"), JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"), JUPYTERLAB_SETTINGS_DIR: settings, LABOPS_TRACKING_URI: "", LABOPS_REGISTRY_URI: "", LABOPS_RUN_ID: "" };
  const kernel = runNodeSync(cli, ["kernel", "install", "--user", "--name", "labops"], { env });
  assert.equal(kernel.code, 0, kernel.stderr);
  // The app in window.jupyterapp: the script switches themes and opens notebooks in one page through it.
  writeJson(path.join(dir, "config", "jupyter_server_config.json"), { LabApp: { expose_app_in_browser: true } });
  // Every cell laid out (no windowing), no news popup over the page.
  writeJson(path.join(settings, "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"), { windowingMode: "none" });
  writeJson(path.join(settings, "@jupyterlab/apputils-extension/notification.jupyterlab-settings"), { fetchNews: "false", checkForUpdates: false });
  // JupyterLab starts while the notebooks run: it serves the files once they are written.
  lab = startJupyter("jupyter-lab", root, env);
  lab.catch(() => {}); // awaited below; a failed run before then must not leave it unhandled
  for (const { file, args = [] } of NOTEBOOKS) {
    // Each in its own folder: the notebooks' stores and registries must not meet.
    const cwd = path.join(dir, "work", path.basename(file, ".ipynb"));
    fs.mkdirSync(cwd, { recursive: true });
    const trusted = path.join(root, "trusted", file);
    const run = await runNode(cli, ["run", path.join(repoRoot, "notebooks", file), ...args, "--cwd", cwd, "--output", trusted], env);
    assert.equal(run.code, 0, `labops run ${file}: ${run.stderr}`);
    // The same outputs, a different notebook: its signature is not in the trust database.
    const nb = JSON.parse(fs.readFileSync(trusted, "utf8"));
    writeJson(path.join(root, "untrusted", file), { ...nb, metadata: { ...nb.metadata, copy: "untrusted" } });
    expected.set(file, expectedCharts(trusted));
    mark(`labops run ${file}`);
  }
  const trust = spawnSync(path.join(path.dirname(peerPython), "jupyter-trust"), NOTEBOOKS.map((n) => path.join(root, "trusted", n.file)), { env: { ...process.env, ...env }, encoding: "utf8" });
  assert.equal(trust.status, 0, trust.stderr);
  const { url, token } = await lab;
  mark("JupyterLab up");
  const pages = TRUST.flatMap((trust) => NOTEBOOKS.map((n) => `${trust}/${n.file}`));
  const r = spawnSync(peerPython, ["tests/browser/render_notebook.py", url, token, shots, CHROMIUM, ...pages], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
    // Four pages a notebook, each bounded inside the script (open 60 s, close 15 s, charts 15 s).
    timeout: 120_000 * (1 + NOTEBOOKS.length),
  });
  assert.equal(r.status, 0, r.stderr);
  timings.push(...r.stderr.trim().split("\n").filter((l) => l.includes(" after ")), `all done after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  report = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
});

after(async () => (await lab?.catch(() => null))?.stop());

/** Every page opened: each notebook, trusted and untrusted, in each theme, as render_notebook.py names them. */
const pages = () =>
  NOTEBOOKS.flatMap(({ file }) => TRUST.flatMap((trust) => THEMES.map((theme) => ({ file, theme, key: `${trust}/${path.basename(file, ".ipynb")}-${theme}` }))));

test("every chart shows and draws something, trusted and untrusted, light and dark", (t) => {
  t.diagnostic(timings.join("; "));
  assert.deepEqual(Object.keys(report).sort(), pages().map((p) => p.key).sort());
  for (const { file, theme, key } of pages()) {
    assert.equal(report[key]!.darkTheme, theme === "dark", `${key}: the theme applied`);
    const cells = report[key]!.cells;
    const want = expected.get(file)!;
    assert.equal(cells.length, want.length, `${key}: code cells shown`);
    want.forEach((charts, cell) => {
      assert.equal(cells[cell]!.outputs.length, charts.length, `${key}: cell ${cell} shows all its outputs`);
      charts.forEach((n, output) => {
        const o = cells[cell]!.outputs[output]!;
        const shown = o.charts.filter((c) => c.visible && c.marks > 0);
        assert.ok(shown.length >= n, `${key}: cell ${cell} output ${output} shows ${shown.length} of its ${n} charts (renderer ${o.renderer}; ${JSON.stringify(o.charts)}); screenshots in ${shots}`);
      });
    });
  }
  // The notebooks hold charts of every kind: Vega-Lite bundles, and SVG inside HTML (the drift table's sparklines).
  const all = NOTEBOOKS.flatMap(({ file }) => expected.get(file)!.flat());
  assert.ok(all.filter((n) => n > 0).length >= 10 && all.some((n) => n > 1), JSON.stringify(all));
});

test(`all text in the outputs reads in both themes (contrast >= ${MIN_CONTRAST}); short table cells stay on one line`, () => {
  for (const { key } of pages()) {
    for (const cell of report[key]!.cells) {
      cell.outputs.forEach((o, i) => {
        const w = o.worstContrast;
        if (w) assert.ok(w.ratio >= MIN_CONTRAST, `${key}: cell ${cell.index} output ${i}: '${w.text}' is ${w.color} on ${w.background}, contrast ${w.ratio}; screenshots in ${shots}`);
        assert.deepEqual(o.brokenWords, [], `${key}: cell ${cell.index} output ${i}: short cells wrapped`);
      });
    }
  }
});

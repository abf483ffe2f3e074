// A notebook written by `labops run`, opened in a real JupyterLab in headless Chromium: trusted and untrusted
// (a notebook JupyterLab did not write opens untrusted, and then it sanitizes HTML), light and dark theme.
// Every chart must show in all four, text must be readable, short table cells must stay on one line.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { startJupyter } from "../helpers/jupyter-server";
import { peerPython, requirePeers } from "../helpers/peers";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const CHROMIUM = process.env.LABOPS_CHROMIUM ?? "/usr/bin/chromium";
const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const jupyterLab = path.join(path.dirname(peerPython), "jupyter-lab");
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

interface Output {
  renderer: string;
  charts: { tag: string; width: number; height: number; visible: boolean }[];
  worstContrast: { ratio: number; text: string; color: string; background: string } | null;
  brokenWords: string[];
}
type Report = Record<string, { darkTheme: boolean; cells: { index: number; outputs: Output[] }[] }>;

let dir: string;
let env: NodeJS.ProcessEnv;
let stopLab: (() => void) | null = null;
let report: Report;
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

/** Where the time goes, reported with the first test (the whole file should stay under ~90 s). */
const timings: string[] = [];
const t0 = Date.now();
const mark = (what: string) => timings.push(`${what} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

before(async () => {
  requireBrowserPeers();
  dir = tempDir("labops-browser-");
  const root = path.join(dir, "root");
  const settings = path.join(dir, "settings");
  fs.mkdirSync(root);
  env = { JUPYTER_DATA_DIR: path.join(dir, "data"), JUPYTER_PATH: "", JUPYTER_CONFIG_DIR: path.join(dir, "config"), JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"), JUPYTERLAB_SETTINGS_DIR: settings, LABOPS_TRACKING_URI: "" };
  const run = runNodeSync(cli, ["run", path.join(repoRoot, "notebooks/display-gallery.ipynb"), "--cwd", root, "--output", path.join(root, "trusted.ipynb")], { env });
  assert.equal(run.code, 0, run.stderr);
  mark("labops run");
  // The same outputs, a different notebook: its signature is not in the trust database.
  const nb = JSON.parse(fs.readFileSync(path.join(root, "trusted.ipynb"), "utf8"));
  writeJson(path.join(root, "untrusted.ipynb"), { ...nb, metadata: { ...nb.metadata, copy: "untrusted" } });
  const trust = spawnSync(path.join(path.dirname(peerPython), "jupyter-trust"), [path.join(root, "trusted.ipynb")], { env: { ...process.env, ...env }, encoding: "utf8" });
  assert.equal(trust.status, 0, trust.stderr);
  const kernel = runNodeSync(cli, ["kernel", "install", "--user", "--name", "labops"], { env });
  assert.equal(kernel.code, 0, kernel.stderr);
  // Every cell laid out (no windowing), no news popup over the page.
  writeJson(path.join(settings, "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"), { windowingMode: "none" });
  writeJson(path.join(settings, "@jupyterlab/apputils-extension/notification.jupyterlab-settings"), { fetchNews: "false", checkForUpdates: false });
  const lab = await startJupyter("jupyter-lab", root, env);
  stopLab = lab.stop;
  mark("JupyterLab up");
  const r = spawnSync(peerPython, ["tests/browser/render_notebook.py", lab.url, lab.token, settings, shots, CHROMIUM, "trusted.ipynb", "untrusted.ipynb"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 150_000,
  });
  assert.equal(r.status, 0, r.stderr);
  timings.push(...r.stderr.trim().split("\n").filter((l) => l.includes("ready after")), `all done after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  report = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
});

after(() => stopLab?.());

const CASES = ["trusted-light", "untrusted-light", "trusted-dark", "untrusted-dark"];
// Code cells of notebooks/display-gallery.ipynb, and which of their outputs are charts.
const CHARTS: [cell: number, output: number, what: string][] = [
  [4, 0, "%runs metrics (a Vega-Lite chart)"],
  [5, 1, "%runs compare's bars (beside its tables)"],
  [8, 1, "%models history's pointer lines (beside its table)"],
];

test("every chart shows, with a size, trusted and untrusted, light and dark", (t) => {
  t.diagnostic(timings.join("; "));
  assert.deepEqual(Object.keys(report).sort(), [...CASES].sort());
  for (const name of CASES) {
    assert.equal(report[name]!.darkTheme, name.endsWith("dark"), `${name}: the theme applied`);
    for (const [cell, output, what] of CHARTS) {
      const o = report[name]!.cells[cell]?.outputs[output];
      assert.ok(o, `${name}: ${what} has an output`);
      const shown = o.charts.filter((c) => c.visible && c.width > 100 && c.height > 100);
      assert.ok(shown.length >= 1, `${name}: ${what} shows no chart (renderer ${o.renderer}; ${JSON.stringify(o.charts)}); screenshots in ${shots}`);
    }
  }
});

test(`all text in the outputs reads in both themes (contrast >= ${MIN_CONTRAST}); short table cells stay on one line`, () => {
  for (const name of CASES) {
    for (const cell of report[name]!.cells) {
      cell.outputs.forEach((o, i) => {
        const w = o.worstContrast;
        if (w) assert.ok(w.ratio >= MIN_CONTRAST, `${name}: cell ${cell.index} output ${i}: '${w.text}' is ${w.color} on ${w.background}, contrast ${w.ratio}; screenshots in ${shots}`);
        assert.deepEqual(o.brokenWords, [], `${name}: cell ${cell.index} output ${i}: short cells wrapped`);
      });
    }
  }
});

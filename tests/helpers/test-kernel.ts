// A labops kernel installed into a private Jupyter data folder for one test file (installed before its tests,
// removed after), and notebooks executed in it by real Jupyter (nbclient, from .venv-peers).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before } from "node:test";
import { runPython } from "./peers";
import { runNodeSync } from "./spawn";
import { repoRoot, tempDir } from "./temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");

export interface TestKernel {
  /** The Jupyter folders and the variables the kernel runs with (set once `before` has run). */
  readonly env: NodeJS.ProcessEnv;
  /** Copies `notebook` into a fresh folder and executes it there through nbclient (into `executed.ipynb`); fails the
   * test unless every cell ran. */
  runNotebook(notebook: string): { dir: string; executed: string };
  /** Runs `notebook` headless with `labops run` in a fresh folder, with `-p` parameters, into `out.ipynb` and an HTML
   * report; fails the test unless it exits 0. Returns the folder, the executed notebook's path and the report. */
  runHeadless(notebook: string, parameters?: string[]): { dir: string; executed: string; report: string };
}

export function useTestKernel(name: string, kernelEnv: NodeJS.ProcessEnv = {}): TestKernel {
  let env: NodeJS.ProcessEnv = {};
  before(() => {
    const jupyterDir = tempDir("labops-jupyter-");
    // Empty LABOPS_* variables: the kernel must not log into the store of whoever runs the tests.
    env = { JUPYTER_DATA_DIR: jupyterDir, JUPYTER_PATH: "", JUPYTER_RUNTIME_DIR: path.join(jupyterDir, "runtime"), LABOPS_TRACKING_URI: "", LABOPS_RUN_ID: "", ...kernelEnv };
    const r = runNodeSync(cli, ["kernel", "install", "--user", "--name", name], { env });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => runNodeSync(cli, ["kernel", "uninstall", "--name", name], { env }));
  return {
    get env() { return env; },
    runNotebook(notebook) {
      const dir = tempDir();
      const copy = path.join(dir, path.basename(notebook));
      fs.copyFileSync(notebook, copy);
      const executed = path.join(dir, "executed.ipynb");
      const r = runPython(["tests/jupyter/nbclient_run.py", copy, executed, name], env);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { ok: true });
      return { dir, executed };
    },
    runHeadless(notebook, parameters = []) {
      const dir = tempDir();
      const executed = path.join(dir, "out.ipynb");
      const report = path.join(dir, "out.html");
      const r = runNodeSync(cli, ["run", notebook, "--cwd", dir, "--output", executed, "--report", report, ...parameters.flatMap((p) => ["-p", p])], { env });
      assert.equal(r.code, 0, r.stderr);
      return { dir, executed, report: fs.readFileSync(report, "utf8") };
    },
  };
}

// `labops engine install tensorflow`, for real: tfjs-node from npm and libtensorflow from the PyPI wheel into a
// temporary LABOPS_HOME; then `auto` picks it, doctor shows it, a training run on it is tagged with it, and
// `engine list` / `engine uninstall` see it. Also the CLI's error paths: a missing tool, Ctrl-C, bad arguments.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as labops from "../../src";
import { fit, initEngine, trackingCallback } from "../../src/engine";
import { binaryData } from "../engine/engine-data";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const which = (tool: string): string => spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
// The interpreter itself: python3 on PATH may be a pyenv shim, a script that needs pyenv on PATH.
const realPython = spawnSync(which("python3"), ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();

/** A PATH with the install's tools except `without`; python3 replaced by `fakePython` when given. */
function toolPath(without: string[], fakePython?: string): string {
  const dir = tempDir("labops-tools-");
  for (const tool of ["npm", "node", "unzip", "nm", "gcc", "g++", "make", "python3"]) {
    if (without.includes(tool)) continue;
    if (tool === "python3" && fakePython) fs.writeFileSync(path.join(dir, tool), fakePython, { mode: 0o755 });
    else fs.symlinkSync(tool === "node" ? process.execPath : tool === "python3" ? realPython : which(tool), path.join(dir, tool));
  }
  return dir;
}

const nothingIn = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
const progressLine = /^ +\d+ s {2}(\[\d\/6\] |removed )/;

test("a missing tool: exit 1, progress then one error line naming the tool; no engine folder", () => {
  const home = tempDir();
  const r = runNodeSync(cli, ["engine", "install", "tensorflow"], { env: { LABOPS_HOME: home, PATH: toolPath(["nm"]) } });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trimEnd().split("\n");
  assert.match(lines.pop()!, /^labops: labops engine install needs a tool that is missing: nm \(lists the Python symbols .*apt-get install binutils\)\. Nothing was installed/);
  assert.ok(lines.every((l) => progressLine.test(l)), lines.join("\n"));
  assert.deepEqual(nothingIn(path.join(home, "engines")), []);
  assert.equal(r.stdout, "");
});

test("Ctrl-C during the download: exit 1, one line saying nothing was installed, the download process stopped", async () => {
  const home = tempDir();
  const pidFile = path.join(tempDir(), "pip.pid");
  const fake = `#!/bin/sh\nif [ "$1" = "--version" ] || [ "$3" = "--version" ]; then echo "23.2 (fake)"; exit 0; fi\necho $$ > ${pidFile}; exec ${which("sleep")} 60\n`;
  const child = spawn(process.execPath, [cli, "engine", "install", "tensorflow"], { env: { ...process.env, LABOPS_HOME: home, PATH: toolPath([], fake) }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes("[2/6]") && !child.killed) setTimeout(() => child.kill("SIGINT"), 300);
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 1, stderr);
  assert.match(stderr.trim().split("\n").pop()!, /^labops: labops engine install tensorflow was interrupted during: downloading the TensorFlow wheel\. Nothing was installed\.$/);
  assert.throws(() => process.kill(Number(fs.readFileSync(pidFile, "utf8")), 0), /ESRCH/);
  assert.deepEqual(fs.readdirSync(path.join(home, "engines")), []);
});

test("bad arguments: an unknown engine is exit 1 naming it, no engine is exit 2; list and uninstall with nothing installed", () => {
  const env = { env: { LABOPS_HOME: tempDir() } };
  const unknown = runNodeSync(cli, ["engine", "install", "pytorch"], env);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr.trim(), "labops: Unknown engine 'pytorch': labops can install 'tensorflow' (add --gpu for the CUDA build).");
  assert.equal(runNodeSync(cli, ["engine", "install"], env).code, 2);
  const list = runNodeSync(cli, ["engine", "list"], env);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^No engines installed in .*engines \(run 'labops engine install tensorflow'\)\.$/m);
  const none = runNodeSync(cli, ["engine", "uninstall", "tensorflow", "--gpu"], env);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^labops: The engine 'tensorflow-gpu' is not installed in /);
});

test("the real install: auto then picks tensorflow, doctor shows its device and threads, a run trained on it is tagged; list and uninstall", async () => {
  const home = tempDir();
  const engines = path.join(home, "engines");
  const env = { env: { LABOPS_HOME: home, LABOPS_BACKEND: "" } };
  const t0 = Date.now();
  const install = runNodeSync(cli, ["engine", "install", "tensorflow"], env);
  const seconds = (Date.now() - t0) / 1000;
  assert.equal(install.code, 0, install.stderr);
  process.stderr.write(`# labops engine install tensorflow took ${seconds.toFixed(0)} s here\n`);
  assert.deepEqual(install.stderr.match(/\[\d\/6\]/g), ["[1/6]", "[2/6]", "[3/6]", "[4/6]", "[5/6]", "[6/6]"]);
  assert.match(install.stdout, /^Installed @tensorflow\/tfjs-node@4\.22\.0 with TensorFlow 2\.9\.1 \(CPU\) in .*engines\/tensorflow, \d+ MiB, \d+ s\.\nLABOPS_BACKEND=auto now picks it/);
  assert.deepEqual(fs.readdirSync(engines), ["tensorflow"], "no staging or old folder is left");
  // What was built: the addon, linked against the wheel's library and the stub; the wheel itself is not kept.
  const pkg = path.join(engines, "tensorflow/node_modules/@tensorflow/tfjs-node");
  assert.ok(fs.existsSync(path.join(pkg, "lib/napi-v8/tfjs_binding.node")));
  const needed = spawnSync("readelf", ["-d", path.join(pkg, "lib/napi-v8/tfjs_binding.node")], { encoding: "utf8" }).stdout;
  assert.match(needed, /\[_pywrap_tensorflow_internal\.so\][\s\S]*\[libpystub\.so\]/);
  assert.ok(!fs.existsSync(path.join(engines, "tensorflow/.wheel")));

  const list = JSON.parse(runNodeSync(cli, ["engine", "list", "--json"], env).stdout);
  assert.equal(list.engines.length, 1);
  assert.equal(list.engines[0].engine, "tensorflow");
  assert.equal(list.engines[0].loaded.tensorflowVersion, "2.9.1");
  assert.ok(list.engines[0].sizeBytes > 300 * 2 ** 20, `size ${list.engines[0].sizeBytes}`);
  assert.match(runNodeSync(cli, ["engine", "list"], env).stdout, /^tensorflow +@tensorflow\/tfjs-node@4\.22\.0 +2\.9\.1 +\d+ MiB/m);

  const doctor = runNodeSync(cli, ["doctor"], env);
  assert.equal(doctor.code, 0, doctor.stderr);
  assert.match(doctor.stdout, /^backend tensorflow \(asked: auto\), \d+ threads?, tfjs 4\.22\.0\ndevice CPU \(TensorFlow 2\.9\.1 via @tensorflow\/tfjs-node, .*engines\/tensorflow\)\n/);
  assert.match(doctor.stdout, /^\* tensorflow +in use$/m);
  assert.match(doctor.stdout, /^ {2}tensorflow-gpu +@tensorflow\/tfjs-node-gpu: not installed/m);
  assert.equal(doctor.stderr, "", "TensorFlow's INFO lines are kept off the terminal");
  const pinned = JSON.parse(runNodeSync(cli, ["doctor", "--json"], { env: { LABOPS_HOME: home, LABOPS_BACKEND: "tensorflow", TF_NUM_INTRAOP_THREADS: "1" } }).stdout);
  assert.equal(pinned.backend, "tensorflow");
  assert.equal(pinned.threads, 1);

  // Training on it, in this process: the engine loads from the installed folder and the run says so.
  const info = await initEngine({ backend: "auto", enginesDir: engines });
  assert.equal(info.backend, "tensorflow");
  const store = path.join(tempDir(), "store");
  labops.setTrackingUri(store);
  await labops.setExperiment("engine-install");
  const run = await labops.startRun();
  const b = binaryData(400);
  const model = await fit(b.x, b.y, { model: { type: "mlp", hiddenLayerSizes: [16] }, featureNames: b.featureNames, epochs: 30, batchSize: 32, learningRate: 0.01, validationFraction: 0.25, seed: 3, callbacks: [trackingCallback()] });
  await labops.endRun();
  assert.ok(model.metrics["accuracy"]! > 0.9, `validation accuracy ${model.metrics["accuracy"]} on tensorflow`);
  model.dispose();
  const shown = JSON.parse(runNodeSync(cli, ["--tracking-uri", store, "runs", "show", run.runId, "--json"], env).stdout);
  assert.equal(shown.data.tags["labops.engine.backend"], "tensorflow");
  assert.equal(shown.data.tags["labops.engine.tfjs"], "4.22.0");

  const removed = runNodeSync(cli, ["engine", "uninstall", "tensorflow"], env);
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(removed.stdout, /^Removed tensorflow \(@tensorflow\/tfjs-node@4\.22\.0, \d+ MiB\) from .*engines\/tensorflow$/m);
  assert.deepEqual(fs.readdirSync(engines), []);
  assert.match(runNodeSync(cli, ["doctor"], env).stdout, /^backend wasm \(asked: auto\)/);
});

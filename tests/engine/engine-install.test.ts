// `labops engine install`'s fast paths: the Python-symbol stub compiles into the library TF 2.9 needs, a missing
// tool is one error naming it, and a failed or interrupted install leaves nothing that `auto` could pick up.
// (The real install, with training on it, is in tests/cli/engine-install-cli.test.ts.)

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import { initEngine } from "../../src/engine";
import { installEngine } from "../../src/engine/install/engine-install";
import { engineRecipe } from "../../src/engine/install/engine-recipes";
import { checkInstallTools } from "../../src/engine/install/install-tools";
import { listEngines, uninstallEngine } from "../../src/engine/install/installed-engines";
import { pythonImports, pythonStubSource } from "../../src/engine/install/python-stub";
import { tempDir } from "../helpers/temp-dir";

const which = (tool: string): string => {
  const r = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  assert.equal(r.status, 0, `${tool} is needed on this machine to run this test`);
  return r.stdout.trim();
};
const realPython = spawnSync(which("python3"), ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();

/** A PATH of one folder with links to the install's tools, less `without`; `fake` replaces a tool by a script. */
function toolPath(without: string[] = [], fake: Record<string, string> = {}): string {
  const dir = tempDir("labops-tools-");
  for (const tool of ["npm", "node", "unzip", "nm", "gcc", "g++", "make", "python3"]) {
    if (without.includes(tool)) continue;
    const target = path.join(dir, tool);
    if (fake[tool]) fs.writeFileSync(target, fake[tool], { mode: 0o755 });
    else fs.symlinkSync(tool === "python3" ? realPython : tool === "node" ? process.execPath : which(tool), target);
  }
  return dir;
}

/** A python3 whose `--version` and `-m pip --version` work and whose `-m pip download` runs `body`. */
const fakePip = (body: string): string => `#!/bin/sh\nif [ "$1" = "--version" ] || [ "$3" = "--version" ]; then echo "23.2 (fake)"; exit 0; fi\n${body}\n`;

/** assert.rejects' check that the error's message (not its String(), which starts with the class name) matches. */
const message = (re: RegExp) => (e: unknown): boolean => {
  assert.match((e as Error).message, re);
  return true;
};

const nothingIn = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

test("the stub defines every Python import of libtensorflow: functions as text, objects as data, and links", () => {
  // The shape of `nm -D --undefined-only _pywrap_tensorflow_internal.so` (TF 2.9.1's wheel), a few of its 187 lines.
  const nm = ["                 U PyArg_ParseTuple", "                 U PyExc_TypeError", "                 U _Py_NoneStruct", "                 U PyFloat_Type",
    "                 U _Py_Dealloc", "                 U memcpy@GLIBC_2.14", "                 U PyLong_FromLong@@Py", "                 w __gmon_start__", "                 U PyArg_ParseTuple"].join("\n");
  const symbols = pythonImports(nm);
  assert.deepEqual(symbols, ["PyArg_ParseTuple", "PyExc_TypeError", "PyFloat_Type", "PyLong_FromLong", "_Py_Dealloc", "_Py_NoneStruct"]);
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "stub.c"), pythonStubSource(symbols));
  const cc = spawnSync(which("gcc"), ["-shared", "-fPIC", "-o", path.join(dir, "libpystub.so"), path.join(dir, "stub.c")], { encoding: "utf8" });
  assert.equal(cc.status, 0, cc.stderr);
  const defined = spawnSync(which("nm"), ["-D", "--defined-only", path.join(dir, "libpystub.so")], { encoding: "utf8" }).stdout;
  const kind = (s: string) => new RegExp(`^\\S+ (\\S) ${s}$`, "m").exec(defined)?.[1];
  for (const f of ["PyArg_ParseTuple", "PyLong_FromLong", "_Py_Dealloc"]) assert.equal(kind(f), "T", f);
  for (const d of ["PyExc_TypeError", "PyFloat_Type", "_Py_NoneStruct"]) assert.match(kind(d) ?? "", /^[BD]$/, d);
  assert.throws(() => pythonStubSource(["Py_x; system(\"rm\")"]), /not a C identifier/);
});

test("a missing tool is one error naming it and how to get it; nothing is written", async () => {
  const engines = path.join(tempDir(), "engines");
  for (const [tool, fix] of [["unzip", /unzip \(unpacks libtensorflow.*apt-get install unzip/], ["nm", /nm \(lists.*binutils/], ["g++", /g\+\+ \(compiles the tfjs-node addon.*build-essential/], ["npm", /npm \(installs the tfjs-node package/]] as const) {
    const env = { ...process.env, PATH: toolPath([tool]) };
    await assert.rejects(installEngine({ enginesDir: engines, env }), (e: unknown) => {
      assert.ok(isLabopsError(e, "INVALID_STATE"));
      assert.match((e as Error).message, /^labops engine install needs a tool that is missing: /);
      assert.match((e as Error).message, fix);
      assert.match((e as Error).message, /Nothing was installed/);
      assert.ok(!(e as Error).message.includes("\n"), "one line");
      return true;
    }, tool);
    assert.deepEqual(nothingIn(engines), [], tool);
  }
  // Two at once are named together; a Python without pip names the Python; --wheel needs no pip.
  assert.throws(() => checkInstallTools({ env: { ...process.env, PATH: toolPath(["unzip", "make"]) } }), /2 tools that are missing: unzip .*; make .*apt-get install unzip build-essential/);
  assert.throws(() => checkInstallTools({ env: { ...process.env, PATH: toolPath(), LABOPS_PYTHON: "/bin/false" } }), /\/bin\/false -m pip \(downloads the TensorFlow wheel from PyPI; .*LABOPS_PYTHON.*--wheel FILE\)/);
  assert.doesNotThrow(() => checkInstallTools({ env: { ...process.env, PATH: toolPath(), LABOPS_PYTHON: "/bin/false" }, needPip: false }));
  // No node headers: node-gyp would download them from nodejs.org, so it is an error up front.
  assert.throws(() => checkInstallTools({ env: { ...process.env, PATH: toolPath(), npm_config_nodedir: "/nonexistent" } }), /node headers \(no \/nonexistent\/include\/node\/node_api\.h; .*npm_config_nodedir/);
  await assert.rejects(installEngine({ engine: "pytorch", enginesDir: engines }), /Unknown engine 'pytorch': labops can install 'tensorflow' \(add --gpu/);
  await assert.rejects(installEngine({ enginesDir: engines, wheel: "/nonexistent/tf.whl" }), /The wheel '\/nonexistent\/tf.whl' does not exist/);
  assert.deepEqual(nothingIn(engines), []);
});

test("a step that fails names the step and the tool's own words; the staging folder is removed", async () => {
  const engines = path.join(tempDir(), "engines");
  const env = { ...process.env, PATH: toolPath([], { python3: fakePip(`echo "ERROR: No matching distribution found for tensorflow-cpu==2.9.1" >&2; exit 1`) }) };
  const lines: string[] = [];
  await assert.rejects(installEngine({ enginesDir: engines, env, onProgress: (l) => lines.push(l) }), (e: unknown) => {
    assert.match((e as Error).message, /^downloading the TensorFlow wheel failed \(.*-m pip download .*tensorflow-cpu==2\.9\.1 exited with 1\): ERROR: No matching distribution found for tensorflow-cpu==2\.9\.1\. Nothing was installed\.$/);
    return true;
  });
  assert.deepEqual(lines.map((l) => l.slice(0, 5)), ["[1/6]", "[2/6]"]);
  assert.deepEqual(nothingIn(engines), [], "no staging folder, no engine");
});

test("an interrupted install stops its child processes and leaves nothing; a killed one's leftovers are ignored by auto and cleaned next time", async () => {
  const engines = path.join(tempDir(), "engines");
  const pidFile = path.join(tempDir(), "pip.pid");
  const env = { ...process.env, PATH: toolPath([], { python3: fakePip(`echo $$ > ${pidFile}; exec ${which("sleep")} 60`) }) };
  const abort = new AbortController();
  const started = Date.now();
  await assert.rejects(
    installEngine({ enginesDir: engines, env, signal: abort.signal, onProgress: (l) => { if (l.startsWith("[2/6]")) setTimeout(() => abort.abort(), 300); } }),
    message(/^labops engine install tensorflow was interrupted during: downloading the TensorFlow wheel\. Nothing was installed\.$/),
  );
  assert.ok(Date.now() - started < 20_000, "it did not wait for the download");
  const pid = Number(fs.readFileSync(pidFile, "utf8"));
  await new Promise((r) => setTimeout(r, 200));
  assert.throws(() => process.kill(pid, 0), /ESRCH/, "the download process was stopped");
  assert.deepEqual(nothingIn(engines), []);

  // A SIGKILLed install leaves its staging folder (here, one that even holds a package): auto does not look there.
  const leftover = path.join(engines, ".staging-tensorflow-999999-0badf00d");
  fs.mkdirSync(path.join(leftover, "node_modules", "@tensorflow", "tfjs-node"), { recursive: true });
  fs.writeFileSync(path.join(leftover, "node_modules", "@tensorflow", "tfjs-node", "index.js"), "throw new Error('half-installed engine loaded')");
  const info = await initEngine({ backend: "auto", enginesDir: engines });
  assert.equal(info.backend, "wasm");
  assert.match(info.attempts.find((a) => a.backend === "tensorflow")!.reason!, /^@tensorflow\/tfjs-node: not installed in .*engines\/tensorflow; not installed in .*engines; (not installed in labops' own dependencies|the one at .* is not the native binding .*); 'labops engine install tensorflow' installs it$/);
  assert.deepEqual(listEngines(engines), []);
  await assert.rejects(async () => uninstallEngine("tensorflow", engines), /The engine 'tensorflow' is not installed in .*engines \(see 'labops engine list'\)/);
  // The next install (failing here at the download) removes it first.
  const notes: string[] = [];
  const failing = { ...process.env, PATH: toolPath([], { python3: fakePip("exit 1") }) };
  await assert.rejects(installEngine({ enginesDir: engines, env: failing, onProgress: (l) => notes.push(l) }));
  assert.ok(notes.includes("removed .staging-tensorflow-999999-0badf00d, left by an install that was interrupted"), notes.join("\n"));
  assert.deepEqual(nothingIn(engines), []);
});

test("--gpu picks tfjs-node-gpu and the CUDA wheel; the recipes pin what tfjs-node 4.22 was released against", () => {
  assert.deepEqual([engineRecipe("tensorflow").npmPackage, engineRecipe("tensorflow").wheel], ["@tensorflow/tfjs-node", "tensorflow-cpu"]);
  assert.deepEqual([engineRecipe("tensorflow", true).npmPackage, engineRecipe("tensorflow", true).wheel, engineRecipe("tensorflow", true).engine], ["@tensorflow/tfjs-node-gpu", "tensorflow", "tensorflow-gpu"]);
  assert.equal(engineRecipe("tensorflow").tensorflowVersion, "2.9.1");
});

test("the loader's GPU paths, with a stand-in tfjs-node-gpu (no GPU here): used when TF sees a GPU, else `tensorflow` runs it on CPU", async () => {
  // A package where `labops engine install tensorflow --gpu` puts tfjs-node-gpu, registering a 'tensorflow' backend (tfjs' cpu
  // kernels) whose binding answers isUsingGpuDevice() as told. Run in a child: the registration is process-wide.
  const tfjs = path.dirname(require.resolve("@tensorflow/tfjs/package.json"));
  const backendJs = path.resolve(__dirname, "../../src/engine/backend.js");
  const script = (gpu: boolean, engines: string) => {
    const pkg = path.join(engines, "tensorflow-gpu", "node_modules", "@tensorflow", "tfjs-node-gpu");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "@tensorflow/tfjs-node-gpu", version: "4.22.0", main: "index.js" }));
    fs.writeFileSync(path.join(pkg, "index.js"), `const tf = require(${JSON.stringify(tfjs)});
const cpu = tf.findBackendFactory("cpu");
tf.registerBackend("tensorflow", () => Object.assign(cpu(), { binding: { TF_Version: "2.9.1-standin", isUsingGpuDevice: () => ${gpu} } }));
module.exports = tf;`);
    return `const b = require(${JSON.stringify(backendJs)});
b.initEngine({ backend: process.argv[1], enginesDir: ${JSON.stringify(engines)} }).then((i) => console.log(JSON.stringify(i)), (e) => { console.log(JSON.stringify({ error: e.message })); });`;
  };
  const run = (code: string, backend: string) => JSON.parse(spawnSync(process.execPath, ["-e", code, backend], { encoding: "utf8" }).stdout.trim().split("\n").pop()!);

  const cpuOnly = path.join(tempDir(), "engines");
  const auto = run(script(false, cpuOnly), "auto");
  assert.equal(auto.backend, "tensorflow");
  assert.deepEqual(auto.devices, [`CPU (TensorFlow 2.9.1-standin via @tensorflow/tfjs-node-gpu, ${path.join(cpuOnly, "tensorflow-gpu")})`]);
  assert.match(auto.attempts[0].reason, /^@tensorflow\/tfjs-node-gpu loaded but TensorFlow found no usable GPU/);
  assert.match(run(script(false, cpuOnly), "tensorflow-gpu").error, /backend 'tensorflow-gpu' is unavailable: tensorflow-gpu: .*no usable GPU.*LABOPS_BACKEND=auto/);

  const withGpu = path.join(tempDir(), "engines");
  const gpu = run(script(true, withGpu), "auto");
  assert.equal(gpu.backend, "tensorflow-gpu");
  assert.deepEqual(gpu.devices, [`GPU (CUDA, TensorFlow 2.9.1-standin via @tensorflow/tfjs-node-gpu, ${path.join(withGpu, "tensorflow-gpu")})`]);
});

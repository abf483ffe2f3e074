// `labops engine install tensorflow [--gpu]`: tfjs-node (or -gpu) without its install script's libtensorflow download: the library comes from the TensorFlow wheel on PyPI and the addon is built here. Everything is staged in a temporary folder that is renamed into place only once the engine loads.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LabopsError } from "../../core/errors";
import { enginesDir } from "../backend";
import { engineRecipe, type EngineRecipe } from "./engine-recipes";
import { checkInstallTools, type InstallTools } from "./install-tools";
import { InstallInterrupted, runStep } from "./install-steps";
import { engineFolder, folderSize, MANIFEST_FILE, type EngineManifest, type InstalledEngine } from "./installed-engines";
import { pythonImports, pythonStubSource } from "./python-stub";

export interface InstallEngineOptions {
  /** Default "tensorflow", the only engine labops installs. */
  engine?: string;
  /** tfjs-node-gpu from the `tensorflow` (CUDA) wheel instead of tfjs-node from `tensorflow-cpu`. */
  gpu?: boolean;
  /** Default: enginesDir() (LABOPS_HOME/engines). */
  enginesDir?: string;
  /** A TensorFlow wheel already on disk: skips the PyPI download (and the need for pip). */
  wheel?: string;
  /** Aborting stops the running step and removes everything staged. */
  signal?: AbortSignal;
  /** Called as each step starts ("[2/6] ...") and with notes along the way. */
  onProgress?(line: string): void;
  env?: NodeJS.ProcessEnv;
}

export const INSTALL_STEPS = 6;

/** Bytes the staging folder needs at its peak (wheel + unpacked libraries + node_modules + build), with margin. */
const neededBytes = (r: EngineRecipe): number => (r.wheel === "tensorflow" ? 2.2e9 : 1.1e9);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Removes what an install killed hard (SIGKILL, power loss) left behind; `auto` never looks at these folders. */
function removeLeftovers(dir: string, note: (line: string) => void): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const m = /^\.(staging|old)-[a-z-]+?-(\d+)-/.exec(name);
    if (m && !alive(Number(m[2]))) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      note(`removed ${name}, left by an install that was interrupted`);
    }
  }
}

/** Installs the engine into enginesDir()/<engine> and returns what was installed. A failure leaves nothing behind. */
export async function installEngine(options: InstallEngineOptions = {}): Promise<InstalledEngine> {
  const recipe = engineRecipe(options.engine ?? "tensorflow", options.gpu);
  const dir = path.resolve(options.enginesDir ?? enginesDir());
  const env = options.env ?? process.env;
  const say = options.onProgress ?? (() => {});
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new LabopsError("NOT_IMPLEMENTED", `labops engine install supports Linux x86-64 only (the TensorFlow wheels it unpacks are manylinux x86_64); this is ${process.platform}-${process.arch}. Use LABOPS_BACKEND=wasm.`);
  }
  const wheelGiven = options.wheel ? path.resolve(options.wheel) : undefined;
  if (wheelGiven && !fs.existsSync(wheelGiven)) throw new LabopsError("INVALID_PARAMETER_VALUE", `The wheel '${options.wheel}' does not exist.`);

  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string): void => {
    const now = Date.now();
    timings[name] = (now - t) / 1000;
    t = now;
  };

  say(`[1/${INSTALL_STEPS}] checking the tools the install needs`);
  const tools = checkInstallTools({ env, needPip: !wheelGiven });
  fs.mkdirSync(dir, { recursive: true });
  const free = fs.statfsSync(dir);
  if (free.bavail * free.bsize < neededBytes(recipe)) {
    throw new LabopsError("INVALID_STATE", `labops engine install ${recipe.engine} needs about ${(neededBytes(recipe) / 1e9).toFixed(1)} GB free in ${dir}; there are ${(free.bavail * free.bsize / 1e9).toFixed(2)} GB. Free some space or set LABOPS_HOME elsewhere. Nothing was installed.`);
  }
  removeLeftovers(dir, say);
  lap("check");

  const staging = path.join(dir, `.staging-${recipe.engine}-${process.pid}-${randomBytes(4).toString("hex")}`);
  fs.mkdirSync(staging);
  try {
    const manifest = await build(recipe, staging, tools, { ...options, env, say, lap, wheelGiven });
    manifest.timings = timings;
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
    const target = engineFolder(recipe.engine, dir);
    const aside = path.join(dir, `.old-${recipe.engine}-${process.pid}-${randomBytes(4).toString("hex")}`);
    const replacing = fs.existsSync(target);
    if (replacing) fs.renameSync(target, aside);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (replacing) fs.renameSync(aside, target);
      throw e;
    }
    if (replacing) fs.rmSync(aside, { recursive: true, force: true });
    return { ...manifest, dir: target, sizeBytes: folderSize(target) };
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (e instanceof InstallInterrupted) throw new LabopsError("INVALID_STATE", `labops engine install ${recipe.engine} was interrupted during: ${e.message}. Nothing was installed.`);
    if (e instanceof LabopsError) throw new LabopsError(e.code, `${e.message.replace(/\.?$/, ".")} Nothing was installed.`, { cause: e });
    throw e;
  }
}

interface BuildContext extends InstallEngineOptions {
  env: NodeJS.ProcessEnv;
  say(line: string): void;
  lap(name: string): void;
  wheelGiven: string | undefined;
}

/** Steps 2-6 inside the staging folder; returns the manifest of a package that loaded. */
async function build(r: EngineRecipe, staging: string, tools: InstallTools, c: BuildContext): Promise<EngineManifest> {
  const signal = c.signal;
  const env: NodeJS.ProcessEnv = { ...c.env, npm_config_nodedir: tools.nodeDir };
  const step = (what: string, cmd: string, args: string[], cwd = staging) => runStep(what, { cmd, args, cwd, env, signal });
  const n = INSTALL_STEPS;

  // 2. The wheel: pip only downloads it (its tags, not the local Python's, pick the file); it is never installed.
  let wheel = c.wheelGiven;
  if (!wheel) {
    c.say(`[2/${n}] downloading ${r.wheel}==${r.tensorflowVersion} from PyPI (${r.wheel === "tensorflow" ? "about 510" : "about 210"} MB)`);
    const wheelDir = path.join(staging, ".wheel");
    fs.mkdirSync(wheelDir);
    await step("downloading the TensorFlow wheel", tools.python, ["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--python-version", r.pythonVersion, "--platform", r.platform, "--dest", wheelDir, `${r.wheel}==${r.tensorflowVersion}`]);
    const found = fs.readdirSync(wheelDir).filter((f) => f.endsWith(".whl"));
    if (found.length !== 1) throw new LabopsError("INVALID_STATE", `pip download left ${found.length} wheels in ${wheelDir}, expected one`);
    wheel = path.join(wheelDir, found[0]!);
  } else {
    c.say(`[2/${n}] using the wheel ${wheel}`);
  }
  c.lap("wheel");

  // 3. The npm package without its install script (which would download libtensorflow from Google storage).
  c.say(`[3/${n}] npm install --ignore-scripts ${r.npmPackage}@${r.npmVersion}`);
  fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify({ name: `labops-engine-${r.engine}`, private: true, description: "Installed by labops engine install; loaded by labops' backend selector." }, null, 2) + "\n");
  await step("npm install", tools.npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", `${r.npmPackage}@${r.npmVersion}`]);
  const pkgDir = path.join(staging, "node_modules", ...r.npmPackage.split("/"));
  c.lap("npm");

  // 4. libtensorflow and the C headers into deps/, the layout the package's binding.gyp links against.
  c.say(`[4/${n}] unpacking libtensorflow ${r.tensorflowVersion} and its C headers from ${path.basename(wheel)}`);
  const unpack = path.join(staging, ".unpack");
  fs.mkdirSync(unpack);
  await step("unpacking the wheel", "unzip", ["-q", wheel, "tensorflow/libtensorflow_framework.so.2", "tensorflow/python/_pywrap_tensorflow_internal.so", "tensorflow/include/tensorflow/c/*", "tensorflow/include/tensorflow/core/platform/ctstring*", "-d", unpack]);
  const lib = path.join(pkgDir, "deps", "lib");
  fs.rmSync(path.join(pkgDir, "deps"), { recursive: true, force: true });
  fs.mkdirSync(lib, { recursive: true });
  fs.renameSync(path.join(unpack, "tensorflow/python/_pywrap_tensorflow_internal.so"), path.join(lib, "_pywrap_tensorflow_internal.so"));
  fs.renameSync(path.join(unpack, "tensorflow/libtensorflow_framework.so.2"), path.join(lib, "libtensorflow_framework.so.2"));
  fs.renameSync(path.join(unpack, "tensorflow/include"), path.join(pkgDir, "deps", "include"));
  fs.rmSync(unpack, { recursive: true, force: true });
  if (!c.wheelGiven) fs.rmSync(path.dirname(wheel), { recursive: true, force: true });
  // TF 2.9's C API is inside the Python extension, which imports Python symbols: a stub library defines them.
  const nmOut = await step("listing libtensorflow's Python imports", "nm", ["-D", "--undefined-only", path.join(lib, "_pywrap_tensorflow_internal.so")]);
  const symbols = pythonImports(nmOut);
  if (symbols.length === 0) throw new LabopsError("INVALID_STATE", `nm found no Python imports in _pywrap_tensorflow_internal.so from ${path.basename(wheel)}: not the TensorFlow ${r.tensorflowVersion} wheel layout labops expects`);
  fs.writeFileSync(path.join(staging, "pystub.c"), pythonStubSource(symbols));
  await step("compiling the Python-symbol stub", "gcc", ["-shared", "-fPIC", "-O1", "-Wl,-soname,libpystub.so", "-o", path.join(lib, "libpystub.so"), path.join(staging, "pystub.c")]);
  fs.rmSync(path.join(staging, "pystub.c"));
  // The name install.js and node-pre-gyp check for; a GNU ld script so the addon links both libraries unchanged.
  fs.symlinkSync("_pywrap_tensorflow_internal.so", path.join(lib, `libtensorflow.so.${r.tensorflowVersion}`));
  fs.writeFileSync(path.join(lib, "libtensorflow.so"), "INPUT ( _pywrap_tensorflow_internal.so libpystub.so )\n");
  fs.symlinkSync("libtensorflow_framework.so.2", path.join(lib, "libtensorflow_framework.so"));
  c.lap("unpack");

  // 5. The N-API addon, compiled here against the local node headers (no prebuilt-binary download).
  c.say(`[5/${n}] building the tfjs-node addon (node-pre-gyp --build-from-source; about 10-60 s)`);
  const bin = path.join(staging, "node_modules", ".bin");
  const buildEnv = { ...env, PATH: [bin, path.dirname(process.execPath), env["PATH"] ?? ""].join(path.delimiter), JOBS: String(Math.max(1, os.cpus().length)) };
  await runStep("building the tfjs-node addon", { cmd: process.execPath, args: [fs.realpathSync(path.join(bin, "node-pre-gyp")), "install", "--build-from-source"], cwd: pkgDir, env: buildEnv, signal });
  // Compiler objects; node-pre-gyp has copied the addon to lib/napi-v8/.
  for (const d of ["build", "build-tmp-napi-v8"]) fs.rmSync(path.join(pkgDir, d), { recursive: true, force: true });
  c.lap("build");

  // 6. Load it in a fresh process: the engine only moves into place once this works.
  c.say(`[6/${n}] checking that ${r.npmPackage} loads and computes`);
  const probe = `const tf=require(${JSON.stringify(r.npmPackage)});if(tf.getBackend()!=='tensorflow')throw new Error('backend '+tf.getBackend());const s=tf.matMul(tf.ones([2,3]),tf.ones([3,2])).dataSync();if(s[0]!==3)throw new Error('matMul gave '+s[0]);const b=tf.backend().binding;process.stdout.write(JSON.stringify({tensorflowVersion:b.TF_Version,gpu:!!(b.isUsingGpuDevice&&b.isUsingGpuDevice())}))`;
  const out = await step("loading the installed engine", process.execPath, ["-e", probe], staging);
  const loaded = JSON.parse(out.trim().split("\n").pop()!) as EngineManifest["loaded"];
  c.lap("load");

  return { engine: r.engine, npmPackage: r.npmPackage, npmVersion: r.npmVersion, tensorflowVersion: r.tensorflowVersion, wheelFile: path.basename(wheel), loaded, installedAt: new Date().toISOString(), timings: {} };
}

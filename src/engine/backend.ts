// Backend selection for the training engine: tries native TensorFlow, WebGPU, wasm, then pure-JS cpu, and says why each was refused.

import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { invalidParameter, LabopsError } from "../core/errors";

/** The tfjs namespace the engine computes with (tfjs-node re-exports it with its own backend registered). */
export type Tf = typeof import("@tensorflow/tfjs");

export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendRequest = BackendName | "auto";

export interface BackendAttempt {
  backend: BackendName;
  /** True for the backend in use. */
  used: boolean;
  /** Why it was not used (absent for the one in use, and for those never tried because an earlier one won). */
  reason?: string;
}

export interface EngineInfo {
  /** The backend in use. */
  backend: BackendName;
  /** What was asked for (LABOPS_BACKEND or the `backend` option). */
  requested: BackendRequest;
  /** Compute threads the backend uses (wasm: its pthread count; cpu: 1; tensorflow: TF's intra-op default). */
  threads: number;
  /** What computes, e.g. "CPU (TensorFlow 2.9.1 via @tensorflow/tfjs-node, /home/me/.labops/engines/tensorflow)" or "CPU (WebAssembly)". */
  devices: string[];
  tfjsVersion: string;
  /** Every backend, in the order `auto` tries them, with the reason each one not in use was refused. */
  attempts: BackendAttempt[];
}

export interface InitEngineOptions {
  /** Default: LABOPS_BACKEND, else "auto". */
  backend?: string;
  /** Where `labops engine install` puts optional engines. Default: LABOPS_HOME/engines (LABOPS_HOME defaults to ~/.labops). */
  enginesDir?: string;
}

interface EngineState { tf: Tf; info: EngineInfo }
let state: EngineState | null = null;

/** The folder labops loads optional engine packages from (a node_modules tree is expected under it). */
export function enginesDir(): string {
  const home = process.env["LABOPS_HOME"] || path.join(os.homedir(), ".labops");
  return path.join(home, "engines");
}

function parseRequest(value: string | undefined): BackendRequest {
  const v = (value ?? "auto").trim() || "auto";
  if (v === "auto" || (BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendRequest;
  throw invalidParameter(`Unknown engine backend '${v}' (from LABOPS_BACKEND or the backend option); use one of auto, ${BACKEND_NAMES.join(", ")}.`);
}

/**
 * Requires a package from the given folders (an engine's folder first), then from labops' own node_modules; a
 * module that `refuse` objects to (it returns why) is passed over for the next place.
 */
function requireOptional(name: string, dirs: string[], refuse: (module: unknown, from: string) => string | null = () => null, own = true): { module: unknown; from: string } {
  const errors: string[] = [];
  const places = [...dirs.map((d) => [path.join(d, "index.js"), d] as const), ...(own ? [[__filename, "labops' own dependencies"] as const] : [])];
  for (const [base, where] of places) {
    try {
      const req = createRequire(base);
      const resolved = req.resolve(name);
      const module = req(resolved);
      const why = refuse(module, resolved);
      if (why) errors.push(why);
      else return { module, from: resolved };
    } catch (e) {
      const msg = (e as Error).message.split("\n")[0]!;
      errors.push((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && msg.includes(`'${name}'`) ? `not installed in ${where}` : msg);
    }
  }
  throw new Error(`${name}: ${errors.join("; ")}`);
}

function baseTf(): Tf {
  return require("@tensorflow/tfjs") as Tf;
}

async function activate(tf: Tf, name: string): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error(`no '${name}' backend is registered`);
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') failed to initialise`);
  await tf.ready();
}

/** Loads a native package and checks it really is tfjs-node (not the npm alias of plain tfjs labops' package.json has). */
function loadNative(pkg: string, dirs: string[], own = true): { tf: Tf; from: string } {
  const { module, from } = requireOptional(pkg, dirs, (m, at) => {
    const tf = m as Tf;
    const native = typeof tf.findBackendFactory === "function" && !!tf.findBackendFactory("tensorflow");
    return native ? null : `the one at ${at} is not the native binding (no 'tensorflow' backend registered; it is probably an npm alias of @tensorflow/tfjs)`;
  }, own);
  return { tf: module as Tf, from };
}

type Attempt = { tf: Tf; threads: number; devices: string[] };

/**
 * `labops engine install tensorflow [--gpu]` puts tfjs-node in <engines>/tensorflow and tfjs-node-gpu in
 * <engines>/tensorflow-gpu; a package in <engines>/node_modules or labops' own dependencies is also taken.
 * Without tfjs-node, the `tensorflow` backend runs tfjs-node-gpu on CPU (the same TensorFlow, CUDA unused).
 */
async function tryNative(gpu: boolean, dir: string): Promise<Attempt> {
  const pkg = gpu ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
  // TensorFlow logs INFO lines (CPU features) on stderr when it loads; keep warnings, unless the user chose a level.
  process.env["TF_CPP_MIN_LOG_LEVEL"] ??= "1";
  // The engines folder before labops' own dependencies (there, tfjs-node is an alias of plain tfjs, whose bundle would
  // register its kernels a second time over a tfjs-node-gpu already loaded).
  // Without tfjs-node, `tensorflow` takes an installed tfjs-node-gpu on CPU (its failure is not worth reporting).
  const tries: Array<[string, string[], boolean]> = gpu
    ? [[pkg, [path.join(dir, "tensorflow-gpu"), dir], true]]
    : [[pkg, [path.join(dir, "tensorflow"), dir], false], ["@tensorflow/tfjs-node-gpu", [path.join(dir, "tensorflow-gpu")], false], [pkg, [], true]];
  let loaded: { tf: Tf; from: string; pkg: string } | undefined;
  const errors: string[] = [];
  for (const [name, dirs, own] of tries) {
    try {
      loaded = { ...loadNative(name, dirs, own), pkg: name };
      break;
    } catch (e) {
      if (name === pkg) errors.push((e as Error).message.slice(name.length + 2)); // drop the "<package>: " each one starts with
    }
  }
  if (!loaded) throw new Error(`${pkg}: ${errors.join("; ")}; 'labops engine install tensorflow${gpu ? " --gpu" : ""}' installs it`);
  const { tf, from } = loaded;
  await activate(tf, "tensorflow");
  const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean; TF_Version?: string } }).binding;
  const onGpu = !!binding?.isUsingGpuDevice?.();
  // tfjs-node-gpu silently runs on CPU when CUDA is missing: only count it as GPU when TF sees one.
  if (gpu && !onGpu) throw new Error(`${pkg} loaded but TensorFlow found no usable GPU (CUDA/cuDNN libraries or driver missing)`);
  const env = Number(process.env["TF_NUM_INTRAOP_THREADS"]);
  const where = from.slice(0, from.lastIndexOf(`${path.sep}node_modules${path.sep}`)) || from;
  const device = `${onGpu ? "GPU" : "CPU"} (${onGpu ? "CUDA, " : ""}TensorFlow ${binding?.TF_Version ?? "?"} via ${loaded.pkg}, ${where})`;
  return { tf, threads: env > 0 ? env : os.cpus().length, devices: [device] };
}

async function tryWebgpu(dir: string): Promise<Attempt> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (!g.navigator?.gpu) {
    let dawn: Record<string, unknown>;
    try {
      dawn = requireOptional("webgpu", [dir]).module as Record<string, unknown>;
    } catch (e) {
      throw new Error(`Node has no navigator.gpu and the 'webgpu' npm package (Dawn for Node) is unavailable: ${(e as Error).message}`);
    }
    const create = dawn["create"] as ((flags: string[]) => unknown) | undefined;
    if (typeof create !== "function") throw new Error(`the 'webgpu' package has no create() function`);
    Object.assign(globalThis, dawn["globals"] ?? {});
    (globalThis as { navigator?: unknown }).navigator = { gpu: create([]) };
  }
  const tf = baseTf();
  try {
    requireOptional("@tensorflow/tfjs-backend-webgpu", [dir]);
  } catch (e) {
    throw new Error(`@tensorflow/tfjs-backend-webgpu is unavailable: ${(e as Error).message}`);
  }
  const adapter = await (g.navigator!.gpu as { requestAdapter(): Promise<unknown> }).requestAdapter();
  if (!adapter) throw new Error(`WebGPU found no adapter (no Vulkan driver Dawn accepts)`);
  await activate(tf, "webgpu");
  const a = adapter as { info?: { vendor?: string; description?: string } };
  return { tf, threads: 1, devices: [`GPU (WebGPU${a.info?.description || a.info?.vendor ? `: ${a.info.description || a.info.vendor}` : ""})`] };
}

async function tryWasm(): Promise<Attempt> {
  const tf = baseTf();
  const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
  // The .wasm files ship in the package's dist/ folder: point tfjs there so nothing is fetched.
  const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  wasm.setWasmPaths(dist + path.sep);
  await activate(tf, "wasm");
  return { tf, threads: wasm.getThreadsCount(), devices: ["CPU (WebAssembly)"] };
}

async function tryCpu(): Promise<Attempt> {
  const tf = baseTf();
  await activate(tf, "cpu");
  return { tf, threads: 1, devices: ["CPU (JavaScript)"] };
}

function attemptOf(name: BackendName, dir: string): Promise<Attempt> {
  switch (name) {
    case "tensorflow-gpu": return tryNative(true, dir);
    case "tensorflow": return tryNative(false, dir);
    case "webgpu": return tryWebgpu(dir);
    case "wasm": return tryWasm();
    case "cpu": return tryCpu();
  }
}

/**
 * Chooses and initialises the backend. `auto` tries tensorflow-gpu, tensorflow, webgpu, wasm, cpu in that
 * order; an explicit backend that cannot load is an error (nothing changes: the previous backend stays).
 */
export async function initEngine(options: InitEngineOptions = {}): Promise<EngineInfo> {
  const requested = parseRequest(options.backend ?? process.env["LABOPS_BACKEND"]);
  const dir = options.enginesDir ?? enginesDir();
  const order: BackendName[] = requested === "auto" ? [...BACKEND_NAMES] : [requested];
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      const { tf, threads, devices } = await attemptOf(name, dir);
      for (const other of BACKEND_NAMES) {
        if (other === name || attempts.some((a) => a.backend === other)) continue;
        attempts.push({ backend: other, used: false, reason: requested === "auto" ? `not tried: '${name}' comes first in auto order` : `not requested (LABOPS_BACKEND=${requested})` });
      }
      attempts.push({ backend: name, used: true });
      attempts.sort((a, b) => BACKEND_NAMES.indexOf(a.backend) - BACKEND_NAMES.indexOf(b.backend));
      const info: EngineInfo = { backend: name, requested, threads, devices, tfjsVersion: tf.version_core, attempts };
      state = { tf, info };
      return info;
    } catch (e) {
      attempts.push({ backend: name, used: false, reason: (e as Error).message });
    }
  }
  const why = attempts.map((a) => `${a.backend}: ${a.reason}`).join("; ");
  throw new LabopsError("INVALID_PARAMETER_VALUE", requested === "auto"
    ? `No engine backend could start (${why}).`
    : `The engine backend '${requested}' is unavailable: ${why}. Use LABOPS_BACKEND=auto to fall back.`);
}

/** The engine's state, initialised on first use with the default request. */
export async function ensureEngine(): Promise<{ tf: Tf; info: EngineInfo }> {
  if (!state) await initEngine();
  return state!;
}

/** What `labops doctor` shows: the backend in use, its threads, and why every other backend was not used. Null before first use. */
export function engineInfo(): EngineInfo | null {
  return state ? { ...state.info, devices: [...state.info.devices], attempts: state.info.attempts.map((a) => ({ ...a })) } : null;
}

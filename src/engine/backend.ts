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

/** Requires a package from labops' engines folder first, then from labops' own node_modules. */
function requireOptional(name: string, dir: string): { module: unknown; from: string } {
  const errors: string[] = [];
  for (const [base, where] of [[path.join(dir, "index.js"), dir], [__filename, "labops' own dependencies"]] as const) {
    try {
      const req = createRequire(base);
      const resolved = req.resolve(name);
      return { module: req(resolved), from: resolved };
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

async function tryNative(gpu: boolean, dir: string): Promise<{ tf: Tf; threads: number }> {
  const pkg = gpu ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
  const { module, from } = requireOptional(pkg, dir);
  const tf = module as Tf;
  // npm overrides can alias the name to plain @tensorflow/tfjs (labops' own package.json does, for danfojs).
  if (typeof tf.findBackendFactory !== "function" || !tf.findBackendFactory("tensorflow")) {
    throw new Error(`${pkg} at ${from} is not the native binding (no 'tensorflow' backend registered; it is probably an npm alias of @tensorflow/tfjs); install the real package into ${enginesDir()}`);
  }
  await activate(tf, "tensorflow");
  if (gpu) {
    // tfjs-node-gpu silently runs on CPU when CUDA is missing: only count it as GPU when TF sees one.
    const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding;
    if (!binding?.isUsingGpuDevice?.()) throw new Error(`${pkg} loaded but TensorFlow found no usable GPU (CUDA/cuDNN libraries or driver missing)`);
  }
  const env = Number(process.env["TF_NUM_INTRAOP_THREADS"]);
  return { tf, threads: env > 0 ? env : os.cpus().length };
}

async function tryWebgpu(dir: string): Promise<{ tf: Tf; threads: number }> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (!g.navigator?.gpu) {
    let dawn: Record<string, unknown>;
    try {
      dawn = requireOptional("webgpu", dir).module as Record<string, unknown>;
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
    requireOptional("@tensorflow/tfjs-backend-webgpu", dir);
  } catch (e) {
    throw new Error(`@tensorflow/tfjs-backend-webgpu is unavailable: ${(e as Error).message}`);
  }
  const adapter = await (g.navigator!.gpu as { requestAdapter(): Promise<unknown> }).requestAdapter();
  if (!adapter) throw new Error(`WebGPU found no adapter (no Vulkan driver Dawn accepts)`);
  await activate(tf, "webgpu");
  return { tf, threads: 1 };
}

async function tryWasm(): Promise<{ tf: Tf; threads: number }> {
  const tf = baseTf();
  const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
  // The .wasm files ship in the package's dist/ folder: point tfjs there so nothing is fetched.
  const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  wasm.setWasmPaths(dist + path.sep);
  await activate(tf, "wasm");
  return { tf, threads: wasm.getThreadsCount() };
}

async function tryCpu(): Promise<{ tf: Tf; threads: number }> {
  const tf = baseTf();
  await activate(tf, "cpu");
  return { tf, threads: 1 };
}

function attemptOf(name: BackendName, dir: string): Promise<{ tf: Tf; threads: number }> {
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
      const { tf, threads } = await attemptOf(name, dir);
      for (const other of BACKEND_NAMES) {
        if (other === name || attempts.some((a) => a.backend === other)) continue;
        attempts.push({ backend: other, used: false, reason: requested === "auto" ? `not tried: '${name}' comes first in auto order` : `not requested (LABOPS_BACKEND=${requested})` });
      }
      attempts.push({ backend: name, used: true });
      attempts.sort((a, b) => BACKEND_NAMES.indexOf(a.backend) - BACKEND_NAMES.indexOf(b.backend));
      const info: EngineInfo = { backend: name, requested, threads, tfjsVersion: tf.version_core, attempts };
      state = { tf, info };
      return info;
    } catch (e) {
      attempts.push({ backend: name, used: false, reason: (e as Error).message });
    }
  }
  const why = attempts.map((a) => `${a.backend}: ${a.reason}`).join("; ");
  throw new LabopsError("INVALID_PARAMETER_VALUE", requested === "auto"
    ? `No engine backend could start (${why}).`
    : `The engine backend '${requested}' is unavailable: ${why}. Use LABOPS_BACKEND=auto to fall back, or install the package (it downloads libtensorflow, so it needs internet) into ${enginesDir()}/node_modules.`);
}

/** The engine's state, initialised on first use with the default request. */
export async function ensureEngine(): Promise<{ tf: Tf; info: EngineInfo }> {
  if (!state) await initEngine();
  return state!;
}

/** What `labops doctor` shows: the backend in use, its threads, and why every other backend was not used. Null before first use. */
export function engineInfo(): EngineInfo | null {
  return state ? { ...state.info, attempts: state.info.attempts.map((a) => ({ ...a })) } : null;
}

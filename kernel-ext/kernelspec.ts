// Jupyter kernelspecs for the labops kernel: written by Node itself (no Python needed), found where Jupyter
// looks for them (JUPYTER_PATH, JUPYTER_DATA_DIR, the user's data folder, system folders).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { invalidParameter, notFound } from "../src/core/errors";

export interface KernelspecLocation {
  /** Install for the current user (the default). */
  user?: boolean;
  /** Install under PREFIX/share/jupyter, e.g. a virtualenv. */
  prefix?: string;
}

export interface InstalledKernel {
  name: string;
  dir: string;
  displayName: string;
  /** Whether it starts this labops kernel. */
  labops: boolean;
}

const KERNEL_SCRIPT = path.resolve(__dirname, "kernel.js");
const NAME_PATTERN = /^[a-z0-9._-]+$/i;

export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library/Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? os.homedir(), "jupyter");
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local/share"), "jupyter");
}

function kernelsDir(location: KernelspecLocation): string {
  return path.join(location.prefix !== undefined ? path.join(path.resolve(location.prefix), "share/jupyter") : userDataDir(), "kernels");
}

/**
 * Every folder Jupyter searches for kernelspecs, in its order of precedence: JUPYTER_PATH, the user's folder,
 * then `prefix` (Jupyter's sys.prefix, e.g. the virtualenv 'kernel install --prefix' wrote to), then the
 * system folders.
 */
export function searchDirs(prefix?: string): string[] {
  const fromEnv = (process.env.JUPYTER_PATH ?? "").split(path.delimiter).filter(Boolean);
  const fromPrefix = prefix === undefined ? [] : [path.join(path.resolve(prefix), "share/jupyter")];
  return [...fromEnv, userDataDir(), ...fromPrefix, "/usr/local/share/jupyter", "/usr/share/jupyter"].map((d) => path.join(d, "kernels"));
}

function checkName(name: string): string {
  if (!NAME_PATTERN.test(name)) throw invalidParameter(`Invalid kernel name '${name}': use letters, digits, '.', '_' and '-'.`);
  return name;
}

export function installKernelspec(options: KernelspecLocation & { name?: string; displayName?: string } = {}): InstalledKernel {
  const name = checkName(options.name ?? "labops");
  const dir = path.join(kernelsDir(options), name);
  const displayName = options.displayName ?? "TypeScript (labops)";
  const spec = {
    // The absolute Node and script paths: Jupyter's PATH may differ from the shell's.
    argv: [process.execPath, KERNEL_SCRIPT, "--config-path", "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { labops: { version: require("../../package.json").version as string } },
  };
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `kernel.json.tmp-${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 2) + "\n");
  fs.renameSync(tmp, path.join(dir, "kernel.json"));
  return { name, dir, displayName, labops: true };
}

export function uninstallKernelspec(options: KernelspecLocation & { name?: string } = {}): string {
  const name = checkName(options.name ?? "labops");
  const dir = path.join(kernelsDir(options), name);
  if (!fs.existsSync(path.join(dir, "kernel.json"))) {
    throw notFound(`No kernelspec '${name}' in ${path.dirname(dir)}. See 'labops kernel list'.`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

export function listKernelspecs(options: { prefix?: string } = {}): InstalledKernel[] {
  const seen = new Map<string, InstalledKernel>();
  for (const base of searchDirs(options.prefix)) {
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base).sort()) {
      const file = path.join(base, name, "kernel.json");
      if (seen.has(name) || !fs.existsSync(file)) continue;
      try {
        const spec = JSON.parse(fs.readFileSync(file, "utf8")) as { argv?: string[]; display_name?: string };
        const labops = (spec.argv ?? []).some((a) => a.endsWith(path.join("kernel-ext", "kernel.js")));
        seen.set(name, { name, dir: path.dirname(file), displayName: spec.display_name ?? name, labops });
      } catch {
        seen.set(name, { name, dir: path.dirname(file), displayName: "(unreadable kernel.json)", labops: false });
      }
    }
  }
  return [...seen.values()];
}

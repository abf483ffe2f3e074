// Engines installed by `labops engine install`: one folder per engine under enginesDir(), each with a manifest; listing and removing them.

import fs from "node:fs";
import path from "node:path";
import { notFound } from "../../core/errors";
import { enginesDir } from "../backend";
import { INSTALLABLE_ENGINES, type InstallableEngine } from "./engine-recipes";

export const MANIFEST_FILE = "labops-engine.json";

/** What an installed engine's folder records about itself (written last, just before the folder moves into place). */
export interface EngineManifest {
  engine: InstallableEngine;
  npmPackage: string;
  npmVersion: string;
  tensorflowVersion: string;
  /** The wheel libtensorflow was unpacked from. */
  wheelFile: string;
  /** What the load check saw: TF's version and whether it found a GPU. */
  loaded: { tensorflowVersion: string; gpu: boolean };
  installedAt: string;
  /** Seconds per install step. */
  timings: Record<string, number>;
}

export interface InstalledEngine extends EngineManifest {
  dir: string;
  sizeBytes: number;
}

/** The folder an engine lives in: the backend loader resolves its npm package from there. */
export function engineFolder(engine: InstallableEngine, dir = enginesDir()): string {
  return path.join(dir, engine);
}

/** Bytes on disk under a folder, symlinks counted as links (not followed). */
export function folderSize(dir: string): number {
  let total = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else total += fs.lstatSync(p).size;
    }
  };
  walk(dir);
  return total;
}

export function readManifest(folder: string): EngineManifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(folder, MANIFEST_FILE), "utf8")) as EngineManifest;
  } catch {
    return null;
  }
}

/** The installed engines (folders with a manifest), in install order of INSTALLABLE_ENGINES. */
export function listEngines(dir = enginesDir()): InstalledEngine[] {
  const out: InstalledEngine[] = [];
  for (const engine of INSTALLABLE_ENGINES) {
    const folder = engineFolder(engine, dir);
    const manifest = readManifest(folder);
    if (manifest) out.push({ ...manifest, dir: folder, sizeBytes: folderSize(folder) });
  }
  return out;
}

/**
 * Removes an installed engine. The folder is first renamed aside (one atomic step, after which `auto` no longer
 * sees it), then deleted.
 */
export function uninstallEngine(engine: InstallableEngine, dir = enginesDir()): InstalledEngine {
  const folder = engineFolder(engine, dir);
  const manifest = readManifest(folder);
  if (!manifest) throw notFound(`The engine '${engine}' is not installed in ${dir} (see 'labops engine list').`);
  const info: InstalledEngine = { ...manifest, dir: folder, sizeBytes: folderSize(folder) };
  const aside = path.join(dir, `.old-${engine}-${process.pid}-${Date.now()}`);
  fs.renameSync(folder, aside);
  fs.rmSync(aside, { recursive: true, force: true });
  return info;
}

// Finds and runs the Python peers the benchmarks compare against (`npm run peers` installs them): MLflow and
// Jupyter in .venv-peers, the scientific libraries and Optuna in .venv-fixtures.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(__dirname, "../..");
const python = path.join(repoRoot, ".venv-peers/bin/python");

export function peerAvailable(): boolean {
  return fs.existsSync(python);
}

export function runPeer<T>(script: string, args: string[]): T {
  const r = spawnSync(python, [path.join(repoRoot, "bench/peers", script), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`peer ${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

export const NO_PEER = "MLflow peer not installed: run `npm run peers` to get the ratio.";

/**
 * A Python that imports every module in `modules`: LABOPS_PEER_PYTHON if set, else the project's virtualenvs.
 * Null (with the reason printed by the caller) when none does: run `npm run peers`.
 */
export function peerPython(modules: string[]): string | null {
  const candidates = [process.env.LABOPS_PEER_PYTHON, ".venv-fixtures/bin/python", ".venv-peers/bin/python"]
    .filter((p): p is string => Boolean(p))
    .map((p) => path.resolve(repoRoot, p));
  const probe = `import ${modules.join(", ")}`;
  return candidates.find((p) => fs.existsSync(p) && spawnSync(p, ["-c", probe]).status === 0) ?? null;
}

export const noPeerPython = (modules: string[]): string =>
  `no Python with ${modules.join(", ")} found: run \`npm run peers\` (or set LABOPS_PEER_PYTHON) to get the ratio.`;

// The Python peers (Jupyter client side, MLflow) in .venv-peers, installed by scripts/setup-peers.sh.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./temp-dir";

export const peerPython = path.join(repoRoot, ".venv-peers/bin/python");

/** Fails (never skips) when the peers are missing, saying how to install them. */
export function requirePeers(): void {
  if (!fs.existsSync(peerPython)) {
    throw new Error(`Jupyter/MLflow peers are missing (${peerPython}): run 'npm run peers' ('npm test' does it first).`);
  }
}

export function runPython(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 240_000) {
  requirePeers();
  const r = spawnSync(peerPython, args, { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env }, timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

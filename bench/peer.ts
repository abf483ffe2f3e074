// Runs a named Python peer from .venv-peers (see scripts/setup-peers.sh) and returns its JSON answer.

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

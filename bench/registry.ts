// Benchmark: registering 1,000 versions of one model and resolving models:/NAME@champion 10,000 times, against
// MLflow's registry on sqlite. Target: resolution under 1 ms median.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ModelRegistryClient } from "../src";
import { NO_PEER, peerAvailable, runPeer } from "./peer";

const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 1000);
const RESOLVES = Number(process.env.BENCH_RESOLVES ?? 10_000);
const PEER_RESOLVES = Number(process.env.BENCH_PEER_RESOLVES ?? 1000);

export async function benchRegistry(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-registry-"));
  try {
    const store = path.join(dir, "store");
    const model = path.join(dir, "model");
    fs.mkdirSync(model);
    fs.writeFileSync(path.join(model, "model.json"), JSON.stringify({ weights: Array.from({ length: 100 }, (_, i) => i) }));
    const registry = new ModelRegistryClient({ tracking: store });
    let start = performance.now();
    for (let i = 0; i < VERSIONS; i++) await registry.registerModel({ name: "bench", modelPath: model });
    const registerSeconds = (performance.now() - start) / 1000;
    await registry.promote("bench", VERSIONS / 2, { alias: "champion" });
    const times: number[] = [];
    for (let i = 0; i < RESOLVES; i++) {
      start = performance.now();
      const v = await registry.resolve("models:/bench@champion");
      times.push(performance.now() - start);
      if (v.version !== VERSIONS / 2) throw new Error(`resolved version ${v.version}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`labops: registered ${VERSIONS} versions in ${registerSeconds.toFixed(2)} s (${Math.round(VERSIONS / registerSeconds)}/s)`);
    console.log(`labops: resolved models:/bench@champion ${RESOLVES.toLocaleString()} times: median ${(median * 1000).toFixed(1)} us, p99 ${(times[Math.floor(times.length * 0.99)]! * 1000).toFixed(1)} us (target < 1 ms)`);
    if (!peerAvailable()) return console.log(NO_PEER);
    const peer = runPeer<{ peer: string; versions: number; register_seconds: number; median_ms: number; resolves: number }>("mlflow_registry.py", [String(VERSIONS), String(PEER_RESOLVES), dir]);
    console.log(`${peer.peer}: registered ${peer.versions} versions in ${peer.register_seconds.toFixed(2)} s; resolve median ${(peer.median_ms * 1000).toFixed(1)} us over ${peer.resolves}`);
    console.log(`ratio MLflow / labops: registration ${(peer.register_seconds / registerSeconds).toFixed(1)}x, resolution ${(peer.median_ms / median).toFixed(1)}x`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchRegistry();

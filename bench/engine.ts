// Benchmark: labops' MLP (64, 32), batch 256, Adam, on the wasm backend against scikit-learn's MLPClassifier on the
// same 100k x 32 synthetic binary rows, both single-threaded, in the same script (scikit-learn runs before and after
// labops; its time is the mean of the two). Goal: at least 0.3x scikit-learn's speed at equal accuracy.
// BENCH_ENGINE_ROWS, BENCH_ENGINE_EPOCHS, BENCH_ENGINE_BATCH resize it; the peer is scikit-learn from `npm run peers`.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seededRandom } from "../src/data/random";
import { fit, initEngine } from "../src/engine";
import { peerPython, repoRoot } from "./peer";

const ROWS = Number(process.env.BENCH_ENGINE_ROWS ?? 100_000);
const TEST_ROWS = 20_000;
const FEATURES = 32;
const BATCH = Number(process.env.BENCH_ENGINE_BATCH ?? 256);
const EPOCHS = Number(process.env.BENCH_ENGINE_EPOCHS ?? 4);

const PYTHON = peerPython(["sklearn"]) ?? "python3";
const ONE_THREAD = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1", NUMEXPR_NUM_THREADS: "1", VECLIB_MAXIMUM_THREADS: "1" };

interface PeerResult { peer: string; secondsPerEpoch: number; epochs: number; accuracy: number; loss: number }

/** Linear signal plus a sine interaction plus noise (as the engine probe's generator), seeded. */
function makeData(n: number): { x: Float32Array; y: Float32Array } {
  const rng = seededRandom(42);
  const w = Float64Array.from({ length: FEATURES }, () => rng.normal());
  const x = new Float32Array(n * FEATURES), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < FEATURES; j++) { const v = rng.normal(); x[i * FEATURES + j] = v; z += (w[j]! * v) / Math.sqrt(FEATURES); }
    z += 1.5 * Math.sin(3 * x[i * FEATURES]! * x[i * FEATURES + 1]!) + 0.3 * rng.normal();
    y[i] = z > 0 ? 1 : 0;
  }
  return { x, y };
}

function runPeer(dir: string): PeerResult {
  const r = spawnSync(PYTHON, [path.join(repoRoot, "bench/peers/sklearn_mlp.py"), dir, String(ROWS), String(TEST_ROWS), String(FEATURES), String(BATCH), String(EPOCHS)], { encoding: "utf8", env: { ...process.env, ...ONE_THREAD } });
  if (r.status !== 0) throw new Error(`scikit-learn peer failed (${PYTHON}): ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as PeerResult;
}

export async function benchEngine(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-engine-"));
  try {
    const { x, y } = makeData(ROWS + TEST_ROWS);
    fs.writeFileSync(path.join(dir, "x.f32"), Buffer.from(x.buffer));
    fs.writeFileSync(path.join(dir, "y.f32"), Buffer.from(y.buffer));
    const info = await initEngine({ backend: process.env.LABOPS_BACKEND ?? "wasm" });
    const before = runPeer(dir);
    const names = Array.from({ length: FEATURES }, (_, j) => `x${j}`);
    const labels = Array.from(y.subarray(0, ROWS));
    const epochTimes: number[] = [];
    let t = 0;
    const t0 = performance.now();
    const model = await fit(x.subarray(0, ROWS * FEATURES), labels, {
      model: { type: "mlp", hiddenLayerSizes: [64, 32], l2: 1e-4 }, featureNames: names, task: "binary",
      epochs: EPOCHS, batchSize: BATCH, learningRate: 1e-3, seed: 0,
      callbacks: [{ onEpochBegin: () => void (t = performance.now()), onEpochEnd: () => void epochTimes.push((performance.now() - t) / 1000) }],
    });
    const total = (performance.now() - t0) / 1000;
    const test = model.evaluate({ values: x.subarray(ROWS * FEATURES), rowCount: TEST_ROWS }, Array.from(y.subarray(ROWS)));
    model.dispose();
    const after = runPeer(dir);
    const sk = (before.secondsPerEpoch + after.secondsPerEpoch) / 2;
    // The first epoch includes wasm warm-up (kernel compilation, heap growth): report the later ones, and the mean.
    const steady = epochTimes.length > 1 ? epochTimes.slice(1).reduce((a, b) => a + b, 0) / (epochTimes.length - 1) : epochTimes[0]!;
    console.log(`engine: ${ROWS} x ${FEATURES} binary, MLP (64, 32), batch ${BATCH}, adam, ${EPOCHS} epochs; labops on ${info.backend} (${info.threads} thread), scikit-learn with ${PYTHON} (1 thread)`);
    console.log(`  scikit-learn  ${sk.toFixed(3)} s/epoch (runs ${before.secondsPerEpoch.toFixed(3)}, ${after.secondsPerEpoch.toFixed(3)})  test accuracy ${before.accuracy.toFixed(4)}`);
    console.log(`  labops        ${steady.toFixed(3)} s/epoch after warm-up (${(total / EPOCHS).toFixed(3)} incl. warm-up; epochs ${epochTimes.map((e) => e.toFixed(2)).join(", ")})  test accuracy ${test["accuracy"]!.toFixed(4)}`);
    console.log(`  speed vs scikit-learn: ${(sk / steady).toFixed(2)}x (warm-up included: ${(sk / (total / EPOCHS)).toFixed(2)}x); accuracy difference ${(test["accuracy"]! - before.accuracy).toFixed(4)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) benchEngine().catch((e) => { console.error(e); process.exit(1); });

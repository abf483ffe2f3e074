// Benchmark: ROC-AUC and the full classification report on 10M binary predictions, against scikit-learn on the
// same data (written to a temporary file the Python peer reads). Target: at least 3x scikit-learn.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { classificationReport, rocAucScore } from "../src/evaluation";
import { SeededRandom } from "../src/stats/random";
import { noPeerPython, peerPython, repoRoot } from "./peer";

const N = Number(process.env.BENCH_EVAL_N ?? 10_000_000);
const REPEATS = 3;

const sklearnPython = (): string | null => peerPython(["sklearn"]);

function best<T>(fn: () => T): { seconds: number; value: T } {
  let seconds = Infinity;
  let value!: T;
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    value = fn();
    seconds = Math.min(seconds, (performance.now() - t) / 1000);
  }
  return { seconds, value };
}

export async function benchEvaluation(): Promise<void> {
  // Seeded scores with a signal: positives shifted up, values rounded to 1e-6 so that ties occur as in real scores.
  const rng = new SeededRandom(42, "sfc32-single");
  const y = new Uint8Array(N);
  const scores = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const label = rng.next() < 0.3 ? 1 : 0;
    y[i] = label;
    const u = (rng.next() + rng.next() + rng.next()) / 3;
    scores[i] = Math.round(Math.min(1, Math.max(0, u * 0.8 + label * 0.2)) * 1e6) / 1e6;
  }
  const yPred = Uint8Array.from(scores, (s) => (s >= 0.5 ? 1 : 0));
  const auc = best(() => rocAucScore(y, scores));
  const report = best(() => classificationReport(y, yPred));
  console.log(`labops: ${N.toLocaleString()} predictions; ROC-AUC ${auc.seconds.toFixed(3)} s (${auc.value.toFixed(6)}), classification report ${report.seconds.toFixed(3)} s (macro F1 ${report.value.macro.f1.toFixed(6)})`);
  const python = sklearnPython();
  if (!python) return console.log(noPeerPython(["sklearn"]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-eval-"));
  try {
    const file = path.join(dir, "predictions.bin");
    fs.writeFileSync(file, y);
    fs.appendFileSync(file, new Uint8Array(scores.buffer));
    const r = spawnSync(python, [path.join(repoRoot, "bench/peers/sklearn_metrics.py"), file, String(N)], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`peer sklearn_metrics.py failed: ${r.stderr}`);
    const peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as { peer: string; auc_seconds: number; auc: number; report_seconds: number; macro_f1: number; accuracy: number };
    console.log(`${peer.peer}: ROC-AUC ${peer.auc_seconds.toFixed(3)} s (${peer.auc.toFixed(6)}), classification report ${peer.report_seconds.toFixed(3)} s (macro F1 ${peer.macro_f1.toFixed(6)})`);
    const agree = Math.abs(peer.auc - auc.value) <= 1e-9 * peer.auc && Math.abs(peer.macro_f1 - report.value.macro.f1) <= 1e-9 * peer.macro_f1;
    console.log(`values agree to 1e-9: ${agree}`);
    console.log(`ratio scikit-learn / labops: ROC-AUC ${(peer.auc_seconds / auc.seconds).toFixed(1)}x, classification report ${(peer.report_seconds / report.seconds).toFixed(1)}x (target >= 3x)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchEvaluation();

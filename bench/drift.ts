// Benchmark: a full drift report (automatic tests: normed Wasserstein on these columns, plus missing shares and the
// distributions widgets draw) on 1M reference vs 1M current rows x 20 numeric columns, against scipy's ks_2samp
// over the same columns, run in the same script. Goal: the report in at most a fifth of scipy's KS time.
// BENCH_DRIFT_ROWS and BENCH_DRIFT_COLUMNS shrink it; the peer needs numpy and scipy (`npm run peers`).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkDrift, fitReferenceProfile, type DataColumns } from "../src/drift";
import { ks2sampSorted } from "../src/stats";
import { noPeerPython, peerPython, repoRoot } from "./peer";

const ROWS = Number(process.env.BENCH_DRIFT_ROWS ?? 1_000_000);
const COLUMNS = Number(process.env.BENCH_DRIFT_COLUMNS ?? 20);

const NEEDS = ["numpy", "scipy"];

interface Peer {
  peer: string;
  ks_seconds: number;
  pvalues: number[];
  statistics: number[];
}

function readColumns(file: string): DataColumns {
  const buf = fs.readFileSync(file);
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const out: DataColumns = {};
  for (let j = 0; j < COLUMNS; j++) out[`f${j}`] = all.subarray(j * ROWS, (j + 1) * ROWS);
  return out;
}

export async function benchDrift(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-drift-"));
  try {
    const PYTHON = peerPython(NEEDS);
    if (!PYTHON) return console.log(noPeerPython(NEEDS));
    const r = spawnSync(PYTHON, [path.join(repoRoot, "bench/peers/drift_peer.py"), dir, String(ROWS), String(COLUMNS)], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) return console.log(`drift peer could not run with ${PYTHON} (needs numpy and scipy): ${r.stderr || r.error}`);
    const peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as Peer;
    const reference = readColumns(path.join(dir, "reference.f64"));
    const current = readColumns(path.join(dir, "current.f64"));
    const rss0 = process.memoryUsage().rss;

    let t = performance.now();
    const profile = fitReferenceProfile(reference);
    const fitSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const report = checkDrift(profile, current);
    const checkSeconds = (performance.now() - t) / 1000;
    const rss1 = process.memoryUsage().rss;

    // Our KS on the same (already sorted) samples, to show the p-values agree with scipy's.
    let maxRel = 0;
    const scratch = new Float64Array(ROWS);
    for (let j = 0; j < COLUMNS; j++) {
      scratch.set(current[`f${j}`] as Float64Array);
      const ks = ks2sampSorted(profile.columns[j]!.numeric!.sorted, scratch.sort());
      const p = peer.pvalues[j]!;
      if (p > 1e-300) maxRel = Math.max(maxRel, Math.abs(ks.pValue - p) / p);
    }
    const total = fitSeconds + checkSeconds;
    const tests = [...new Set(report.columns.map((c) => c.test))].join(", ");
    console.log(`data: ${ROWS.toLocaleString()} reference vs ${ROWS.toLocaleString()} current rows x ${COLUMNS} numeric columns`);
    console.log(`${peer.peer}: ${peer.ks_seconds.toFixed(2)} s for the ${COLUMNS} columns`);
    console.log(`labops: fit reference profile ${fitSeconds.toFixed(2)} s + check (report: ${tests}, ${report.numberOfDriftedColumns}/${report.numberOfColumns} drifted) ${checkSeconds.toFixed(2)} s = ${total.toFixed(2)} s`);
    console.log(`labops memory: rss grew ${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB over the two input datasets (${((2 * ROWS * COLUMNS * 8) / 2 ** 20).toFixed(0)} MiB)`);
    console.log(`labops ks_2samp p-values vs scipy: max relative difference ${maxRel.toExponential(1)}`);
    console.log(`ratio scipy KS / labops full report: ${(peer.ks_seconds / total).toFixed(1)}x (goal >= 5x); scipy KS / labops check with a fitted profile: ${(peer.ks_seconds / checkSeconds).toFixed(1)}x`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchDrift();

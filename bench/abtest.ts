// Benchmark: the A/B analysis of 10M units per arm (Welch t-test with its difference CI and delta-method lift CI
// on a revenue metric, two-proportion z-test on conversions, from the raw typed arrays) against statsmodels doing
// the same on the same data in the same script. Goal: at least 5x statsmodels. BENCH_AB_N shrinks it;
// The peer needs numpy, scipy and statsmodels (`npm run peers`; LABOPS_PEER_PYTHON names another interpreter).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { proportionsZTest, welchTest } from "../src/abtest";
import { noPeerPython, peerPython, repoRoot } from "./peer";

const N = Number(process.env.BENCH_AB_N ?? 10_000_000);
const NEEDS = ["numpy", "scipy", "statsmodels"];

interface Peer {
  peer: string;
  seconds: number;
  result: { t: number; p: number; df: number; ci: [number, number]; lift: number; liftCi: [number, number]; z: number; pz: number };
}

function readF64(file: string): Float64Array {
  const buf = fs.readFileSync(file);
  return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
}

export async function benchAbtest(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-ab-"));
  try {
    const PYTHON = peerPython(NEEDS);
    if (!PYTHON) return console.log(noPeerPython(NEEDS));
    const r = spawnSync(PYTHON, [path.join(repoRoot, "bench/peers/statsmodels_ab.py"), dir, String(N)], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) return console.log(`abtest peer could not run with ${PYTHON} (needs numpy, scipy, statsmodels): ${r.stderr || r.error}`);
    const peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as Peer;
    const revC = readF64(path.join(dir, "rev_c.f64"));
    const revT = readF64(path.join(dir, "rev_t.f64"));
    const convC = new Uint8Array(fs.readFileSync(path.join(dir, "conv_c.u8")));
    const convT = new Uint8Array(fs.readFileSync(path.join(dir, "conv_t.u8")));
    const analysis = () => ({ welch: welchTest(revC, revT), z: proportionsZTest(convC, convT) });
    // Warm-up until the JIT has optimised the loops (the peer warms up too); then the best of 5.
    let res = analysis();
    for (let i = 0; i < 3; i++) res = analysis();
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      res = analysis();
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    const p = peer.result;
    const agree = [
      [res.welch.statistic, p.t],
      [res.welch.df, p.df],
      [res.welch.differenceCi.lower, p.ci[0]],
      [res.welch.liftCi.upper, p.liftCi[1]],
      [res.z.statistic, p.z],
    ].every(([a, b]) => Math.abs(a! - b!) <= 1e-7 * Math.max(1, Math.abs(b!)));
    console.log(`abtest: ${N.toLocaleString("en")} units per arm; Welch t + diff CI + lift CI on revenue, z-test on conversions`);
    console.log(`  labops      ${best.toFixed(4)} s   (t = ${res.welch.statistic.toFixed(4)}, p = ${res.welch.pValue.toExponential(3)}, lift = ${(res.welch.lift * 100).toFixed(3)}%, z = ${res.z.statistic.toFixed(4)})`);
    console.log(`  statsmodels ${peer.seconds.toFixed(4)} s   (t = ${p.t.toFixed(4)}, p = ${p.p.toExponential(3)}, lift = ${(p.lift * 100).toFixed(3)}%, z = ${p.z.toFixed(4)})`);
    console.log(`  results agree: ${agree ? "yes" : "NO"}; ratio statsmodels/labops = ${(peer.seconds / best).toFixed(1)}x (goal >= 5x)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchAbtest();

// Benchmark: fit + transform a feature pipeline on the 3M-row flights data (numeric impute + standardise,
// one-hot capped at 20 categories, cross-fitted target encoding, cyclical date parts), against scikit-learn's
// ColumnTransformer with the same features in the same script (bench/peers/sklearn_pipeline.py).
// Target: labops at least as fast as scikit-learn (ratio >= 1). BENCH_ROWS changes the row count.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { datasetFile, FeaturePipeline, loadColumns, takeRows, type PipelineSpec } from "../src/data";
import { peerPython, repoRoot } from "./peer";

const ROWS = Number(process.env.BENCH_ROWS ?? 3_000_000);


export const FLIGHTS_SPEC: PipelineSpec = {
  steps: [
    { type: "numeric", columns: ["delay", "distance"], impute: "median", scale: "standard" },
    { type: "oneHot", columns: ["origin", "destination"], maxCategories: 20, handleUnknown: "infrequent" },
    { type: "target", columns: ["origin", "destination"], smooth: "auto", cv: 5, shuffle: false },
    { type: "datetime", columns: ["date"], cyclical: ["month", "dayOfWeek", "hour"] },
  ],
};

const python = (): string | null => peerPython(["sklearn", "pandas", "pyarrow"]);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function benchDataPipeline(): Promise<void> {
  let t = performance.now();
  const all = await loadColumns("flights-3m");
  const table = ROWS < all.rowCount ? takeRows(all, Int32Array.from({ length: ROWS }, (_, i) => i)) : all;
  const loadS = (performance.now() - t) / 1000;
  const runs: { fit: number; transform: number }[] = [];
  let width = 0;
  let checksum = 0;
  for (let r = 0; r < 2; r++) {
    t = performance.now();
    const pipeline = FeaturePipeline.fit(FLIGHTS_SPEC, table, { target: "delay" });
    const training = pipeline.transformTraining(table);
    const fit = (performance.now() - t) / 1000;
    t = performance.now();
    const features = pipeline.transform(table);
    const transform = (performance.now() - t) / 1000;
    runs.push({ fit, transform });
    width = training.featureNames.length;
    checksum = 0;
    for (let i = 0; i < 1000 * width; i++) if (!Number.isNaN(features.values[i]!)) checksum += features.values[i]!;
  }
  const best = { fit: Math.min(...runs.map((r) => r.fit)), transform: Math.min(...runs.map((r) => r.transform)) };
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`labops: ${table.rowCount.toLocaleString()} rows -> ${width} float32 features; load ${loadS.toFixed(2)} s, fit + training transform ${best.fit.toFixed(2)} s, transform ${best.transform.toFixed(2)} s (best of 2); peak RSS ${mb(peak)}; checksum ${checksum.toFixed(3)}`);

  const py = python();
  if (!py) {
    console.log("scikit-learn peer not found (a Python with sklearn, pandas, pyarrow: run `npm run peers`): no ratio.");
    return;
  }
  const r = spawnSync(py, [path.join(repoRoot, "bench/peers/sklearn_pipeline.py"), datasetFile("flights-3m"), String(table.rowCount)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`sklearn peer failed: ${r.stderr}`);
  const peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as { sklearn: string; features: number; dtype: string; load_s: number; fit_transform_s: number; transform_s: number; peak_rss_bytes: number; checksum: number };
  console.log(`scikit-learn ${peer.sklearn}: ${peer.features} ${peer.dtype} features; load ${peer.load_s.toFixed(2)} s, fit_transform ${peer.fit_transform_s.toFixed(2)} s, transform ${peer.transform_s.toFixed(2)} s; peak RSS ${mb(peak)} (labops) vs ${mb(peer.peak_rss_bytes)} (python); checksum ${peer.checksum.toFixed(3)}`);
  console.log(`ratio (scikit-learn time / labops time, >= 1 means labops is at least as fast): fit + training transform ${(peer.fit_transform_s / best.fit).toFixed(2)}x, transform ${(peer.transform_s / best.transform).toFixed(2)}x`);
}

if (require.main === module) benchDataPipeline().catch((e) => {
  console.error(e);
  process.exit(1);
});

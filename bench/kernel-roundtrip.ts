// Benchmark: a trivial cell's round trip through jupyter_client, stock tslab against the labops kernel, in one
// script. Target: the labops kernel adds at most 10% to stock tslab.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installKernelspec } from "../kernel-ext/kernelspec";
import { peerAvailable, repoRoot, runPeer } from "./peer";

const CELLS = Number(process.env.BENCH_CELLS ?? 200);

interface Roundtrip {
  kernel: string;
  lost: number;
  median_ms: number;
  p90_ms: number;
}

export async function benchKernelRoundtrip(): Promise<void> {
  if (!peerAvailable()) return console.log("Jupyter peers not installed: run `npm run peers`.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-jupyter-"));
  const saved = process.env.JUPYTER_DATA_DIR;
  process.env.JUPYTER_DATA_DIR = dir;
  try {
    installKernelspec({ name: "labops-bench" });
    const tslabDir = path.join(dir, "kernels", "tslab-bench");
    fs.mkdirSync(tslabDir, { recursive: true });
    fs.writeFileSync(
      path.join(tslabDir, "kernel.json"),
      JSON.stringify({ argv: [process.execPath, path.join(repoRoot, "node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"], display_name: "tslab", language: "typescript" }),
    );
    const stock = runPeer<Roundtrip>("kernel_roundtrip.py", ["tslab-bench", String(CELLS)]);
    const ours = runPeer<Roundtrip>("kernel_roundtrip.py", ["labops-bench", String(CELLS)]);
    console.log(`stock tslab 1.0.22: median ${stock.median_ms.toFixed(2)} ms, p90 ${stock.p90_ms.toFixed(2)} ms over ${CELLS} cells; ${stock.lost} replies lost`);
    console.log(`labops kernel:      median ${ours.median_ms.toFixed(2)} ms, p90 ${ours.p90_ms.toFixed(2)} ms; ${ours.lost} replies lost`);
    console.log(`ratio labops / tslab: ${(ours.median_ms / stock.median_ms).toFixed(3)} (target <= 1.10)`);
  } finally {
    if (saved === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchKernelRoundtrip();

"""Peer of bench/drift.ts: makes the benchmark data (seeded) and times scipy.stats.ks_2samp over its columns.

usage: drift_peer.py OUT_DIR ROWS COLUMNS
Writes OUT_DIR/reference.f64 and OUT_DIR/current.f64 (float64 little-endian, column after column), then prints
one JSON line: {"peer", "rows", "columns", "ks_seconds", "ks_cpu_seconds", "pvalues", "statistics"}.
"""
import json, sys, time
import numpy as np
import scipy
from scipy import stats

out, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(2026)
ref = np.empty((cols, rows))
cur = np.empty((cols, rows))
for j in range(cols):
    # Mixed shapes; every other column drifts (shift or scale), a few hold missing values.
    if j % 3 == 0:
        ref[j] = rng.normal(0, 1, rows)
        cur[j] = rng.normal(0.05 if j % 2 else 0, 1, rows)
    elif j % 3 == 1:
        ref[j] = rng.lognormal(0, 0.5, rows)
        cur[j] = rng.lognormal(0, 0.6 if j % 2 else 0.5, rows)
    else:
        ref[j] = rng.gamma(2.0, 2.0, rows).round(2)
        cur[j] = rng.gamma(2.2 if j % 2 else 2.0, 2.0, rows).round(2)
ref.astype("<f8").tofile(f"{out}/reference.f64")
cur.astype("<f8").tofile(f"{out}/current.f64")

start, cpu = time.perf_counter(), time.process_time()
results = [stats.ks_2samp(ref[j], cur[j]) for j in range(cols)]
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"peer": f"scipy {scipy.__version__} ks_2samp", "rows": rows, "columns": cols, "ks_seconds": seconds, "ks_cpu_seconds": cpu_seconds,
                  "pvalues": [float(r.pvalue) for r in results], "statistics": [float(r.statistic) for r in results]}))

"""Peer of bench/drift.ts: Evidently's data drift report (DataDriftPreset, automatic test choice) on the bench data.

usage: evidently_drift.py DATA_DIR ROWS COLUMNS [SAMPLE_ROWS]
Reads DATA_DIR/reference.f64 and DATA_DIR/current.f64 (float64 little-endian, column after column, as
drift_peer.py writes them); with SAMPLE_ROWS < ROWS it uses the first SAMPLE_ROWS rows of each (Evidently at full
size can take longer than a bench run allows; bench/drift.ts scales the time and says so). Prints one JSON line:
{"peer", "rows", "columns", "seconds", "cpu_seconds", "peak_rss_bytes", "drifted_count", "scores", "tests"}.
"""
import json, resource, sys, time
import numpy as np
import pandas as pd
import evidently
from evidently import Report
from evidently.presets import DataDriftPreset

data, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sample = int(sys.argv[4]) if len(sys.argv) > 4 else rows
names = [f"f{j}" for j in range(cols)]

def frame(file):
    a = np.fromfile(file, dtype="<f8").reshape(cols, rows)[:, :sample]
    return pd.DataFrame({names[j]: a[j] for j in range(cols)})

ref, cur = frame(f"{data}/reference.f64"), frame(f"{data}/current.f64")
start, cpu = time.perf_counter(), time.process_time()
result = Report([DataDriftPreset()]).run(current_data=cur, reference_data=ref)
payload = result.dict()
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu

scores, tests, drifted_count = {}, {}, None
for m in payload["metrics"]:
    cfg = m.get("config", {})
    if cfg.get("type", "").endswith("DriftedColumnsCount"):
        drifted_count = int(m["value"]["count"])
    elif cfg.get("type", "").endswith("ValueDrift") and cfg.get("column") in names:
        scores[cfg["column"]] = float(m["value"])
        tests[cfg["column"]] = cfg.get("method")
print(json.dumps({"peer": f"evidently {evidently.__version__} DataDriftPreset", "rows": sample, "columns": cols, "seconds": seconds,
                  "cpu_seconds": cpu_seconds, "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "drifted_count": drifted_count, "scores": [scores.get(c) for c in names], "tests": [tests.get(c) for c in names]}))

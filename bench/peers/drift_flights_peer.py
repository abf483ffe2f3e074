"""Peer of bench/drift-flights.ts: drift of each month of the 3M-row flights data against January.

usage: drift_flights_peer.py PARQUET EVIDENTLY_MONTHS
Times scipy.stats.ks_2samp on the numeric columns (delay, distance) of February..June against January; when
EVIDENTLY_MONTHS > 0 and Evidently imports, also times its DataDriftPreset (automatic tests) on all four columns
(delay, distance, origin, destination) for that many months. Prints one JSON line.
"""
import json, resource, sys, time
import pyarrow.parquet as pq
import scipy
from scipy import stats

path, ev_months = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
table = pq.read_table(path, columns=["date", "delay", "distance", "origin", "destination"]).to_pandas()
load_seconds = time.perf_counter() - start
month = table["date"].dt.month.to_numpy()
numeric, columns = ["delay", "distance"], ["delay", "distance", "origin", "destination"]
ref = table[month == 1]
# Months with at least 1,000 rows (the data ends with a few flights of 1 July).
counts = {m: int((month == m).sum()) for m in set(month.tolist())}
months = sorted(m for m, c in counts.items() if m != 1 and c >= 1000)

ks, ks_seconds, ks_cpu = {}, 0.0, 0.0
for m in months:
    cur = table[month == m]
    start, cpu = time.perf_counter(), time.process_time()
    res = [stats.ks_2samp(ref[c].to_numpy(), cur[c].to_numpy()) for c in numeric]
    ks_seconds += time.perf_counter() - start
    ks_cpu += time.process_time() - cpu
    ks[m] = {"rows": len(cur), "pvalues": [float(r.pvalue) for r in res], "statistics": [float(r.statistic) for r in res]}

evidently_out = None
if ev_months > 0:
    try:
        import evidently
        from evidently import Report
        from evidently.presets import DataDriftPreset
    except ImportError:
        evidently = None
    if evidently is not None:
        per_month = {}
        for m in months[:ev_months]:
            cur = table[month == m]
            start, cpu = time.perf_counter(), time.process_time()
            payload = Report([DataDriftPreset()]).run(current_data=cur[columns], reference_data=ref[columns]).dict()
            seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
            scores, tests, count = {}, {}, None
            for metric in payload["metrics"]:
                cfg = metric.get("config", {})
                if cfg.get("type", "").endswith("DriftedColumnsCount"):
                    count = int(metric["value"]["count"])
                elif cfg.get("type", "").endswith("ValueDrift"):
                    scores[cfg["column"]] = float(metric["value"])
                    tests[cfg["column"]] = [cfg.get("method"), cfg.get("threshold")]
            per_month[m] = {"seconds": seconds, "cpu_seconds": cpu_seconds, "drifted_count": count, "scores": [scores.get(c) for c in columns], "tests": [tests.get(c) for c in columns]}
        evidently_out = {"peer": f"evidently {evidently.__version__} DataDriftPreset", "months": per_month}

print(json.dumps({"peer": f"scipy {scipy.__version__} ks_2samp", "load_seconds": load_seconds, "reference_rows": len(ref), "ks_seconds": ks_seconds,
                  "ks_cpu_seconds": ks_cpu, "ks": ks, "evidently": evidently_out, "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))

"""The MLflow peer for labops' tracking benchmarks: the same workloads through MLflow's Python client on its
local sqlite store. Prints one JSON object. Usage: mlflow_tracking.py (log-metrics N | search-runs N) DIR"""
import json
import logging
import os
import random
import sys
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
logging.disable(logging.WARNING)

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def log_metrics(n, folder):
    mlflow.set_tracking_uri(f"sqlite:///{folder}/mlflow.db")
    mlflow.set_experiment("bench")
    with mlflow.start_run():
        start = time.perf_counter()
        for i in range(n):
            mlflow.log_metric("loss", 1.0 / (i + 1), step=i)
        seconds = time.perf_counter() - start
    return {"peer": f"mlflow {mlflow.__version__} log_metric, sqlite", "points": n, "seconds": seconds, "points_per_second": n / seconds}


def search_runs(n, folder):
    client = MlflowClient(tracking_uri=f"sqlite:///{folder}/mlflow.db")
    exp = client.create_experiment("bench")
    rng = random.Random(7)
    for i in range(n):
        run = client.create_run(exp)
        client.log_batch(
            run.info.run_id,
            metrics=[Metric("acc", rng.random(), 0, 0), Metric("loss", rng.random(), 0, 0)],
            params=[Param("model", "mlp" if i % 2 else "tree")],
        )
    times = []
    found = 0
    for _ in range(5):
        start = time.perf_counter()
        runs = client.search_runs([exp], "metrics.acc > 0.9", max_results=50000)
        times.append(time.perf_counter() - start)
        found = len(runs)
    times.sort()
    return {"peer": f"mlflow {mlflow.__version__} search_runs, sqlite", "runs": n, "found": found, "median_ms": times[len(times) // 2] * 1000}


if __name__ == "__main__":
    what, n, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(json.dumps(log_metrics(n, folder) if what == "log-metrics" else search_runs(n, folder)))

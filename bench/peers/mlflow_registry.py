"""The MLflow peer for the registry benchmark: register N versions of one model in MLflow's sqlite registry,
point `champion` at one, and time resolving models:/NAME@champion. Usage: mlflow_registry.py N RESOLVES DIR"""
import json
import logging
import os
import statistics
import sys
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
logging.disable(logging.WARNING)

from mlflow.tracking import MlflowClient  # noqa: E402


def main():
    n, resolves, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    uri = f"sqlite:///{folder}/mlflow-registry.db"
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    client.create_registered_model("bench")
    start = time.perf_counter()
    for i in range(n):
        client.create_model_version("bench", source=f"{folder}/model", run_id=None)
    register_s = time.perf_counter() - start
    client.set_registered_model_alias("bench", "champion", str(n // 2))
    times = []
    for _ in range(resolves):
        t = time.perf_counter()
        v = client.get_model_version_by_alias("bench", "champion")
        times.append(time.perf_counter() - t)
    assert str(v.version) == str(n // 2), v.version
    print(json.dumps({"peer": "mlflow registry, sqlite", "versions": n, "register_seconds": register_s, "resolves": resolves, "median_ms": statistics.median(times) * 1000}))


if __name__ == "__main__":
    main()

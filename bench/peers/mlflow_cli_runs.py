"""The MLflow peer for labops' CLI start-up benchmark: makes the same small store (RUNS runs with two metrics and
one param) in MLflow's sqlite store under DIR, for `mlflow runs list` to read. Prints one JSON object with the
tracking URI and the experiment id. Usage: mlflow_cli_runs.py RUNS DIR"""
import json
import logging
import os
import sys

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
logging.disable(logging.WARNING)

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def main(runs, folder):
    uri = f"sqlite:///{folder}/mlflow.db"
    client = MlflowClient(tracking_uri=uri)
    experiment_id = client.create_experiment("bench")
    for i in range(runs):
        run = client.create_run(experiment_id, run_name=f"run-{i}")
        client.log_batch(
            run.info.run_id,
            metrics=[Metric("acc", i / runs, 0, 0), Metric("loss", 1 - i / runs, 0, 0)],
            params=[Param("model", "mlp" if i % 2 else "tree")],
        )
        client.set_terminated(run.info.run_id, "FINISHED")
    return {"peer": f"mlflow {mlflow.__version__} runs list, sqlite", "uri": uri, "experiment_id": experiment_id, "runs": runs}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), sys.argv[2])))

"""MLflow's side of tests/search/mlflow-differential.test.ts: builds runs in an MLflow file store and answers queries.

Reads JSON from stdin: {"root": dir, "experiments": [{"name", "runs": [...], "queries": [...]}],
"experimentSearch": {"experiments": [{"name", "tags"}], "queries": [...]}} where a run is {"name", "start",
"metrics": [[key, value, step, timestamp]], "params": {k: v}, "tags": {k: v}} (metric values are strings such as
"NaN" or "-Infinity", read by float()) and a query is {"filter", "orderBy"}. Writes JSON to stdout: per
experiment, per query, the run names in MLflow's order, or {"error": message}; then, per experiment query, the
experiment names.
Run with the peers virtualenv: .venv-peers/bin/python (mlflow 3.6).
"""

import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow.entities import Metric, Param, RunTag  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def main() -> None:
    spec = json.load(sys.stdin)
    client = MlflowClient(tracking_uri="file:" + os.path.join(spec["root"], "mlruns"))
    answers = []
    for experiment in spec["experiments"]:
        experiment_id = client.create_experiment(experiment["name"])
        for run in experiment["runs"]:
            created = client.create_run(experiment_id, start_time=run["start"], run_name=run["name"])
            client.log_batch(
                created.info.run_id,
                metrics=[Metric(k, float(v), int(ts), int(step)) for k, v, step, ts in run["metrics"]],
                params=[Param(k, v) for k, v in run["params"].items()],
                tags=[RunTag(k, v) for k, v in run["tags"].items()],
            )
        results = []
        for query in experiment["queries"]:
            try:
                runs = client.search_runs([experiment_id], query["filter"], order_by=query["orderBy"])
                results.append([r.info.run_name for r in runs])
            except MlflowException as error:
                results.append({"error": error.message})
        answers.append(results)
    search = spec["experimentSearch"]
    for experiment in search["experiments"]:
        client.create_experiment(experiment["name"], tags=experiment["tags"])
    experiment_answers = []
    for query in search["queries"]:
        try:
            found = client.search_experiments(filter_string=query["filter"], order_by=query["orderBy"])
            experiment_answers.append([e.name for e in found])
        except MlflowException as error:
            experiment_answers.append({"error": error.message})
    json.dump(
        {"mlflow": __import__("mlflow").__version__, "answers": answers, "experimentAnswers": experiment_answers},
        sys.stdout,
    )


if __name__ == "__main__":
    main()

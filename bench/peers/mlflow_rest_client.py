# MLflow's Python client logging metric points to a running MLflow server over REST (the peer of bench/mlflow-rest.ts).
# Usage: mlflow_rest_client.py TRACKING_URI log-metric|log-batch POINTS ; prints one JSON line.
import json, sys, time
from mlflow import MlflowClient
from mlflow.entities import Metric

uri, mode, points = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = MlflowClient(uri)
run = client.create_run("0", run_name=f"python-{mode}")
rid = run.info.run_id
now = int(time.time() * 1000)
start = time.perf_counter()
if mode == "log-metric":
    for i in range(points):
        client.log_metric(rid, "loss", 1.0 / (i + 1), timestamp=now + i, step=i)
else:
    for c in range(0, points, 1000):
        client.log_batch(rid, metrics=[Metric("loss", 1.0 / (i + 1), now + i, i) for i in range(c, min(points, c + 1000))])
client.set_terminated(rid)
seconds = time.perf_counter() - start
logged = len(client.get_metric_history(rid, "loss"))
print(json.dumps({"peer": f"mlflow {__import__('mlflow').__version__} MlflowClient.{mode.replace('-', '_')}", "points": logged, "seconds": seconds, "points_per_second": points / seconds}))

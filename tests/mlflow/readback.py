# Reads back, with MLflow's own Python client, what labops wrote to an MLflow server; prints one JSON line.
# Usage: readback.py TRACKING_URI EXPERIMENT_NAME [MODEL_NAME]
import json, os, sys, tempfile
import mlflow
from mlflow import MlflowClient

uri, exp_name = sys.argv[1], sys.argv[2]
model = sys.argv[3] if len(sys.argv) > 3 else None
mlflow.set_tracking_uri(uri)
client = MlflowClient(uri, registry_uri=uri)
exp = client.get_experiment_by_name(exp_name)
out = {"experiment": {"id": exp.experiment_id, "tags": dict(exp.tags), "stage": exp.lifecycle_stage}, "runs": {}}
for run in client.search_runs([exp.experiment_id], run_view_type=3, order_by=["attributes.start_time ASC"]):
    rid = run.info.run_id
    hist = {k: [[m.value if m.value == m.value else "NaN", m.step, m.timestamp] for m in client.get_metric_history(rid, k)] for k in run.data.metrics}
    files = {}
    with tempfile.TemporaryDirectory() as d:
        def walk(path):
            for f in client.list_artifacts(rid, path):
                if f.is_dir:
                    walk(f.path)
                else:
                    local = client.download_artifacts(rid, f.path, d)
                    with open(local, "rb") as fh:
                        files[f.path] = fh.read().decode("utf-8", "replace")
        walk(None)
    out["runs"][run.data.tags.get("labops.source_run_id", rid)] = {
        "id": rid, "name": run.info.run_name, "status": run.info.status, "start": run.info.start_time, "end": run.info.end_time,
        "stage": run.info.lifecycle_stage, "params": dict(run.data.params),
        "tags": {k: v for k, v in run.data.tags.items() if not k.startswith("mlflow.") and not k.startswith("labops.")},
        "history": hist, "artifacts": files,
    }
if model:
    rm = client.get_registered_model(model)
    versions = sorted(client.search_model_versions(f"name = '{model}'"), key=lambda v: int(v.version))
    out["model"] = {"aliases": {a: int(v) for a, v in rm.aliases.items()}, "description": rm.description,
                    "versions": [{"version": int(v.version), "stage": v.current_stage, "run_id": v.run_id,
                                  "tags": {k: x for k, x in v.tags.items() if not k.startswith("labops.")}} for v in versions]}
    with tempfile.TemporaryDirectory() as d:
        alias = sorted(rm.aliases)[0] if rm.aliases else None
        uri_ = f"models:/{model}@{alias}" if alias else f"models:/{model}/{versions[-1].version}"
        local = mlflow.artifacts.download_artifacts(artifact_uri=uri_, dst_path=d)
        got = {}
        for root, _, names in os.walk(local):
            for n in names:
                with open(os.path.join(root, n), "rb") as fh:
                    got[os.path.relpath(os.path.join(root, n), local)] = fh.read().decode("utf-8", "replace")
        out["model"]["files"] = got
print(json.dumps(out))

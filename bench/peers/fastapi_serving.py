"""FastAPI peer of `labops serve`: the same logistic model.json, POST /predict {unit, features}, a JSONL
prediction log appended per request. Run by bench/serving.ts: python fastapi_serving.py MODEL_JSON LOG PORT."""
import json
import math
import sys
import time
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, HTTPException, Request

model = json.load(open(sys.argv[1]))
log = open(sys.argv[2], "a", buffering=1)
names, w, b = model["features"], model["weights"], model["bias"]
mean, std = model["scaler"]["mean"], model["scaler"]["std"]
app = FastAPI()


@app.post("/predict")
async def predict(request: Request):
    started = time.perf_counter()
    body = await request.json()
    feats = body.get("features")
    if not isinstance(feats, dict):
        raise HTTPException(400, "features must be an object")
    z = b
    for j, name in enumerate(names):
        v = feats.get(name)
        if not isinstance(v, (int, float)):
            raise HTTPException(400, f"features.{name} must be a number")
        z += w[j] * (v - mean[j]) / std[j]
    p = 1 / (1 + math.exp(-z))
    pred, conf = (1, p) if p >= 0.5 else (0, 1 - p)
    rec = {"time": datetime.now(timezone.utc).isoformat(), "unitId": str(body.get("unit")), "variant": "champion", "modelVersion": "models:/bench/1",
           "features": feats, "prediction": pred, "confidence": conf, "latencyMs": (time.perf_counter() - started) * 1000}
    log.write(json.dumps(rec) + "\n")
    return {"unit": rec["unitId"], "prediction": pred, "confidence": conf}


@app.get("/health")
async def health():
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning", access_log=False)

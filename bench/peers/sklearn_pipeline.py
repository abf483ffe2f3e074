"""Peer for bench/data-pipeline.ts: scikit-learn's ColumnTransformer over flights-3m with the same features as
labops' pipeline. Prints one JSON line with the timings (seconds) and peak RSS (bytes).

usage: sklearn_pipeline.py <flights-3m.parquet> <rows>
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler, TargetEncoder


def date_features(X):
    """month, day-of-week and hour as sin/cos pairs (labops' cyclical parts, same periods and zero points)."""
    d = X.iloc[:, 0]
    out = np.empty((len(d), 6), dtype=np.float32)
    for k, (v, period) in enumerate([(d.dt.month.to_numpy() - 1, 12), (d.dt.day_of_week.to_numpy(), 7), (d.dt.hour.to_numpy(), 24)]):
        a = 2 * np.pi * v / period
        out[:, 2 * k] = np.sin(a)
        out[:, 2 * k + 1] = np.cos(a)
    return out


def main():
    path, rows = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    df = pd.read_parquet(path).iloc[:rows]
    load = time.perf_counter() - t0
    y = df["delay"].to_numpy(dtype=float)
    ct = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), ["delay", "distance"]),
        ("onehot", OneHotEncoder(max_categories=20, handle_unknown="infrequent_if_exist", sparse_output=False, dtype=np.float32), ["origin", "destination"]),
        # delay holds integers: without target_type scikit-learn would infer a multiclass target.
        ("target", TargetEncoder(smooth="auto", target_type="continuous", cv=KFold(5)), ["origin", "destination"]),
        ("date", FunctionTransformer(date_features), ["date"]),
    ], sparse_threshold=0)
    t0 = time.perf_counter()
    Xt = ct.fit_transform(df, y)
    fit_transform = time.perf_counter() - t0
    t0 = time.perf_counter()
    Xi = ct.transform(df)
    transform = time.perf_counter() - t0
    print(json.dumps({
        "sklearn": sklearn.__version__, "rows": len(df), "features": Xt.shape[1], "dtype": str(Xt.dtype),
        "load_s": load, "fit_transform_s": fit_transform, "transform_s": transform,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "checksum": float(np.nansum(Xi[:1000].astype(np.float64))),
    }))


if __name__ == "__main__":
    main()

"""Peer for bench/evaluation.ts: scikit-learn's roc_auc_score and classification_report on the same predictions.

Usage: python sklearn_metrics.py DATA_FILE N   (DATA_FILE: N uint8 labels, then N float64 scores, little-endian)
Prints one JSON line: the peer's name, seconds per call (best of REPEATS) and the values, to check agreement.
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import classification_report, roc_auc_score

REPEATS = 3


def best(fn):
    times, value = [], None
    for _ in range(REPEATS):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return min(times), value


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    raw = np.fromfile(path, dtype=np.uint8, count=n)
    y = raw.astype(np.int64)  # as a user's labels usually are
    scores = np.fromfile(path, dtype="<f8", count=n, offset=n)
    y_pred = (scores >= 0.5).astype(np.int64)
    auc_s, auc = best(lambda: roc_auc_score(y, scores))
    rep_s, rep = best(lambda: classification_report(y, y_pred, output_dict=True, zero_division=0))
    print(json.dumps({"peer": f"scikit-learn {sklearn.__version__}", "auc_seconds": auc_s, "auc": auc, "report_seconds": rep_s,
                      "macro_f1": rep["macro avg"]["f1-score"], "accuracy": rep["accuracy"]}))


if __name__ == "__main__":
    main()

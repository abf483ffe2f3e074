# Peer for bench/engine.ts: scikit-learn's MLPClassifier on the same float32 rows, single-threaded, timed per epoch.
# Usage: sklearn_mlp.py DIR TRAIN_ROWS TEST_ROWS FEATURES BATCH EPOCHS  (DIR holds x.f32 and y.f32 written by the bench)
import json, os, sys, time, warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

d, n_train, n_test, n_feat, batch, epochs = sys.argv[1], *map(int, sys.argv[2:7])
x = np.fromfile(os.path.join(d, "x.f32"), dtype="<f4").reshape(-1, n_feat)
y = np.fromfile(os.path.join(d, "y.f32"), dtype="<f4").astype(np.int64)
xtr, ytr, xte, yte = x[:n_train], y[:n_train], x[n_train:n_train + n_test], y[n_train:n_train + n_test]
clf = MLPClassifier((64, 32), solver="adam", batch_size=batch, learning_rate_init=1e-3, alpha=1e-4,
                    max_iter=epochs, tol=0, n_iter_no_change=10**9, shuffle=True, random_state=0)
warnings.simplefilter("ignore", ConvergenceWarning)
t0 = time.perf_counter()
clf.fit(xtr, ytr)
seconds = time.perf_counter() - t0
print(json.dumps({"peer": "scikit-learn MLPClassifier", "secondsPerEpoch": seconds / clf.n_iter_, "epochs": clf.n_iter_,
                  "accuracy": float((clf.predict(xte) == yte).mean()), "loss": float(clf.loss_)}))

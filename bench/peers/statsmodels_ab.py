"""Peer for bench/abtest.ts: writes seeded arms (revenue as float64, conversions as uint8) and times the same
A/B analysis in statsmodels: Welch t-test + its difference CI, two-proportion z-test, and the delta-method lift CI.

Usage: python statsmodels_ab.py <dir> <n_per_arm>  -> prints one JSON line with seconds and results.
"""
import json
import os
import sys
import time

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

out_dir, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
rev_c = rng.gamma(2.0, 5.0, n); rev_t = rng.gamma(2.0, 5.1, n)
conv_c = (rng.random(n) < 0.10).astype(np.uint8); conv_t = (rng.random(n) < 0.102).astype(np.uint8)
rev_c.tofile(os.path.join(out_dir, "rev_c.f64")); rev_t.tofile(os.path.join(out_dir, "rev_t.f64"))
conv_c.tofile(os.path.join(out_dir, "conv_c.u8")); conv_t.tofile(os.path.join(out_dir, "conv_t.u8"))


def analysis():
    t, p, df = ttest_ind(rev_t, rev_c, usevar="unequal")
    ci = CompareMeans(DescrStatsW(rev_t), DescrStatsW(rev_c)).tconfint_diff(usevar="unequal")
    mc, mt = rev_c.mean(), rev_t.mean(); vc, vt = rev_c.var(ddof=1), rev_t.var(ddof=1)
    lift = (mt - mc) / abs(mc)
    se = np.sqrt(vt / (n * mc**2) + vc * mt**2 / (n * mc**4))
    q = stats.t.ppf(0.975, df)
    cc, ct = int(conv_c.sum()), int(conv_t.sum())
    z, pz = proportions_ztest([ct, cc], [n, n])
    return {"t": float(t), "p": float(p), "df": float(df), "ci": [float(ci[0]), float(ci[1])], "lift": float(lift), "liftCi": [float(lift - q * se), float(lift + q * se)], "z": float(z), "pz": float(pz)}


analysis()  # warm-up
times = []
for _ in range(3):
    t0 = time.perf_counter(); res = analysis(); times.append(time.perf_counter() - t0)
print(json.dumps({"peer": "statsmodels", "seconds": min(times), "result": res}))

"""The Optuna peer for labops' tuning benchmark (bench/tune.ts): the same problems, budgets and seeds through
Optuna's samplers with their defaults. Prints one JSON object.

Usage: optuna_peer.py quality PROBLEM SAMPLER SEEDS TRIALS   (SAMPLER: tpe | random; SEEDS: comma-separated)
       optuna_peer.py overhead PROBLEM TRIALS
"""
import json
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]


def branin(trial):
    x = trial.suggest_float("x", -5, 10)
    y = trial.suggest_float("y", 0, 15)
    b, c, r, s, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 6, 10, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - r) ** 2 + s * (1 - t) * math.cos(x) + s


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j] * 1e-4) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock5(trial):
    x = [trial.suggest_float(f"x{i}", -5, 10) for i in range(5)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(4))


PROBLEMS = {"branin": branin, "hartmann6": hartmann6, "rosenbrock5": rosenbrock5}


def sampler_for(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit(f"unknown sampler {name!r}: use tpe or random")


def quality(problem, sampler, seeds, trials):
    curves = []
    for seed in seeds:
        study = optuna.create_study(sampler=sampler_for(sampler, seed))
        study.optimize(PROBLEMS[problem], n_trials=trials)
        best, curve = math.inf, []
        for t in study.trials:
            best = min(best, t.value)
            curve.append(best)
        curves.append(curve)
    return {"peer": f"optuna {optuna.__version__} {sampler}", "curves": curves}


def overhead(problem, trials):
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
    start = time.perf_counter()
    study.optimize(PROBLEMS[problem], n_trials=trials)
    seconds = time.perf_counter() - start
    return {"peer": f"optuna {optuna.__version__} TPESampler, in-memory storage", "trials": trials, "seconds": seconds}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "quality":
        out = quality(sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4].split(",")], int(sys.argv[5]))
    elif mode == "overhead":
        out = overhead(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out))

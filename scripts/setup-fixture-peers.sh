#!/usr/bin/env bash
# Installs the reference libraries that made the committed fixtures and that the benchmarks race against
# (scikit-learn, scipy, statsmodels, fairlearn, pandas, pyarrow, Optuna 4.x) into the git-ignored virtualenv
# .venv-fixtures, and Evidently into .venv-evidently. The tests never need it (they read the committed fixtures); `npm run peers` and the fixture
# scripts under tests/fixtures/ do. Idempotent: does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-fixtures
PEERS=("scikit-learn==1.9.1" "scipy==1.17.1" "statsmodels==0.15.0" "fairlearn==0.15.0" "pandas==3.1.1" "pyarrow==26.0.1" "optuna==4.9.0")
CHECK="import sklearn, scipy, statsmodels, fairlearn, pandas, pyarrow, optuna; assert sklearn.__version__ == '1.9.1' and optuna.__version__ == '4.9.0'"
if ! { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "$CHECK" 2>/dev/null; }; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PEERS[@]}"
  "$VENV/bin/python" -c "$CHECK; print('fixture peers ready: scikit-learn', sklearn.__version__, '/ optuna', optuna.__version__)"
fi
# Evidently 0.7.23 (the drift bench's peer, bench/drift.ts) in its own git-ignored virtualenv: its pins clash with
# the fixture libraries' (it needs pandas < 3, whose infer_dtype_from_object it imports).
EVIDENTLY_VENV=.venv-evidently
if ! { [ -x "$EVIDENTLY_VENV/bin/python" ] && "$EVIDENTLY_VENV/bin/python" -c "import evidently; assert evidently.__version__ == '0.7.23'" 2>/dev/null; }; then
  python3 -m venv "$EVIDENTLY_VENV"
  "$EVIDENTLY_VENV/bin/pip" install --quiet --disable-pip-version-check "evidently==0.7.23" "pandas<3" "pyarrow==26.0.1"
  "$EVIDENTLY_VENV/bin/python" -c "import evidently; print('drift peer ready: evidently', evidently.__version__)"
fi

#!/usr/bin/env bash
# Installs the Python peers that benchmarks (and later the integration tests) compare labops with,
# into the git-ignored virtualenv .venv-peers. Idempotent: does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-peers
MLFLOW_VERSION=3.6.0
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import mlflow, mlflow.store.db.utils, sys; sys.exit(mlflow.__version__ != '$MLFLOW_VERSION')" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$VENV"
# MLflow 3.6 imports a pool class that SQLAlchemy 2.1 removed.
"$VENV/bin/pip" install --quiet --disable-pip-version-check "mlflow==$MLFLOW_VERSION" "sqlalchemy>=2.0,<2.1"
"$VENV/bin/python" -c "import mlflow; print('peers ready: mlflow', mlflow.__version__)"

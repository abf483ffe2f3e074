#!/usr/bin/env bash
# Installs the Python peers the tests and benchmarks run labops against, into the git-ignored virtualenv
# .venv-peers: Jupyter's client side (nbclient, jupyter_client, the kernel conformance suite
# jupyter_kernel_test) and MLflow. Idempotent: does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-peers
MLFLOW_VERSION=3.6.0
PEERS=("mlflow==$MLFLOW_VERSION" "sqlalchemy>=2.0,<2.1" "nbclient==0.11.0" "nbformat==5.11.1" "jupyter_client==8.10.0" "jupyter_kernel_test==0.7.0")
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "
import sys, mlflow, mlflow.store.db.utils, nbclient, jupyter_client, jupyter_kernel_test
sys.exit(mlflow.__version__ != '$MLFLOW_VERSION')" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$VENV"
# SQLAlchemy below 2.1: MLflow 3.6 imports a pool class that 2.1 removed.
"$VENV/bin/pip" install --quiet --disable-pip-version-check "${PEERS[@]}"
"$VENV/bin/python" -c "import mlflow, nbclient; print('peers ready: mlflow', mlflow.__version__, '/ nbclient', nbclient.__version__)"

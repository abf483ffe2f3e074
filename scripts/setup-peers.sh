#!/usr/bin/env bash
# Installs the peers the tests and benchmarks run labops against: into the git-ignored virtualenv .venv-peers,
# Jupyter's client side (nbclient, jupyter_client, the kernel conformance suite jupyter_kernel_test), JupyterLab
# and Playwright (the browser test drives JupyterLab with them) and MLflow 3.6; MLflow 2.22 into .venv-mlflow2 (the 2.x server for the REST contract suite); and Debian's chromium for Playwright
# (its own browser download does not work offline). Idempotent and quiet: does nothing when all are there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-peers
MLFLOW_VERSION=3.6.0
PEERS=("mlflow==$MLFLOW_VERSION" "sqlalchemy>=2.0,<2.1" "nbclient==0.11.0" "nbformat==5.11.1" "jupyter_client==8.10.0" "jupyter_kernel_test==0.7.0" "jupyterlab==4.6.6" "playwright==1.65.2")
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "setup-peers: $CHROMIUM is missing; install Debian's chromium (apt-get install chromium) for the browser test" >&2
  fi
fi
# MLflow 2.x in its own venv, for the REST contract suite against a 2.x server (tests/mlflow/mlflow2-server.test.ts).
# SQLAlchemy below 2.1 here too: MLflow 2.22 imports the same removed pool class.
MLFLOW2_VENV=.venv-mlflow2
MLFLOW2_VERSION=2.22.5
if ! "$MLFLOW2_VENV/bin/python" -c "import sys, mlflow, mlflow.store.db.utils; sys.exit(mlflow.__version__ != '$MLFLOW2_VERSION')" 2>/dev/null; then
  [ -x "$MLFLOW2_VENV/bin/python" ] || python3 -m venv "$MLFLOW2_VENV"
  "$MLFLOW2_VENV/bin/pip" install --quiet --disable-pip-version-check "mlflow==$MLFLOW2_VERSION" "sqlalchemy>=2.0,<2.1"
fi
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "
import sys, mlflow, mlflow.store.db.utils, nbclient, jupyter_client, jupyter_kernel_test, jupyterlab, playwright.sync_api
sys.exit(mlflow.__version__ != '$MLFLOW_VERSION')" 2>/dev/null; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# SQLAlchemy below 2.1: MLflow 3.6 imports a pool class that 2.1 removed.
"$VENV/bin/pip" install --quiet --disable-pip-version-check "${PEERS[@]}"
"$VENV/bin/python" -c "import mlflow, nbclient, jupyterlab; print('peers ready: mlflow', mlflow.__version__, '/ nbclient', nbclient.__version__, '/ jupyterlab', jupyterlab.__version__)"

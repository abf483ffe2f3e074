"""Executes a notebook through real Jupyter machinery (nbclient + jupyter_client) with a named kernel.
Usage: nbclient_run.py NOTEBOOK OUTPUT KERNEL_NAME [--allow-errors]
Prints one JSON line: {"ok": bool, "ename": ..., "evalue": ...}; the executed notebook goes to OUTPUT."""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main():
    path, output, kernel = sys.argv[1:4]
    allow_errors = "--allow-errors" in sys.argv
    nb = nbformat.read(path, as_version=4)
    # The kernel runs in the notebook's folder, as in Jupyter.
    resources = {"metadata": {"path": os.path.dirname(os.path.abspath(path))}}
    client = NotebookClient(nb, kernel_name=kernel, timeout=120, startup_timeout=90, allow_errors=allow_errors, resources=resources)
    result = {"ok": True}
    try:
        client.execute()
    except CellExecutionError as e:
        result = {"ok": False, "ename": e.ename, "evalue": e.evalue}
    nbformat.write(nb, output)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Executes notebooks headlessly with this checkout's kernel: ./crossview notebooks [NAME …]
# (all of notebooks/*.ipynb by default; see scripts/run_notebooks.py for CROSSVIEW_NOTEBOOK,
# CROSSVIEW_CELL_TIMEOUT and CROSSVIEW_KERNEL). Executed copies: build/notebooks/. Figures: figures/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_ensure_built
[[ -x "$PYTHON" ]] && "$PYTHON" -c "import nbclient, jupyter_client" 2>/dev/null \
  || cv_die "nbclient missing: apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
# This checkout's kernelspec, ahead of any installed one, so the notebooks run on the code being tested.
CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "$BUILD_DIR/jupyter/kernels/$KERNEL_NAME"
export JUPYTER_PATH="$BUILD_DIR/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
exec "$PYTHON" "$CROSSVIEW_HOME/scripts/run_notebooks.py" "$@"

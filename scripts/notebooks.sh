#!/usr/bin/env bash
# usage: ./crossview notebooks [NAME …]
# Executes notebooks headlessly with this checkout's kernel (all of notebooks/*.ipynb by default; NAME as
# 00_environment or a path), one progress line per cell. Executed copies and kernel logs: build/notebooks/.
# Figures: build/figures (CROSSVIEW_FIGURES overrides; ./crossview figures writes the committed figures/).
# Environment: CROSSVIEW_NOTEBOOK, CROSSVIEW_CELL_TIMEOUT, CROSSVIEW_KERNEL (see scripts/run_notebooks.py).
# Ctrl-C shuts the running kernel down and exits 130; a kernel that dies fails the notebook (no retry).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
cv_ensure_built
[[ -x "$PYTHON" ]] && "$PYTHON" -c "import nbclient, jupyter_client" 2>/dev/null \
  || cv_die "nbclient missing: apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
# This checkout's kernelspec, ahead of any installed one, so the notebooks run on the code being tested.
CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "$BUILD_DIR/jupyter/kernels/$KERNEL_NAME"
export JUPYTER_PATH="$BUILD_DIR/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
exec "$PYTHON" "$CROSSVIEW_HOME/scripts/run_notebooks.py" "$@"

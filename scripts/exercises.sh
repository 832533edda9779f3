#!/usr/bin/env bash
# usage: ./crossview exercises [NAME …]
# Runs every exercise of notebooks/exercises twice with this checkout's kernel (or the named exercise notebooks).
# With its reference solution (notebooks/exercises/solutions/ID.java) substituted, each check must pass; with the
# stub left in, it must fail. See scripts/run_exercises.py. Executed copies: build/exercises/{solution,stub}/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
cv_ensure_built
[[ -x "$PYTHON" ]] && "$PYTHON" -c "import nbclient, jupyter_client" 2>/dev/null \
  || cv_die "nbclient missing: apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "$BUILD_DIR/jupyter/kernels/$KERNEL_NAME"
export JUPYTER_PATH="$BUILD_DIR/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
exec "$PYTHON" "$CROSSVIEW_HOME/scripts/run_exercises.py" "$@"

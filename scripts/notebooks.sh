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
cv_notebook_env
exec "$PYTHON" "$CROSSVIEW_HOME/scripts/run_notebooks.py" "$@"

#!/usr/bin/env bash
# The main job (README): system packages, build, the Jupyter kernel, then every notebook executed headlessly;
# figures/ is regenerated and executed copies land in build/notebooks/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$CROSSVIEW_HOME/scripts/deps.sh"
cv_build
"$CROSSVIEW_HOME/scripts/install-kernel.sh"
"$CROSSVIEW_HOME/scripts/notebooks.sh"
cv_log "done: figures in $CROSSVIEW_HOME/figures, executed notebooks in $BUILD_DIR/notebooks"

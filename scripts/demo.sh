#!/usr/bin/env bash
# The main job (README): system packages, build, the Jupyter kernel, every notebook executed headlessly
# (figures/ regenerated, executed copies in build/notebooks/), then the whole method end to end on the embedded
# phantom: simulated noisy multi-view X-rays -> patient-specific coarse network -> multi-view refinement ->
# accuracy table. CROSSVIEW_DEMO_SKIP_NOTEBOOKS=1 runs only the registration part.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$CROSSVIEW_HOME/scripts/deps.sh"
cv_build
if [[ -z "${CROSSVIEW_DEMO_SKIP_NOTEBOOKS:-}" ]]; then
  "$CROSSVIEW_HOME/scripts/install-kernel.sh"
  "$CROSSVIEW_HOME/scripts/notebooks.sh"
fi

demo="$BUILD_DIR/demo"
mkdir -p "$demo"
cv_log "end-to-end registration on the phantom (outputs in $demo)"
"$CROSSVIEW_HOME/crossview" simulate --phantom --out "$demo/phantom.h5" --cases 4 --views-per-case 3 --seed 1
"$CROSSVIEW_HOME/crossview" register --data "$demo/phantom.h5" --relative "$demo/phantom.json" \
  --out "$demo/poses.csv" --seed 1 --train-steps "${CROSSVIEW_DEMO_TRAIN_STEPS:-600}"
"$CROSSVIEW_HOME/crossview" evaluate --data "$demo/phantom.h5" --poses "$demo/poses.csv" --out "$demo/accuracy.csv"
cv_log "done: figures in $CROSSVIEW_HOME/figures, executed notebooks in $BUILD_DIR/notebooks, registration in $demo"

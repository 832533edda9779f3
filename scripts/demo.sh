#!/usr/bin/env bash
# usage: ./crossview demo
# The main job (README): system packages, build, the Jupyter kernel, every notebook executed headlessly
# (figures in build/figures, executed copies in build/notebooks/), then the whole method end to end on the embedded
# phantom: simulated noisy multi-view X-rays -> patient-specific coarse network -> multi-view refinement ->
# accuracy table. CROSSVIEW_DEMO_SKIP_NOTEBOOKS=1 runs only the registration part. Ctrl-C stops it (exit 130).
# The committed figures/ is regenerated only by ./crossview figures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
[[ $# -eq 0 ]] || cv_die "usage: ./crossview demo (no options; --help for what it does)"
cv_trap_interrupt demo
CV_STEP="Debian packages"; "$CROSSVIEW_HOME/scripts/deps.sh"
CV_STEP=build; cv_build
if [[ -z "${CROSSVIEW_DEMO_SKIP_NOTEBOOKS:-}" ]]; then
  CV_STEP="kernel install"; "$CROSSVIEW_HOME/scripts/install-kernel.sh"
  CV_STEP=notebooks; "$CROSSVIEW_HOME/scripts/notebooks.sh"
fi

demo="$BUILD_DIR/demo"
mkdir -p "$demo"
CV_STEP="registration"
cv_log "end-to-end registration on the phantom (outputs in $demo)"
"$CROSSVIEW_HOME/crossview" simulate --phantom --out "$demo/phantom.h5" --cases 4 --views-per-case 3 --seed 1
"$CROSSVIEW_HOME/crossview" register --data "$demo/phantom.h5" --relative "$demo/phantom.json" \
  --out "$demo/poses.csv" --seed 1 --train-steps "${CROSSVIEW_DEMO_TRAIN_STEPS:-600}"
"$CROSSVIEW_HOME/crossview" evaluate --data "$demo/phantom.h5" --poses "$demo/poses.csv" --out "$demo/accuracy.csv"
cv_log "done: figures in $BUILD_DIR/figures, executed notebooks in $BUILD_DIR/notebooks, registration in $demo"

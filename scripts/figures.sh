#!/usr/bin/env bash
# usage: ./crossview figures [NAME …]
# Regenerates the committed figures/ (the pictures README.md shows): executes the notebooks (all, or the named
# ones, as ./crossview notebooks does) with CROSSVIEW_FIGURES pointing at figures/. Everything else (demo, test,
# notebooks, a Jupyter session) writes its figures to build/figures and leaves the tree clean.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
export CROSSVIEW_FIGURES="$CROSSVIEW_HOME/figures"
cv_log "writing figures into $CROSSVIEW_FIGURES"
exec "$CROSSVIEW_HOME/scripts/notebooks.sh" "$@"

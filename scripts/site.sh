#!/usr/bin/env bash
# The HTML handouts: ./crossview site [--partial] exports the executed chapters (build/notebooks/, made by
# ./crossview notebooks) and the exercises (notebooks/exercises/) with nbconvert to build/site/, index.html first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$PYTHON" -c "import nbconvert" 2>/dev/null \
  || cv_die "nbconvert missing for $PYTHON: apt-get install -y jupyter-nbconvert (or run scripts/deps.sh as root)"
exec "$PYTHON" "$CROSSVIEW_HOME/scripts/site.py" "$@"

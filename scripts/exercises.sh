#!/usr/bin/env bash
# usage: ./crossview exercises [NAME …]
# Runs every exercise of notebooks/exercises twice with this checkout's kernel (or the named exercise notebooks).
# With its reference solution (notebooks/exercises/solutions/ID.java) substituted, each check must pass; with the
# stub left in, it must fail. See scripts/run_exercises.py. Executed copies: build/exercises/{solution,stub}/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
cv_notebook_env
exec "$PYTHON" "$CROSSVIEW_HOME/scripts/run_exercises.py" "$@"

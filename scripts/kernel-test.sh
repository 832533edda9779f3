#!/usr/bin/env bash
# usage: ./crossview kernel-test [--starts N] [--timeout S] [--unpatched]
# Starts this checkout's Java kernel N times (default 20) via jupyter_client; each start must answer and run a
# cell. Then one start whose stdin port is taken until the kernel dies, under the Notebook server's restarter: the
# kernel must exit and answer after its restart (org.crossview.kernel.KernelMain). --unpatched runs the same test on
# rapaio's kernel without CrossView's fixes (to see it hang).
# Kernel output: build/kernel-start-test.log.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
cv_ensure_built
kernel="$KERNEL_NAME" specs="$BUILD_DIR/jupyter" args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --unpatched) kernel="$KERNEL_NAME-unpatched" specs="$BUILD_DIR/jupyter-unpatched"; shift ;;
    --starts|--timeout) args+=("$1" "$2"); shift 2 ;;
    *) cv_die "usage: ./crossview kernel-test [--starts N] [--timeout S] [--unpatched]" ;;
  esac
done
extra=(); [[ "$kernel" == *-unpatched ]] && extra=(--unpatched --display-name "Java (rapaio, unpatched)")
CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "${extra[@]}" "$specs/kernels/$kernel"
export PYDEVD_DISABLE_FILE_VALIDATION=1
JUPYTER_PATH="$specs" exec "$PYTHON" "$CROSSVIEW_HOME/scripts/kernel_start_test.py" --kernel "$kernel" \
  --log "$BUILD_DIR/kernel-start-test.log" "${args[@]}"

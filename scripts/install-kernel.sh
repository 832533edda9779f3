#!/usr/bin/env bash
# Builds the library, writes the "crossview" kernelspec for this checkout into build/jupyter/kernels/crossview
# (the tests use that copy through JUPYTER_PATH) and installs it for Jupyter: into /usr/local/share/jupyter
# when run as root, else into the user's Jupyter data dir (~/.local/share/jupyter).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_ensure_built
[[ -x "$JUPYTER" ]] || cv_die "$JUPYTER not found: apt-get install -y jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel"
spec="$BUILD_DIR/jupyter/kernels/$KERNEL_NAME"
CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "$spec"
scope=(--user); [[ $(id -u) -eq 0 ]] && scope=()
"$JUPYTER" kernelspec install --replace "${scope[@]}" --name "$KERNEL_NAME" "$spec" >/dev/null 2>&1 \
  || "$JUPYTER" kernelspec install --replace "${scope[@]}" --name "$KERNEL_NAME" "$spec"
cv_log "kernel '$KERNEL_NAME' installed: $("$JUPYTER" kernelspec list 2>/dev/null | awk -v k="$KERNEL_NAME" '$1==k {print $2}')"

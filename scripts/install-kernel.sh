#!/usr/bin/env bash
# usage: ./crossview install-kernel [--ijava [NAME]]
# Builds the library, writes the "crossview" kernelspec for this checkout into build/jupyter/kernels/crossview
# (the tests use that copy through JUPYTER_PATH) and installs it for Jupyter: into /usr/local/share/jupyter when
# run as root, else into the user's Jupyter data dir (~/.local/share/jupyter).
# --ijava [NAME]: for IJava users, installs "crossview-ijava", a copy of the installed IJava kernelspec NAME
# (default "java") with this checkout's class path in IJAVA_CLASSPATH.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
cv_ensure_built
[[ -x "$JUPYTER" ]] || cv_die "$JUPYTER not found: apt-get install -y jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel"

name="$KERNEL_NAME" extra=()
if [[ "${1:-}" == --ijava ]]; then
  ijava_name="${2:-java}"
  ijava_dir=$("$JUPYTER" kernelspec list --json 2>/dev/null | "$PYTHON" -c \
    'import json,sys; print(json.load(sys.stdin)["kernelspecs"].get(sys.argv[1], {}).get("resource_dir", ""))' "$ijava_name")
  [[ -n "$ijava_dir" ]] || cv_die "no installed kernelspec '$ijava_name' (install IJava first, see README)"
  name="$KERNEL_NAME-ijava" extra=(--ijava "$ijava_dir")
elif [[ $# -gt 0 ]]; then
  cv_die "usage: ./crossview install-kernel [--ijava [IJAVA_KERNEL_NAME]]"
fi

spec="$BUILD_DIR/jupyter/kernels/$name"
CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "${extra[@]}" "$spec"
scope=(--user); [[ $(id -u) -eq 0 ]] && scope=()
"$JUPYTER" kernelspec install --replace "${scope[@]}" --name "$name" "$spec" >/dev/null 2>&1 \
  || "$JUPYTER" kernelspec install --replace "${scope[@]}" --name "$name" "$spec"
cv_log "kernel '$name' installed: $("$JUPYTER" kernelspec list 2>/dev/null | awk -v k="$name" '$1==k {print $2}')"

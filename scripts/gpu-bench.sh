#!/usr/bin/env bash
# The render benchmark on a machine without Java or Maven (the `device` GPU machine):
#
#   scripts/gpu-bench.sh pack          here: builds build/gpu-bench/ (a jlink JDK, the classes and the few jars the
#                                      benchmark needs, and the ICD loader libOpenCL.so.1), well under 64 MiB
#   scripts/gpu-bench.sh run ARGS...   there: registers the NVIDIA OpenCL driver with the carried ICD loader when
#                                      the system has none, lists the devices, then runs
#                                      `crossview bench render ARGS...`
#
# With the device tool: run(command="scripts/gpu-bench.sh run --backend cpu,opencl --scene synthetic --sizes 200
#   --volume 256 --batch 32 --no-plastimatch", carry=["build/gpu-bench"]).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PACK="$ROOT/build/gpu-bench"

pack() {
  source "$ROOT/scripts/lib.sh"
  cv_ensure_built
  rm -rf "$PACK"
  mkdir -p "$PACK/lib" "$PACK/native"
  jlink --add-modules java.base,java.management,jdk.management,java.logging,java.desktop,java.sql,jdk.unsupported,jdk.incubator.vector \
    --strip-debug --no-man-pages --no-header-files --compress=2 --output "$PACK/jdk"
  cp -r "$ROOT/kernel-lib/target/classes" "$PACK/classes"
  # Only what `bench render` loads: JOCL, Gson (the JSON report), SLF4J. Not ND4J (hundreds of MiB of natives).
  tr ':' '\n' < "$APP_CLASSPATH_FILE" | grep -E '/(jocl|gson|slf4j-api|slf4j-simple)-[0-9][^/]*\.jar$' | xargs -I{} cp {} "$PACK/lib/"
  # The ICD loader, for a machine whose driver came without one.
  local loader; loader="$(ldconfig -p | awk '/libOpenCL\.so\.1 .*x86-64/ {print $NF; exit}')"
  if [[ -n "$loader" ]]; then cp -L "$loader" "$PACK/native/libOpenCL.so.1"; fi
  du -sh "$PACK"
}

run() {
  local java="$PACK/jdk/bin/java"
  [[ -x "$java" ]] || { echo "no $java: run 'scripts/gpu-bench.sh pack' here first and carry build/gpu-bench" >&2; exit 1; }
  if ! ldconfig -p | grep -q 'libOpenCL\.so\.1 '; then
    export LD_LIBRARY_PATH="$PACK/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  # NVIDIA's driver library implements the ICD entry points; the loader finds it through a .icd file.
  if [[ ! -d /etc/OpenCL/vendors || -z "$(ls -A /etc/OpenCL/vendors 2>/dev/null)" ]]; then
    local nv; nv="$(ldconfig -p | awk '/libnvidia-opencl\.so\.1 .*x86-64/ {print $NF; exit}')"
    [[ -z "$nv" ]] && nv="$(find / -name 'libnvidia-opencl.so.1' -not -path '/proc/*' 2>/dev/null | head -1 || true)"
    if [[ -n "$nv" ]]; then
      local vendors; vendors="$(mktemp -d)"
      echo "$nv" > "$vendors/nvidia.icd"
      export OCL_ICD_VENDORS="$vendors"
      echo "registered $nv as an OpenCL ICD (OCL_ICD_VENDORS=$vendors)" >&2
    fi
  fi
  # CROSSVIEW_JAVA_OPTS may carry -Dcrossview.opencl.bricked=false or -Dcrossview.opencl.tile=32x4 to compare layouts/tiles.
  exec "$java" --add-modules jdk.incubator.vector ${CROSSVIEW_JAVA_OPTS:-} -Djava.awt.headless=true -cp "$PACK/classes:$PACK/lib/*" org.crossview.cli.Main bench render "$@"
}

case "${1:-}" in
  pack) pack ;;
  run) shift; run "$@" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac

# Shared helpers for the crossview launcher and scripts/*.sh (sourced, not run).
# CROSSVIEW_HOME is the checkout's root; build/ holds everything generated outside Maven's target/ folders.

CROSSVIEW_HOME="${CROSSVIEW_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CROSSVIEW_HOME
BUILD_DIR="$CROSSVIEW_HOME/build"
BUILD_STAMP="$BUILD_DIR/.build-stamp"
APP_CLASSPATH_FILE="$BUILD_DIR/app-classpath.txt"        # ':'-separated: the library and every dependency
KERNEL_CLASSPATH_FILE="$BUILD_DIR/kernel-classpath.txt"  # ':'-separated: patched class first, then the rapaio jar
KERNEL_NAME=crossview

# Debian packages the notebooks, the OpenCL renderer and the data tools need (python3-pydicom: the independent
# DICOM writer of the import tests; python3-pil: its PNG views; slurm-wlm and munge: the single-node Slurm of the sweep test).
DEBIAN_PACKAGES=(pocl-opencl-icd ocl-icd-libopencl1 clinfo jupyter-nbconvert python3-nbclient jupyter-client
                 python3-ipykernel hdf5-tools plastimatch python3-pydicom python3-pil slurm-wlm munge)
# The browser test's extra packages (scripts/deps.sh --browser): classic Jupyter Notebook and Chromium. Node.js and
# npm are checked as commands, not packages (a NodeSource nodejs brings its own npm and conflicts with Debian's).
BROWSER_PACKAGES=(python3-notebook chromium)

# The Python that runs Jupyter tooling: $CROSSVIEW_PYTHON, else Debian's /usr/bin/python3 (a python3 earlier
# on PATH, e.g. pyenv's, may lack nbclient), else python3 on PATH (a conda environment). JUPYTER sits beside it.
cv_find_python() {
  local p
  for p in "${CROSSVIEW_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
    [[ -n "$p" && -x "$p" ]] || continue
    if "$p" -c "import nbclient, jupyter_client" 2>/dev/null; then echo "$p"; return; fi
  done
  echo /usr/bin/python3
}
PYTHON="$(cv_find_python)"
JUPYTER="$(dirname "$PYTHON")/jupyter"
export CROSSVIEW_PYTHON="$PYTHON" CROSSVIEW_JUPYTER="$JUPYTER"
# conda environments bring their own OpenCL loader and PoCL (environment.yml)
if [[ -n "${CONDA_PREFIX:-}" && -e "$CONDA_PREFIX/lib/libOpenCL.so.1" ]]; then
  export LD_LIBRARY_PATH="$CONDA_PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export OCL_ICD_VENDORS="${OCL_ICD_VENDORS:-$CONDA_PREFIX/etc/OpenCL/vendors}"
fi

cv_log()  { printf '\033[1m[crossview]\033[0m %s\n' "$*" >&2; }
cv_die()  { printf '\033[1;31m[crossview] error:\033[0m %s\n' "$*" >&2; exit 1; }

# -h/--help among a set-up command's arguments: prints the usage comment at the top of the script ($0), exits 0.
cv_help() {
  local a
  for a in "$@"; do
    [[ "$a" == -h || "$a" == --help ]] || continue
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 0
  done
}

# Ctrl-C (SIGINT) or SIGTERM in a multi-step script (demo, test): nothing further runs, one line names what was
# interrupted, exit 130. Bash runs the trap once the running step has ended: the process group got the signal too,
# and the Python runners below shut their Jupyter kernel down first (it runs in a session of its own, out of the
# signal's reach) and leave where they were in $CROSSVIEW_INTERRUPT_NOTE for this line instead of printing their own.
# CV_STEP names the running step.
cv_trap_interrupt() {
  CV_INTERRUPTED="$1" CV_STEP=""
  mkdir -p "$BUILD_DIR"
  export CROSSVIEW_INTERRUPT_NOTE="$BUILD_DIR/.interrupt-note.$$"
  rm -f "$CROSSVIEW_INTERRUPT_NOTE"
  trap cv_interrupted INT TERM
  trap 'rm -f "$CROSSVIEW_INTERRUPT_NOTE"' EXIT
}
cv_interrupted() {
  trap '' INT TERM
  local note=""
  [[ -s "$CROSSVIEW_INTERRUPT_NOTE" ]] && note=" ($(cat "$CROSSVIEW_INTERRUPT_NOTE"))"
  printf '\n\033[1m[crossview]\033[0m %s interrupted%s%s\n' "$CV_INTERRUPTED" "${CV_STEP:+ in step '$CV_STEP'}" "$note" >&2
  exit 130
}

# Runs Maven offline first (fast, no network); online only when the offline run failed for want of an artefact
# that is not yet in ~/.m2 (compile errors are not retried). The offline run streams its output, but holds back its
# closing block (reactor summary, BUILD FAILURE, the [ERROR] lines of a failed goal) and the missing-POM warnings
# until it is known whether the run failed for a missing artefact: then the block is dropped (a fresh machine's
# first build shows no failure that is not one), else printed.
cv_mvn() {
  local log held rc
  log=$(mktemp) held=$(mktemp)
  { mvn -o -B -ntp -Dstyle.color=never "$@"; echo $? > "$log.rc"; } 2>&1 | tee "$log" | awk -v held="$held" '
    { line = $0; gsub(/\033\[[0-9;]*m/, "", line) }
    line ~ /^\[WARNING\] The POM for .* is missing/ { print > held; next }
    !hold && line ~ /Reactor Summary|BUILD FAILURE|^\[ERROR\] (Failed to execute goal|Plugin .* could not be resolved)/ { hold = 1 }
    hold { print > held; next }
    { print; fflush() }'
  rc=$(cat "$log.rc")
  if [[ "$rc" != 0 ]] && grep -qiE "in offline mode|offline mode and|could not resolve|cannot access .* in offline" "$log"; then
    rm -f "$log" "$log.rc" "$held"
    cv_log "some Maven artefacts are not in ~/.m2 yet; downloading them (online run)"
    mvn -B -ntp -Dstyle.color=never "$@"
    return
  fi
  cat "$held"
  rm -f "$log" "$log.rc" "$held"
  [[ "$rc" == 0 ]]
}

# True when sources or POMs changed since the last successful cv_build (or it never ran).
cv_build_stale() {
  [[ -f "$BUILD_STAMP" && -f "$APP_CLASSPATH_FILE" && -f "$KERNEL_CLASSPATH_FILE" ]] || return 0
  local newer
  newer=$(cd "$CROSSVIEW_HOME" && find . \( -path ./build -o -path '*/target' -o -path ./.git \) -prune -o \
            \( -name pom.xml -o -path '*/src/main/*' -o -path ./.mvn/maven.config \) -type f -newer "$BUILD_STAMP" -print -quit)
  [[ -n "$newer" ]]
}

# Compiles every module and writes the class paths the launcher and the kernel use.
cv_build() {
  mkdir -p "$BUILD_DIR"
  cv_log "building (mvn compile dependency:build-classpath)"
  # (Maven 3.8 prints stray colour resets even with -B; sed drops them)
  (cd "$CROSSVIEW_HOME" && cv_mvn -q compile dependency:build-classpath) > >(sed -u 's/\x1b\[0m//g' >&2) 2>&1 \
    || cv_die "Maven build failed (see above)"
  # App class path: each library module's classes, then its dependencies (reactor modules resolve to their
  # target/classes), duplicates dropped, order kept. The kernel module is not part of it.
  local module entries=()
  for module in "$CROSSVIEW_HOME"/*/; do
    module=${module%/}
    [[ -f "$module/pom.xml" && -f "$module/target/classpath.txt" ]] || continue
    [[ "$(basename "$module")" == jupyter-kernel ]] && continue
    [[ -d "$module/target/classes" ]] && entries+=("$module/target/classes")
    IFS=':' read -r -a deps < "$module/target/classpath.txt" || true
    entries+=("${deps[@]}")
  done
  printf '%s\n' "${entries[@]}" | awk 'NF && !seen[$0]++' | paste -sd: - > "$APP_CLASSPATH_FILE.tmp"
  mv "$APP_CLASSPATH_FILE.tmp" "$APP_CLASSPATH_FILE"
  { printf '%s:' "$CROSSVIEW_HOME/jupyter-kernel/target/classes"; cat "$CROSSVIEW_HOME/jupyter-kernel/target/classpath.txt"; echo; } \
    > "$KERNEL_CLASSPATH_FILE.tmp"
  mv "$KERNEL_CLASSPATH_FILE.tmp" "$KERNEL_CLASSPATH_FILE"
  touch "$BUILD_STAMP"
}

cv_ensure_built() { if cv_build_stale; then cv_build; fi; }

# What every headless notebook runner needs (notebooks, exercises, browser test): a build, nbclient, and this
# checkout's kernelspec ahead of any installed one (JUPYTER_PATH), so the notebooks run on the code being tested.
cv_notebook_env() {
  cv_ensure_built
  [[ -x "$PYTHON" ]] && "$PYTHON" -c "import nbclient, jupyter_client" 2>/dev/null \
    || cv_die "nbclient missing: apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
  CROSSVIEW_JAVA="$(cv_java)" "$PYTHON" "$CROSSVIEW_HOME/scripts/kernelspec.py" "$BUILD_DIR/jupyter/kernels/$KERNEL_NAME"
  export JUPYTER_PATH="$BUILD_DIR/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
  export PYDEVD_DISABLE_FILE_VALIDATION=1
}

# The JVM's signal-chaining library. PoCL's LLVM installs its own SIGSEGV handler when it compiles a kernel; the JVM
# uses SIGSEGV itself (implicit null checks, safepoints), so without chaining a later JIT-compiled method can kill the
# process silently (exit 139, no hs_err file: seen in 02_renderer). Preloading libjsig lets both handlers coexist.
cv_jsig() {
  local lib
  lib="$(dirname "$(dirname "$(readlink -f "$(cv_java)")")")/lib/libjsig.so"
  [[ -f "$lib" ]] && echo "$lib"
}

# Options every JVM that runs kernel-lib needs: the Vector API (an incubator module in Java 17) for Joseph's ray packets
# (render.JosephPackets; without it the renderer falls back to its scalar loops). The same flag is in pom.xml (surefire)
# and scripts/kernelspec.py (the Jupyter kernel). Java prints one "Using incubator modules" warning at start-up.
CV_JAVA_MODULES=(--add-modules jdk.incubator.vector)

# The java the kernel and the launcher run on: JAVA_HOME's if set, else the one on PATH.
cv_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  command -v java || cv_die "java not found: install a Java 17 JDK (Debian: apt-get install -y openjdk-17-jdk-headless)"
}

#!/usr/bin/env bash
# usage: ./crossview test
# The test command (README; .ci/run calls it): every step runs, each is reported, and the exit code is non-zero
# if any failed. Steps: Debian packages → build → mvn test (all modules) → kernelspec install → the launcher
# (--help of every set-up command) and doctor → a single-node Slurm running a tiny sweep (scripts/slurm-test.sh;
# skipped where it cannot start) → kernel start test (CROSSVIEW_KERNEL_STARTS, default 20) → Ctrl-C of the
# notebook runner → every notebook executed headlessly (figures in build/figures) → every exercise run with its
# solution (check passes) and its stub (check fails) → browser (the HTML handouts exported, 00_environment run in
# Jupyter Notebook in headless Chromium). Ctrl-C stops it (exit 130).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cv_help "$@"
[[ $# -eq 0 ]] || cv_die "usage: ./crossview test (no options; --help for what it does)"
cd "$CROSSVIEW_HOME"
cv_trap_interrupt test
export PYDEVD_DISABLE_FILE_VALIDATION=1

names=() results=() times=()
failed=0
step() {  # step NAME COMMAND…: runs it, records ok/FAILED and its duration
  local name="$1"; shift
  CV_STEP="$name"
  printf '\n\033[1m==== %s ====\033[0m\n' "$name"
  local t0=$SECONDS
  if "$@"; then results+=("ok"); else results+=("FAILED"); failed=1; fi
  names+=("$name"); times+=("$((SECONDS - t0))")
}
skip() { names+=("$1"); results+=("skipped ($2)"); times+=(0); }

build_step() { (cv_build); }
kernel_start_test() { scripts/kernel-test.sh --starts "${CROSSVIEW_KERNEL_STARTS:-20}" --timeout 90; }
launcher_step() { ./crossview --help && ./crossview doctor && help_check; }
help_check() {  # every set-up command prints its usage and exits 0 on --help, without starting its work
  local c out
  for c in demo test build install-kernel notebooks figures exercises site browser-test kernel-test; do
    if ! out=$(./crossview "$c" --help 2>&1) || [[ "$out" != usage:* || "$out" == *"[crossview]"* ]]; then
      printf "'./crossview %s --help' did not just print its usage and exit 0:\n%s\n" "$c" "$out" >&2
      return 1
    fi
  done
  echo "--help: usage and exit 0 from demo, test, build, install-kernel, notebooks, figures, exercises, site, browser-test, kernel-test"
}
browser_step() { scripts/site.sh --partial && scripts/browser-test.sh; }

t_all=$SECONDS
step "Debian packages" scripts/deps.sh --browser
step "build" build_step
if [[ "${results[1]}" == ok ]]; then
  step "mvn test (all modules)" cv_mvn test
  step "kernelspec install" scripts/install-kernel.sh
  step "launcher: --help, doctor" launcher_step
  step "sweep: local vs single-node Slurm" scripts/slurm-test.sh
  step "kernel start test" kernel_start_test
  step "Ctrl-C stops notebooks" scripts/interrupt_test.py
  step "notebooks" scripts/notebooks.sh
  step "exercises" scripts/exercises.sh
  step "browser" browser_step
else
  for s in "mvn test (all modules)" "kernelspec install" "launcher: --help, doctor" "sweep: local vs single-node Slurm" \
           "kernel start test" "Ctrl-C stops notebooks" "notebooks" "exercises" "browser"; do
    skip "$s" "build failed"
  done
fi

printf '\n\033[1m==== summary (%d s in all) ====\033[0m\n' "$((SECONDS - t_all))"
for i in "${!names[@]}"; do printf '  %-36s %-24s %5d s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"; done
if [[ $failed -ne 0 ]]; then
  printf '\033[1;31mTESTS FAILED\033[0m (scroll up to the failed step; surefire reports: */target/surefire-reports,\n' >&2
  printf 'executed notebooks: build/notebooks, kernel logs: build/notebooks/*.kernel.log, build/kernel-start-test.log,\n' >&2
  printf 'browser test: build/browser/*.png and *.log)\n' >&2
  exit 1
fi
printf '\033[1;32mALL TESTS PASSED\033[0m\n'

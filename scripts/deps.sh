#!/usr/bin/env bash
# Checks the system packages CrossView needs; as root it installs the missing ones (apt-get), otherwise it
# prints the exact command to run and fails. Java 17 and Maven are assumed (README); they are checked only.
# --browser: also the browser test's (BROWSER_PACKAGES, and nodejs + npm when node or npm is missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
packages=("${DEBIAN_PACKAGES[@]}")
browser=0
if [[ "${1:-}" == --browser ]]; then browser=1; packages+=("${BROWSER_PACKAGES[@]}"); fi

java_bin="$(cv_java)"
java_major=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[[ "${java_major:-0}" -ge 17 ]] 2>/dev/null || cv_die "Java 17+ needed, $java_bin is ${java_major:-unknown} (Debian: apt-get install -y openjdk-17-jdk-headless)"
command -v mvn >/dev/null || cv_die "Maven not found (Debian: apt-get install -y maven)"

if ! command -v dpkg-query >/dev/null; then
  # Not Debian (e.g. a conda environment): the doctor names whatever is still missing.
  cv_log "no dpkg: skipping the Debian package check (see README, conda section)"
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ $browser == 1 ]] && ! { command -v node && command -v npm; } >/dev/null; then missing+=(nodejs npm); fi
if [[ ${#missing[@]} -eq 0 ]]; then
  cv_log "Debian packages present: ${packages[*]}"
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  cv_log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
else
  cv_die "missing Debian packages; install them with:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
fi

#!/usr/bin/env bash
# A real single-node Slurm for the test command: starts munged, slurmctld and slurmd by hand (no systemd here), runs
# the tiny ablation sweep (five loss-weight variants, one seed, a few training steps) through the local executor —
# killed after its first finished task and re-run, which must run only the missing tasks — and through a Slurm job
# array, and checks both collected tables are identical; a task that always fails must be reported with its log and
# resubmitted alone. Daemons are stopped by their PID files on exit, also on
# failure. Skips (exit 0, with the reason) where Slurm cannot start: not root, or slurm-wlm/munge not installed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$CROSSVIEW_HOME"

skip() { cv_log "slurm test SKIPPED: $*"; exit 0; }
fail() { printf '\033[1;31m[slurm-test] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || skip "not root (starting munged/slurmctld/slurmd needs root)"
for c in munged mungekey slurmctld slurmd sbatch squeue sinfo; do
  command -v "$c" >/dev/null || [[ -x /usr/sbin/$c ]] || skip "$c not found (Debian: apt-get install -y slurm-wlm munge)"
done

TMP="$(mktemp -d /tmp/crossview-slurm.XXXXXX)"
STARTED_MUNGE=0 PASSED=0
cleanup() {
  local f
  for f in "$TMP/slurmd.pid" "$TMP/slurmctld.pid"; do
    [[ -s "$f" ]] && kill "$(cat "$f")" 2>/dev/null
  done
  if [[ $STARTED_MUNGE -eq 1 && -s "$TMP/munged.pid" ]]; then kill "$(cat "$TMP/munged.pid")" 2>/dev/null; fi
  sleep 1
  if [[ $PASSED -eq 1 ]]; then rm -rf "$TMP"; cv_log "slurm test: daemons stopped";
  else cv_log "slurm test: daemons stopped; logs and outputs kept in $TMP"; fi
}
trap cleanup EXIT

# munge: its own socket and PID file under /run/munge (the package's service start is blocked here)
mkdir -p /run/munge && chown munge:munge /run/munge && chmod 0755 /run/munge
[[ -s /etc/munge/munge.key ]] || runuser -u munge -- /usr/sbin/mungekey --create || skip "cannot create the munge key"
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  cv_log "slurm test: munged already running; using it"
else
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid || skip "munged did not start"
  cp /run/munge/munged.pid "$TMP/munged.pid"; STARTED_MUNGE=1
  for _ in $(seq 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
fi

# one node named as this host, ports picked at random (another test may run a cluster at the same time)
NODE="$(hostname -s)"
PORT=$((20000 + RANDOM % 20000))
mkdir -p "$TMP/state" "$TMP/spool"
export SLURM_CONF="$TMP/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=crossview$PORT
SlurmctldHost=$NODE
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MailProg=/bin/true
ReturnToService=2
NodeName=$NODE CPUs=2 RealMemory=4096 State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" || skip "slurmctld did not start (see $TMP/slurmctld.log)"
slurmd -f "$SLURM_CONF" || skip "slurmd did not start (see $TMP/slurmd.log)"
up=0
for _ in $(seq 60); do
  [[ "$(sinfo -h -n "$NODE" -o %T 2>/dev/null)" == idle* ]] && { up=1; break; }
  sleep 0.5
done
[[ $up -eq 1 ]] || skip "the node did not come up idle: $(sinfo 2>&1 | tail -2) (see $TMP/slurmctld.log)"
cv_log "slurm test: single-node cluster up ($NODE, ports $PORT/$((PORT + 1)), state in $TMP)"

# the tiny plan: the tutorial ablation with one seed and a few steps, on the shared chest sample or our own simulation
DATA="${CROSSVIEW_SHARED_DATA:-}"
if [[ -z "$DATA" ]]; then  # as org.crossview.SharedData: the first shared/data above the checkout
  for d in "$CROSSVIEW_HOME" "$(dirname "$CROSSVIEW_HOME")" "$(dirname "$(dirname "$CROSSVIEW_HOME")")"; do
    [[ -d "$d/shared/data" ]] && { DATA="$d/shared/data"; break; }
  done
fi
DATA="$DATA/deepfluoro-layout"
if [[ -f "$DATA/chest_wide_sample.h5" && -f "$DATA/chest_wide_sample.json" ]]; then
  H5="$DATA/chest_wide_sample.h5"; REL="$DATA/chest_wide_sample.json"
else
  cv_log "slurm test: no shared chest sample; simulating the phantom instead"
  ./crossview simulate --phantom --out "$TMP/phantom.h5" --cases 2 --size 96 >/dev/null || fail "simulate"
  H5="$TMP/phantom.h5"; REL="$TMP/phantom.json"
fi
"$PYTHON" - "$TMP/tiny.json" <<'PY' || fail "writing the tiny plan"
import json, sys
p = json.load(open("plans/ablation-tutorial.json"))
p["name"] = "ablation-tiny"; p["axes"]["seed"] = [1]
json.dump(p, open(sys.argv[1], "w"), indent=1)
PY
SETS=(--set "data=$H5" --set "relative=$REL" --set steps=10)

# local, killed after its first finished task, then re-run: only the missing tasks may run
./crossview sweep "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/local" --jobs 2 2> "$TMP/local-1.log" &
SWEEP_PID=$!
for _ in $(seq 600); do
  compgen -G "$TMP/local/tasks/*/task.json" >/dev/null && break
  kill -0 $SWEEP_PID 2>/dev/null || break
  sleep 0.5
done
kill -TERM $SWEEP_PID 2>/dev/null; wait $SWEEP_PID 2>/dev/null
done_before=$(compgen -G "$TMP/local/tasks/*/task.json" | wc -l)
stamps_before="$(stat -c '%n %Y' "$TMP"/local/tasks/*/task.json 2>/dev/null)"
[[ $done_before -ge 1 && $done_before -lt 5 ]] || fail "the kill did not land midway ($done_before of 5 tasks finished)"
cv_log "slurm test: local sweep killed with $done_before of 5 tasks finished; re-running"
./crossview sweep "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/local" --jobs 2 2> "$TMP/local-2.log" || { cat "$TMP/local-2.log"; fail "local re-run"; }
grep -q "$done_before finished earlier (skipped), $((5 - done_before)) to run" "$TMP/local-2.log" \
  || { cat "$TMP/local-2.log"; fail "the re-run did not run exactly the $((5 - done_before)) missing tasks"; }
[[ "$(stat -c '%n %Y' $(echo "$stamps_before" | cut -d' ' -f1))" == "$stamps_before" ]] || fail "a finished task was run again"
cv_log "slurm test: re-run ran only the $((5 - done_before)) missing tasks"

# the same plan through Slurm: submitted without waiting, then the same line again follows it without resubmitting
./crossview sweep "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/slurm" --executor slurm --no-wait || fail "sbatch (logs: $TMP/slurm/slurm)"
./crossview sweep status "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/slurm" | tee "$TMP/status.txt"
grep -Eq "[1-5] running, [0-9] queued|[0-9] running, [1-5] queued" "$TMP/status.txt" || fail "status does not see the submitted tasks"
./crossview sweep "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/slurm" --executor slurm --poll 2 || fail "slurm sweep (logs: $TMP/slurm/slurm)"
[[ $(wc -l < "$TMP/slurm/slurm/jobs.txt") -eq 1 ]] || fail "tasks still queued or running were submitted again: $(cat "$TMP/slurm/slurm/jobs.txt")"
./crossview sweep collect "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/local" > "$TMP/local-table.txt" || fail "collect (local)"
./crossview sweep collect "$TMP/tiny.json" "${SETS[@]}" --out "$TMP/slurm" > "$TMP/slurm-table.txt" || fail "collect (slurm)"
cat "$TMP/slurm-table.txt"
for f in ablation-tiny.csv ablation-tiny.pairs.csv; do
  cmp -s "$TMP/local/$f" "$TMP/slurm/$f" || { diff "$TMP/local/$f" "$TMP/slurm/$f"; fail "$f differs between the local and the Slurm executor"; }
done
grep -q '"executor": "slurm"' "$TMP"/slurm/tasks/*/task.json || fail "the Slurm tasks' records do not say slurm"

# a task that always fails: reported with its logs and resubmitted alone, once (--retries 1); the good one is not
cat > "$TMP/failing.json" <<'JSON'
{"name": "failing", "command": "transfer-ablation", "args": [], "output": "failing",
 "axes": {"case": [{"name": "good", "args": ["--help"]}, {"name": "bad", "args": ["--no-such-option"]}]},
 "resources": {"cpus": 1, "memory_mb": 512, "time_min": 5}}
JSON
./crossview sweep "$TMP/failing.json" --out "$TMP/failing" --executor slurm --retries 1 --poll 1 > "$TMP/failing.log" 2>&1 \
  && fail "a sweep with a failing task exited 0"
grep -q "failed: case-bad: task log $TMP/failing/tasks/case-bad/log.txt" "$TMP/failing.log" || { cat "$TMP/failing.log"; fail "the failed task's log is not named"; }
[[ "$(cut -d' ' -f2 "$TMP/failing/slurm/jobs.txt" | paste -sd' ')" == "0-1 1" ]] || fail "expected array 0-1 then 1 alone, got: $(cat "$TMP/failing/slurm/jobs.txt")"
grep -q "unknown option '--no-such-option'" "$TMP/failing/tasks/case-bad/log.txt" || fail "the failed task's log lacks its error"
cv_log "slurm test: a failing task was reported with its log and resubmitted alone"
cv_log "slurm test: passed (the local and the Slurm executor's tables are identical)"
PASSED=1

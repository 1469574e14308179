#!/usr/bin/env bash
# `make test-slurm`: the deploy/slurm recipe run for real. Installs slurm-wlm and munge from
# Debian when missing (as root), starts a one-node cluster on this machine (munged, slurmctld and
# slurmd, config deploy/slurm/one-node/slurm.conf.in, everything in a temporary folder), submits
# the shard array and the merge with deploy/slurm/submit.sh as deploy/README says, waits, and
# checks that the merged CSVs are byte-identical to one plain run's. Stops the daemons it started,
# by pid, however it ends. Where Slurm cannot start here it says so on a line starting
# `SKIPPED:` and exits 0; a recipe that runs and gives other bytes fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/deploy-test-lib.sh
BIN=${EARSHOT_BIN:-$ROOT/.build/debug/earshot}
SHARDS=${SHARDS:-3}
WAIT_SECONDS=${WAIT_SECONDS:-900}
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }
skip() { echo "SKIPPED: make test-slurm: $*"; exit 0; }

[ -x "$BIN" ] || fail "$BIN is missing: run 'swift build' first"
[ "$(id -u)" = 0 ] || skip "a one-node cluster needs root here (slurmd runs jobs as root with SlurmUser=root)"
missing=()
for tool in slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
    command -v "$tool" >/dev/null || { missing+=(slurm-wlm); break; }
done
command -v munged >/dev/null || missing+=(munge)
if [ "${#missing[@]}" -gt 0 ]; then
    install_debian "${missing[@]}" || skip "could not install ${missing[*]} with apt-get"
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/earshot-test-slurm.XXXXXX")
chmod 711 "$DIR"   # munged wants every folder above its socket searchable
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/run"
export SLURM_CONF=$DIR/slurm.conf
PIDS=()   # daemons started here, stopped in reverse order

stop_all() {
    local status=$? i
    trap - EXIT
    if [ "${#PIDS[@]}" -gt 0 ]; then
        # Jobs still queued or running (a failed or timed-out test) go first, then the daemons.
        scancel --quiet --full --user=root 2>/dev/null || true
        for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
            kill "${PIDS[i]}" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "${PIDS[i]}" 2>/dev/null || true
            wait "${PIDS[i]}" 2>/dev/null || true
        done
    fi
    if [ "$status" != 0 ] && [ -d "$DIR" ]; then
        for log in "$DIR"/*.log "$DIR"/run/*.log; do
            [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }
        done
    fi
    rm -rf "$DIR"
    exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Give up (loudly) when a daemon does not come up: that is Slurm not starting here, not the recipe.
cannot_start() {
    local what=$1 log=$2
    echo "SKIPPED: make test-slurm: $what did not start here; its log:"
    [ -f "$log" ] && tail -15 "$log"
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    exit 0
}

NODE=$(hostname -s)
# Ports of our own (another cluster or test on the machine keeps its own).
CTLD_PORT=$((20000 + RANDOM % 20000))
SLURMD_PORT=$((CTLD_PORT + 1))
sed -e "s|@NODE@|$NODE|g" -e "s|@DIR@|$DIR|g" -e "s|@CTLD_PORT@|$CTLD_PORT|g" -e "s|@SLURMD_PORT@|$SLURMD_PORT|g" \
    deploy/slurm/one-node/slurm.conf.in > "$SLURM_CONF"

# munge: a key of our own and a socket in the temporary folder (the machine's munged, if any, is left alone).
dd if=/dev/urandom of="$DIR/munge.key" bs=128 count=1 2>/dev/null
chmod 400 "$DIR/munge.key"
munged --foreground --force --key-file="$DIR/munge.key" --socket="$DIR/munge.sock" \
    --pid-file="$DIR/munged.pid" --seed-file="$DIR/munged.seed" --log-file="$DIR/munged.log" \
    > "$DIR/munged.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$DIR/munge.sock" ] && break; sleep 0.1; done
[ -S "$DIR/munge.sock" ] || cannot_start munged "$DIR/munged.log"

slurmctld -D -f "$SLURM_CONF" > "$DIR/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$NODE" > "$DIR/slurmd.out" 2>&1 &
PIDS+=($!)
state=""
for _ in $(seq 120); do
    state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
    case "$state" in idle*) break ;; esac
    kill -0 "${PIDS[1]}" 2>/dev/null || cannot_start slurmctld "$DIR/slurmctld.log"
    kill -0 "${PIDS[2]}" 2>/dev/null || cannot_start slurmd "$DIR/slurmd.log"
    sleep 0.5
done
case "$state" in idle*) ;; *) cannot_start "the node (state '${state:-unknown}' after 60 s)" "$DIR/slurmd.log" ;; esac
echo "test-slurm: $(sinfo --version), node $NODE idle; munged, slurmctld and slurmd pids ${PIDS[*]}"

# The recipe as deploy/README says: SHARDS=N submit.sh, paths set through the environment.
cd "$DIR/run"
out=$(EARSHOT=$BIN EXPORTS=$ROOT/SampleData/exports REGISTRY=$ROOT/SampleData/organizations.csv \
      PARTS=$DIR/partials REPORTS=$DIR/reports CACHES=$DIR/caches SHARDS=$SHARDS \
      sh "$ROOT/deploy/slurm/submit.sh")
merge_job=$(echo "$out" | sed -n 's/^Submitted batch job \([0-9]*\)$/\1/p')
[ -n "$merge_job" ] || fail "submit.sh printed no merge job: $out"
echo "test-slurm: submitted $SHARDS array tasks and merge job $merge_job"

merge_state="" reason=""
deadline=$((SECONDS + WAIT_SECONDS))
while [ "$SECONDS" -lt "$deadline" ]; do
    info=$(scontrol -o show job "$merge_job")
    merge_state=$(echo "$info" | sed -n 's/.* JobState=\([A-Z_]*\) .*/\1/p')
    reason=$(echo "$info" | sed -n 's/.* Reason=\([^ ]*\) .*/\1/p')
    case "$merge_state" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) break ;; esac
    [ "$reason" = DependencyNeverSatisfied ] && fail "a shard failed: the merge can never run ($(squeue -h -o '%i %T %r' | tr '\n' ';'))"
    sleep 1
done
[ "$merge_state" = COMPLETED ] || fail "merge job $merge_job ended $merge_state (reason $reason) after $((SECONDS)) s"
for ((i = 0; i < SHARDS; i++)); do
    [ -s "$DIR/partials/shard-$i-of-$SHARDS.partial" ] || fail "shard $i wrote no partial"
    [ -f "$DIR/run/earshot-shard-$i.log" ] || fail "shard $i wrote no log"
done

"$BIN" report "$ROOT/SampleData/exports" --registry "$ROOT/SampleData/organizations.csv" --out "$DIR/one-run" --threads 2 --quiet 2>"$DIR/one-run.log" || fail "the plain run failed: $(tail -5 "$DIR/one-run.log")"
same_csvs "$DIR/one-run" "$DIR/reports" || fail "the merged CSVs differ from one run's"
echo "test-slurm: passed: $SHARDS shards as a Slurm job array and the merge job after them: $CSV_COUNT CSV files byte-identical to one run"

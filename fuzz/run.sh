#!/usr/bin/env bash
# Builds the libFuzzer driver (--sanitize=fuzzer,address, release, scratch path .build-fuzz) and
# runs each target in turn (one process at a time) with seeds from fuzz/seeds.sh. Findings land
# in .build-fuzz/findings/<target>/; keep one as a regression with fuzz/keep.sh. Usage:
#   fuzz/run.sh [TARGET ...]        (default: every target in fuzz/targets.sh)
# FUZZ_SECONDS  time per target (default 180)
# FUZZ_RUNS     stop a target after this many executions instead (0: no limit)
# FUZZ_BUILD_ONLY=1  build the driver and the seeds, run nothing
# FUZZ_NICE     niceness of the fuzz processes (default 10: the machine is shared)
set -euo pipefail
cd "$(dirname "$0")/.."
source fuzz/targets.sh
seconds=${FUZZ_SECONDS:-180}
runs=${FUZZ_RUNS:-0}
niceness=${FUZZ_NICE:-10}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${fuzz_targets[@]}")
scratch=.build-fuzz

# libFuzzer brings its own `main`: the driver's Swift entry point gets another name. (Do not add
# -sanitize-coverage=edge,...: swiftc then emits trace-pc-guard, which libFuzzer refuses.)
flags=(-c release --product earshot-fuzz --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address
       -Xswiftc -Xfrontend -Xswiftc -entry-point-function-name -Xswiftc -Xfrontend -Xswiftc earshot_fuzz_main)
# SwiftPM hands swiftc `-sanitize=fuzzer -sanitize=address` as two flags and the swiftc driver
# keeps only the last one, so every Swift module was built with ASan but WITHOUT libFuzzer's
# coverage counters (only the C targets, compiled by clang, had them: hence "no interesting
# inputs" for every target but the YAML one). One combined flag, after SwiftPM's, wins.
flags+=(-Xswiftc -sanitize=fuzzer,address)

started=$(date +%s)
nice -n "$niceness" swift build "${flags[@]}" >&2
echo "fuzz build: $(( $(date +%s) - started )) s" >&2
# The product's path, not `swift build --show-bin-path`: a second SwiftPM invocation per run for
# nothing (and a suspect in the full rebuilds seen between runs, notes/issue-18-fuzz.md).
bin=$scratch/release/earshot-fuzz
bash fuzz/seeds.sh "$scratch/seeds"
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

status=0
for t in "${targets[@]}"; do
  mkdir -p "$scratch/corpus/$t" "$scratch/findings/$t"
  echo "== $t: ${seconds} s$( [ "$runs" != 0 ] && echo " or $runs runs"), -max_len=$(max_len_of "$t")" >&2
  t0=$(date +%s)
  touch "$scratch/findings/$t/.started"  # findings of this run are the files newer than this
  # The Swift backtracer hangs after a crash under libFuzzer: off. Leaks are not findings here
  # (caches live for the process).
  if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 EARSHOT_FUZZ_TARGET=$t \
      nice -n "$niceness" "$bin" "$scratch/corpus/$t" "$scratch/seeds/$t" -max_total_time="$seconds" -runs="$((runs == 0 ? -1 : runs))" \
      -max_len="$(max_len_of "$t")" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
      -artifact_prefix="$scratch/findings/$t/" 2> "$scratch/$t.log"; then
    status=1
    echo "!! $t: finding, see $scratch/$t.log and $scratch/findings/$t/" >&2
  fi
  seeded=$(grep -m1 -oE "INITED cov: [0-9]+" "$scratch/$t.log" | awk '{print $3}' || true)
  if [ "${FUZZ_REQUIRE_COVERAGE:-0}" = 1 ] && [ "${seeded:-0}" -lt 100 ]; then
    status=1
    echo "!! $t: the seeds reached almost no coverage: is the Swift code instrumented (-sanitize=fuzzer,address)?" >&2
  fi
  # One line per target: executions, speed, wall time, coverage, corpus, memory.
  inited=$(grep -m1 -oE "INITED cov: [0-9]+ ft: [0-9]+" "$scratch/$t.log" || echo "INITED cov: 0 ft: 0")
  last=$(grep -oE "cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*" "$scratch/$t.log" | tail -n 1)
  final() { grep -m1 "^stat::$1:" "$scratch/$t.log" | awk '{print $2}'; }
  echo "$t: runs $(final number_of_executed_units) exec/s $(final average_exec_per_sec) wall $(( $(date +%s) - t0 )) s" \
       "| ${inited/INITED /seeds: } | end: ${last:-none} | peak RSS $(final peak_rss_mb) MB" \
       "| new findings $(find "$scratch/findings/$t" -type f -newer "$scratch/findings/$t/.started" | wc -l)" >&2
done
exit $status

#!/usr/bin/env bash
# Builds the libFuzzer driver (--sanitize=fuzzer,address, release, scratch path .build-fuzz) and
# runs each target for FUZZ_SECONDS (default 180) with seeds from fuzz/seeds.sh. Findings land in
# .build-fuzz/findings/<target>/; keep one as a regression with fuzz/keep.sh. Usage:
#   fuzz/run.sh [TARGET ...]        (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-180}
max=${FUZZ_MAX_LEN:-65536}
jobs=${FUZZ_JOBS:-1}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(detector csv xml json zip header-map)
scratch=.build-fuzz
# libFuzzer brings its own `main`: the driver's Swift entry point gets another name. (Do not add
# -sanitize-coverage=edge,...: swiftc then emits trace-pc-guard, which libFuzzer refuses.)
entry="-Xswiftc -Xfrontend -Xswiftc -entry-point-function-name -Xswiftc -Xfrontend -Xswiftc earshot_fuzz_main"

swift build -c release --product earshot-fuzz --scratch-path "$scratch" \
  --sanitize=fuzzer --sanitize=address $entry >&2
bin=$(swift build -c release --product earshot-fuzz --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address \
  $entry --show-bin-path)/earshot-fuzz
FUZZ_MAX_LEN=$max bash fuzz/seeds.sh "$scratch/seeds"

status=0
for t in "${targets[@]}"; do
  mkdir -p "$scratch/corpus/$t" "$scratch/findings/$t"
  echo "== $t: ${seconds} s" >&2
  # The Swift backtracer hangs after a crash under libFuzzer: off. Leaks are not findings here
  # (caches live for the process).
  if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 EARSHOT_FUZZ_TARGET=$t \
      "$bin" "$scratch/corpus/$t" "$scratch/seeds/$t" -max_total_time="$seconds" -max_len="$max" \
      -rss_limit_mb=2048 -timeout=20 -jobs="$jobs" -workers="$jobs" -print_final_stats=1 \
      -artifact_prefix="$scratch/findings/$t/" 2> "$scratch/$t.log"; then
    status=1
    echo "!! $t: finding, see $scratch/$t.log and $scratch/findings/$t/" >&2
  fi
  grep -E "^stat::|Done [0-9]+ runs|cov: [0-9]+" "$scratch/$t.log" | tail -8 >&2 || true
done
exit $status

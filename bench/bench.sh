#!/usr/bin/env bash
# `make bench` and `make bench-smoke`: Earshot's speed and memory on a generated corpus, against
# the floor of decompressing the same files and against a polars notebook (bench/README.md).
#
# Settings (environment variables, all optional):
#   BENCH_MIX                            a named corpus: bench (default), analytics-heavy, many-small;
#                                        it sets the defaults of the three below
#   BENCH_ORGS, BENCH_POSTS, BENCH_SEED  the corpus (`earshot sample`); 200 x 6000 is about 1 GB
#   BENCH_FORMATS                        formats to generate (analytics and legacy CSVs are then gzipped)
#   BENCH_THREADS                        threads for Earshot, the floor and polars (default 2)
#   BENCH_REPEAT                         runs of each measurement; the best is kept (default 3)
#   BENCH_SCALING=0                      skip the --threads 1 run
#   BENCH_PEER=0                         skip polars even when it is installed
#   BENCH_CSV_ONLY=0                     skip the second comparison on the CSV files alone
#   BENCH_RESULTS                        the table to append a row to ("" for none)
#   BENCH_BIN                            the earshot binary (default .build/release/earshot)
#   BENCH_LABEL                          what was measured, for the table (default: the commit)
set -euo pipefail
cd "$(dirname "$0")/.."

# The mixes (bench/README.md): the bench corpus of every kind of export; gzipped analytics
# exports and legacy archives only (about 40 columns a row, most unused: the costliest bytes);
# and many small organizations (a research registry: files and organizations, not bytes).
MIX=${BENCH_MIX:-bench}
case "$MIX" in
    bench) mix_orgs=200 mix_posts=6000 mix_formats=legacy-archive,analytics,twarc2,api-xml ;;
    analytics-heavy) mix_orgs=200 mix_posts=6000 mix_formats=legacy-archive,analytics ;;
    many-small) mix_orgs=50000 mix_posts=20 mix_formats=legacy-archive,analytics,twarc2,api-xml ;;
    *) echo "bench: unknown BENCH_MIX '$MIX' (bench, analytics-heavy, many-small)" >&2; exit 64 ;;
esac
ORGS=${BENCH_ORGS:-$mix_orgs}
POSTS=${BENCH_POSTS:-$mix_posts}
SEED=${BENCH_SEED:-2012}
FORMATS=${BENCH_FORMATS:-$mix_formats}
THREADS=${BENCH_THREADS:-2}
REPEAT=${BENCH_REPEAT:-3}
SCALING=${BENCH_SCALING:-1}
PEER=${BENCH_PEER:-1}
# analytics-heavy has no XML: its CSV-only copy would be the same files.
CSV_ONLY=${BENCH_CSV_ONLY:-$([ "${BENCH_MIX:-bench}" = analytics-heavy ] && echo 0 || echo 1)}
RESULTS=${BENCH_RESULTS-bench/results.md}
BIN=${BENCH_BIN:-.build/release/earshot}
PYTHON=${PYTHON:-python3}
LABEL=${BENCH_LABEL:-$(git rev-parse --short HEAD 2>/dev/null || echo "?")$(git diff --quiet HEAD -- Sources 2>/dev/null || echo "+")}

[ -x "$BIN" ] || { echo "bench: $BIN is missing: run 'swift build -c release' first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed for peak memory (apt-get install time)" >&2; exit 1; }

CORPUS=bench/corpus/o$ORGS-p$POSTS-s$SEED-$(echo "$FORMATS" | tr ',' '+')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/earshot-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- The corpus, generated once -------------------------------------------------------------
# Analytics downloads and legacy archives are gzipped as people keep them in bulk; the twarc
# collections are gzipped by the generator already; API XML stays as the generator writes it.
if [ ! -f "$CORPUS/bench.info" ]; then
    echo "bench: generating $CORPUS (once; cached, ignored by git)"
    rm -rf "$CORPUS.partial"
    "$BIN" sample --out "$CORPUS.partial" --orgs "$ORGS" --posts-per-org "$POSTS" --seed "$SEED" --formats "$FORMATS" \
        >/dev/null 2>"$WORK/sample.log" || { cat "$WORK/sample.log" >&2; exit 1; }
    find "$CORPUS.partial/exports" -type f -name '*.csv' \( -path '*/analytics/*' -o -path '*/twitter-archive-*' \) -print0 \
        | xargs -0 -r -n 256 -P "$THREADS" gzip -6 -n
    # The same files without the XML: the comparison on what both tools read with a CSV parser.
    mkdir -p "$CORPUS.partial/csv-only"
    cp -al "$CORPUS.partial/exports" "$CORPUS.partial/csv-only/exports"
    find "$CORPUS.partial/csv-only/exports" -type f \( -name '*.xml' -o -name '*.xml.gz' \) -delete
    for tree in exports csv-only/exports; do
        files=$(find "$CORPUS.partial/$tree" -type f | wc -l)
        disk=$(find "$CORPUS.partial/$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
        plain=$(find "$CORPUS.partial/$tree" -type f -print0 | xargs -0 -r gzip -dcf | wc -c)
        largest=$(find "$CORPUS.partial/$tree" -mindepth 1 -maxdepth 1 -type d ! -name collections -print0 \
            | xargs -0 -r -I{} sh -c 'find "{}" -type f -print0 | xargs -0 -r gzip -dcf | wc -c' | sort -n | tail -1)
        key=$(echo "$tree" | tr '/-' '__')
        echo "${key}_files=$files ${key}_disk=$disk ${key}_plain=$plain ${key}_largest_org=${largest:-0}"
    done > "$CORPUS.partial/bench.info"
    mv "$CORPUS.partial" "$CORPUS"
fi
# shellcheck disable=SC1091
. <(tr ' ' '\n' < "$CORPUS/bench.info")

# --- Measuring -------------------------------------------------------------------------------
# The files a measurement reads, read once untimed before each run: the kernel may have dropped
# them from its cache (this VM reclaims idle page cache), and every tool should find them there.
WARM_TREE=""
warm() { [ -n "$WARM_TREE" ] && find "$WARM_TREE" -type f -print0 | xargs -0 -r cat > /dev/null; return 0; }

# best_of CMD...: runs it BENCH_REPEAT times under /usr/bin/time; sets WALL, USER_CPU, RSS_MB
# of the fastest run, and keeps that run's stderr in $WORK/stderr.
best_of() {
    WALL=""
    local i
    for ((i = 0; i < REPEAT; i++)); do
        warm
        /usr/bin/time -o "$WORK/time" -f '%e %U %S %M' "$@" 2>"$WORK/stderr.run" >/dev/null || {
            echo "bench: failed: $*" >&2; cat "$WORK/stderr.run" >&2; exit 1; }
        local wall user sys rss
        read -r wall user sys rss < <(tail -1 "$WORK/time")
        if [ -z "$WALL" ] || awk -v a="$wall" -v b="$WALL" 'BEGIN { exit !(a < b) }'; then
            WALL=$wall
            USER_CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
            RSS_MB=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
            cp "$WORK/stderr.run" "$WORK/stderr"
        fi
    done
}

# The floor: `gzip -dc` over the same files (plain ones pass through with -f), in THREADS
# parallel streams of about equal bytes.
floor() {
    local tree=$1
    find "$tree" -type f -printf '%s %p\n' | sort -rn | cut -d' ' -f2- \
        | awk -v n="$THREADS" -v dir="$WORK" '{ print > (dir "/part." (NR - 1) % n) }'
    local parts=("$WORK"/part.*)
    best_of sh -c 'for p in "$@"; do xargs -d "\n" gzip -dcf < "$p" > /dev/null & done; wait' sh "${parts[@]}"
    rm -f "$WORK"/part.*
}

report() {
    local tree=$1 threads=$2
    best_of "$BIN" report "$CORPUS/$tree" --registry "$CORPUS/organizations.csv" --out "$WORK/report" \
        --threads "$threads" --no-progress
}

# Quotients of timings; "-" where a tiny corpus gives a time of 0.00 s.
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", b / 1e6 / s; else printf "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else printf "-" }'; }

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
PLAIN_MB=$(awk -v b="$exports_plain" 'BEGIN { printf "%.0f", b / 1e6 }')
echo "bench: mix $MIX, corpus $CORPUS: $exports_files files, $(awk -v b="$exports_disk" 'BEGIN { printf "%.0f", b / 1e6 }') MB on disk," \
     "$PLAIN_MB MB uncompressed; largest organization $(awk -v b="$exports_largest_org" 'BEGIN { printf "%.0f", b / 1e6 }') MB"
echo "bench: build $LABEL ($BIN); inflate: $(if [ -z "${EARSHOT_NO_LIBDEFLATE:-}" ] && { [ -e /usr/lib/x86_64-linux-gnu/libdeflate.so.0 ] || ldconfig -p 2>/dev/null | grep -q libdeflate.so.0; }; then echo "libdeflate for small files, zlib otherwise"; else echo "zlib"; fi)"
echo "bench: machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

WARM_TREE="$CORPUS/exports"
floor "$CORPUS/exports"
FLOOR_WALL=$WALL
echo "floor    gzip -dc, $THREADS streams: ${FLOOR_WALL}s wall, ${USER_CPU}s CPU, $(mbps "$exports_plain" "$FLOOR_WALL") MB/s"

report exports "$THREADS"
E_WALL=$WALL E_CPU=$USER_CPU E_RSS=$RSS_MB
SUMMARY=$(grep -m1 ' records: ' "$WORK/stderr" || true)
RECORDS=$(echo "$SUMMARY" | sed -n 's/.*earshot: \([0-9]*\) records: \([0-9]*\) posts.*/\1/p')
POSTS_OUT=$(echo "$SUMMARY" | sed -n 's/.*earshot: \([0-9]*\) records: \([0-9]*\) posts.*/\2/p')
echo "earshot  --threads $THREADS: ${E_WALL}s wall, ${E_CPU}s CPU, $(mbps "$exports_plain" "$E_WALL") MB/s," \
     "$(per_second "${POSTS_OUT:-0}" "$E_WALL") posts/s ($(per_second "${RECORDS:-0}" "$E_WALL") records/s), peak RSS ${E_RSS} MB;" \
     "$(ratio "$E_WALL" "$FLOOR_WALL")x the floor"

SCALE="" E1_WALL=""
if [ "$SCALING" = 1 ] && [ "$THREADS" -gt 1 ]; then
    report exports 1
    E1_WALL=$WALL
    SCALE=$(ratio "$E1_WALL" "$E_WALL")
    echo "earshot  --threads 1: ${E1_WALL}s wall, ${USER_CPU}s CPU, peak RSS ${RSS_MB} MB; --threads $THREADS is ${SCALE}x faster"
fi

P_WALL="" P_RSS="" VS_PEER="" C_VS_PEER=""
if [ "$PEER" = 1 ] && "$PYTHON" -c 'import polars' 2>/dev/null; then
    export POLARS_MAX_THREADS=$THREADS
    best_of "$PYTHON" bench/peers/polars_peer.py "$CORPUS/exports" --out "$WORK/peer.csv"
    P_WALL=$WALL P_RSS=$RSS_MB
    VS_PEER=$(ratio "$P_WALL" "$E_WALL")
    echo "polars   $(grep -m1 '^peer:' "$WORK/stderr" | sed 's/^peer: //')"
    echo "polars   ${P_WALL}s wall, ${USER_CPU}s CPU, peak RSS ${P_RSS} MB; Earshot's throughput is ${VS_PEER}x polars'"
    if [ "$CSV_ONLY" = 1 ]; then
        WARM_TREE="$CORPUS/csv-only/exports"
        report csv-only/exports "$THREADS"
        C_WALL=$WALL
        best_of "$PYTHON" bench/peers/polars_peer.py "$CORPUS/csv-only/exports" --out "$WORK/peer.csv"
        C_VS_PEER=$(ratio "$WALL" "$C_WALL")
        echo "csv only ($(awk -v b="$csv_only_exports_plain" 'BEGIN { printf "%.0f", b / 1e6 }') MB): earshot ${C_WALL}s, polars ${WALL}s;" \
             "Earshot's throughput is ${C_VS_PEER}x polars'"
    fi
else
    [ "$PEER" = 1 ] && echo "polars   not installed (pip install polars): no peer comparison" || echo "polars   skipped (BENCH_PEER=0)"
fi

if [ -n "$RESULTS" ]; then
    if [ ! -f "$RESULTS" ]; then
        {
            echo "# Benchmark results"
            echo
            echo "Rows appended by \`make bench\` (bench/README.md). Wall times are the best of BENCH_REPEAT runs;"
            echo "\"vs floor\" is Earshot's wall time over \`gzip -dc\`'s on the same files; \"vs polars\" is"
            echo "polars' wall time over Earshot's (above 1: Earshot is faster); \"csv\" is the same on the CSV files alone."
            echo
            echo "| date | build | machine | load | corpus | MB | threads | wall s | MB/s | posts/s | peak RSS MB | floor s | vs floor | 1-thread s | scaling | polars s | polars RSS MB | vs polars | vs polars (csv) |"
            echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
        } > "$RESULTS"
    fi
    MACHINE="$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "| $(date +%Y-%m-%d) | $LABEL | $MACHINE | $LOAD_BEFORE | $([ "$MIX" = bench ] || echo "$MIX ")o$ORGS p$POSTS | $PLAIN_MB | $THREADS | $E_WALL" \
         "| $(mbps "$exports_plain" "$E_WALL") | $(per_second "${POSTS_OUT:-0}" "$E_WALL") | $E_RSS | $FLOOR_WALL" \
         "| $(ratio "$E_WALL" "$FLOOR_WALL") | ${E1_WALL:--} | ${SCALE:--} | ${P_WALL:--} | ${P_RSS:--} | ${VS_PEER:--} | ${C_VS_PEER:--} |" >> "$RESULTS"
    echo "bench: appended a row to $RESULTS"
fi

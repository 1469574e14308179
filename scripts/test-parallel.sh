#!/usr/bin/env bash
# `make test-parallel`: deploy/parallel/run-shards.sh run for real with GNU parallel (installed
# when missing, never skipped) on SampleData, 4 shards and the merge; the merged CSVs must be
# byte-identical to one plain run's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/deploy-test-lib.sh
BIN=${EARSHOT_BIN:-$ROOT/.build/debug/earshot}
SHARDS=${SHARDS:-4}
fail() { echo "test-parallel: FAILED: $*" >&2; exit 1; }

[ -x "$BIN" ] || fail "$BIN is missing: run 'swift build' first"
if ! command -v parallel >/dev/null; then
    install_debian parallel || fail "GNU parallel is missing and could not be installed (apt-get install parallel, as root)"
fi
parallel --version | head -1

DIR=$(mktemp -d "${TMPDIR:-/tmp}/earshot-test-parallel.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

EXPORTS=$ROOT/SampleData/exports REGISTRY=$ROOT/SampleData/organizations.csv
"$BIN" report "$EXPORTS" --registry "$REGISTRY" --out "$DIR/one-run" --threads 2 --quiet 2>"$DIR/one-run.log" || fail "the plain run failed: $(tail -5 "$DIR/one-run.log")"
status=0
EARSHOT=$BIN PARTS=$DIR/partials sh deploy/parallel/run-shards.sh "$EXPORTS" "$REGISTRY" "$DIR/sharded" "$SHARDS" || status=$?
[ "$status" = 0 ] || fail "run-shards.sh exited $status"
[ ! -e "$DIR/partials" ] || fail "run-shards.sh left its partials behind"
same_csvs "$DIR/one-run" "$DIR/sharded" || fail "the merged CSVs differ from one run's"
echo "test-parallel: $SHARDS shards with GNU parallel and the merge: $CSV_COUNT CSV files byte-identical to one run"

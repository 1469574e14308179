#!/bin/sh
# N shards on one machine with GNU parallel (one job per core by default), then the merge.
# Usage: run-shards.sh EXPORTS REGISTRY REPORTS [SHARDS]
set -eu
EARSHOT=${EARSHOT:-earshot}
EXPORTS=$1
REGISTRY=$2
REPORTS=$3
SHARDS=${4:-4}
PARTS=${PARTS:-$(mktemp -d)}

# Each shard gets one thread: the shards themselves are the parallelism.
seq 0 $((SHARDS - 1)) | parallel -q --halt now,fail=1 \
    "$EARSHOT" report "$EXPORTS" --registry "$REGISTRY" --threads 1 --quiet \
    --shard {}/"$SHARDS" --partial "$PARTS"/shard-{}.partial

status=0
"$EARSHOT" merge "$PARTS"/shard-*.partial --registry "$REGISTRY" --out "$REPORTS" --quiet || status=$?
rm -rf "$PARTS"
exit $status

#!/bin/sh
# Submits SHARDS array tasks and the merge that runs once all of them succeeded.
# Usage: SHARDS=16 ./submit.sh   (other paths: see shards.sbatch and merge.sbatch)
set -eu
SHARDS=${SHARDS:-16}
cd "$(dirname "$0")"
array=$(sbatch --parsable --array=0-$((SHARDS - 1)) shards.sbatch)
sbatch --dependency=afterok:"$array" --export=ALL,SHARDS="$SHARDS" merge.sbatch

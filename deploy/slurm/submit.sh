#!/bin/sh
# Submits SHARDS array tasks and the merge that runs once all of them succeeded.
# Usage: SHARDS=16 ./submit.sh   (other paths: see shards.sbatch and merge.sbatch)
# The jobs run in the folder submit.sh is called from, and write their logs there.
set -eu
SHARDS=${SHARDS:-16}
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array=0-$((SHARDS - 1)) "$here/shards.sbatch")
sbatch --dependency=afterok:"$array" --export=ALL,SHARDS="$SHARDS" "$here/merge.sbatch"

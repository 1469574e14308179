#!/usr/bin/env bash
# Keeps a fuzz finding as a regression input replayed by the unit tests (FuzzRegressionTests).
# Usage: fuzz/keep.sh TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/keep.sh TARGET FILE}; file=${2:?usage: fuzz/keep.sh TARGET FILE}
mkdir -p "Tests/FuzzRegressions/$target"
cp "$file" "Tests/FuzzRegressions/$target/$(sha1sum "$file" | cut -c1-16)"
echo "kept in Tests/FuzzRegressions/$target/" >&2

#!/bin/sh
# Rewrites README.md's excerpt of sectors.csv from a fresh run over SampleData (the run of
# `make report`), so that the README's figures are the program's:
#   sh scripts/readme-figures.sh        (after `make release` or `swift build`)
# A test (ReadmeFiguresTests) fails when the README and a fresh run disagree.
# The excerpt: every row, the first eight columns, `...`, the last two.
set -eu
cd "$(dirname "$0")/.."
bin=${EARSHOT:-.build/release/earshot}
[ -x "$bin" ] || bin=.build/debug/earshot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" report --registry SampleData/organizations.csv SampleData/exports --out "$tmp/report" --quiet 2>/dev/null || true
awk -F, '{ printf "%s,%s,%s,%s,%s,%s,%s,%s,...,%s,%s\n", $1, $2, $3, $4, $5, $6, $7, $8, $(NF-1), $NF }' \
  "$tmp/report/sectors.csv" > "$tmp/excerpt"
marker='<!-- sectors.csv excerpt: written by scripts/readme-figures.sh -->'
awk -v marker="$marker" -v excerpt="$tmp/excerpt" '
  $0 == marker { print; getline; print; while ((getline line < excerpt) > 0) print line; skipping = 1; next }
  skipping && /^```/ { skipping = 0 }
  !skipping { print }
' README.md > "$tmp/README.md"
grep -qF "$marker" "$tmp/README.md" || { echo "README.md lacks the line $marker" >&2; exit 1; }
cp "$tmp/README.md" README.md
echo "README.md: sectors.csv excerpt rewritten from a fresh run over SampleData"

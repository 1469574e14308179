#!/bin/sh
# Screenshots of the HTML report, for a person to look at: index.html and one organization's
# page at 1280 px wide, with headless Chromium (Debian: apt-get install chromium).
#   sh scripts/screenshots.sh [REPORT_DIR] [OUT_DIR]
# REPORT_DIR defaults to Reports, OUT_DIR to REPORT_DIR/screenshots. The organization page is
# the first one in REPORT_DIR/orgs, or the one named by ORG=<handle>.
set -eu
report=${1:-Reports}
out=${2:-$report/screenshots}
. "$(dirname "$0")/report-browser.sh"
report_browser screenshots "$report"
if [ -n "${ORG:-}" ]; then
  org="$report/orgs/$ORG.html"
else
  org=$(ls "$report"/orgs/*.html 2>/dev/null | head -n 1 || true)
fi
mkdir -p "$out"
shoot() {
  # $1: page, $2: PNG. A fresh profile each time, so nothing from a user's browser leaks in.
  profile=$(mktemp -d)
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1280,${HEIGHT:-4000} --screenshot="$2" "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" \
    >/dev/null 2>&1 || { rm -rf "$profile"; echo "screenshots: chromium failed on $1" >&2; return 1; }
  rm -rf "$profile"
  echo "$2"
}
shoot "$report/index.html" "$out/index.png"
if [ -n "$org" ] && [ -f "$org" ]; then
  shoot "$org" "$out/org-$(basename "$org" .html).png"
fi

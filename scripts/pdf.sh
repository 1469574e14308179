#!/bin/sh
# Reports/report.pdf from Reports/index.html with headless Chromium (the print stylesheet:
# greyscale-safe, tables unclipped, charts at page width). Organization pages are separate files
# and are not in the PDF.
#   sh scripts/pdf.sh [REPORT_DIR]
set -eu
report=${1:-Reports}
. "$(dirname "$0")/report-browser.sh"
report_browser pdf "$report"
profile=$(mktemp -d)
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-pdf-header-footer \
  --print-to-pdf="$report/report.pdf" "file://$(cd "$report" && pwd)/index.html" >/dev/null 2>&1 \
  || { rm -rf "$profile"; echo "pdf: chromium failed on $report/index.html" >&2; exit 1; }
rm -rf "$profile"
echo "$report/report.pdf"

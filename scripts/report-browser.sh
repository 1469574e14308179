# Sourced by pdf.sh and screenshots.sh: the headless browser and the report they both need.
#   report_browser TOOL REPORT_DIR   sets $browser, or says how to install Chromium / make the
#                                    report first and exits 1
report_browser() {
  browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
  if [ -z "$browser" ]; then
    echo "$1: no headless Chromium found. Install it (Debian/Ubuntu: sudo apt-get install chromium), then run 'make $1' again." >&2
    exit 1
  fi
  if [ ! -f "$2/index.html" ]; then
    echo "$1: $2/index.html not found: run 'make report' first" >&2
    exit 1
  fi
}

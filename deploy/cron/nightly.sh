#!/bin/sh
# Earshot's nightly run: safe to start while the previous one is still running (the second one
# exits with 75 and cron tries again tomorrow), quiet unless something is wrong, and fast when
# little changed (--cache). Set the paths below or in the environment.
EARSHOT=${EARSHOT:-earshot}
EXPORTS=${EXPORTS:-/srv/earshot/exports}
REGISTRY=${REGISTRY:-/srv/earshot/organizations.csv}
REPORTS=${REPORTS:-/srv/earshot/reports}
CACHE=${CACHE:-/var/cache/earshot}

"$EARSHOT" report "$EXPORTS" --registry "$REGISTRY" --out "$REPORTS" --cache "$CACHE" --quiet --log-format json
status=$?
case $status in
    0) ;;                                                           # report written
    2) echo "earshot: report written, but too many rejects: see $REPORTS/rejects.csv" >&2 ;;
    75) echo "earshot: the previous run still holds $REPORTS; skipped tonight" >&2; exit 0 ;;
    *) echo "earshot: failed with exit code $status; the previous report is untouched" >&2 ;;
esac
exit $status

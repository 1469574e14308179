# The fuzz targets and each one's -max_len (sourced by fuzz/run.sh and fuzz/seeds.sh). Short
# inputs run faster (more executions per second); each length is the smallest that still holds
# what the reader's interesting paths need:
# - detector 8 KiB: detection looks at a 4 KiB head (after a BOM or gzip header); 8 KiB of gzip
#   inflates to far more than a head.
# - csv 8 KiB: a header and a few dozen rows; buffer refills inside records come from the
#   piecewise second pass (FuzzTargets.read), not from length.
# - xml, json 16 KiB: an API v1 <status> or one tweets.js / outbox item is 2-4 KB with its user
#   object; four or five of them, with entities.
# - zip 32 KiB: a central directory, a few local headers and deflated entries (seeds are built
#   small by seeds.sh).
# - header-map 4 KiB: the repository's maps are under 2 KB; YAMLShape and Yams see every construct.
# - car 32 KiB: the sample repositories are 12-30 KB whole; single records and tree nodes (the
#   sealed passes, CARTarget) are under 2 KB.
fuzz_targets=(detector csv xml json zip header-map car)
max_len_of() {
  case "$1" in
    detector|csv) echo 8192 ;;
    xml|json) echo 16384 ;;
    zip|car) echo 32768 ;;
    header-map) echo 4096 ;;
    *) echo 65536 ;;
  esac
}

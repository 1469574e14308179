#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets at run time (nothing committed): the files of
# SampleData and of ../shared/spec/conformance (when that folder is there), decompressed, cut to
# the target's -max_len (fuzz/run.sh: max_len_of), sorted into the target that reads them.
# Usage: fuzz/seeds.sh OUT-FOLDER
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: fuzz/seeds.sh OUT-FOLDER}
source fuzz/targets.sh
rm -rf "$out"
for t in "${fuzz_targets[@]}"; do mkdir -p "$out/$t"; done

sources=(SampleData)
[ -d ../shared/spec/conformance ] && sources+=(../shared/spec/conformance)

n=0
add() {  # add TARGET FILE: a copy cut to the target's max_len, named by its content hash
  local target=$1 file=$2 name max
  max=$(max_len_of "$target")
  name=$(head -c "$max" "$file" | sha1sum | cut -c1-16)
  head -c "$max" "$file" > "$out/$target/$name"
  n=$((n + 1))
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r -d '' file; do
  plain=$file
  case "$file" in
    *.gz) plain="$tmp/plain"; gzip -dc "$file" > "$plain" 2>/dev/null || true
          add detector "$file" ;;
  esac
  case "$file" in
    *.csv|*.csv.gz) add csv "$plain"; add detector "$plain" ;;
    *.xml|*.xml.gz|*.rss|*.atom) add xml "$plain"; add detector "$plain" ;;
    *.js|*.json) add json "$plain"; add detector "$plain" ;;
    *.zip) [ "$(stat -c %s "$file")" -le "$(max_len_of zip)" ] && add zip "$file"
           add detector "$file" ;;
    *.yaml|*.yml) add header-map "$file" ;;
    *.car) add detector "$file"; add car "$file" ;;
  esac
done < <(find "${sources[@]}" -type f -print0 | sort -z)
for f in maps/*.yaml; do add header-map "$f"; done

# The JSON exports live inside the archives: their .js and .json entries, cut to $max bytes.
python3 - "$out/json" "$(max_len_of json)" "${sources[@]}" <<'PY'
import hashlib, os, sys, zipfile
out, limit = sys.argv[1], int(sys.argv[2])
for root in sys.argv[3:]:
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(n for n in names if n.endswith(".zip")):
            try:
                with zipfile.ZipFile(os.path.join(folder, name)) as z:
                    for entry in z.namelist():
                        if entry.endswith((".js", ".json")):
                            data = z.open(entry).read(limit)
                            open(os.path.join(out, hashlib.sha1(data).hexdigest()[:16]), "wb").write(data)
            except zipfile.BadZipFile:
                pass
PY

# Small zips built here: the sample archives are larger than a useful seed.
python3 - "$out/zip" <<'PY'
import io, sys, zipfile
out = sys.argv[1]
for i, (method, names) in enumerate([(zipfile.ZIP_DEFLATED, ["data/tweets.js"]), (zipfile.ZIP_STORED, ["outbox.json", "actor.json"])]):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name in names:
            z.writestr(name, 'window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","full_text":"hi"}}]')
    open(f"{out}/built-{i}.zip", "wb").write(buf.getvalue())
PY
# The blocks of the CAR files, each alone: the car target seals an input into a valid
# repository as its one record and as its tree node (Sources/EarshotFuzzTargets/CARTarget.swift),
# so records and tree nodes are the seeds that reach the record reader and the tree walk.
python3 - "$out/car" "$(max_len_of car)" "${sources[@]}" <<'PY'
import hashlib, os, sys
out, limit = sys.argv[1], int(sys.argv[2])
def varint(b, i):
    n = shift = 0
    while True:
        c = b[i]; i += 1
        n |= (c & 0x7F) << shift; shift += 7
        if c < 0x80: return n, i
kept = 0
for root in sys.argv[3:]:
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(n for n in names if n.endswith(".car")):
            b = open(os.path.join(folder, name), "rb").read()
            try:
                n, i = varint(b, 0); i += n
                while i < len(b) and kept < 4000:
                    n, j = varint(b, i); end = j + n
                    for _ in range(2): _, j = varint(b, j)      # CID version, codec
                    _, j = varint(b, j); size, j = varint(b, j)  # multihash code, length
                    data = b[j + size:end]
                    i = end
                    if 0 < len(data) <= limit:
                        open(os.path.join(out, hashlib.sha1(data).hexdigest()[:16]), "wb").write(data)
                        kept += 1
            except IndexError:
                pass
PY
echo "fuzz seeds: $n files from ${sources[*]} into $out" >&2
for t in "${fuzz_targets[@]}"; do echo "  $t: $(ls "$out/$t" | wc -l)" >&2; done

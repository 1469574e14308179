#!/bin/sh
# Regenerates Sources/EarshotCore/Readers/DefaultHeaderMaps.swift from the shipped header maps
# in maps/*.yaml, which stay the source of truth: edit them, then run
#   sh scripts/embed-maps.sh
# (a test fails when the two differ). Built in, the maps recognise those tools' exports wherever
# the binary runs; --map and maps/ beside the registry add maps or replace one by file name.
set -eu
cd "$(dirname "$0")/.."
. scripts/embed.sh
embed Sources/EarshotCore/Readers/DefaultHeaderMaps.swift scripts/embed-maps.sh DefaultHeaderMaps \
  "The shipped header maps, by file name without \`.yaml\`." .yaml maps/*.yaml

#!/bin/sh
# Regenerates Sources/EarshotCore/Reports/HTML/DefaultHTMLTemplates.swift from the report's
# templates in Templates/html/*.mustache, which stay the source of truth: edit them, then run
#   sh scripts/embed-templates.sh
# (a test fails when the two differ). Embedding the text lets the built binary render the report
# wherever it runs, with no resource bundle to find.
set -eu
cd "$(dirname "$0")/.."
. scripts/embed.sh
embed Sources/EarshotCore/Reports/HTML/DefaultHTMLTemplates.swift scripts/embed-templates.sh DefaultHTMLTemplates \
  "The default templates of the HTML report, by name (the file name without \`.mustache\`)." .mustache Templates/html/*.mustache

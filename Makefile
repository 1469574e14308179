# Earshot: `make report` and `make test` are all a newcomer needs (README.md).
SWIFT ?= swift
BIN_DEBUG = .build/debug/earshot
BIN_RELEASE = .build/release/earshot
HEADERS_OK = test -f /usr/include/zlib.h && test -f /usr/include/libxml2/libxml/xmlreader.h

.PHONY: all build release test test-slurm test-parallel layers report sample bench bench-smoke screenshots clean deps

all: build

# Install the two C libraries' -dev packages when their headers are missing.
deps:
	@if ! $(HEADERS_OK); then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing zlib1g-dev and libxml2-dev with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zlib1g-dev libxml2-dev pkg-config >/dev/null; \
	  else \
	    echo "Earshot needs the zlib and libxml2 headers: run 'sudo apt-get install zlib1g-dev libxml2-dev pkg-config' (or your system's equivalent), then try again." >&2; \
	    exit 1; \
	  fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Earshot needs a Swift 6 toolchain on PATH (swift.org/install)." >&2; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps layers
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The deploy recipes run for real (deploy/README.md): a one-node Slurm cluster on this machine
# (slurm-wlm and munge installed when missing; a loud SKIPPED line where Slurm cannot start) and
# GNU parallel (installed when missing). Each checks the merged CSVs against one run's.
test-slurm: build
	bash scripts/test-slurm.sh

test-parallel: build
	bash scripts/test-parallel.sh

# The library's folders depend one way (README "Layout"); fails naming the file, line and symbol.
layers:
	python3 scripts/check-layers.py

report: release
	$(BIN_RELEASE) report

# SampleData: the committed corpus that `make report` reads (see SampleData/README.md).
SAMPLE_ORGS ?= 30
SAMPLE_POSTS ?= 300
SAMPLE_SEED ?= 2012
sample: release
	$(BIN_RELEASE) sample --out SampleData --orgs $(SAMPLE_ORGS) --posts-per-org $(SAMPLE_POSTS) --seed $(SAMPLE_SEED) --replace
	mkdir -p SampleData/maps && cp maps/meta-business-suite.yaml maps/sprout-social.yaml SampleData/maps/

# Speed and memory against gzip -dc and a polars notebook (bench/README.md), one row per mix;
# corpora cached in bench/corpus/. `make bench BENCH_MIXES=analytics-heavy` for one of them;
# BENCH_ORGS and BENCH_POSTS, when given, change every mix's corpus.
BENCH_MIXES ?= bench analytics-heavy many-small
bench: release
	@for mix in $(BENCH_MIXES); do \
	  echo "== make bench: mix $$mix"; \
	  BENCH_MIX=$$mix $(if $(BENCH_ORGS),BENCH_ORGS=$(BENCH_ORGS)) $(if $(BENCH_POSTS),BENCH_POSTS=$(BENCH_POSTS)) bash bench/bench.sh || exit $$?; \
	done

# The same harness on a tiny corpus in seconds, appending nothing: keeps `make bench` working in CI.
bench-smoke: release
	BENCH_ORGS=4 BENCH_POSTS=300 BENCH_REPEAT=1 BENCH_RESULTS= bash bench/bench.sh

clean:
	rm -rf .build

# PNGs of Reports/index.html and one organization's page (needs chromium; run `make report` first).
screenshots:
	sh scripts/screenshots.sh Reports

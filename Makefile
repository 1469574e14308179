# Earshot: `make report` and `make test` are all a newcomer needs (README.md).
SWIFT ?= swift
BIN_DEBUG = .build/debug/earshot
BIN_RELEASE = .build/release/earshot
HEADERS_OK = test -f /usr/include/zlib.h && test -f /usr/include/libxml2/libxml/xmlreader.h

.PHONY: all build release test test-slurm test-parallel layers report sample bench bench-smoke screenshots pdf clean deps install uninstall fuzz fuzz-smoke sanitize sanitize-address sanitize-thread

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

# The last line is XCTest's count of tests, skips and failures (swift-testing's own summary,
# printed after it, counts only swift-testing tests: none here); fails when a test fails.
test: deps layers
	$(SWIFT) build --build-tests
	@{ $(SWIFT) test --skip-build 2>&1; echo $$? > .build/test-status; } | tee .build/test.log
	@status=$$(cat .build/test-status); \
	  summary=$$(grep -E "Executed [0-9]+ tests?, with" .build/test.log | tail -n 1 | sed -E 's/^[[:space:]]*//; s/ \(.*//'); \
	  if [ "$$status" = 0 ]; then echo "make test: passed. $$summary"; else echo "make test: FAILED (exit $$status). $$summary" >&2; fi; \
	  exit $$status

# Copies the release binary to $(PREFIX)/bin (README "Your own archive"); `make install
# PREFIX=~/.local` needs no root.
PREFIX ?= /usr/local
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 $(BIN_RELEASE) "$(DESTDIR)$(PREFIX)/bin/earshot"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/earshot"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/earshot"

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

# The sample corpus, named explicitly: the binary has no default inputs (README "Your own archive").
report: release
	$(BIN_RELEASE) report --registry SampleData/organizations.csv SampleData/exports --out Reports

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

# Fuzzing (fuzz/README.md): libFuzzer targets per reader family, built in .build-fuzz with
# --sanitize=fuzzer,address; seeds from SampleData and ../shared/spec/conformance. One fuzz
# process at a time, niced. `make fuzz FUZZ_SECONDS=600`; `bash fuzz/run.sh csv` for one target.
FUZZ_SECONDS ?= 180
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

# CI (.ci/run): the fuzz driver built, then FUZZ_SMOKE_SECONDS per target; fails on a finding
# and when a target's seeds reach no coverage (the driver was built without counters once).
FUZZ_SMOKE_SECONDS ?= 20
fuzz-smoke: deps
	FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) FUZZ_REQUIRE_COVERAGE=1 bash fuzz/run.sh

# The test suite under AddressSanitizer (all of it) and ThreadSanitizer (the tests that run
# work on several threads: TSAN_TESTS; `make sanitize-thread TSAN_TESTS=` runs every test),
# each in its own scratch path; not part of `make test`, run by .ci/run.
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

TSAN_TESTS ?= StreamedFilesTests|RunBookkeepingTests|ArchiveDiscoveryTests|PlatformTests|XMLStreamReaderTests|CodingRoundTripTests|OutputFolderTests|ShardMergeTests|ResultCacheTests|PreloadedTemplatesTests|DeterminismTests|OperationsTests|HostileRunTests
sanitize-thread: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	SWIFT_BACKTRACE=enable=no TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan $(if $(TSAN_TESTS),--filter '$(TSAN_TESTS)')

# PNGs of Reports/index.html and one organization's page (needs chromium; run `make report` first).
screenshots:
	sh scripts/screenshots.sh Reports

# Reports/report.pdf (index.html printed) through headless Chromium; says how to install it when missing.
pdf:
	sh scripts/pdf.sh Reports

# The two commands:
#   make run   installs what is missing, builds, and serves the demo on http://127.0.0.1:8080
#   make test  installs what is missing, builds with ASan+UBSan, and runs every test
# Also: make build (release), make bench, make clean.

JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DEMO_DB ?= var/demo.db

.PHONY: run test build build-asan deps npm bench clean

deps:
	scripts/install-deps
	$(MAKE) --no-print-directory npm

# npm ci only when the lock file changed since the last install.
npm: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

build-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

# The server alone: a first `make run` need not build the tests and benchmarks.
run: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target redress
	scripts/demo build/release/redress $(DEMO_DB) $(LISTEN)

test: build-asan
	ctest --preset asan -j 2

bench: build
	bench/run-all build/release/redress

clean:
	rm -rf build var

# Every target does its own set-up on a fresh Debian 12 machine.
BUILD ?= build
JOBS ?= 2

.PHONY: deps configure build run test bench fuzz screenshots format clean

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)
	if [ -f web/package.json ]; then cd web && npm run --silent build; fi

run: build
	scripts/run-demo $(BUILD)/tamga

test: build
	if [ -f web/package.json ]; then cd web && npm run --silent typecheck; fi
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Benchmarks measure a Release build (-O3, no assertions) of their own, beside the tests' build.
BENCH_BUILD ?= build-release
BENCH_TARGETS = tamga_bench tamga_intake_bench tamga_http_load tamga_names_eval \
	tamga_screening_bench tamga_simulation_bench tamga_queue_bench tamga_notice_bench
bench: deps
	cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target $(BENCH_TARGETS)
	scripts/run-bench $(BENCH_BUILD)

# libFuzzer targets (docs/fuzzing.md), FUZZ_SECONDS each; crash inputs land in fuzz/findings/.
FUZZ_SECONDS ?= 60
fuzz: deps
	JOBS=$(JOBS) scripts/fuzz-smoke --build $(BUILD)/fuzz --seconds $(FUZZ_SECONDS)

screenshots: build
	cd web && TAMGA_BIN=$(abspath $(BUILD))/tamga npm run screenshots

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)

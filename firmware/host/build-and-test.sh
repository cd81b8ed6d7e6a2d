#!/usr/bin/env bash
# Host build and checks of the firmware's portable core: the single source of these commands
# (firmware/pom.xml runs this in Maven's test phase; run it by hand the same way).
#
#   firmware/host/build-and-test.sh            build, unit tests, clang warnings, fuzz, RISC-V size
#   HB_SKIP_TESTS=true firmware/host/build-and-test.sh   only build hilbridge-sim (Maven -DskipTests)
#
# Output goes to firmware/target/host/ (removed by `mvn clean`):
#   hilbridge-sim         the simulated board behind a pty (used by the end-to-end tests)
#   fuzz/                 libFuzzer binary and its working corpus
#   rv32/                 the core cross-compiled for RV32IMC (ESP32-C3 instruction set)
#
# Environment:
#   CI=true               a missing tool is a failure; otherwise the step is skipped with one line
#   HB_FUZZ_SECONDS=N     fuzz for N seconds (default 25 under CI=true, else 0: replay the seed corpus only)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
fw="$(dirname "$here")"
core="$fw/components/hilbridge_core"
out="$fw/target/host"
ci="${CI:-false}"
skip_tests="${HB_SKIP_TESTS:-false}"
if [ "$ci" = "true" ]; then fuzz_default=25; else fuzz_default=0; fi
fuzz_seconds="${HB_FUZZ_SECONDS:-$fuzz_default}"

strict=(-std=c11 -Wall -Wextra -Werror -Wpedantic -Wconversion -Wshadow)
code_budget=6656  # bytes of code (text + rodata) for the whole core (button debounce, FAULT, REBOOT_REQ, the boot LOG line, the live view and SET_PIXELS added)
ram_budget=512    # bytes of static RAM (data + bss)

say() { echo "[firmware] $*"; }

# Tools missing for a step: under CI that fails the build, elsewhere the step is skipped with one line.
missing_tools() {
  local step="$1" packages="$2"
  if [ "$ci" = "true" ]; then
    say "ERROR: $step needs: apt-get install $packages (CI=true: missing tools are a failure)"
    exit 1
  fi
  say "SKIPPED $step: install with: apt-get install $packages"
}

have() { command -v "$1" >/dev/null 2>&1; }

# ------------------------------------------------------------------ host build + unit tests
if ! have cmake || ! have cc || ! have make || ! have pkg-config || ! pkg-config --exists cmocka; then
  missing_tools "host build, unit tests and hilbridge-sim" "cmake gcc make pkg-config libcmocka-dev"
  exit 0
fi

cmake -S "$here" -B "$out" -DCMAKE_BUILD_TYPE=Debug -DHB_SANITIZE=ON >/dev/null
cmake --build "$out" -j 2 >/dev/null || cmake --build "$out" -j 1  # rerun to show the errors
say "built $out/hilbridge-sim"

if [ "$skip_tests" = "true" ]; then
  say "tests skipped (skipTests)"
  exit 0
fi

(cd "$out" && ctest --output-on-failure -j 2)

# ------------------------------------------------------------------ warnings under gcc and clang
for cc in gcc clang; do
  if ! have "$cc"; then
    missing_tools "$cc warning check" "$cc"
    continue
  fi
  for src in "$core"/src/*.c; do
    "$cc" "${strict[@]}" -I"$core/include" -I"$core/private_include" -fsyntax-only "$src"
  done
  say "core compiles warning-free under $cc ($("$cc" -dumpversion)): ${strict[*]}"
done

# ------------------------------------------------------------------ libFuzzer
fuzz_dir="$out/fuzz"
if ! have clang || ! echo 'int LLVMFuzzerTestOneInput(const char*d,long n){(void)d;(void)n;return 0;}' |
    clang -x c - -fsanitize=fuzzer -o /dev/null >/dev/null 2>&1; then
  missing_tools "libFuzzer target" "clang libclang-rt-14-dev"
else
  mkdir -p "$fuzz_dir/corpus"
  clang -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Wall -Wextra -Werror -I"$core/include" -I"$core/private_include" -I"$here/common" \
    "$core"/src/*.c "$here/common/default_board.c" "$here/fuzz/fuzz_core.c" -o "$fuzz_dir/fuzz_core"
  if [ "$fuzz_seconds" -gt 0 ]; then
    # New inputs go to the working corpus under target/, never into the committed seeds.
    "$fuzz_dir/fuzz_core" -max_total_time="$fuzz_seconds" -print_final_stats=1 \
      -artifact_prefix="$fuzz_dir/" "$fuzz_dir/corpus" "$here/fuzz/corpus" >"$fuzz_dir/fuzz.log" 2>&1 || {
      tail -60 "$fuzz_dir/fuzz.log"
      say "ERROR: the fuzzer found a failure; the input is in $fuzz_dir/ (crash-*)"
      exit 1
    }
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$fuzz_dir/fuzz.log" | grep -o '[0-9]*$')"
    cov="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$fuzz_dir/fuzz.log" | tail -1)"
    say "fuzzed ${fuzz_seconds}s: $runs executions, $cov, corpus $(ls "$fuzz_dir/corpus" | wc -l) files"
  else
    "$fuzz_dir/fuzz_core" -runs=0 "$here/fuzz/corpus" >"$fuzz_dir/fuzz.log" 2>&1 || {
      tail -60 "$fuzz_dir/fuzz.log"
      exit 1
    }
    say "fuzz seed corpus replayed ($(ls "$here/fuzz/corpus" | wc -l) inputs); HB_FUZZ_SECONDS=30 to fuzz"
  fi
fi

# ------------------------------------------------------------------ RV32IMC cross-compile and size budget
rv_cc=riscv64-unknown-elf-gcc
rv_size=riscv64-unknown-elf-size
if ! have "$rv_cc" || ! have "$rv_size"; then
  missing_tools "RISC-V cross-compile" "gcc-riscv64-unknown-elf"
else
  rv_dir="$out/rv32"
  mkdir -p "$rv_dir"
  rm -f "$rv_dir"/*.o
  # rv32imc/ilp32, not rv32imc_zicsr_zifencei: that spelling makes Debian's toolchain pick 64-bit libraries.
  for src in "$core"/src/*.c; do
    "$rv_cc" -march=rv32imc -mabi=ilp32 -Os -ffreestanding -ffunction-sections -fdata-sections \
      "${strict[@]}" -I"$core/include" -I"$core/private_include" -c "$src" -o "$rv_dir/$(basename "$src" .c).o"
  done
  # Freestanding means no libc: the only outside symbols allowed are the four GCC itself may call.
  defined="$(riscv64-unknown-elf-nm --defined-only "$rv_dir"/*.o | awk 'NF == 3 {print $3}' | sort -u)"
  outside="$(riscv64-unknown-elf-nm -u "$rv_dir"/*.o | awk 'NF == 2 {print $2}' | sort -u |
    grep -vxF -e memcpy -e memset -e memmove -e memcmp | grep -vxF "$defined" || true)"
  if [ -n "$outside" ]; then
    say "ERROR: the core needs symbols from outside (it must stay freestanding): $outside"
    exit 1
  fi
  "$rv_size" -t "$rv_dir"/*.o | sed 's/^/[firmware]   /'
  read -r text data bss _ < <("$rv_size" -t "$rv_dir"/*.o | tail -1)
  say "core on RV32IMC (-Os): code $text B (budget $code_budget), static RAM $((data + bss)) B (budget $ram_budget)"
  if [ "$text" -gt "$code_budget" ] || [ $((data + bss)) -gt "$ram_budget" ]; then
    say "ERROR: the core is over its size budget"
    exit 1
  fi
fi
say "all host checks passed"

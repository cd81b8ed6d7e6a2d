#!/usr/bin/env bash
# Builds the QEMU virt board image and the core's target-side test binary.
#
#   firmware/port/qemu-virt/build.sh [image|tests|all]     (default: all)
#
# Outputs under firmware/target/qemu/ (so `mvn clean` in firmware/ removes them):
#   hilbridge-qemu.elf   the board: portable core + this port, for qemu-system-riscv32 -machine virt
#   core-tests.elf       the core's golden-vector and dispatcher tests, semihosted (exit status = result)
#
# Toolchain: Debian's gcc-riscv64-unknown-elf + picolibc-riscv64-unknown-elf. We say
# -march=rv32imc (the ESP32-C3's instruction set); the _zicsr spelling would make Debian's multilib
# pick 64-bit libraries, so CSR instructions are enabled locally in the port's assembly instead.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
firmware="$(cd "$here/../.." && pwd)"
core="${HB_CORE_DIR:-$firmware/components/hilbridge_core}"
out="$firmware/target/qemu"
cc="${RISCV_CC:-riscv64-unknown-elf-gcc}"
what="${1:-all}"

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "qemu-virt: $cc not found: install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf" >&2
  exit 2
fi
if [ ! -f "$core/include/hilbridge/hb_core.h" ]; then
  echo "qemu-virt: the portable core is missing at $core" >&2
  exit 2
fi

mkdir -p "$out"
core_srcs=("$core"/src/*.c)
arch=(-march=rv32imc -mabi=ilp32)
# The core is built with the same warning set it promises (issue 5); the port holds itself to it too.
warn=(-std=c11 -Wall -Wextra -Werror -Wpedantic -Wconversion)
common=("${arch[@]}" -Os -g -ffunction-sections -fdata-sections -I"$core/include" --specs=picolibc.specs)
# The default board's lights, one C description with hilbridge-sim; the golden-vector JSON reader of the host tests.
board_srcs=("$firmware/host/common/default_board.c")
common+=(-I"$firmware/host/common")
vec_json=("$firmware/host/test/vec_json.c")
# The core's private headers (frame codec, light renderer) are for its own sources and the tests, not the board.
private=(-I"$core/private_include")

build_image() {
  # The board is a port like firmware/main: it must build from the public headers alone.
  "$cc" "${common[@]}" "${warn[@]}" -fsyntax-only "$here/board.c"
  "$cc" "${common[@]}" "${private[@]}" "${warn[@]}" -nostartfiles -T "$here/link.ld" \
    -Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,-Map="$out/hilbridge-qemu.map" \
    -o "$out/hilbridge-qemu.elf" \
    "$here/start.S" "$here/qv_uart.c" "$here/qv_platform.c" "$here/qv_semihost.c" "$here/board.c" \
    "${board_srcs[@]}" "${core_srcs[@]}"
  echo "qemu-virt: built $out/hilbridge-qemu.elf"
}

build_tests() {
  # picolibc's semihost crt0 and oslib: main's return value becomes QEMU's exit status.
  # Code and data at 0x80000000 (virt's RAM) where QEMU's -kernel loader puts them.
  "$cc" "${common[@]}" "${private[@]}" "${warn[@]}" --oslib=semihost --crt0=semihost \
    -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x200000 \
    -Wl,--defsym=__ram=0x80200000 -Wl,--defsym=__ram_size=0x200000 \
    -Wl,--defsym=__stack_size=0x10000 -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
    -I"$here/test" -I"$firmware/host/test" -o "$out/core-tests.elf" "$here"/test/*.c "${vec_json[@]}" \
    "${board_srcs[@]}" "${core_srcs[@]}"
  echo "qemu-virt: built $out/core-tests.elf"
}

case "$what" in
  image) build_image ;;
  tests) build_tests ;;
  all) build_image; build_tests ;;
  *) echo "usage: $0 [image|tests|all]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Runs the portable core's tests on the emulated rv32imc CPU (the ESP32-C3's instruction set):
# builds firmware/target/qemu/core-tests.elf and runs it under qemu-system-riscv32 with
# semihosting, which lets the binary read protocol-spec/vectors and exit QEMU with its status.
#
# Maven runs this in firmware's test phase (execution qemu-core-tests). Without the RISC-V
# toolchain or QEMU it fails under CI=true and otherwise skips with one line saying what to install.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cc="${RISCV_CC:-riscv64-unknown-elf-gcc}"
qemu="${QEMU:-qemu-system-riscv32}"

missing=()
command -v "$cc" >/dev/null 2>&1 || missing+=(gcc-riscv64-unknown-elf)
if command -v "$cc" >/dev/null 2>&1 && [ "$("$cc" -print-file-name=picolibc.specs)" = picolibc.specs ]; then
  missing+=(picolibc-riscv64-unknown-elf)
fi
command -v "$qemu" >/dev/null 2>&1 || missing+=(qemu-system-misc)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = true ]; then
    echo "qemu-virt: FAILED: CI=true and missing ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "qemu-virt: SKIPPED core tests on the emulated CPU: apt-get install ${missing[*]}"
  exit 0
fi

"$here/build.sh" tests
# A stuck test binary must not hang the build: 60 s is ~500x what the run takes.
set +e
timeout 60 "$qemu" -machine virt -bios none -kernel "$repo/firmware/target/qemu/core-tests.elf" \
  -display none -monitor none -serial none \
  -semihosting-config "enable=on,target=native,arg=$repo/protocol-spec/vectors"
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "qemu-virt: core tests on the emulated CPU FAILED (exit $status)" >&2
fi
exit $status

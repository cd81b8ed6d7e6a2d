#!/usr/bin/env bash
# Builds the emulated board and runs it: QEMU's RISC-V virt machine with the board's UART on a pty.
#
#   firmware/port/qemu-virt/run.sh [--link PATH] [--no-build]
#
# Prints "qemu-virt: serial /dev/pts/N" once QEMU has the pty, then runs in the foreground
# showing light changes, until Ctrl-C. Point the bridge at the printed path (or at PATH given
# with --link, a symlink that stays the same across runs):
#
#   java -jar bridge/target/hilbridge.jar --serial /dev/pts/N
#
# QEMU drops the board's output until something opens the pty (it checks about once a second),
# so the board's unsolicited HELLO is usually lost; the bridge's HELLO_REQ retries cover that.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
firmware="$(cd "$here/../.." && pwd)"
elf="$firmware/target/qemu/hilbridge-qemu.elf"
qemu="${QEMU:-qemu-system-riscv32}"
link=""
build=1

while [ $# -gt 0 ]; do
  case "$1" in
    --link) link="${2:?--link needs a path}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "qemu-virt: unknown argument $1" >&2; exit 2 ;;
  esac
done

if ! command -v "$qemu" >/dev/null 2>&1; then
  echo "qemu-virt: $qemu not found: install qemu-system-misc" >&2
  exit 2
fi
if [ "$build" = 1 ]; then
  "$here/build.sh" image >&2
fi

log="$(mktemp -t hilbridge-qemu.XXXXXX)"
qpid=""
cleanup() {
  if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null || true; wait "$qpid" 2>/dev/null || true; fi
  if [ -n "$link" ] && [ -L "$link" ]; then rm -f "$link"; fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# QEMU names the pty on its stdout (captured); semihosting carries the board's console (light
# changes) to QEMU's stderr, which we show on our stdout. The UART carries frames only.
"$qemu" -machine virt -bios none -kernel "$elf" -display none -monitor none -serial pty \
  -semihosting-config enable=on,target=native 2>&1 >"$log" &
qpid=$!

pty=""
for _ in $(seq 1 100); do
  pty="$(grep -o '/dev/pts/[0-9]*' "$log" | head -n1 || true)"
  [ -n "$pty" ] && break
  if ! kill -0 "$qpid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 0.05
done
if [ -z "$pty" ]; then
  echo "qemu-virt: QEMU did not report its pty" >&2
  cat "$log" >&2
  exit 1
fi
if [ -n "$link" ]; then ln -sfn "$pty" "$link"; fi
echo "qemu-virt: serial $pty${link:+ (link $link)}"
wait "$qpid"

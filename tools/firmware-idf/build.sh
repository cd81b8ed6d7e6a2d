#!/usr/bin/env bash
# Builds the ESP-IDF firmware (firmware/) across targets and configuration variants, with zero warnings from our
# sources, and checks the esp32c3 images against tools/firmware-idf/size-budgets.conf. firmware/pom.xml runs it in
# Maven's test phase; run it by hand the same way.
#
#   tools/firmware-idf/build.sh                 the whole matrix below
#   HB_IDF_VARIANTS="qemu" tools/firmware-idf/build.sh    only these variants (space separated)
#
# Which ESP-IDF:
#   HILBRIDGE_ESP_KIT set    the offline kit (../shared/esp-toolchain; .ci/run exports it): esp32c3 full images,
#                            esp32/esp32s3 configure + -fsyntax-only (the kit has no Xtensa ESP32 compiler)
#   CI=true without the kit  a failure
#   IDF_PATH set (idf.py)    your own ESP-IDF v5.5: the same matrix, every cell really compiled
#   neither                  one line saying what to install; success
#
# Output: firmware/target/idf/<variant>/<target>/ (mvn clean removes it); the emulator's image is
# firmware/target/idf/qemu/esp32c3/merged-flash.bin. Variants are Kconfig fragments in firmware/variants/, added
# after firmware/sdkconfig.defaults (and its per-target file).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
fw="$repo/firmware"
out="$fw/target/idf"
ci="${CI:-false}"
# shellcheck source=size-budgets.conf
. "$here/size-budgets.conf"

say() { echo "[firmware-idf] $*"; }
die() { say "ERROR: $*"; exit 1; }

# The matrix: variant, target, what is done. image = full build + merged flash image + size budgets;
# compile = configure + compile our two components (main, hilbridge_core) only; check = the kit's configure +
# -fsyntax-only of our sources (Xtensa; a real compile with your own ESP-IDF). Together the cells compile every
# #if in firmware/main: USB-Serial/JTAG (default c3/s3) and UART0 transport (qemu, uart0-quiet, esp32), console
# on (default c3/s3) and off (qemu, inverted, esp32), logs as frames on and off (uart0-quiet), button off
# (uart0-quiet), failsafe restore (qemu, inverted) and keep (uart0-quiet), active-low and common-anode (inverted),
# each light disabled (uart0-quiet, minimal), LEDC hardware fades (c3/s3) and software fades (esp32).
MATRIX=(
  "default     esp32c3 image"
  "qemu        esp32c3 image"
  "default     esp32   check"
  "default     esp32s3 check"
  "uart0-quiet esp32c3 compile"
  "uart0-quiet esp32   check"
  "inverted    esp32c3 compile"
  "inverted    esp32s3 check"
  "minimal     esp32c3 compile"
  "minimal     esp32   check"
)

# ------------------------------------------------------------------ which ESP-IDF
kit="${HILBRIDGE_ESP_KIT:-}"
if [ -n "$kit" ]; then
  [ -x "$kit/idf-build.sh" ] || die "HILBRIDGE_ESP_KIT=$kit has no idf-build.sh (run ../shared/esp-toolchain/setup.sh)"
  mode=kit
  "$kit/setup.sh" >/dev/null
  # shellcheck disable=SC1091
  . "${HILBRIDGE_ESP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hilbridge-esp-toolchain}/env.sh"
  py=/usr/bin/python3
elif [ "$ci" = "true" ]; then
  die "CI=true needs the ESP-IDF kit: run ../shared/esp-toolchain/setup.sh and export HILBRIDGE_ESP_KIT (.ci/run does)"
elif [ -n "${IDF_PATH:-}" ] && command -v idf.py >/dev/null 2>&1; then
  mode=idf
  py=python
else
  say "SKIPPED the ESP-IDF firmware build: install ESP-IDF v5.5 and export it (. \$IDF_PATH/export.sh), or set HILBRIDGE_ESP_KIT"
  exit 0
fi
say "building with $([ "$mode" = kit ] && echo "the kit at $kit" || echo "ESP-IDF at $IDF_PATH") (ESP-IDF $(cat "$IDF_PATH/version.txt" 2>/dev/null || echo "version unknown"))"

defaults_of() {
  local variant="$1"
  if [ "$variant" = default ]; then echo "$fw/sdkconfig.defaults"; else echo "$fw/sdkconfig.defaults;$fw/variants/$variant.defaults"; fi
}

# A variant that Kconfig silently dropped (an option whose dependency is off) would cover nothing: every line of the
# fragment must be in the resulting sdkconfig.
check_applied() {
  local variant="$1" target="$2" dir="$3" line name value
  [ "$variant" = default ] && return 0
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue;; esac
    name="${line%%=*}"; value="${line#*=}"
    if [ "$value" = n ]; then
      grep -qxF "# $name is not set" "$dir/sdkconfig" || die "$variant/$target: $line did not apply (see $dir/sdkconfig)"
    else
      grep -qxF "$line" "$dir/sdkconfig" || die "$variant/$target: $line did not apply (see $dir/sdkconfig)"
    fi
  done < "$fw/variants/$variant.defaults"
}

# -Werror makes a warning fail the compile; this also catches one that slipped through a flag ESP-IDF adds later.
check_no_warnings() {
  local log="$1" what="$2" hits
  hits="$(sed 's/\x1b\[[0-9;]*[mK]//g' "$log" | grep -E "(firmware/(main|components/hilbridge_core)/[^:]*|^(main|components/hilbridge_core)/[^:]*):[0-9]+:[0-9]+: warning:" || true)"
  [ -z "$hits" ] || { echo "$hits"; die "$what: compiler warnings in our sources (full log: $log)"; }
}

# Prints the image sizes and fails when one is over its budget (size-budgets.conf).
check_sizes() {
  local dir="$1" what="$2" app elf bin part free dram iram
  app="$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["app_bin"])' "$dir/project_description.json")"
  bin="$dir/$app"; elf="$dir/${app%.bin}.elf"
  part="$("$py" "$IDF_PATH/components/partition_table/gen_esp32part.py" "$dir/partition_table/partition-table.bin" 2>/dev/null |
    awk -F, '$2 == "app" {print $5}' | sort -n | head -1)"
  case "$part" in *M) part=$(( ${part%M} * 1048576 ));; *K) part=$(( ${part%K} * 1024 ));; esac
  [[ "$part" =~ ^[0-9]+$ ]] || die "$what: no app partition found in $dir/partition_table/partition-table.bin"
  local size_bytes; size_bytes="$(stat -c %s "$bin")"
  free=$(( (part - size_bytes) * 100 / part ))
  read -r dram iram < <(riscv32-esp-elf-size -A "$elf" | awk '
    $1 == ".dram0.data" || $1 == ".dram0.bss" || $1 == ".noinit" {d += $2}
    $1 ~ /^\.iram0\./ {i += $2}
    END {print d + 0, i + 0}')
  say "$what sizes: app image $size_bytes B (budget $APP_IMAGE_MAX_BYTES), $free % of the $part B app partition free" \
      "(budget >= $APP_PARTITION_MIN_FREE_PERCENT %), DRAM .data+.bss $dram B (budget $DRAM_STATIC_MAX_BYTES)," \
      "IRAM $iram B (budget $IRAM_MAX_BYTES)"
  local over=()
  [ "$size_bytes" -le "$APP_IMAGE_MAX_BYTES" ] || over+=("app image")
  [ "$free" -ge "$APP_PARTITION_MIN_FREE_PERCENT" ] || over+=("app partition free share")
  [ "$dram" -le "$DRAM_STATIC_MAX_BYTES" ] || over+=("static DRAM")
  [ "$iram" -le "$IRAM_MAX_BYTES" ] || over+=("IRAM")
  [ ${#over[@]} -eq 0 ] || die "$what is over its size budget (tools/firmware-idf/size-budgets.conf): ${over[*]}"
}

# ------------------------------------------------------------------ one cell of the matrix
# Compiles the object files of our two components only: their library targets would pull in every library they
# link against (all of ESP-IDF), which the image cells build anyway.
compile_ours() {
  local dir="$1" objs
  objs="$(ninja -C "$dir" -t targets all | awk -F: '/__idf_(main|hilbridge_core)\.dir\/.*\.obj:/ {print $1}')"
  [ -n "$objs" ] || { echo "no object files of main / hilbridge_core in $dir/build.ninja"; return 1; }
  # shellcheck disable=SC2086
  nice -n 10 ninja -C "$dir" -j"${HILBRIDGE_ESP_JOBS:-2}" $objs
}

kit_cell() {
  local variant="$1" target="$2" kind="$3" dir="$4" log="$4.log"
  if [ "$kind" = compile ]; then
    # The kit's documented manual route (env.sh): idf-build.sh's configure, then only our two components.
    # shellcheck disable=SC2086
    nice -n 10 cmake -S "$fw" -B "$dir" -G Ninja $HB_IDF_CMAKE_FLAGS -DIDF_TARGET="$target" \
        -DSDKCONFIG="$dir/sdkconfig" -DSDKCONFIG_DEFAULTS="$(defaults_of "$variant");$HB_IDF_SDKCONFIG_OFFLINE" \
        -DEXTRA_COMPONENT_DIRS="$HB_IDF_EXTRA_COMPONENT_DIRS" > "$log" 2>&1 &&
      compile_ours "$dir" >> "$log" 2>&1
  else
    SDKCONFIG_DEFAULTS="$(defaults_of "$variant")" "$kit/idf-build.sh" "$fw" "$target" "$dir" > "$log" 2>&1
  fi
}

idf_cell() {
  local variant="$1" target="$2" kind="$3" dir="$4" log="$4.log"
  local args=(-C "$fw" -B "$dir" -D SDKCONFIG="$dir/sdkconfig" -D SDKCONFIG_DEFAULTS="$(defaults_of "$variant")"
              -D IDF_TARGET="$target")
  if [ "$kind" = image ]; then
    idf.py "${args[@]}" build > "$log" 2>&1 &&
      (cd "$dir" && python -m esptool --chip "$target" merge_bin --fill-flash-size 2MB -o merged-flash.bin @flash_args) >> "$log" 2>&1
  else
    idf.py "${args[@]}" reconfigure > "$log" 2>&1 &&
      compile_ours "$dir" >> "$log" 2>&1
  fi
}

only=" ${HB_IDF_VARIANTS:-} "
total_start=$(date +%s)
cells=0
for row in "${MATRIX[@]}"; do
  read -r variant target kind <<< "$row"
  [ -z "${HB_IDF_VARIANTS:-}" ] || [[ "$only" == *" $variant "* ]] || continue
  dir="$out/$variant/$target"
  mkdir -p "$dir"
  rm -f "$dir/sdkconfig" # the defaults apply only to options missing from it: start from the fragments every time
  start=$(date +%s)
  if ! "${mode}_cell" "$variant" "$target" "$kind" "$dir"; then
    grep -v "^-- \|^\[[0-9]*/[0-9]*\] " "$dir.log" | grep -v "^/.* -c /" | cut -c1-400 | tail -40
    die "$variant/$target ($kind) FAILED (full log: $dir.log)"
  fi
  check_no_warnings "$dir.log" "$variant/$target"
  [ ! -f "$dir/kit-build.log" ] || check_no_warnings "$dir/kit-build.log" "$variant/$target"
  check_applied "$variant" "$target" "$dir"
  say "$variant/$target: $kind OK in $(( $(date +%s) - start )) s"
  if [ "$kind" = image ]; then
    check_sizes "$dir" "$variant/$target"
    say "$variant/$target: flash image $dir/merged-flash.bin"
  fi
  cells=$((cells + 1))
done
[ "$cells" -gt 0 ] || die "no matrix cell matches HB_IDF_VARIANTS='${HB_IDF_VARIANTS:-}'"
say "all $cells builds passed with zero warnings from our sources in $(( $(date +%s) - total_start )) s"

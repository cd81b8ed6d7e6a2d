#!/usr/bin/env bash
# Checks that every C file we own (firmware/ and any under tests/) is formatted by the root .clang-format.
# firmware/pom.xml runs it in Maven's verify phase; run it by hand the same way.
#
#   tools/clang-format/check.sh          check; lists each file that differs and fails
#   tools/clang-format/check.sh --fix    format those files in place (clang-format -i)
#
# Environment:
#   CI=true         a missing clang-format, or one of another major version, is a failure; elsewhere the check is
#                   skipped with one line naming what to install
#   CLANG_FORMAT    the binary (default clang-format)
#
# The version is pinned because clang-format's output changes between major versions: the files are formatted with
# Debian 12's clang-format 14, so another version would report differences that are not ours.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
ci="${CI:-false}"
bin="${CLANG_FORMAT:-clang-format}"
pinned_major=14
fix=false
[ "${1:-}" = "--fix" ] && fix=true

say() { echo "[clang-format] $*"; }

# A missing or different clang-format: under CI that fails the build, elsewhere the check is skipped with one line.
unavailable() {
  if [ "$ci" = "true" ]; then
    say "ERROR: $1; apt-get install clang-format (Debian 12: version $pinned_major) (CI=true: missing tools are a failure)"
    exit 1
  fi
  say "SKIPPED C style check: $1; install with: apt-get install clang-format (Debian 12: version $pinned_major)"
  exit 0
}

command -v "$bin" >/dev/null 2>&1 || unavailable "$bin not found"
version="$("$bin" --version)"
major="$(sed -n 's/.*clang-format version \([0-9][0-9]*\)\..*/\1/p' <<<"$version")"
[ "$major" = "$pinned_major" ] || unavailable "$bin is version ${major:-unknown} ($version), the style is pinned to $pinned_major"

# The files: git's list when this is a clone (tracked and new files, ignored build output left out), else a search
# that skips build folders.
cd "$repo"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'firmware/*.[ch]' 'tests/*.[ch]')
else
  mapfile -t files < <(find firmware tests -name '*.[ch]' -not -path '*/target/*' -not -path 'firmware/build*' | sort)
fi
[ ${#files[@]} -gt 0 ] || { say "ERROR: no C files found under firmware/ or tests/ (run from a checkout)"; exit 1; }

if [ "$fix" = "true" ]; then
  "$bin" -i --style=file "${files[@]}"
  say "formatted ${#files[@]} files with clang-format $major"
  exit 0
fi

# One run over all files; clang-format names each offending file in its "file:line:col: error:" lines.
if ! report="$("$bin" --dry-run -Werror --style=file "${files[@]}" 2>&1)"; then
  mapfile -t bad < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: .*/\1/p' <<<"$report" | sort -u)
  [ ${#bad[@]} -gt 0 ] || { say "ERROR: clang-format failed:"; echo "$report"; exit 1; }
  say "ERROR: ${#bad[@]} of ${#files[@]} C files are not formatted by .clang-format:"
  printf '  %s\n' "${bad[@]}"
  say "see the differences with: clang-format --dry-run <file>; fix them with: tools/clang-format/check.sh --fix"
  exit 1
fi
say "${#files[@]} C files match .clang-format (clang-format $major)"

#!/usr/bin/env bash
# clang-tidy (.clang-tidy: bugprone-* and function size) on the libraries' own sources: core/,
# adapters/, synthetic/, store/ and server/, tests excluded. Needs build/compile_commands.json (the release
# preset writes it).
# Usage: scripts/check-tidy.sh [JOBS]   (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-2}"
command -v clang-tidy >/dev/null || { echo "check-tidy: clang-tidy not installed" >&2; exit 1; }
[[ -f build/compile_commands.json ]] || cmake --preset release >/dev/null
mapfile -t files < <(git ls-files 'core/*.cc' 'adapters/*.cc' 'synthetic/*.cc' 'store/*.cc' 'server/*.cc' |
  grep -v '_test\.cc$')
start=$SECONDS
# One clang-tidy per file, $jobs at a time; any finding is an error (WarningsAsErrors).
printf '%s\0' "${files[@]}" |
  xargs -0 -P "$jobs" -n 1 clang-tidy -p build --quiet 2>/dev/null
echo "check-tidy: ${#files[@]} files clean in $((SECONDS - start)) s"

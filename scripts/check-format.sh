#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted by .clang-format (Google style, 100 columns).
# Fix with: git ls-files '*.h' '*.cc' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format not installed" >&2; exit 1; }
git ls-files -z '*.h' '*.cc' | xargs -0 clang-format --dry-run --Werror
echo "check-format: $(git ls-files '*.h' '*.cc' | wc -l) files formatted"

#!/usr/bin/env bash
# End-to-end throughput of `cartwatch grade` (read NDJSON, validate, grade, write JSON lines).
#
#   bench/grade_throughput.sh [BUILD_DIR] [COUNT]
#
# BUILD_DIR (default: build) must already contain cli/cartwatch and bench/cartwatch_gen_assessments;
# this script builds nothing. COUNT defaults to 1,000,000 records (about 360 MB of temporary NDJSON,
# removed on exit). Prints assessments per second and the peak resident set size of the CLI.
set -euo pipefail

build="${1:-build}"
count="${2:-1000000}"
seed=42
cli="$build/cli/cartwatch"
gen="$build/bench/cartwatch_gen_assessments"

for exe in "$cli" "$gen"; do
  if [[ ! -x "$exe" ]]; then
    echo "grade_throughput.sh: $exe not found; build it first (cmake --build $build)" >&2
    exit 2
  fi
done

workdir="$(mktemp -d "${TMPDIR:-/tmp}/cartwatch-throughput.XXXXXX")"
trap 'rm -rf "$workdir"' EXIT
input="$workdir/assessments.ndjson"

echo "generating $count assessments (seed $seed)..."
"$gen" --count "$count" --seed "$seed" >"$input"
echo "input: $(du -h "$input" | cut -f1)"

# Warm the page cache so the figure measures cartwatch, not the disk.
cat "$input" >/dev/null

status=0
start_ns=$(date +%s%N)
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -v -o "$workdir/time.txt" "$cli" grade "$input" >/dev/null || status=$?
else
  time "$cli" grade "$input" >/dev/null || status=$?
fi
end_ns=$(date +%s%N)

if [[ $status -ne 0 ]]; then
  # 3 means some records were refused: the generator and the reader disagree, which is a bug.
  echo "grade_throughput.sh: cartwatch grade exited with $status" >&2
  exit 1
fi

elapsed_ns=$((end_ns - start_ns))
awk -v n="$count" -v ns="$elapsed_ns" 'BEGIN {
  s = ns / 1e9
  printf "graded %d assessments in %.3f s: %.0f assessments/s (%.2f us each)\n", n, s, n / s, s * 1e6 / n
}'
if [[ -f "$workdir/time.txt" ]]; then
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$workdir/time.txt")
  cpu=$(awk -F': ' '/Percent of CPU this job got/ {print $2}' "$workdir/time.txt")
  awk -v kb="$rss_kb" -v cpu="$cpu" 'BEGIN { printf "peak RSS: %.1f MiB (%d KiB); CPU: %s\n", kb / 1024, kb, cpu }'
else
  echo "peak RSS: not measured (/usr/bin/time not installed)"
fi

#!/usr/bin/env bash
# End-to-end throughput of `cartwatch cohort` over a synthetic long CSV (read, fold into
# timelines, grade every assessment, build the cohort report).
#
#   bench/cohort_throughput.sh [BUILD_DIR] [PATIENTS] [SYSTEMS]
#
# BUILD_DIR (default: build) must already contain cli/cartwatch and bench/cartwatch_gen_cohort;
# this script builds nothing. PATIENTS defaults to 20,000 (about 10 million long rows with the
# generator's defaults; the row count is printed). SYSTEMS (default: astct) is passed to --systems.
# Prints rows per second and the peak resident set size of the CLI.
set -euo pipefail

build="${1:-build}"
patients="${2:-20000}"
systems="${3:-astct}"
seed=42
cli="$build/cli/cartwatch"
gen="$build/bench/cartwatch_gen_cohort"

for exe in "$cli" "$gen"; do
  if [[ ! -x "$exe" ]]; then
    echo "cohort_throughput.sh: $exe not found; build it first (cmake --build $build)" >&2
    exit 2
  fi
done

workdir="$(mktemp -d "${TMPDIR:-/tmp}/cartwatch-cohort.XXXXXX")"
trap 'rm -rf "$workdir"' EXIT
input="$workdir/cohort-long.csv"

echo "generating $patients patients (seed $seed, long layout, rows interleaved by time)..."
"$gen" --patients "$patients" --seed "$seed" --layout long --interleave --output "$input"
rows=$(($(wc -l <"$input") - 1))
echo "input: $rows rows, $(du -h "$input" | cut -f1)"

# Warm the page cache so the figure measures cartwatch, not the disk.
cat "$input" >/dev/null

status=0
start_ns=$(date +%s%N)
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -v -o "$workdir/time.txt" \
    "$cli" cohort --systems "$systems" --output "$workdir/report.json" "$input" || status=$?
else
  time "$cli" cohort --systems "$systems" --output "$workdir/report.json" "$input" || status=$?
fi
end_ns=$(date +%s%N)

if [[ $status -ne 0 ]]; then
  # The generator and the reader disagree: a bug.
  echo "cohort_throughput.sh: cartwatch cohort exited with $status" >&2
  exit 1
fi

elapsed_ns=$((end_ns - start_ns))
awk -v n="$rows" -v ns="$elapsed_ns" -v p="$patients" 'BEGIN {
  s = ns / 1e9
  printf "cohort of %d patients, %d rows in %.3f s: %.0f rows/s\n", p, n, s, n / s
}'
if [[ -f "$workdir/time.txt" ]]; then
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$workdir/time.txt")
  cpu=$(awk -F': ' '/Percent of CPU this job got/ {print $2}' "$workdir/time.txt")
  awk -v kb="$rss_kb" -v cpu="$cpu" 'BEGIN { printf "peak RSS: %.1f MiB (%d KiB); CPU: %s\n", kb / 1024, kb, cpu }'
else
  echo "peak RSS: not measured (/usr/bin/time not installed)"
fi

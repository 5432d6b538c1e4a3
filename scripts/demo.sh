#!/usr/bin/env bash
# Installs, builds, grades the bundled example assessments, shows the course of an example patient
# and writes a cohort report of a synthetic cohort (demo-cohort.html in the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release >&2
echo "== cartwatch grade examples/spec-examples.ndjson --format text" >&2
build/cli/cartwatch grade examples/spec-examples.ndjson --format text
echo "== cartwatch timeline examples/course-long.csv --patient CW-001" >&2
build/cli/cartwatch timeline examples/course-long.csv --patient CW-001
echo "== cartwatch cohort (200 synthetic patients) --format html -o demo-cohort.html" >&2
cohort_csv="$(mktemp "${TMPDIR:-/tmp}/cartwatch-demo.XXXXXX.csv")"
trap 'rm -f "$cohort_csv"' EXIT
build/bench/cartwatch_gen_cohort --patients 200 --seed 1 --layout long --output "$cohort_csv" 2>/dev/null
build/cli/cartwatch cohort --systems astct,lee2014,penn,mskcc,ctcae5,cartox --format html \
  -o demo-cohort.html "$cohort_csv"
echo "demo-cohort.html written: open it in a browser (it needs no network)" >&2

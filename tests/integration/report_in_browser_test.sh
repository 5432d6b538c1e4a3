#!/usr/bin/env bash
# Opens the cohort HTML report and a timeline SVG in a real browser (headless Chromium) with every
# host name unresolvable, so the page must stand alone: it is parsed, its plots are in the DOM,
# and it renders to a screenshot.
#
#   report_in_browser_test.sh CARTWATCH GEN_COHORT
#
# Exits 77 (skipped) when Chromium is not installed; scripts/setup.sh installs it.
set -euo pipefail

cli="$1"
gen="$2"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "chromium is not installed: skipped"
  exit 77
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cartwatch-browser.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$gen" --patients 60 --seed 3 --layout long --output "$work/cohort.csv" 2>/dev/null
"$cli" cohort --systems astct,lee2014,penn --format html -o "$work/report.html" "$work/cohort.csv"
"$cli" timeline --patient SYN-000001 --format svg -o "$work/course.svg" "$work/cohort.csv"

# Offline: every host resolves to nothing, so any external resource would fail to load.
open_page() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --host-resolver-rules="MAP * ~NOTFOUND" "$@" 2>/dev/null
}

open_page --dump-dom "file://$work/report.html" >"$work/report.dom"
svgs=$(grep -o "<svg" "$work/report.dom" | wc -l)
if ((svgs < 3)); then
  echo "FAIL: the report's DOM holds $svgs SVG plots, expected at least 3" >&2
  exit 1
fi
for section in swimmer by-day; do
  if ! grep -q "id=\"$section\"" "$work/report.dom"; then
    echo "FAIL: section #$section is missing from the rendered report" >&2
    exit 1
  fi
done
if grep -qiE '<(script|link|img)[^>]+(src|href)="https?:' "$work/report.dom"; then
  echo "FAIL: the report refers to a network resource" >&2
  exit 1
fi

open_page --window-size=1400,2000 --screenshot="$work/report.png" "file://$work/report.html"
open_page --window-size=1400,1000 --screenshot="$work/course.png" "file://$work/course.svg"
for png in report course; do
  # A blank page still makes a PNG; a rendered report is far larger than an empty canvas.
  size=$(stat -c %s "$work/$png.png" 2>/dev/null || echo 0)
  if ((size < 20000)); then
    echo "FAIL: $png.png is $size bytes: the page did not render" >&2
    exit 1
  fi
done
echo "report: $svgs SVG plots rendered offline; timeline SVG rendered"

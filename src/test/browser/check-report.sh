#!/usr/bin/env bash
# Opens a PaperTrends report in headless Debian Chromium and checks what a browser made of it.
#
#   src/test/browser/check-report.sh REPORT_HTML OUT_DIR [EXPECTED_TOPIC_CARDS]
#
# Installs Debian's chromium when it is missing (as root, with apt-get). Writes OUT_DIR/dom.html
# (the DOM after the page's script ran), OUT_DIR/screenshot.png and OUT_DIR/chromium.log.
# Checks: the page's script ran and set data-render-ok="true" (every chart drew as many series
# as it declares, no script error), no chart label drawn past its chart's edges (the page's script
# measures each label's box against the view box), every topic card is in the DOM, no console error, nothing
# from the data ran as markup (no data-pwned attribute). Exit 0 ok, 1 failed check, 77 skipped
# (no chromium and no way to install it).
set -euo pipefail

report=${1:?usage: check-report.sh REPORT_HTML OUT_DIR [EXPECTED_TOPIC_CARDS]}
out=${2:?usage: check-report.sh REPORT_HTML OUT_DIR [EXPECTED_TOPIC_CARDS]}
expected_cards=${3:-}
[ -f "$report" ] || { echo "check-report: no such report: $report" >&2; exit 1; }
mkdir -p "$out"
report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "check-report: installing Debian's chromium (apt-get install -y chromium)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq chromium >&2 \
      || { echo "check-report: apt-get install chromium failed" >&2; exit 1; }
    browser=$(command -v chromium)
  else
    echo "check-report: SKIPPED: chromium is not installed and apt-get is not available" \
      "(or not root) to install it" >&2
    exit 77
  fi
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --no-default-browser-check
  --disable-extensions --disable-dev-shm-usage --hide-scrollbars
  --user-data-dir="$profile" --enable-logging=stderr --v=0 --virtual-time-budget=5000)
url="file://$report"

# The DOM after the page's own script ran, and the console messages on stderr.
timeout 120 "$browser" "${flags[@]}" --window-size=1400,1000 --dump-dom "$url" \
  >"$out/dom.html" 2>"$out/chromium.log" || {
  echo "check-report: chromium failed to dump the DOM (see $out/chromium.log)" >&2; exit 1; }
timeout 120 "$browser" "${flags[@]}" --window-size=1400,2400 \
  --screenshot="$out/screenshot.png" "$url" >>"$out/chromium.log" 2>&1 || {
  echo "check-report: chromium failed to take a screenshot (see $out/chromium.log)" >&2; exit 1; }

fail=0
problem() { echo "check-report: FAILED: $*" >&2; fail=1; }
dom="$out/dom.html"
root_tag=$(grep -o '<html[^>]*>' "$dom" | head -1 || true)

[[ "$root_tag" == *'data-render-ok="true"'* ]] \
  || problem "the page's script did not report a clean render: $root_tag"
[[ "$root_tag" == *'data-render-error'* ]] && problem "script error: $root_tag"
[[ "$root_tag" == *'data-pwned'* ]] && problem "text from the data ran as markup: $root_tag"
grep -q 'data-pwned=' "$dom" && problem "text from the data ran as markup (data-pwned in the DOM)"
# The page writes nothing to the console: any console line is an error or a warning.
if grep -qE ':CONSOLE[:(]|Uncaught' "$out/chromium.log"; then
  problem "console messages: $(grep -E ':CONSOLE[:(]|Uncaught' "$out/chromium.log" | head -3)"
fi

cards=$(grep -o '<article [^>]*data-topic="[0-9]*"' "$dom" | wc -l)
cards_src=$(grep -o '<article [^>]*data-topic="[0-9]*"' "$report" | wc -l)
[ "$cards" -eq "$cards_src" ] || problem "$cards topic cards in the DOM, $cards_src in the file"
if [ -n "$expected_cards" ] && [ "$cards" -ne "$expected_cards" ]; then
  problem "$cards topic cards, expected $expected_cards"
fi

# Every chart: the series the browser laid out equal the series it declares.
charts=0
series=0
while IFS= read -r tag; do
  name=$(sed -n 's/.*data-chart="\([^"]*\)".*/\1/p' <<<"$tag")
  want=$(sed -n 's/.*data-series-expected="\([0-9]*\)".*/\1/p' <<<"$tag")
  got=$(sed -n 's/.*data-series-rendered="\([0-9]*\)".*/\1/p' <<<"$tag")
  clipped=$(sed -n 's/.*data-labels-clipped="\([0-9]*\)".*/\1/p' <<<"$tag")
  [ "${clipped:-0}" -eq 0 ] || problem "chart $name cuts ${clipped} label(s) at its edges"
  charts=$((charts + 1))
  series=$((series + ${got:-0}))
  [ -n "$got" ] && [ "$got" = "$want" ] \
    || problem "chart $name rendered ${got:-no} series, expected $want"
done < <(grep -o '<svg [^>]*data-chart="[^"]*"[^>]*>' "$dom")
[ "$charts" -gt 0 ] || problem "no chart in the DOM"
grep -q 'data-chart="topic-shares"' "$dom" || problem "no topic-shares chart"
grep -q 'data-chart="rising-terms"' "$dom" || problem "no rising-terms chart"

[ -s "$out/screenshot.png" ] && [ "$(head -c 4 "$out/screenshot.png" | tail -c 3)" = "PNG" ] \
  || problem "no PNG screenshot"

if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "check-report: ok: $cards topic cards, $charts charts with $series series drawn," \
  "no script error; screenshot $out/screenshot.png"

#!/usr/bin/env bash
# Opens the sample HTML report in headless Chromium: the page must load
# without script errors, its check script must find every section
# (data-report-check="ok" in the dumped DOM), the key elements must be in the
# DOM, and a screenshot is kept for a person to look at.
#
# Usage: html_browser_test.sh SAMPLE_PROGRAM OUT_DIR
# Exit 0 pass, 1 fail, 77 skipped (no chromium; the reason is printed).
set -uo pipefail

sample="$1"
out="$2"

browser=""
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$(command -v "$candidate")"; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIPPED: chromium is not installed (tools/setup installs it)"
  exit 77
fi

mkdir -p "$out"
page="$out/html_report_sample.html"
shot="$out/html_report_sample.png"
rm -f "$page" "$shot" "$out/dom.html" "$out/chromium.log" "$out/screenshot.log"
if ! "$sample" "$page"; then
  echo "FAIL: the sample program could not write $page"
  exit 1
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile")

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

timeout 120 "$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$page" \
  >"$out/dom.html" 2>"$out/chromium.log"
status=$?
[ "$status" -eq 0 ] || fail "chromium --dump-dom exited with $status (log: $out/chromium.log)"

# The page writes nothing to the console, so any console line (Chromium logs
# them as "CONSOLE:<line>]" or "CONSOLE(<line>)]") or an uncaught exception
# is an error.
if grep -E 'Uncaught|CONSOLE[:(][0-9]+\)?\]' "$out/chromium.log"; then
  fail "the page logged to the console or threw (above)"
fi
grep -q 'data-report-check="ok"' "$out/dom.html" ||
  fail "the page's check script did not mark every section present: $(grep -o 'data-report-check="[^"]*"' "$out/dom.html" || echo 'no marker: script did not run')"
for needle in 'id="verdict"' 'id="actions"' 'id="nodes"' 'id="sweep"' 'id="links"' 'id="topology"' 'id="burn"' \
              'id="environment"' 'data-exit-code="1"' '<svg class="chart"' '<polygon class="band"' \
              '<svg class="heatmap"' 'class="cell blamed fail"' '<svg class="topology"' 'class="edge blamed fail"' \
              'class="differs"' '&lt;script&gt;alert(1)&lt;/script&gt;'; do
  grep -qF -- "$needle" "$out/dom.html" || fail "the dumped DOM lacks $needle"
done
# The hostile host name must stay text: no element was created from it.
if grep -qF '<script>alert(1)</script>' "$out/dom.html"; then fail "a host name became markup"; fi

timeout 120 "$browser" "${flags[@]}" --screenshot="$shot" --window-size=1400,3000 --hide-scrollbars "file://$page" \
  >"$out/screenshot.log" 2>&1
status=$?
if [ "$status" -ne 0 ] || [ ! -s "$shot" ]; then
  fail "no screenshot (exit $status, log: $out/screenshot.log)"
else
  echo "screenshot: $shot"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed; page: $page, DOM: $out/dom.html, log: $out/chromium.log"
  exit 1
fi
echo "PASS: $page loads in $("$browser" --version 2>/dev/null | head -1) without errors; every section present"
exit 0

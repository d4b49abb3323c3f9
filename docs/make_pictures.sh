#!/bin/sh
# make_pictures.sh [BUILD_DIR]: makes again the pictures README.md shows (docs/pictures/),
# each with the command written beside it in the README, from the captures in captures/.
# Run it after a change of how sniff draws, look at the pictures (git diff --stat, and an
# image viewer), and commit them with the change. The page's screenshot needs chromium.
# OUT=DIR writes them elsewhere, and NO_SCREENSHOT=1 leaves out the screenshot
# (tests/test_doc_pictures.sh does both, to check that the checked-in ones are current).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
case $build in /*) ;; *) build=$top/$build ;; esac
sniff=$build/sniff/sniff
[ -x "$sniff" ] || { echo "make_pictures: no $sniff: build first" >&2; exit 2; }
out=${OUT:-$top/docs/pictures}
mkdir -p "$out"
cd "$top" # the commands as the README writes them, from the top of the tree
run() { TZ=UTC LC_ALL=C.UTF-8 "$sniff" "$@" 2>/dev/null; }

COLUMNS=110 run -r captures/echo-lo.pcap --ladder >"$out/echo-lo-ladder.txt"
COLUMNS=80 run -r captures/echo-lo.pcap --ladder --ascii >"$out/echo-lo-ladder-ascii80.txt"
run -r captures/echo-lo.pcap --ladder -o "$out/echo-lo-ladder.svg"
run -r captures/echo-lo.pcap --ladder -o "$out/echo-lo-ladder.png"
run -r captures/mismatch.pcap --ladder -o "$out/mismatch-ladder.svg"
for g in stevens tcptrace throughput rtt window; do
    run -r captures/large-transfer.pcap --graph $g -o "$out/large-transfer-$g.svg"
done
run -r captures/large-transfer.pcap --graph tcptrace --size 1280x720 -o "$out/large-transfer-tcptrace.png"
chmod 644 "$out"/* # sniff makes its files private; these are for everyone
# The page itself is not kept (it holds a copy of page.js and page.css): its screenshot is.
if [ -z "${NO_SCREENSHOT:-}" ] && command -v chromium >/dev/null 2>&1; then
    profile=$(mktemp -d)
    trap 'rm -rf "$profile"' EXIT
    run -r captures/echo-lo.pcap -T html -o "$profile/echo-lo.html"
    timeout --foreground -k 5 60 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$profile" --window-size=1600,900 \
        --virtual-time-budget=3000 --screenshot="$out/echo-lo-page.png" \
        "file://$profile/echo-lo.html#frame=6&tab=ladder" >/dev/null 2>&1 || echo "make_pictures: no screenshot" >&2
    chmod 644 "$out/echo-lo-page.png" 2>/dev/null || true
fi
ls -l "$out"

#!/bin/sh
# page_bench.sh [BUILD_DIR]: the class page of a large capture (sniff -T html), made and
# opened. gen_capture writes PACKETS packets (default 100,000) of interleaved echo
# connections; sniff makes their page (time, peak RSS, size); headless chromium opens it
# from file:// ROUNDS times (default 5), a fresh profile each time (bench/page_load.py),
# and the page's own milestones are reported: the file read, parsed, and ready (the first
# screen drawn). Target: ready within 3 s for 100,000 packets.
# Needs chromium, chromium-driver and python3-selenium (./lab installs them).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
bench_capture_programs page_bench 100000 "${1:-}"
rounds=${ROUNDS:-5}
need_python
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$gen" -n "$packets" -w "$out/f.pcap" >/dev/null
echo "capture: $packets packets, $(($(stat -c %s "$out/f.pcap") / 1024)) KiB"
/usr/bin/time -f "sniff -T html: %e s wall, %U s user, %M KiB peak RSS" \
    "$sniff" -r "$out/f.pcap" -T html -o "$out/f.html" 2>&1 | grep -v "dropped privileges"
echo "page: $(($(stat -c %s "$out/f.html") / 1024)) KiB"
echo "load average before opening: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout --foreground -k 5 $((60 * rounds + 60)) "$py" "$top/bench/page_load.py" "$out/f.html" "$rounds"

#!/bin/sh
# test_page_browser.sh SNIFF: the class page in a real browser (tests/page_browser.py):
# Debian's chromium, headless, through chromedriver and python3-selenium, started with a
# fresh profile and no background networking (this machine's network is closed; the
# page must need none). The pages of echo-lo, iterative-two-clients, mismatch and
# concurrent are made here; the problems "]" must visit are the frames -T json marks:
# an analysis flag other than a window update or keep-alive, an echo verdict other than
# ok, a cut or malformed packet.
# Exits 77 without chromium, chromedriver or python3-selenium.
set -eu

sniff=${1:?usage: test_page_browser.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_python
need_tools chromium chromedriver # chromium-driver
"$py" -c 'import selenium' 2>/dev/null || { echo "SKIP: no python3-selenium"; exit 77; }
scratch_dir
for c in echo-lo iterative-two-clients mismatch concurrent; do
    TZ=UTC timeout 60 "$sniff" -r "$top/captures/$c.pcap" -T html -o "$tmp/$c.html"
done
TZ=UTC timeout 60 "$sniff" -r "$top/captures/mismatch.pcap" -T json >"$tmp/mismatch.jsonl"
problems=$("$py" -c 'import json, sys
bad = {"mismatch", "unchecked", "ahead", "stopped", "short", "extra"}
benign = {"window_update", "keep_alive", "keep_alive_ack"}
out = []
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["type"] != "packet":
        continue
    flags = set(o.get("analysis", {}).get("flags", [])) - benign
    v = {o.get(k, {}).get("verdict") for k in ("echo", "echo_close")}
    m = o.get("echo", {}).get("mismatch")
    if flags or v & bad or o.get("truncated") or o.get("malformed") or m:
        out.append(o["frame"]["number"])
print(json.dumps(out))' "$tmp/mismatch.jsonl")
echo "mismatch.pcap's problems: $problems"
[ "$problems" != "[]" ] || { echo "FAIL: mismatch.pcap shows no problem"; exit 1; }
# chromedriver and chromium stop with the script: timeout kills the whole group.
timeout --foreground -k 5 240 "$py" "$top/tests/page_browser.py" "$tmp" "$problems"

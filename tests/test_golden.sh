#!/bin/sh
# test_golden.sh SNIFF: sniff's output on every capture in captures/ that has a golden
# file in tests/golden/ must equal it, line for line (see tests/update_golden.sh for the
# names: CAPTURE.MODE.txt, MODE list, detail (-V), hex (-x), all (--all),
# annotated (-A), summary (--summary), or the ladders at 80 and 160 columns, Unicode and
# ASCII (ladder80, ladder160, ladder-ascii80, ladder-ascii160);
# tests/golden/golden.sh reads them). A difference is printed as a unified diff, golden
# first. Exits 77 (skipped) when there is no golden file.
set -eu

sniff=${1:?usage: test_golden.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
golden=$top/tests/golden
# shellcheck source=tests/golden/golden.sh
. "$golden/golden.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
for f in "$golden"/*.txt; do
    [ -f "$f" ] || continue
    g=${f##*/}
    if ! golden_parse "$g"; then
        echo "FAIL $g: unknown mode (list, detail, hex, all, annotated, summary, ladder80, ladder160, ladder-ascii80, ladder-ascii160)"
        fail=$((fail + 1))
        continue
    fi
    cap=$golden_cap
    if [ ! -f "$top/captures/$cap.pcap" ]; then
        echo "FAIL $g: no captures/$cap.pcap"
        fail=$((fail + 1))
        continue
    fi
    rc=0
    golden_run "$sniff" "$top/captures/$cap.pcap" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $g: sniff exited $rc"
        cat "$tmp/err"
        fail=$((fail + 1))
    elif diff -u "$f" "$tmp/out" >"$tmp/diff"; then
        echo "ok   $g"
        pass=$((pass + 1))
    else
        echo "FAIL $g: output differs from the golden file (- golden, + sniff):"
        head -60 "$tmp/diff"
        fail=$((fail + 1))
    fi
done
[ $((pass + fail)) -gt 0 ] || { echo "SKIP: no golden files in $golden"; exit 77; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

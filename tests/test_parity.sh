#!/bin/sh
# test_parity.sh SNIFF: bench/parity.sh on the parity captures of tests/data/parity (link
# types, tunnels, TCP options, capture-file details: tests/gen_parity.py and
# tests/record_tunnels.sh wrote them): every TCP frame must agree with tshark in the
# TCP-only Info, the bytes pane and the -V header lines. The packet-list mode against
# tshark's full dissection is reported, not required: there an application dissector
# (HTTP, TLS) may take the row, which sniff leaves to the TCP Info. A file that does not
# open in sniff, or prints nothing, fails too. Skipped (77) without tshark.
set -eu

sniff=${1:?usage: test_parity.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
# Every capture opens and prints a line per frame, whatever its link type.
for f in "$top"/tests/data/parity/*.pcap "$top"/tests/data/parity/*.pcapng; do
    [ -f "$f" ] || continue
    want=$(tshark -r "$f" -T fields -e frame.number 2>/dev/null | wc -l)
    got=$(TZ=UTC timeout 60 "$sniff" --all -n -r "$f" 2>"$tmp/err" </dev/null |
        awk '$1 ~ /^[0-9]+$/' | wc -l) || true
    if [ "$got" -ne "$want" ] || [ "$want" -eq 0 ]; then
        echo "FAIL ${f##*/}: sniff printed $got frames, tshark $want"
        cat "$tmp/err"
        fail=1
    fi
done

rc=0
timeout 600 sh "$top/bench/parity.sh" -s "$sniff" -n 10 "$top/tests/data/parity" >"$tmp/report" || rc=$?
[ $rc -eq 77 ] && { echo "SKIP: tshark is not installed"; exit 77; }
cat "$tmp/report"
for mode in tcpinfo hex detail; do
    line=$(grep "^TOTAL AGREE [0-9]*/[0-9]* $mode " "$tmp/report" || true)
    [ -n "$line" ] || { echo "FAIL: no $mode total"; fail=1; continue; }
    n=$(echo "$line" | awk '{ split($3, a, "/"); print (a[1] == a[2] && a[2] > 0) ? "ok" : "no" }')
    [ "$n" = ok ] || { echo "FAIL: $line"; fail=1; }
done
[ $fail -eq 0 ] && echo "ok: parity captures agree with tshark"
exit $fail

#!/bin/sh
# test_anon_layers.sh SNIFF: --anonymize on the parity captures (tests/data/parity: every
# link type sniff decodes beside Ethernet, and every tunnel kind), judged by tshark: no
# original IPv4 or IPv6 address may survive, outer ones included, nor an Ethernet or
# 802.11 address; every checksum (IPv4, TCP, UDP, GRE) must have the status it had, so
# a correct one stays correct; the frames and their TCP lengths must stay. 77 = skipped
# (no tshark).
set -u
sniff=${1:?usage: test_anon_layers.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_tools tshark
scratch_dir
fails=0
ts() {
    tshark -r "$@" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
        -o udp.check_checksum:TRUE 2>/dev/null
}
addrs() { # FILE: every address field, one a line
    ts "$1" -T fields -E separator=, -e ip.addr -e ipv6.addr -e eth.addr -e wlan.addr |
        tr ',\t' '\n\n' | grep -v '^$' | grep -v '^ff:ff:ff:ff:ff:ff$' | sort -u
}
n=0
for f in "$top"/tests/data/parity/tun-*.pcap "$top"/tests/data/parity/lab-*.pcap \
    "$top"/tests/data/parity/link-*.pcap; do
    [ -f "$f" ] || continue
    name=${f##*/}
    out=$tmp/$name
    timeout 60 "$sniff" -r "$f" --all --anonymize="layers key" -w "$out" 2>"$tmp/err" </dev/null ||
        { fail "$name: sniff failed: $(cat "$tmp/err")"; continue; }
    addrs "$f" >"$tmp/orig"
    addrs "$out" >"$tmp/anon"
    left=$(comm -12 "$tmp/orig" "$tmp/anon" | grep -v '^00:00:00:00:00:00$' | tr '\n' ' ')
    [ -z "$left" ] || fail "$name: original addresses survived: $left"
    # One tshark run per file for every field compared (tshark starts slowly).
    for c in "$f" "$out"; do
        ts "$c" -T fields -e frame.number -e tcp.len -e ip.checksum.status -e tcp.checksum.status \
            -e udp.checksum.status -e gre.checksum.status >"$tmp/fields.${c##*/}.$([ "$c" = "$f" ] && echo orig || echo anon)"
    done
    cmp -s "$tmp/fields.$name.orig" "$tmp/fields.$name.anon" ||
        fail "$name: frames, TCP lengths or checksum statuses changed: $(diff "$tmp/fields.$name.orig" "$tmp/fields.$name.anon" | head -3 | tr '\n' ' ')"
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "test_anon_layers: no parity captures"; exit 1; }
[ "$fails" -eq 0 ] && echo "test_anon_layers: ok ($n captures)"
[ "$fails" -eq 0 ]

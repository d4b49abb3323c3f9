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
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_tools tshark
scratch_dir

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

# The display-filter fields of the new layers select the frames tshark's do: each
# filter on the captures (a glob in tests/data/parity) that have its layer.
while read -r glob q; do
    for f in "$top"/tests/data/parity/$glob; do
        [ -f "$f" ] || continue
        ours=$(timeout 60 "$sniff" --all -n -r "$f" -Y "$q" 2>/dev/null </dev/null |
            awk '$1 ~ /^[0-9]+$/ { print $1 }' | tr '\n' ' ')
        theirs=$(tshark -r "$f" -Y "$q" -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
        [ "$ours" = "$theirs" ] ||
            { echo "FAIL -Y '$q' on ${f##*/}: sniff [$ours], tshark [$theirs]"; fail=1; }
    done
done <<'EOF'
tun-vxlan.pcap vxlan.vni == 42 && ip.addr == 198.51.100.1 && tcp.flags.syn == 1
tun-geneve.pcap udp.port == 6081 && geneve.vni == 42 && ip.src == 10.77.0.2
tun-g* gre && gre.key == 42 || gre.proto == 0x6558
tun-synthetic.pcap ah.spi == 0x1000 || ipcomp.cpi == 2 || ipv6.addr == 2001:db8:ffff::1
link-radiotap.pcap wlan.sa == 66:77:88:99:aa:bb && wlan.fc.type_subtype == 0x28 || wlan_radio.channel == 36
link-ppp.pcap ppp.protocol == 0xc021 || tcp.flags.fin == 1
link-chdlc.pcap chdlc.protocol == 0x86dd
link-arcnet.pcap arcnet.src == 10
link-ipoib.pcap ipoib.type == 0x86dd
link-juniper.pcap juniper.direction == 1
tcp-options.pcap tcp.option_kind == 34 || tcp.options.user_to_val == 5 || tcp.flags.ace == 2
tcp-options.pcap tcp.options.acc_ecn.eceb == 2 || mptcp && tcp.options.mptcp.subtype == 2
tun-pppoe.pcap pppoes && pppoe.session_id == 0x2a2a && ipv6
tun-mpls.pcap mpls.label == 16000 && tcp.flags.push == 1
tun-l2tp.pcap l2tp && l2tp.session == 9 && ipv6 || l2tp.tunnel == 7 && tcp.flags.syn == 1
format-pcapng-mixed.pcapng ipv6 && tcp.flags.fin == 1 || eth.src == 02:00:5e:10:00:0a
EOF

rc=0
timeout 600 sh "$top/bench/parity.sh" -s "$sniff" -n 10 "$top/tests/data/parity" >"$tmp/report" || rc=$?
[ $rc -eq 77 ] && { echo "SKIP: tshark is not installed"; exit 77; }
cat "$tmp/report"
for mode in tcpinfo row hex detail; do
    line=$(grep "^TOTAL AGREE [0-9]*/[0-9]* $mode " "$tmp/report" || true)
    [ -n "$line" ] || { echo "FAIL: no $mode total"; fail=1; continue; }
    n=$(echo "$line" | awk '{ split($3, a, "/"); print (a[1] == a[2] && a[2] > 0) ? "ok" : "no" }')
    [ "$n" = ok ] || { echo "FAIL: $line"; fail=1; }
done
[ $fail -eq 0 ] && echo "ok: parity captures agree with tshark"
exit $fail

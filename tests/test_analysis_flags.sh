#!/bin/sh
# test_analysis_flags.sh GEN: the analysis flags of sniff/track/analysis.c on synthetic
# captures (tests/gen_tcp_cases.c) must be exactly those the case scripts expect, and,
# when tshark is installed, exactly those tshark prints at the start of its Info column.
set -eu
gen=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" -w "$dir"
fail=0
for pcap in "$dir"/*.pcap; do
    name=$(basename "$pcap" .pcap)
    "$gen" -a "$pcap" >"$dir/$name.ours"
    # The seeded "chaos" captures have no hand-written expectation: tshark judges them.
    if [ -f "$dir/$name.expect" ] &&
        ! diff -u "$dir/$name.expect" "$dir/$name.ours" >"$dir/$name.diff"; then
        echo "FAIL $name: analysis differs from the expected flags:"
        cat "$dir/$name.diff"
        fail=1
    fi
    if command -v tshark >/dev/null 2>&1; then
        # The leading "[TCP ...] " groups of the Info column: Wireshark's flags.
        tshark -r "$pcap" -o tcp.relative_sequence_numbers:TRUE -T fields \
            -e frame.number -e _ws.col.Info 2>/dev/null |
            sed -E 's/^([0-9]+)\t((\[TCP [^]]*\] )*).*$/\1\t\2/' >"$dir/$name.tshark"
        if ! diff -u "$dir/$name.tshark" "$dir/$name.ours" >"$dir/$name.tdiff"; then
            echo "FAIL $name: analysis differs from tshark's Info column:"
            cat "$dir/$name.tdiff"
            fail=1
        fi
    fi
    [ "$fail" = 0 ] && echo "ok $name"
done
exit $fail

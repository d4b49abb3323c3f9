#!/bin/sh
# test_analysis_flags.sh GEN: the analysis flags of sniff/track/analysis.c on synthetic
# captures (tests/gen_tcp_cases.c) must be exactly those the case scripts expect, and,
# when tshark is installed, exactly those tshark prints at the start of its Info column.
set -eu
gen=$1
# shellcheck source=tests/tcp_cases_lib.sh
. "$(dirname "$0")/tcp_cases_lib.sh"
cases_dir "$gen"
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
        tshark_flags "$pcap" -o tcp.relative_sequence_numbers:TRUE >"$dir/$name.tshark"
        if ! diff -u "$dir/$name.tshark" "$dir/$name.ours" >"$dir/$name.tdiff"; then
            echo "FAIL $name: analysis differs from tshark's Info column:"
            cat "$dir/$name.tdiff"
            fail=1
        fi
    fi
    [ "$fail" = 0 ] && echo "ok $name"
done
exit $fail

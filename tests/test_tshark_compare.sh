#!/bin/sh
# test_tshark_compare.sh SNIFF [CAPTURE...]: for every capture in captures/ (or each one
# named), sniff's packet list must
# agree with Wireshark's (tshark -r) column by column: No., Time (6 decimals), Source,
# Destination, Protocol, Length and Info. tshark is the reference parser; this test is
# skipped (exit 77) where it is not installed.
#
# Documented differences, the only ones normalised:
#  1. tshark writes the port arrow as U+2192 "→" (and may put one between Source and
#     Destination); sniff writes ">" as tcpdump and the course's slides do. Each "→" in
#     tshark's Info is read as ">".
#  2. tshark opens Info with its TCP analysis flags, e.g. "[TCP Retransmission] ",
#     "[TCP Window Update] ", "[TCP Dup ACK 12#1] ", "[TCP Port numbers reused] ". sniff
#     does not print them yet: when sniff's Info does not start with "[TCP ", the leading
#     "[TCP ...] " groups are dropped from tshark's.
# Anything else that differs is a failure: the frame number and both lines are printed.
#
# Two more checks on each capture, for the other views:
#  - detail (-V): sniff prints a subset of Wireshark's tree (it leaves out, for now, the
#    time deltas, conversation completeness and SEQ/ACK analysis), so every line sniff
#    prints for a frame must be one of tshark -V's lines for that frame, in the same
#    order and with the same indentation; the one line of sniff's own, "[TCP state:
#    client ..., server ...]" after the stream index (RFC 9293's states, which
#    Wireshark does not track), is left out of the comparison;
#  - hex (-x): the hex and ASCII lines must equal tshark -x's exactly (sniff also prints
#    each packet's summary line above its bytes: those lines are left out here, as the
#    packet list is compared above).
set -eu

sniff=${1:?usage: test_tshark_compare.sh SNIFF [CAPTURE...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$top"/captures/*.pcap "$top"/captures/*.pcapng
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_tools tshark

scratch_dir
# A fresh home: no personal Wireshark preferences or profiles can change the columns.
mkdir -p "$tmp/home"

pass=0
fail=0
for cap in "$@"; do
    [ -f "$cap" ] || continue
    name=${cap##*/}

    HOME=$tmp/home LC_ALL=C.UTF-8 timeout 120 tshark -n -r "$cap" -T fields -E separator=/t \
        -e _ws.col.No. -e _ws.col.Time -e _ws.col.Source -e _ws.col.Destination \
        -e _ws.col.Protocol -e _ws.col.Length -e _ws.col.Info >"$tmp/tshark" 2>"$tmp/tshark.err" ||
        { failed "$name: tshark failed" "$tmp/tshark.err"; continue; }

    # --all: tshark shows every frame (two-hosts.pcap has ARP too); -n: addresses as
    # tshark -n prints them (the -V comparison below checks vendor names).
    rc=0
    TZ=UTC LC_ALL=C NO_COLOR=1 timeout 60 "$sniff" -n --all -r "$cap" >"$tmp/sniff" 2>"$tmp/sniff.err" \
        </dev/null || rc=$?
    if [ $rc -ne 0 ]; then
        failed "$name: sniff exited $rc" "$tmp/sniff.err"
        continue
    fi

    # sniff's packet list, one packet a line: No. Time Source [> or →] Destination
    # Protocol Length Info. Lines that do not start with a frame number (a header, a
    # blank line) are not packets. Info keeps its own spacing.
    LC_ALL=C awk '
        $1 !~ /^[0-9]+$/ { next }
        {
            n = ($4 == ">" || $4 == "\342\206\222") ? 7 : 6
            s = $0
            sub(/^[ \t]+/, "", s)
            for (i = 1; i <= n; i++) {
                sub(/^[^ \t]+/, "", s)
                sub(/^[ \t]+/, "", s)
            }
            if (n == 7)
                printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $5, $6, $7, s
            else
                printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5, $6, s
        }' "$tmp/sniff" >"$tmp/ours"

    # Compare, normalising tshark's line as documented above.
    if LC_ALL=C awk -F'\t' -v name="$name" '
        BEGIN { cols = "No.|Time|Source|Destination|Protocol|Length|Info"; split(cols, col, "|"); bad = 0 }
        NR == FNR { theirs[FNR] = $0; nt = FNR; next }
        {
            no++
            if (!(no in theirs)) { extra++; next }
            nf = split(theirs[no], t, "\t")
            split($0, o, "\t")
            gsub(/\342\206\222/, ">", t[7])
            if (substr(o[7], 1, 5) != "[TCP ")
                while (match(t[7], /^\[TCP [^]]*\] */))
                    t[7] = substr(t[7], RLENGTH + 1)
            for (i = 1; i <= 7; i++) {
                if (o[i] != t[i]) {
                    if (bad < 20) {
                        printf "  frame %s: %s differs\n    sniff:  %s\n    tshark: %s\n", \
                            t[1], col[i], $0, theirs[no]
                    }
                    bad++
                    break
                }
            }
        }
        END {
            if (no != nt) {
                printf "  sniff printed %d packets, tshark %d\n", no, nt
                bad++
            }
            if (bad > 20)
                printf "  ... %d packets differ in all\n", bad
            exit bad > 0
        }' "$tmp/tshark" "$tmp/ours" >"$tmp/report"; then
        passed "$name ($(wc -l <"$tmp/ours") packets)"
    else
        failed "$name:" "$tmp/report"
    fi

    # Detail: each of sniff's lines, frame by frame, must be found in tshark's frame in
    # order (a greedy subsequence match). sniff -V names MAC vendors by default, as
    # tshark does ("00:00:00_00:00:00 (00:00:00:00:00:00)"); -N m turns on tshark's MAC
    # name resolution alone, so no other name (ports, hosts) depends on its settings.
    # Wireshark's manuf also names a few locally administered blocks the IEEE never
    # assigns (52:54:00 "RealtekU", QEMU's): sniff reads the IEEE registry, so those
    # names are put back to the plain address on tshark's side.
    rc=0
    TZ=UTC LC_ALL=C NO_COLOR=1 timeout 60 "$sniff" --all -V -r "$cap" >"$tmp/ours.V" 2>"$tmp/sniff.err" \
        </dev/null || rc=$?
    HOME=$tmp/home TZ=UTC LC_ALL=C.UTF-8 timeout 120 tshark -N m -V -r "$cap" 2>/dev/null |
        sed -E 's/[^ ,]+_[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2} \(([0-9a-f][2367abef](:[0-9a-f]{2}){5})\)/\1 (\1)/g' \
        >"$tmp/tshark.V" || rc=$?
    if [ $rc -ne 0 ]; then
        failed "$name (-V): sniff or tshark failed" "$tmp/sniff.err"
    elif LC_ALL=C awk '
        /^Frame [0-9]+: / { f = $2 + 0 }
        NR == FNR { n[f]++; line[f, n[f]] = $0; next }
        /^    \[TCP state: (client|server) / { next }
        {
            if (!(f in at)) at[f] = 1
            while (at[f] <= n[f] && line[f, at[f]] != $0) at[f]++
            if (at[f] > n[f]) {
                printf "  frame %d: sniff -V line not among tshark -V lines (in order):\n    %s\n", f, $0
                exit 1
            }
            at[f]++
        }' "$tmp/tshark.V" "$tmp/ours.V" >"$tmp/report"; then
        passed "$name (-V: $(wc -l <"$tmp/ours.V") lines, all in tshark -V)"
    else
        failed "$name (-V):" "$tmp/report"
    fi

    # Hex: the bytes lines, all of them, exactly.
    rc=0
    LC_ALL=C NO_COLOR=1 timeout 60 "$sniff" --all -x -r "$cap" 2>"$tmp/sniff.err" </dev/null |
        grep -E '^[0-9a-f]{4}  ' >"$tmp/ours.x" || rc=$?
    HOME=$tmp/home LC_ALL=C.UTF-8 timeout 120 tshark -n -x -r "$cap" 2>/dev/null |
        grep -E '^[0-9a-f]{4}  ' >"$tmp/tshark.x" || rc=$?
    if [ $rc -ne 0 ]; then
        failed "$name (-x): sniff or tshark failed, or printed no bytes" "$tmp/sniff.err"
    elif diff -u "$tmp/tshark.x" "$tmp/ours.x" >"$tmp/diff"; then
        passed "$name (-x: $(wc -l <"$tmp/ours.x") lines)"
    else
        failed "$name (-x): bytes differ (- tshark, + sniff):" "$tmp/diff" 30
    fi
done
tally_exit "captures to compare"

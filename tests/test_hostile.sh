#!/bin/sh
# test_hostile.sh: sniff -r on captures that are broken on purpose (tests/gen_hostile.c).
#
#   test_hostile.sh SNIFF GEN_HOSTILE [--pending]
#
# For each case: sniff must end by itself (timeout), with the exit status the case
# names (0, or 1 for a file it cannot read to the end; never a signal or a sanitizer's
# status), print the good packets before and after the fault, and print the exact
# message or marker for the fault. Each file is also read with -V and with -x, whose
# output is not checked here: run in the ASan+UBSan build, those runs prove that no
# formatter reads past the captured bytes. --pending runs instead the cases whose
# expected text sniff does not print yet (reported, kept out of ctest until fixed).
set -u

sniff=${1:?usage: test_hostile.sh SNIFF GEN_HOSTILE [--pending]}
gen=${2:?usage: test_hostile.sh SNIFF GEN_HOSTILE [--pending]}
mode=${3:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp" # sniff drops root to nobody after opening; keep the files readable
"$gen" "$tmp" || { echo "FAIL: gen_hostile"; exit 1; }

pass=0
fail=0
# ASan reports become exit status 99, so they cannot pass for "1, a cut file".
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=99"

bad() {
    echo "FAIL: $case: $*"
    ok=0
}

# The packet-list line of frame N (empty when it was not printed). Checks look for pieces
# of it, so that the TCP analysis prefixes ("[TCP Retransmission] ") may come and go.
line_of() {
    awk -v n="$1" '$1 == n { print; exit }' "$tmp/$case.out"
}

# run CASE STATUS [ARGS...]: reads CASE.pcap; checks the exit status and runs -V and -x.
run() {
    case=$1
    want=$2
    shift 2
    ok=1
    rc=0
    timeout -k 5 30 "$sniff" --all -n "$@" -r "$tmp/$case.pcap" >"$tmp/$case.out" \
        2>"$tmp/$case.err" || rc=$?
    [ "$rc" = "$want" ] || bad "exit status $rc, wanted $want ($(grep -v 'dropped privileges' "$tmp/$case.err" | head -n 3))"
    for extra in -V -x; do
        r=0
        timeout -k 5 30 "$sniff" --all -n "$extra" -r "$tmp/$case.pcap" >/dev/null \
            2>"$tmp/$case$extra.err" || r=$?
        [ "$r" = "$want" ] || bad "with $extra: exit status $r, wanted $want ($(head -n 3 "$tmp/$case$extra.err"))"
    done
    # The filter's fields with the most values a packet can give (every IP header's
    # addresses, every port), printed and matched: their arrays are bounded.
    r=0
    timeout -k 5 30 "$sniff" --all -n -T fields -e ip.addr -e ipv6.addr -e tcp.port \
        -e udp.port -Y 'ip.addr == 127.0.0.1 || ipv6.addr == ::1 || !tcp' \
        -r "$tmp/$case.pcap" >"$tmp/$case.fields" 2>"$tmp/$case-fields.err" || r=$?
    [ "$r" = "$want" ] || bad "with -T fields -Y: exit status $r, wanted $want ($(head -n 3 "$tmp/$case-fields.err"))"
}

# has N TEXT: frame N's packet-list line contains TEXT.
has() {
    l=$(line_of "$1")
    case "$l" in
    *"$2"*) ;;
    *) bad "frame $1: wanted '$2', got '${l:-nothing}'" ;;
    esac
}

# detail N TEXT: sniff -V prints TEXT somewhere in frame N's tree.
detail() {
    timeout -k 5 30 "$sniff" --all -n -V -r "$tmp/$case.pcap" 2>/dev/null |
        awk -v n="$1" '/^Frame / { f = ($2 + 0 == n) } f' >"$tmp/$case.detail"
    grep -qF -- "$2" "$tmp/$case.detail" || bad "frame $1 -V: wanted '$2'"
}

# err TEXT: standard error contains TEXT.
err() {
    grep -qF -- "$1" "$tmp/$case.err" || bad "stderr: wanted '$1', got '$(grep -v 'dropped privileges' "$tmp/$case.err" | head -n 2)'"
}

# frames N: exactly N packet-list lines.
frames() {
    n=$(awk '$1 ~ /^[0-9]+$/' "$tmp/$case.out" | wc -l)
    [ "$n" -eq "$1" ] || bad "$n frames printed, wanted $1"
}

# The good packets around each fault: Len=11 ("good-before") first, Len=10 after.
good_around() { # LAST
    has 1 "40000 > 15213 [PSH, ACK]"
    has 1 "Len=11"
    has "$1" "Len=10"
    frames "$1"
}

done_case() {
    if [ "$ok" = 1 ]; then
        echo "ok: $case"
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
}

if [ "$mode" = --pending ]; then
    # Wireshark's wording, which sniff's detail tree does not give yet: none now.
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
fi

# ---- the file itself ----
run cut_global_header 1
err "is cut inside its file header (the file has only 10 bytes): it holds no packets"
frames 0
done_case

run cut_record_header 1
has 1 "Len=11"
frames 1
err "is cut at byte 113, in the record after packet 1 (that record starts at byte 105): its 16-byte record header has only 8. The 1 packet before it was read"
done_case

run cut_record_data 1
has 1 "Len=11"
frames 1
err "is cut at byte 141, in the record after packet 1 (that record starts at byte 105): it announces 68 captured bytes and has only 20. The 1 packet before it was read"
done_case

run huge_caplen 1
has 1 "Len=11"
frames 1
err "invalid packet capture length 4294967280, bigger than snaplen of 262144"
done_case

run caplen_gt_len 0
good_around 3
has 2 "Len=16" # decoded from the captured bytes; the wire length is the smaller
done_case

# A record longer than the file's snapshot length is kept whole, as Wireshark keeps it
# (libpcap alone would cut it to the snapshot length).
run caplen_gt_snaplen 0
has 1 "Len=4"
has 2 " 122 40000 > 15213 [PSH, ACK] Seq=5 Ack=1 Win=65535 Len=68"
case "$(line_of 2)" in *"limited during capture"*) bad "frame 2: marked as cut" ;; esac
has 3 "Len=4"
frames 3
done_case

run zero_length 0
good_around 4
has 2 "Ethernet II[Malformed Packet]"
has 3 "Ethernet II[Packet size limited during capture]"
done_case

# A link type sniff does not decode: read, and its frames shown as data.
run unknown_linktype 0
err "link-type DLT 147 is not one sniff decodes: its frames are shown as data"
grep -qF "(DLT 147)" "$tmp/$case.err" && bad "stderr: the DLT number twice"
frames 1
detail 1 "User encapsulation not handled: DLT=147"
detail 1 "Data (60 bytes)"
done_case

run timestamps_backwards 0
frames 4
has 1 " 0.000000 "
has 2 " -5.000000 "
has 3 " -1700000010.000000 "
has 4 " 2.000000 "
done_case

run truncated_every_length 0
frames 79
has 1 "Ethernet II[Packet size limited during capture]"
has 19 "[Packet size limited during capture]"
has 43 "40000 > 15213[Packet size limited during capture]"
has 78 "TSval=1 TSecr=0[Packet size limited during capture]"
has 79 "MSS=65495 SACK_PERM TSval=1 TSecr=0 WS=128"
done_case

for lt in null loop raw sll sll2 ipv4; do
    run "link_$lt" 0
    good_around 3
    has 2 "[Packet size limited during capture]"
    done_case
done

# ---- headers that lie ----
for s in "" _snap; do
    run "ip4_ihl_lt5$s" 0
    good_around 3
    has 2 "Bogus IP header length (16, must be at least 20)"
    done_case

    # As tshark: the link addresses (IPv4 stops before its own) and no [Malformed Packet].
    run "ip4_totlen_lt_hdr$s" 0
    good_around 3
    has 2 "02:00:00:00:00:01      02:00:00:00:00:02      IPv4         54 Bogus IP length (12, less than header length 20)"
    case $(line_of 2) in *Malformed*) bad "frame 2: [Malformed Packet] marker" ;; esac
    done_case

    run "ip6_ext_overrun$s" 0
    good_around 3
    has 2 "IPv6         70 [Malformed Packet]"
    done_case

    run "ip6_plen_short$s" 0
    good_around 3
    has 2 "IPv6         82 [Malformed Packet]"
    done_case
done

run tcp_doff_lt5 0
good_around 3
has 2 "bogus TCP header length (12, must be at least 20)"
done_case

# Wireshark stops at a bogus data offset before it reads the checksum: no mark, though
# the snapshot cut the header.
run tcp_doff_lt5_snap 0
good_around 3
has 2 "40000 > 15213 [ACK] Seq=4294966297 Ack=0 Win=65535, bogus TCP header length (12, must be at least 20)"
case "$(line_of 2)" in *"limited during capture"*) bad "frame 2: marked as cut" ;; esac
done_case

run tcp_doff_past_end 0
good_around 3
has 2 "[ACK] Seq=0 Ack=0 Win=65535[Malformed Packet]"
done_case

run tcp_doff_past_end_snap 0
good_around 3
has 2 "40000 > 15213[Packet size limited during capture]"
done_case

run tcp_opt_len0 0
good_around 3
has 2 "[SYN] Seq=0 Win=65535 Len=0"
detail 2 "Maximum segment size (with too-short option length = 0 bytes)"
detail 2 "[Expert Info (Note/Sequence): Maximum segment size (with too-short option length = 0 bytes)]"
grep -qF "Options: (4 bytes), " "$tmp/$case.detail" && bad "frame 2 -V: the MSS listed in the Options summary"
done_case

run tcp_opt_len1 0
good_around 3
has 2 "[SYN] Seq=0 Win=65535 Len=0"
detail 2 "Timestamps (with too-short option length = 1 byte)"
detail 2 "Options: (4 bytes), No-Operation (NOP), No-Operation (NOP)"
done_case

run tcp_opt_overrun 0
good_around 3
has 2 "[SYN] Seq=0 Win=65535 Len=0"
detail 2 "Timestamps (option length = 30 bytes says option goes past end of options)"
done_case

for c in tcp_opt_len0_snap tcp_opt_len1_snap tcp_opt_overrun_snap; do
    run "$c" 0
    good_around 3
    has 2 "[Packet size limited during capture]"
    done_case
done

run ip6_ext_loop 0
good_around 3
has 2 "TCP         170 "
has 2 "40000 > 15213 [ACK] Seq=1 Ack=1 Win=65535 Len=0"
done_case

run ip6_ext_loop_snap 0
good_around 3
has 2 "40000 > 15213[Packet size limited during capture]"
done_case

run vlan_qinq 0
good_around 3
has 2 "TCP          74 "
has 2 "40000 > 15213 [PSH, ACK] Seq=4294966298 Ack=1 Win=65535 Len=12"
detail 2 "802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 101"
done_case

run vlan_stacked 0
good_around 3
has 2 "TCP          90 "
has 2 "40000 > 15213 [PSH, ACK] Seq=4294966298 Ack=1 Win=65535 Len=12"
detail 2 "802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 103"
detail 2 "802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 105"
grep -qF "more VLAN tag" "$tmp/$case.detail" && bad "frame 2 -V: six tags said to be skipped"
done_case

# Nine IPv4 headers (IP-in-IP): eighteen addresses, more than a field keeps for one
# packet (16). The packet decodes to its TCP; ip.addr gives the first sixteen.
run ip4_nested9 0
good_around 3
has 2 "TCP         214 "
has 2 "40000 > 15213 [ACK] Seq=4294966297 Ack=0 Win=65535 Len=0"
n=$(sed -n 2p "$tmp/$case.fields" | cut -f1 | tr ',' '\n' | grep -c '^127.0.0.1$')
[ "$n" = 16 ] || bad "frame 2 -T fields -e ip.addr: $n addresses, wanted 16"
done_case

run ip4_nested9_snap 0
good_around 3
has 2 "[Packet size limited during capture]"
done_case

# Ten tags, more than sniff keeps (8): the packet decodes, the tree says what it skipped.
run vlan_deep 0
good_around 3
has 2 "TCP         106 "
has 2 "40000 > 15213 [PSH, ACK] Seq=4294966298 Ack=1 Win=65535 Len=12"
detail 2 "802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 107"
detail 2 "[2 more VLAN tags, not decoded: sniff keeps the first 8]"
detail 2 "Transmission Control Protocol, Src Port: 40000, Dst Port: 15213"
done_case

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

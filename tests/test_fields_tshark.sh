#!/bin/sh
# test_fields_tshark.sh SNIFF GEN_TCP_CASES GEN_CAPTURE [GEN_HOSTILE]: sniff -T fields
# against tshark -T fields, byte for byte, for the fields below on every shipped capture
# (captures/), every synthetic TCP case (tests/gen_tcp_cases.c), two generated loads
# (bench/gen_capture) and most broken captures (tests/gen_hostile.c), with tshark's -E options: a header, a separator, quotes, the
# first, last or every occurrence, an aggregator. An autograder written for tshark must
# read sniff's output the same way.
set -eu

sniff=${1:?usage: test_fields_tshark.sh SNIFF GEN_TCP_CASES GEN_CAPTURE [GEN_HOSTILE]}
gen_cases=${2:?}
gen_capture=${3:?}
gen_hostile=${4:-}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
# shellcheck source=tests/tcp_cases_lib.sh
. "$top/tests/tcp_cases_lib.sh"
need_tools tshark
scratch_dir
fresh_home
test_inputs "$gen_cases" "$gen_capture" 5
mkdir -p "$tmp/hostile"
[ -z "$gen_hostile" ] || timeout 60 "$gen_hostile" "$tmp/hostile" >/dev/null

# Every field of sniff's table that tshark also has (echo.* are sniff's own).
fields="frame.number frame.len frame.cap_len frame.time frame.time_epoch frame.time_delta
frame.time_relative frame.comment eth.addr eth.src eth.dst eth.type eth.lg eth.ig eth.src.lg
eth.src.ig eth.dst.lg eth.dst.ig vlan.id vlan.priority vlan.dei vlan.etype ip.version
ip.hdr_len ip.dsfield ip.dsfield.dscp ip.dsfield.ecn ip.len ip.id ip.flags ip.flags.rb
ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto ip.checksum ip.src ip.dst ip.addr
ipv6.version ipv6.tclass ipv6.tclass.dscp ipv6.tclass.ecn ipv6.flow ipv6.plen ipv6.nxt
ipv6.hlim ipv6.src ipv6.dst ipv6.addr tcp.srcport tcp.dstport tcp.port tcp.stream tcp.len
tcp.seq tcp.seq_raw tcp.nxtseq tcp.ack tcp.ack_raw tcp.hdr_len tcp.flags tcp.flags.res
tcp.flags.ae tcp.flags.cwr tcp.flags.ece tcp.flags.urg tcp.flags.ack tcp.flags.push
tcp.flags.reset tcp.flags.syn tcp.flags.fin tcp.window_size_value tcp.window_size
tcp.window_size_scalefactor tcp.checksum tcp.urgent_pointer tcp.options.mss_val
tcp.options.wscale.shift tcp.options.wscale.multiplier tcp.options.timestamp.tsval
tcp.options.timestamp.tsecr tcp.options.sack_le tcp.options.sack_re tcp.payload
tcp.analysis.flags tcp.analysis.retransmission tcp.analysis.fast_retransmission
tcp.analysis.spurious_retransmission tcp.analysis.out_of_order tcp.analysis.lost_segment
tcp.analysis.ack_lost_segment tcp.analysis.duplicate_ack tcp.analysis.zero_window
tcp.analysis.zero_window_probe tcp.analysis.zero_window_probe_ack tcp.analysis.window_full
tcp.analysis.window_update tcp.analysis.keep_alive tcp.analysis.keep_alive_ack
tcp.analysis.reused_ports tcp.analysis.duplicate_ack_num tcp.analysis.duplicate_ack_frame
tcp.analysis.ack_rtt tcp.analysis.bytes_in_flight tcp.analysis.acks_frame udp.srcport
udp.dstport udp.port udp.length udp.checksum udp.payload icmp.type icmp.code icmp.checksum
icmp.ident icmp.seq icmp.ident_le icmp.seq_le icmp.resp_to icmpv6.type icmpv6.code
icmpv6.checksum icmpv6.echo.identifier icmpv6.echo.sequence_number arp.hw.type
arp.proto.type arp.hw.size arp.proto.size arp.opcode arp.src.hw_mac arp.src.proto_ipv4
arp.dst.hw_mac arp.dst.proto_ipv4"
args=
for f in $fields; do args="$args -e $f"; done

pass=0
fail=0
# sniff --list-fields: every field's type is Wireshark's (tshark -G fields), but sniff's
# own echo.* (Wireshark's echo.* are RFC 862's port-7 protocol, other fields) and
# tcp.state.* (the connection model's states: Wireshark has none).
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 "\t" $4 }' >"$tmp/wstypes"
tshark -G protocols 2>/dev/null | awk -F'\t' '{ print $3 "\tFT_PROTOCOL" }' >>"$tmp/wstypes"
"$sniff" --list-fields | grep -Ev '^(echo|tcp\.state)\.' >"$tmp/ourtypes"
awk -F'\t' 'NR == FNR { t[$1] = $2; next }
    !($1 in t) { print "  " $1 ": not a Wireshark field"; bad++ }
    ($1 in t) && t[$1] != $2 { print "  " $1 ": sniff " $2 ", Wireshark " t[$1]; bad++ }
    END { exit bad > 0 }' "$tmp/wstypes" "$tmp/ourtypes" >"$tmp/typediff" || {
    echo "FAIL --list-fields: types differ from tshark -G fields:"
    cat "$tmp/typediff"
    fail=$((fail + 1))
}

for cap in "$top"/captures/*.pcap "$tmp"/cases/*.pcap "$tmp"/gen-*.pcap "$tmp"/hostile/*.pcap; do
    [ -f "$cap" ] || continue
    name=${cap##*/}
    # tests/gen_hostile.c's files, but those that are not captures sniff reads whole
    # (cut, unknown link type, zero length, impossible lengths) and those where sniff's
    # decoders stop earlier than Wireshark's in a broken header, not its fields: TCP
    # options cut by the snapshot length or with impossible lengths, a data offset below
    # 5 cut short or past the segment, more VLAN tags than sniff keeps (8) or tags cut
    # short, an IPv4 header of 2 bytes, an IPv6 extension-header loop.
    case $name in
    cut_* | unknown_linktype* | zero_length* | huge_caplen* | caplen_gt_*) continue ;;
    tcp_opt_*_snap* | tcp_doff_lt5_snap* | tcp_doff_past_end* | vlan_* | truncated_every_length*) continue ;;
    link_ipv4* | link_raw* | ip6_ext_loop.pcap) continue ;;
    esac
    for opts in "-E header=y" "-E separator=, -E quote=d -E occurrence=f" \
        "-E separator=/s -E occurrence=l -E aggregator=;"; do
        # shellcheck disable=SC2086
        timeout 120 tshark -n -r "$cap" -T fields $opts $args >"$tmp/theirs" 2>/dev/null
        # shellcheck disable=SC2086
        if ! timeout 60 "$sniff" -n --all -r "$cap" -T fields $opts $args >"$tmp/ours" 2>"$tmp/err"; then
            echo "FAIL $name ($opts): sniff failed"
            cat "$tmp/err"
            fail=$((fail + 1))
            continue
        fi
        if cmp -s "$tmp/theirs" "$tmp/ours"; then
            pass=$((pass + 1))
            continue
        fi
        fail=$((fail + 1))
        echo "FAIL $name ($opts): sniff's fields differ from tshark's; first differences:"
        # Name the column of each differing value.
        awk -F"$(printf '\t')" -v fl="$fields" 'BEGIN { n = split(fl, names, /[ \n]+/) }
            NR == FNR { t[FNR] = $0; next }
            { if ($0 != t[FNR]) { nt = split(t[FNR], a, FS); split($0, b, FS)
                for (i = 1; i <= n; i++) if (a[i] != b[i] && shown < 12) {
                    printf "  line %d %s: tshark \"%s\", sniff \"%s\"\n", FNR, names[i], a[i], b[i]; shown++ } } }' \
            "$tmp/theirs" "$tmp/ours"
    done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

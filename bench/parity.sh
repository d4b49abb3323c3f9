#!/bin/sh
# parity.sh [-s SNIFF] [-n MAX] [-q] DIR|FILE...: how much of sniff's output equals
# Wireshark's (tshark) on captures sniff has never seen.
#
# For every capture file (pcap or pcapng; a directory is searched for *.pcap, *.pcapng,
# *.cap, *.pcap.gz ...) the frames tshark decodes as TCP are compared in four modes:
#   list      the packet-list line (No., Time, Source, Destination, Protocol, Length,
#             Info) from tshark -n -T fields -e _ws.col.*, laid out as sniff lays its
#             columns out, against sniff -n --all; tshark's "→" is read as ">".
#   tcpinfo   the same, against tshark with every protocol disabled but the ones sniff
#             decodes (frame, link layers, tunnels, IP, TCP, UDP, ICMP...): the TCP Info
#             Wireshark writes when no application dissector took the row.
#   row       the list line against tshark's, but where an application dissector took
#             tshark's row (its line with every protocol enabled differs from the
#             TCP-only one) against the TCP-only line: every TCP frame of the list,
#             judged as far as sniff decodes.
#   hex       the frame's bytes pane (tshark -x, the "Frame" source only) against
#             sniff -x, line for line.
#   detail    the -V header lines (each protocol's top line, not indented) against
#             sniff -V's, with tshark's protocols restricted as for tcpinfo (an
#             application's tree, "Hypertext Transfer Protocol", is not sniff's to show;
#             its bytes are "Data" in both).
# A frame agrees in a mode when its line (list, tcpinfo) or all its lines (hex, detail)
# are equal. Printed: "AGREE n/N MODE FILE" per file and mode, the first MAX (default 5;
# 0 for all) differing frames of each (tshark's line first), and the totals. -q prints
# only the totals. Exit status 0 when every frame agrees, 1 otherwise, 2 for bad usage;
# 77 when tshark is not installed.
#
# Both programs run with TZ=UTC and a fresh HOME (no personal Wireshark profile). The
# comparison is restricted to TCP frames: sniff is a TCP tool, and its other lines
# (ARP, ICMP, 802.11 management...) are checked by the project's own tests.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
sniff=${SNIFF:-$top/build/sniff/sniff}
max=5
quiet=0
while getopts s:n:q opt; do
    case $opt in
    s) sniff=$OPTARG ;;
    n) max=$OPTARG ;;
    q) quiet=1 ;;
    *) echo "usage: parity.sh [-s SNIFF] [-n MAX] [-q] DIR|FILE..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: parity.sh [-s SNIFF] [-n MAX] [-q] DIR|FILE..." >&2; exit 2; }
command -v tshark >/dev/null 2>&1 || { echo "parity.sh: tshark is not installed" >&2; exit 77; }
[ -x "$sniff" ] || { echo "parity.sh: no sniff at $sniff (build first, or -s SNIFF)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/tcponly/.config/wireshark"

# The TCP-only profile: every protocol disabled except what sniff decodes. tshark 4.0
# has no "--disable-protocol ALL", so the list comes from tshark -G protocols.
keep='^(frame|eth|ethertype|vlan|ieee8021ad|sll|null|raw|ip|ipv6|ipv6\..*|tcp|mptcp|udp|icmp|icmpv6|arp|ppp|chdlc|wlan|wlan\..*|radiotap|wlan_radio|ppi|llc|ipoib|arcnet|juniper|gre|wccp|vxlan|geneve|ah|ipcomp|pppoes|pppoed|mpls|l2tp|data|_ws\..*)$'
HOME=$tmp/home tshark -G protocols 2>/dev/null | awk -F'\t' '{print $3}' |
    grep -Ev "$keep" >"$tmp/tcponly/.config/wireshark/disabled_protos" || true

files=$tmp/files
: >"$files"
for a in "$@"; do
    if [ -d "$a" ]; then
        find "$a" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' -o \
            -name '*.pcap.gz' -o -name '*.pcapng.gz' -o -name '*.dmp' -o -name '*.ntar' \) |
            LC_ALL=C sort >>"$files"
    else
        echo "$a" >>"$files"
    fi
done

# tshark's list, laid out as sniff prints it: "%7s %-11s %-22s %-22s %-8s %6s %s".
ts_list() { # HOME FILE
    HOME=$1 TZ=UTC LC_ALL=C.UTF-8 timeout 300 tshark -n -r "$2" -T fields -E separator=/t \
        -e _ws.col.No. -e _ws.col.Time -e _ws.col.Source -e _ws.col.Destination \
        -e _ws.col.Protocol -e _ws.col.Length -e _ws.col.Info 2>/dev/null |
        LC_ALL=C awk -F'\t' '{ i = $7; gsub(/\342\206\222/, ">", i)
            printf "%7s %-11s %-22s %-22s %-8s %6s %s\n", $1, $2, $3, $4, $5, $6, i }'
}

ts_tcp() { # HOME FILE: the frame numbers tshark decodes as TCP (a file cut short in
    # its last record makes tshark exit 2 after printing every whole frame: keep those)
    HOME=$1 timeout 300 tshark -n -r "$2" -Y tcp -T fields -e frame.number 2>/dev/null || true
}

# One block per frame, keyed by frame number: "N<TAB>line" for each line of it.
blocks_hex() { # tshark -P -x or sniff -x output -> N<TAB>hex line (first source only)
    LC_ALL=C awk '
        /^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]  [0-9a-f][0-9a-f] / { if (n != "" && src <= 1) print n "\t" $0; next }
        /^.*\([0-9]+ bytes\):$/ { src++; next }
        /^ *[0-9]+ / { n = $1; src = 0; next }'
}
blocks_detail() { # -V output -> N<TAB>top-level line
    LC_ALL=C awk '
        /^Frame [0-9]+: / { n = $2; sub(/:$/, "", n) }
        /^[^ ]/ && n != "" && !/^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / { print n "\t" $0 }'
}

# compare MODE FILE TCPFRAMES OURS THEIRS KIND: KIND line (one line per frame) or block.
compare() {
    LC_ALL=C awk -F'\t' -v mode="$1" -v name="$2" -v kind="$6" -v max="$max" -v quiet="$quiet" '
        FILENAME == ARGV[1] { tcp[$1] = 1; order[++nt] = $1; next }
        FILENAME == ARGV[2] {
            if (kind == "line") { n = $0; sub(/^ +/, "", n); sub(/ .*/, "", n); ours[n] = $0 }
            else { ours[$1] = ours[$1] "\n" $2 }
            next
        }
        {
            if (kind == "line") { n = $0; sub(/^ +/, "", n); sub(/ .*/, "", n); theirs[n] = $0 }
            else { theirs[$1] = theirs[$1] "\n" $2 }
        }
        END {
            agree = 0; shown = 0
            for (i = 1; i <= nt; i++) {
                f = order[i]
                if ((f in ours) && ours[f] == theirs[f]) { agree++; continue }
                if (quiet || (max > 0 && shown >= max)) continue
                shown++
                if (kind == "line") {
                    printf "    frame %s\n      tshark: %s\n      sniff:  %s\n", f, theirs[f], (f in ours) ? ours[f] : "(none)"
                } else {
                    nts = split(theirs[f], a, "\n"); nos = split(ours[f], b, "\n")
                    for (j = 2; j <= (nts > nos ? nts : nos); j++) if (a[j] != b[j]) break
                    printf "    frame %s, line %d\n      tshark: %s\n      sniff:  %s\n", f, j - 1, (j <= nts) ? a[j] : "(none)", (j <= nos) ? b[j] : "(none)"
                }
            }
            printf "AGREE %d/%d %s %s\n", agree, nt, mode, name
        }' "$3" "$4" "$5"
}

rows() { # FULL TCPONLY -> tshark's row per frame: the TCP-only line where they differ
    LC_ALL=C awk 'FILENAME == ARGV[1] { n = $1; only[n] = $0; next }
        { n = $1; print (n in only) ? only[n] : $0 }' "$2" "$1"
}

run_sniff() { # ARGS... -> stdout
    TZ=UTC LC_ALL=C NO_COLOR=1 timeout 300 "$sniff" -n --all --color=never "$@" 2>/dev/null </dev/null || true
}

: >"$tmp/report"
while IFS= read -r cap; do
    [ -f "$cap" ] || continue
    name=${cap#"$top"/}
    ts_tcp "$tmp/home" "$cap" >"$tmp/tcp"
    [ -s "$tmp/tcp" ] || continue
    ts_tcp "$tmp/tcponly" "$cap" >"$tmp/tcp.only"

    run_sniff -r "$cap" | LC_ALL=C awk '$1 ~ /^[0-9]+$/' >"$tmp/ours.list"
    ts_list "$tmp/home" "$cap" >"$tmp/theirs.list"
    ts_list "$tmp/tcponly" "$cap" >"$tmp/theirs.tcponly"
    compare list "$name" "$tmp/tcp" "$tmp/ours.list" "$tmp/theirs.list" line >>"$tmp/report"
    compare tcpinfo "$name" "$tmp/tcp.only" "$tmp/ours.list" "$tmp/theirs.tcponly" line >>"$tmp/report"
    rows "$tmp/theirs.list" "$tmp/theirs.tcponly" >"$tmp/theirs.row"
    compare row "$name" "$tmp/tcp" "$tmp/ours.list" "$tmp/theirs.row" line >>"$tmp/report"

    run_sniff -x -r "$cap" | blocks_hex >"$tmp/ours.hex"
    HOME=$tmp/home timeout 300 tshark -n -r "$cap" -P -x 2>/dev/null | blocks_hex >"$tmp/theirs.hex" || true
    compare hex "$name" "$tmp/tcp" "$tmp/ours.hex" "$tmp/theirs.hex" block >>"$tmp/report"

    run_sniff -V -r "$cap" | blocks_detail >"$tmp/ours.V"
    HOME=$tmp/tcponly TZ=UTC LC_ALL=C.UTF-8 timeout 300 tshark -n -r "$cap" -V 2>/dev/null |
        blocks_detail >"$tmp/theirs.V" || true
    compare detail "$name" "$tmp/tcp.only" "$tmp/ours.V" "$tmp/theirs.V" block >>"$tmp/report"
done <"$files"

if [ "$quiet" = 0 ]; then
    # Each file's AGREE line after its differences, as compare wrote them.
    cat "$tmp/report"
    echo
fi
LC_ALL=C awk '
    /^AGREE / { split($2, f, "/"); a[$3] += f[1]; n[$3] += f[2]; files[$3]++ }
    END {
        bad = 0
        split("list tcpinfo row hex detail", m, " ")
        for (i = 1; i <= 5; i++) {
            k = m[i]
            if (!(k in n)) continue
            printf "TOTAL AGREE %d/%d %s (%.2f%%, %d files)\n", a[k], n[k], k, n[k] ? 100 * a[k] / n[k] : 100, files[k]
            if (a[k] != n[k]) bad = 1
        }
        exit bad
    }' "$tmp/report"

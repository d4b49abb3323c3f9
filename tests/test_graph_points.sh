#!/bin/sh
# test_graph_points.sh SNIFF GEN_TCP_CASES: the data behind the TCP stream graphs, then
# the drawing. gen_tcp_cases writes scripted connections with known retransmissions,
# duplicate ACKs, zero and scaled windows; tests/graph_expect.py computes from each
# script alone the points Wireshark's definitions give; `sniff --graph TYPE --format csv`
# must plot exactly those, for both directions, every type. Then the drawing of two of
# them: the dots and the red retransmission marks counted in the SVG.
# Exits 77 without python3.
set -eu

sniff=${1:?usage: test_graph_points.sh SNIFF GEN_TCP_CASES}
gen=${2:?usage: test_graph_points.sh SNIFF GEN_TCP_CASES}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_python
scratch_dir
"$gen" -w "$tmp" >/dev/null
fails=0
n=0
for c in retrans dupack zerowin winfull lost ooo spurious keepalive synretry echo_ok echo_trunc \
    echo_tail; do
    for g in stevens tcptrace throughput rtt window; do
        for d in 0 1; do
            side=client
            [ $d = 1 ] && side=server
            "$py" "$top/tests/graph_expect.py" "$tmp/$c.script" $g $d >"$tmp/want.csv"
            if ! timeout 60 "$sniff" -r "$tmp/$c.pcap" --graph $g --direction $side --format csv \
                -o "$tmp/got.csv" 2>"$tmp/err"; then
                echo "FAIL $c $g $side: $(cat "$tmp/err")"
                fails=$((fails + 1))
                continue
            fi
            if ! "$py" "$top/tests/pic_check.py" csv-eq "$tmp/got.csv" "$tmp/want.csv" >/dev/null 2>"$tmp/err"; then
                echo "FAIL $c $g $side: $(cat "$tmp/err")"
                diff "$tmp/want.csv" "$tmp/got.csv" | head -20
                fails=$((fails + 1))
            fi
            n=$((n + 1))
        done
    done
done

# The drawing of the data: a retransmission is a red mark, every segment a dot.
svg_count() { # FILE TAG ATTR VALUE
    "$py" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
print(sum(1 for e in r.iter("{http://www.w3.org/2000/svg}" + sys.argv[2]) if e.get(sys.argv[3]) == sys.argv[4]))' "$@"
}
drawn() { # CASE TYPE WANT_DOTS WANT_MARKS
    timeout 60 "$sniff" -r "$tmp/$1.pcap" --graph "$2" --direction client -o "$tmp/$1.svg" 2>/dev/null
    dots=$(svg_count "$tmp/$1.svg" circle fill "#1f5fbf")
    marks=$(svg_count "$tmp/$1.svg" line stroke "#d01010")
    # a mark is an x, two strokes; the legend shows one more
    if [ "$dots" != "$3" ] || [ "$marks" != $(($4 * 2 + 2)) ]; then
        echo "FAIL drawing $1 $2: $dots dots and $marks mark strokes, not $3 and $(($4 * 2 + 2))"
        fails=$((fails + 1))
    fi
}
drawn retrans stevens 4 1  # SYN, ACK, the segment and its retransmission (marked)
drawn spurious stevens 4 1 # SYN, ACK, the segment, the spurious one 300 ms later
[ $fails -eq 0 ] || { echo "$fails of $n graphs differ"; exit 1; }
echo "$n graphs plot what their scripts imply"

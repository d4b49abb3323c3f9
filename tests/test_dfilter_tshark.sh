#!/bin/sh
# test_dfilter_tshark.sh SNIFF GEN_TCP_CASES GEN_CAPTURE [PER_CAPTURE [SEED]]: sniff's
# display filter against tshark's on random filters. For every shipped capture
# (captures/), every synthetic TCP case (tests/gen_tcp_cases.c) and two generated loads
# (bench/gen_capture), tests/gen_filters.py writes PER_CAPTURE (default 40) random
# filters from the capture's own values; tshark judges them all in one pass (-z io,stat,
# the count, sum, minimum and maximum of the numbers of the frames each filter passes),
# sniff one run each (-T fields -e frame.number -Y FILTER). Every filter must select
# the same frames. Seeded: a failure names the capture, the seed and the filter.
set -eu

sniff=${1:?usage: test_dfilter_tshark.sh SNIFF GEN_TCP_CASES GEN_CAPTURE [PER_CAPTURE [SEED]]}
gen_cases=${2:?}
gen_capture=${3:?}
per=${4:-40}
seed=${5:-15213}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
# shellcheck source=tests/tcp_cases_lib.sh
. "$top/tests/tcp_cases_lib.sh"
need_tools tshark python3
scratch_dir
fresh_home
test_inputs "$gen_cases" "$gen_capture" 3

fields=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import gen_filters as g; print(" ".join("-e " + f for f in g.ALL_FIELDS))' "$top/tests")

# count, sum, minimum and maximum of a list of frame numbers, as io,stat prints them
stats() {
    awk 'NR == 1 { min = $1 } { c++; s += $1; if ($1 < min) min = $1; if ($1 > max) max = $1 }
         END { if (c == 0) print "0 0 0 0 "; else printf "%d %d %d %d \n", c, s, min, max }'
}

filters=0
fail=0
n=0
for cap in "$top"/captures/*.pcap "$tmp"/cases/*.pcap "$tmp"/gen-*.pcap; do
    n=$((n + 1))
    name=${cap##*/}
    # shellcheck disable=SC2086
    timeout 120 tshark -n -r "$cap" -T fields -E header=y -E aggregator=, $fields \
        >"$tmp/values" 2>/dev/null
    python3 "$top/tests/gen_filters.py" $((seed + n)) "$per" "$tmp/values" >"$tmp/filters"

    # tshark: one io,stat column per statistic and filter. A filter gets a -Y run of its
    # own when io,stat cannot judge it as -Y does: a comma (io,stat splits its argument
    # there), or a protocol's bytes (io,stat's lighter dissection leaves a protocol's
    # length unset, so tcp[23] and len(tcp) differ from -Y's).
    set --
    while IFS= read -r f; do
        case $f in *,* | *frame\[* | *eth\[* | *ip\[* | *tcp\[* | *len\(*) continue ;; esac
        for stat in COUNT SUM MIN MAX; do
            set -- "$@" "$stat(frame.number)frame.number && ($f)"
        done
    done <"$tmp/filters"
    spec=$(printf '%s,' "$@")
    timeout 300 tshark -n -r "$cap" -q -z "io,stat,0,${spec%,}" >"$tmp/iostat" 2>"$tmp/tshark.err" || {
        echo "FAIL $name: tshark rejected a filter:"
        cat "$tmp/tshark.err"
        fail=$((fail + 1))
        continue
    }
    # The one data row: "| 0.000 <> 1.495 | c1 | s1 | min1 | max1 | c2 | ..."
    grep '<>' "$tmp/iostat" | tail -1 | tr '|' '\n' | sed 's/ //g' | grep -v '^$' |
        tail -n +2 >"$tmp/theirs.col"
    # io,stat prints no row for a capture that lasts no time (one packet): -Y for all.
    alone=false
    [ -s "$tmp/theirs.col" ] || [ $# -eq 0 ] || alone=true
    i=0
    while IFS= read -r f; do
        filters=$((filters + 1))
        case $alone$f in
        true* | *,* | *frame\[* | *eth\[* | *ip\[* | *tcp\[* | *len\(*)
            want=$(timeout 60 tshark -n -r "$cap" -Y "$f" -T fields -e frame.number 2>/dev/null | stats) ;;
        *)
            i=$((i + 1))
            want=$(sed -n "$(((i - 1) * 4 + 1)),$((i * 4))p" "$tmp/theirs.col" | tr '\n' ' ') ;;
        esac
        if ! timeout 30 "$sniff" -n --all --no-sandbox -r "$cap" -T fields -e frame.number -Y "$f" \
            >"$tmp/ours" 2>"$tmp/sniff.err"; then
            echo "FAIL $name (seed $((seed + n))): sniff rejected: $f"
            cat "$tmp/sniff.err"
            fail=$((fail + 1))
            continue
        fi
        got=$(stats <"$tmp/ours")
        if [ "$got" != "$want" ]; then
            echo "FAIL $name (seed $((seed + n))): $f"
            echo "   tshark: count sum min max = $want"
            echo "   sniff:  count sum min max = $got"
            fail=$((fail + 1))
        fi
    done <"$tmp/filters"
done
echo "$filters filters on $n captures, $fail failed"
[ "$fail" -eq 0 ]

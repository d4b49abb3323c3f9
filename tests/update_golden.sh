#!/bin/sh
# update_golden.sh [BUILD_DIR] [GOLDEN...]: writes tests/golden/ again from sniff's output
# on captures/, and the detail trees of tests/golden/fmt_detail/ from test_fmt_detail's
# frames. Run it only on purpose, after a deliberate change of output, and read every
# changed line (git diff tests/golden) against tshark before committing: a golden file
# must be correct, not merely current.
#
# A golden file of captures/ is named CAPTURE.MODE.txt, MODE list, detail (-V), hex
# (-x), all (--all), annotated (-A), summary (--summary), or ladder80, ladder160,
# ladder-ascii80, ladder-ascii160 (--ladder, Unicode or ASCII, at 80 or 160 columns):
# see tests/golden/golden.sh. The name ladders writes the four ladders of every capture
# in captures/ (read them against the capture's -A output and its tshark -r list).
# fmt_detail/NAME.txt is the -V tree of the one frame of fmt_detail/NAME.pcap, with the
# tracker state tests/test_fmt_detail.c gives it (compare with tshark -n -V -r NAME.pcap);
# the name fmt_detail writes them all. parity/NAME.MODE.txt is sniff --all -n's output on
# tests/data/parity/NAME.pcap (or .pcapng); compare with bench/parity.sh's report.
#   tests/update_golden.sh build                         # every golden file
#   tests/update_golden.sh build echo-lo.list.txt ...    # these (new ones too)
#   tests/update_golden.sh build fmt_detail              # test_fmt_detail's trees
#   tests/update_golden.sh build ladders                 # every capture's ladders
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
build_dir "${1:-}"
[ $# -gt 0 ] && shift
use_built update_golden "$build" sniff=sniff/sniff
golden=$top/tests/golden
mkdir -p "$golden"
# shellcheck source=tests/golden/golden.sh
. "$golden/golden.sh"

# The frames are fmt_detail/*.pcap; their tracker states live in tests/test_fmt_detail.c.
update_fmt_detail() {
    unit=$build/tests/test_fmt_detail
    [ -x "$unit" ] || { echo "update_golden: no $unit: build first" >&2; exit 2; }
    mkdir -p "$golden/fmt_detail"
    "$unit" --update "$golden/fmt_detail" >"$golden/fmt_detail.log" 2>&1 ||
        { cat "$golden/fmt_detail.log" >&2; rm -f "$golden/fmt_detail.log"; exit 1; }
    rm -f "$golden/fmt_detail.log"
    echo "update_golden: fmt_detail/ ($(ls "$golden/fmt_detail"/*.txt | wc -l) trees)"
}

if [ $# -eq 0 ]; then
    set -- "$golden"/*.txt "$golden"/parity/*.txt fmt_detail
    [ -f "$1" ] || { echo "update_golden: no golden files yet: name the ones to make" >&2; exit 2; }
fi

# "ladders": every capture's four ladders, made or remade.
for g in "$@"; do
    if [ "$g" = ladders ]; then
        shift_all=
        for a in "$@"; do [ "$a" = ladders ] || shift_all="$shift_all $a"; done
        for c in "$top"/captures/*.pcap; do
            c=${c##*/}
            for m in ladder80 ladder160 ladder-ascii80 ladder-ascii160; do
                shift_all="$shift_all ${c%.pcap}.$m.txt"
            done
        done
        # shellcheck disable=SC2086 # names without spaces, split on purpose
        set -- $shift_all
        break
    fi
done

for g in "$@"; do
    case $g in
    fmt_detail | fmt_detail/*)
        update_fmt_detail
        continue
        ;;
    esac
    # parity/NAME.MODE.txt: a capture of tests/data/parity, run with --all -n.
    case $g in
    parity/* | "$golden"/parity/*) dir=$top/tests/data/parity out=$golden/parity golden_extra="--all -n" ;;
    *) dir=$top/captures out=$golden golden_extra= ;;
    esac
    g=${g##*/}
    golden_parse "$g" ||
        { echo "update_golden: $g: mode must be list, detail, hex, all, annotated, summary, ladder80, ladder160, ladder-ascii80 or ladder-ascii160" >&2; exit 2; }
    cap=$(golden_capture "$dir" "$golden_cap") ||
        { echo "update_golden: no $golden_cap.pcap or .pcapng in $dir" >&2; exit 2; }
    mkdir -p "$out"
    golden_run "$sniff" "$cap" >"$out/$g.new" 2>"$out/$g.err" ||
        { cat "$out/$g.err" >&2; rm -f "$out/$g.new" "$out/$g.err"; exit 1; }
    rm -f "$out/$g.err"
    mv "$out/$g.new" "$out/$g"
    echo "update_golden: $g ($(wc -l <"$out/$g") lines)"
done

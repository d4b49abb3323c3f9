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
# the name fmt_detail writes them all.
#   tests/update_golden.sh build                         # every golden file
#   tests/update_golden.sh build echo-lo.list.txt ...    # these (new ones too)
#   tests/update_golden.sh build fmt_detail              # test_fmt_detail's trees
#   tests/update_golden.sh build ladders                 # every capture's ladders
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
case $build in /*) ;; *) build=$top/$build ;; esac
[ $# -gt 0 ] && shift
sniff=$build/sniff/sniff
[ -x "$sniff" ] || { echo "update_golden: no $sniff: build first" >&2; exit 2; }
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
    set -- "$golden"/*.txt fmt_detail
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
    g=${g##*/}
    golden_parse "$g" ||
        { echo "update_golden: $g: mode must be list, detail, hex, all, annotated, summary, ladder80, ladder160, ladder-ascii80 or ladder-ascii160" >&2; exit 2; }
    cap=$golden_cap
    [ -f "$top/captures/$cap.pcap" ] || { echo "update_golden: no captures/$cap.pcap" >&2; exit 2; }
    golden_run "$sniff" "$top/captures/$cap.pcap" >"$golden/$g.new" 2>"$golden/$g.err" ||
        { cat "$golden/$g.err" >&2; rm -f "$golden/$g.new" "$golden/$g.err"; exit 1; }
    rm -f "$golden/$g.err"
    mv "$golden/$g.new" "$golden/$g"
    echo "update_golden: $g ($(wc -l <"$golden/$g") lines)"
done

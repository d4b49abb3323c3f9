#!/bin/sh
# update_golden.sh [BUILD_DIR] [GOLDEN...]: writes tests/golden/ again from sniff's output
# on captures/. Run it only on purpose, after a deliberate change of output, and read
# every changed line against tshark before committing: a golden file must be correct,
# not merely current.
#
# A golden file is named CAPTURE.MODE.txt: the output of `sniff MODE-FLAGS -r
# captures/CAPTURE.pcap`, MODE being list (no flag), detail (-V) or hex (-x).
#   tests/update_golden.sh build                         # every file in tests/golden/
#   tests/update_golden.sh build echo-lo.list.txt ...    # these (new ones too)
# The environment is fixed (TZ=UTC, LC_ALL=C, NO_COLOR=1, output not a terminal) as in
# tests/test_golden.sh.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
case $build in /*) ;; *) build=$top/$build ;; esac
[ $# -gt 0 ] && shift
sniff=$build/sniff/sniff
[ -x "$sniff" ] || { echo "update_golden: no $sniff: build first" >&2; exit 2; }
golden=$top/tests/golden
mkdir -p "$golden"

if [ $# -eq 0 ]; then
    set -- "$golden"/*.txt
    [ -f "$1" ] || { echo "update_golden: no golden files yet: name the ones to make" >&2; exit 2; }
fi

for g in "$@"; do
    g=${g##*/}
    cap=${g%%.*}
    mode=${g#"$cap".}
    mode=${mode%.txt}
    case $mode in
    list) flags= ;;
    detail) flags=-V ;;
    hex) flags=-x ;;
    *) echo "update_golden: $g: mode must be list, detail or hex" >&2; exit 2 ;;
    esac
    [ -f "$top/captures/$cap.pcap" ] || { echo "update_golden: no captures/$cap.pcap" >&2; exit 2; }
    # shellcheck disable=SC2086 # flags is one word or none
    TZ=UTC LC_ALL=C NO_COLOR=1 timeout 60 "$sniff" $flags -r "$top/captures/$cap.pcap" \
        >"$golden/$g.new" </dev/null
    mv "$golden/$g.new" "$golden/$g"
    echo "update_golden: $g ($(wc -l <"$golden/$g") lines)"
done

#!/bin/sh
# update_golden.sh [BUILD_DIR] [GOLDEN...]: writes tests/golden/ again from sniff's output
# on captures/. Run it only on purpose, after a deliberate change of output, and read
# every changed line against tshark before committing: a golden file must be correct,
# not merely current.
#
# A golden file is named CAPTURE.MODE.txt, MODE list, detail (-V), hex (-x), all
# (--all), annotated (-A) or summary (--summary): see tests/golden/golden.sh.
#   tests/update_golden.sh build                         # every file in tests/golden/
#   tests/update_golden.sh build echo-lo.list.txt ...    # these (new ones too)
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

if [ $# -eq 0 ]; then
    set -- "$golden"/*.txt
    [ -f "$1" ] || { echo "update_golden: no golden files yet: name the ones to make" >&2; exit 2; }
fi

for g in "$@"; do
    g=${g##*/}
    golden_parse "$g" ||
        { echo "update_golden: $g: mode must be list, detail, hex, all, annotated or summary" >&2; exit 2; }
    cap=$golden_cap
    [ -f "$top/captures/$cap.pcap" ] || { echo "update_golden: no captures/$cap.pcap" >&2; exit 2; }
    golden_run "$sniff" "$top/captures/$cap.pcap" >"$golden/$g.new" 2>"$golden/$g.err" ||
        { cat "$golden/$g.err" >&2; rm -f "$golden/$g.new" "$golden/$g.err"; exit 1; }
    rm -f "$golden/$g.err"
    mv "$golden/$g.new" "$golden/$g"
    echo "update_golden: $g ($(wc -l <"$golden/$g") lines)"
done

#!/bin/sh
# test_golden.sh SNIFF: sniff's output on every capture in captures/ that has a golden
# file in tests/golden/ must equal it, line for line (see tests/update_golden.sh for the
# names: CAPTURE.MODE.txt, MODE list, detail (-V), hex (-x), all (--all),
# annotated (-A), summary (--summary), or the ladders at 80 and 160 columns, Unicode and
# ASCII (ladder80, ladder160, ladder-ascii80, ladder-ascii160);
# tests/golden/golden.sh reads them). A difference is printed as a unified diff, golden
# first. Exits 77 (skipped) when there is no golden file.
set -eu

sniff=${1:?usage: test_golden.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
golden=$top/tests/golden
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
# shellcheck source=tests/golden/golden.sh
. "$golden/golden.sh"
scratch_dir

pass=0
fail=0
# captures/ with tests/golden/*.txt, then tests/data/parity/ with tests/golden/parity/.
for f in "$golden"/*.txt "$golden"/parity/*.txt; do
    [ -f "$f" ] || continue
    g=${f##*/}
    case $f in
    "$golden"/parity/*) dir=$top/tests/data/parity golden_extra="--all -n" ;;
    *) dir=$top/captures golden_extra= ;;
    esac
    if ! golden_parse "$g"; then
        failed "$g: unknown mode (list, detail, hex, all, annotated, summary, ladder80, ladder160, ladder-ascii80, ladder-ascii160)"
        continue
    fi
    if ! cap=$(golden_capture "$dir" "$golden_cap"); then
        failed "$g: no $golden_cap.pcap or .pcapng in $dir"
        continue
    fi
    rc=0
    golden_run "$sniff" "$cap" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ $rc -ne 0 ]; then
        failed "$g: sniff exited $rc" "$tmp/err"
    elif diff -u "$f" "$tmp/out" >"$tmp/diff"; then
        passed "$g"
    else
        failed "$g: output differs from the golden file (- golden, + sniff):" "$tmp/diff" 60
    fi
done
tally_exit "golden files in $golden"

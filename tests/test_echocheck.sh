#!/bin/sh
# test_echocheck.sh EXPECTED ECHOCHECK SNIFF [ECHOCHECK-OPTION...] -- SERVER [ARG...]:
# the whole battery against one server whose verdicts are known (tests/echocheck/
# expected/*.txt), as root: the server in namespaces of its own as nobody, each test
# captured. The JSON report is checked by tests/echocheck/check_verdicts.py (Python's
# json module); the server's files are copied into a private directory nobody can read
# (the build tree may not be). Exit 77 (skipped) when not root.
set -eu
expected=$1 echocheck=$2 sniff=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/echocheck/lib.sh"
need_root "namespaces, the drop to nobody, captures"
mkdir "$tmp/bin" "$tmp/out"
chmod 755 "$tmp/bin"
opts=""
while [ "$1" != "--" ]; do
    opts="$opts $1"
    shift
done
shift
# The server's own files (not the system's) copied where nobody may run them.
set -- "$@" --end--
while [ "$1" != "--end--" ]; do
    a=$1
    shift
    case $a in
    /usr/* | /bin/*) ;;
    *) if [ -f "$a" ]; then cp "$a" "$tmp/bin/" && a=$tmp/bin/$(basename "$a"); fi ;;
    esac
    set -- "$@" "$a"
done
shift
rc=0
# shellcheck disable=SC2086
timeout --foreground -k 5 240 "$echocheck" -T json --sniff "$sniff" -o "$tmp/out" $opts \
    -- "$@" >"$tmp/report.json" 2>"$tmp/stderr" || rc=$?
[ -s "$tmp/report.json" ] || { cat "$tmp/stderr"; echo "FAIL: no report (exit $rc)"; exit 1; }
python3 "$here/echocheck/check_verdicts.py" "$tmp/report.json" "$expected" "$rc" "$tmp/out" || {
    cat "$tmp/stderr"
    exit 1
}

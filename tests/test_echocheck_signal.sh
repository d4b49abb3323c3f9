#!/bin/sh
# test_echocheck_signal.sh ECHOCHECK SNIFF FIXTURE-DEADLOCK [OPTION...]: SIGINT and SIGTERM
# in the middle of a run (as root, 77 otherwise): echocheck stops its servers and its
# captures, removes its private directory and exits 130 or 143 within a few seconds,
# leaving no process behind. The server is echo_deadlock, whose failing tests wait for
# seconds; everything the run starts has this test's directory in its command line.
set -eu
echocheck=$1 sniff=$2 server=$3
shift 3
. "$(dirname "$0")/echocheck/lib.sh"
need_root "namespaces and captures"
at_exit='pkill -KILL -f "$tmp" 2>/dev/null || true'
mkdir -m 755 "$tmp/t"
mkdir "$tmp/out"
cp "$server" "$tmp/"
server=$tmp/$(basename "$server")

for sig in INT TERM; do
    TMPDIR=$tmp/t timeout --foreground -k 5 60 "$echocheck" --sniff "$sniff" -o "$tmp/out" -j 2 \
        --color=never -t long_line,stream_10mib,write_then_read_10mib,one_line "$@" -- \
        "$server" %PORT% >"$tmp/report" 2>"$tmp/err" &
    pid=$!
    sleep 1.5
    pgrep -f "$tmp" >/dev/null || fail "SIG$sig: nothing of the run seen running"
    start=$(date +%s)
    kill -"$sig" "$pid"
    rc=0
    wait "$pid" || rc=$?
    took=$(($(date +%s) - start))
    want=$((128 + $([ $sig = INT ] && echo 2 || echo 15)))
    [ "$rc" = "$want" ] || fail "SIG$sig: exit $rc, expected $want: $(cat "$tmp/err")"
    [ "$took" -le 5 ] || fail "SIG$sig: $took s to stop"
    grep -q "stopped by SIG$sig; every server and capture was stopped" "$tmp/err" ||
        fail "SIG$sig: $(cat "$tmp/err")"
    grep -q "not run (interrupted)" "$tmp/report" || fail "SIG$sig: report: $(cat "$tmp/report")"
    sleep 0.2
    left=$(pgrep -a -f "$tmp" || true)
    [ -z "$left" ] || fail "SIG$sig: processes left: $left"
    [ -z "$(ls -A "$tmp/t")" ] || fail "SIG$sig: left in TMPDIR: $(ls -A "$tmp/t")"
    echo "ok: SIG$sig stops the run in $took s, nothing left"
done

#!/bin/sh
# soak.sh: sniff's memory over a long live capture of connections that never stop
# coming: flat, or it grows?
#
#   sudo bench/soak.sh [BUILD_DIR] [SECONDS] [RATE]
#
# For each mode (MODES, comma-separated, default "-A,--summary": the annotated, verified
# output, and the connection table), in turn: echoserver on a free port of 127.0.0.1, `sniff -i lo MODE
# --port PORT` writing to /dev/null, and bench/loadgen closing each connection after one
# round trip and opening another in its place, RATE round trips a second (default 1000:
# about 1000 new connections and 10,000 packets a second), for SECONDS (default 600).
# Every STEP seconds (default 10) sniff's resident set size is read from /proc; at the
# end sniff is stopped with SIGINT (it prints its --summary and its counts) and the
# table says, per mode: connections opened, packets sniff captured and the kernel
# dropped, RSS at half time, at the end and at most (the kernel's VmHWM), and its growth
# over the second half (the tables fill in the first: flat means bounded). tshark, by
# contrast, keeps every conversation for the life of the process (pyshark issue #607:
# days of growth).
#
# Bounded and self-cleaning: every process runs under timeout, is stopped by its id on
# exit (also on Ctrl-C), and the temporary directory is removed. Samples and outputs go
# to OUT (default bench/out/soak-MODE.csv). Needs root (live capture on lo).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
secs=${2:-600}
rate=${3:-1000}
step=${STEP:-10}
modes=${MODES:--A,--summary}
out=${OUT:-$top/bench/out}
sniff=$build/sniff/sniff
server=$build/echo/echoserver
loadgen=$build/bench/loadgen
[ "$(id -u)" = 0 ] || { echo "soak: needs root (live capture on lo)"; exit 2; }
for b in "$sniff" "$server" "$loadgen"; do
    [ -x "$b" ] || { echo "soak: $b missing: build first"; exit 2; }
done
mkdir -p "$out"

# $tmp, $pids and their cleanup on exit, wait_file.
# shellcheck source=tests/echo_lib.sh
. "$top/tests/echo_lib.sh"
chmod 755 "$tmp"

# status_kib PID FIELD: VmRSS or VmHWM of PID, in KiB (empty once it has gone).
status_kib() {
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# soak MODE: one run; prints a table row.
soak() {
    mode=$1
    name=$(echo "$mode" | tr -d ' -')
    csv=$out/soak-$name.csv
    rm -f "$tmp/port" "$tmp/sniff.err" "$tmp/sniff.out"
    # --foreground everywhere: timeout signals its own child, never the process group.
    timeout --foreground -k 5 $((secs + 120)) "$server" -b 127.0.0.1 -p 0 -q --port-file "$tmp/port" &
    spid=$!
    pids="$pids $spid"
    wait_file "$tmp/port" || { echo "soak: echoserver did not start"; exit 1; }
    port=$(cat "$tmp/port")
    # shellcheck disable=SC2086
    timeout --foreground -k 5 $((secs + 60)) "$sniff" -i lo --port "$port" $mode \
        --color=never >"$tmp/sniff.out" 2>"$tmp/sniff.err" &
    tpid=$!
    pids="$pids $tpid"
    i=0
    while ! grep -q "listening on" "$tmp/sniff.err" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    pid=$(pgrep -P "$tpid" | head -n 1)
    [ -n "$pid" ] || { echo "soak: sniff did not start: $(cat "$tmp/sniff.err")"; exit 1; }
    timeout --foreground -k 5 $((secs + 60)) "$loadgen" -c 32 -d 1 -s 100 -r "$rate" -m 1 -w 0 \
        -t "$secs" 127.0.0.1 "$port" >"$tmp/lg.out" 2>"$tmp/lg.err" &
    lpid=$!
    pids="$pids $lpid"
    echo "seconds,rss_kib" >"$csv"
    t=0
    while kill -0 "$lpid" 2>/dev/null; do
        sleep "$step"
        t=$((t + step))
        rss=$(status_kib "$pid" VmRSS)
        [ -n "$rss" ] && echo "$t,$rss" >>"$csv"
    done
    wait "$lpid" 2>/dev/null
    hwm=$(status_kib "$pid" VmHWM)
    kill -INT "$pid" 2>/dev/null
    wait "$tpid" 2>/dev/null
    kill "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
    cp "$tmp/sniff.err" "$out/soak-$name.err"
    cat "$tmp/lg.out" "$tmp/lg.err" >"$out/soak-$name.loadgen"
    tail -n 3 "$tmp/sniff.out" >"$out/soak-$name.tail"
    opened=$(sed -n 's/.* opened=\([0-9]*\).*/\1/p' "$tmp/lg.out")
    errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' "$tmp/lg.out")
    captured=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$tmp/sniff.err")
    dropped=$(sed -n 's/.* \([0-9]*\) dropped by kernel.*/\1/p' "$tmp/sniff.err")
    awk -F, -v mode="$mode" -v opened="${opened:-?}" -v errors="${errors:-?}" \
        -v cap="${captured:-?}" -v drop="${dropped:-?}" -v hwm="${hwm:-0}" '
        NR > 1 { n++; s[n] = $1; r[n] = $2; if ($2 > max) max = $2 }
        END {
            for (i = 1; i <= n && !m1; i++)
                if (2 * s[i] >= s[n])
                    m1 = r[i]
            printf "| `sniff -i lo %s` | %s | %s (%s errors) | %s | %s | %.1f | %.1f | %.1f | %.1f | %+.1f |\n",
                mode, s[n], opened, errors, cap, drop, m1 / 1024, r[n] / 1024, max / 1024,
                hwm / 1024, (r[n] - m1) / 1024
        }' "$csv"
}

echo "soak: $secs s per mode, $rate connections a second, RSS every $step s (samples in $out)"
echo
echo "| command | seconds | connections opened | packets captured | dropped by kernel | RSS at half time MiB | RSS at end MiB | max sampled MiB | VmHWM MiB | growth over 2nd half MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
old_ifs=$IFS
IFS=,
# shellcheck disable=SC2086 # split on the commas of MODES
set -- $modes
IFS=$old_ifs
for m in "$@"; do
    soak "$m"
done

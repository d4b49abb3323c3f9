#!/bin/sh
# echo_bench.sh BUILD_DIR [SECONDS [ROUNDS]]: echoserver against other echo servers, in one run,
# with the same load generator (bench/loadgen.c, every byte verified):
#
#   1. 100 connections x 64-byte messages, one in flight each: echoserver (events),
#      the Node.js `net` echo server (when node is installed), and
#      `socat TCP-LISTEN:...,fork EXEC:cat`; a table with ratios to echoserver. Each
#      server runs ROUNDS times (default 3), taking turns; the median run is shown.
#   2. 1 connection, client and server pinned to the same core: echoserver against
#      echo_bare (a bare epoll loop), as CPU microseconds per round trip.
#   3. 1 connection x 16 KiB: no 40 ms delayed-ACK stalls (TCP_NODELAY).
#   4. 10,000 connections held at once by echoserver: the errors must be 0.
# In every table each server runs ROUNDS times, taking turns, and the median is shown.
#
# On a 2-core machine the load generator is itself the ceiling, so each row shows its
# CPU use beside the server's; client and server are pinned to separate cores
# (taskset) so that runs are comparable. Prints Markdown, ready for the README.
#
#   BENCH_NICE=-10 sh bench/echo_bench.sh build 5     # the same at a higher priority
#   BASELINE=/path/to/old/echoserver sh bench/echo_bench.sh build 5
#                        # an older echoserver too, as "baseline" in every table, taking
#                        # turns with this one: a before/after comparison in one run
#
# The 10,000-connection row passes --max-conns 10000: echoserver's default cap assumes
# every client hostile (each could pin its socket buffers), which on a small host is
# fewer than 10,000.
set -eu
build=${1:?usage: echo_bench.sh BUILD_DIR [SECONDS [ROUNDS]]}
secs=${2:-5}
rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/script_lib.sh
. "$here/../tests/script_lib.sh"
use_built echo_bench "$build" loadgen=bench/loadgen bare=bench/echo_bare server=echo/echoserver
command -v taskset >/dev/null || { echo "echo_bench: needs taskset (util-linux)" >&2; exit 2; }

tmp=$(mktemp -d)
spid=""
cleanup() {
    [ -n "$spid" ] && { kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; }
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ "$(nproc)" -ge 2 ]; then ccpu=0 scpu=1; else ccpu=0 scpu=0; fi
server_args=""
ours="echoserver"
if [ -n "${BASELINE:-}" ]; then
    [ -x "$BASELINE" ] || { echo "echo_bench: BASELINE=$BASELINE is not a program" >&2; exit 2; }
    ours="echoserver baseline"
fi
# BENCH_NICE=-10 (root only) runs every server and the load generator at that niceness,
# the same for every row, so that other work on a shared machine disturbs them less.
prio=""
if [ -n "${BENCH_NICE:-}" ]; then
    nice -n "$BENCH_NICE" true 2>/dev/null || { echo "echo_bench: cannot nice $BENCH_NICE" >&2; exit 2; }
    prio="nice -n $BENCH_NICE"
fi

# started PORT_FILE: the server has written its port (within 10 s), or the bench stops.
started() {
    wait_file "$1" || { echo "echo_bench: server did not start" >&2; exit 1; }
}

# tree_ns PID: CPU time in ns (schedstat: exact, where /proc/PID/stat rounds each
# process down to 10 ms ticks) of every thread of PID and of all its descendants: socat
# forks a process per connection, and each of those runs cat.
tree_ns() {
    t=$(cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}')
    for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        t=$(echo "$t $(tree_ns "$c")" | awk '{printf "%.0f", $1 + $2}')
    done
    echo "${t:-0}"
}

# start NAME CPU: starts server NAME pinned to CPU; sets spid and port.
start() {
    rm -f "$tmp/port"
    case $1 in
    echoserver | baseline)
        bin=$server
        [ "$1" = baseline ] && bin=$BASELINE
        # shellcheck disable=SC2086 # $server_args: words on purpose
        $prio taskset -c "$2" "$bin" -q -b 127.0.0.1 -p 0 --port-file "$tmp/port" $server_args &
        spid=$!
        started "$tmp/port"
        ;;
    echo_bare)
        $prio taskset -c "$2" "$bare" 0 >"$tmp/port" &
        spid=$!
        started "$tmp/port"
        ;;
    node)
        $prio taskset -c "$2" node "$here/echo_node.js" 0 >"$tmp/port" &
        spid=$!
        started "$tmp/port"
        ;;
    socat)
        p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        $prio taskset -c "$2" socat "TCP-LISTEN:$p,bind=127.0.0.1,reuseaddr,fork,backlog=4096" EXEC:cat &
        spid=$!
        i=0
        until nc -z 127.0.0.1 "$p" 2>/dev/null; do
            i=$((i + 1))
            [ $i -le 200 ] || { echo "echo_bench: socat did not start" >&2; exit 1; }
            sleep 0.05
        done
        echo "$p" >"$tmp/port"
        ;;
    esac
    port=$(cat "$tmp/port")
}

stop() {
    kill "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    spid=""
}

# field LINE KEY: the value of KEY=value in loadgen's output line.
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# run NAME SERVER_CPU CLIENT_CPU LOADGEN_ARGS...: one row; sets line, server_cpu_s.
run() {
    name=$1 sc=$2 cc=$3
    shift 3
    start "$name" "$sc"
    t0=$(tree_ns "$spid")
    s0=$(date +%s.%N)
    # loadgen prints its line, then holds the connections for 2 s: the server's CPU is
    # read while socat's per-connection processes still live (their time is lost once
    # they exit).
    rm -f "$tmp/lg.out"
    $prio taskset -c "$cc" "$loadgen" -t "$secs" -H 2 "$@" 127.0.0.1 "$port" >"$tmp/lg.out" &
    lg=$!
    i=0
    while [ ! -s "$tmp/lg.out" ] && kill -0 "$lg" 2>/dev/null; do
        i=$((i + 1))
        sleep 0.05
    done
    s1=$(date +%s.%N)
    t1=$(tree_ns "$spid")
    if ! wait "$lg" || [ ! -s "$tmp/lg.out" ]; then
        echo "echo_bench: loadgen against $name failed" >&2
        stop
        exit 1
    fi
    line=$(cat "$tmp/lg.out")
    stop
    server_cpu_s=$(echo "$t0 $t1" | awk '{printf "%.3f", ($2 - $1) / 1e9}')
    server_pct=$(echo "$server_cpu_s $s0 $s1" | awk '{printf "%.0f", 100 * $1 / ($3 - $2)}')
}

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, ${secs} s measured per row" \
    "(after 1 s of warm-up), load average $(cut -d' ' -f1-3 /proc/loadavg)${prio:+, under $prio}."
echo
# turns TAG SERVER_CPU CLIENT_CPU "SERVERS" LOADGEN_ARGS...: each server $rounds times,
# the servers taking turns; each run's figures are a line of $tmp/SERVER.TAG: rtps p50
# p99 max errors loadgen% server% server-us-per-rt both-us-per-rt conns verified.
turns() {
    tag=$1 sc=$2 cc=$3 list=$4
    shift 4
    r=0
    while [ $r -lt "$rounds" ]; do
        r=$((r + 1))
        for s in $list; do
            run "$s" "$sc" "$cc" "$@"
            rtps=$(field "$line" rtps) lgp=$(field "$line" cpu_pct)
            # Loadgen's CPU is over the measured seconds; the server's over the whole
            # run (1 s warm-up included), so both are turned into a rate first.
            echo "$rtps $(field "$line" p50_us) $(field "$line" p99_us) $(field "$line" max_us)" \
                "$(field "$line" errors) $lgp $server_pct" \
                "$(echo "$server_pct $rtps" | awk '{printf "%.2f", $1 / 100 * 1e6 / $2}')" \
                "$(echo "$lgp $server_pct $rtps" | awk '{printf "%.2f", ($1 + $2) / 100 * 1e6 / $3}')" \
                "$(field "$line" conns) $(field "$line" verified_bytes)" >>"$tmp/$s.$tag"
        done
    done
}

# median TAG SERVER: that server's median run by round trips/s (the fields of turns).
median() { sort -n "$tmp/$2.$1" | sed -n "$(((rounds + 1) / 2))p"; }
# all TAG SERVER: the round trips/s of every run.
all() { cut -d' ' -f1 "$tmp/$2.$1" | paste -sd' '; }
# rows TAG SERVERS FIELD...: a table row for each of SERVERS: its name, the FIELDs (their
# numbers) of its median run, and the round trips/s of all its runs.
rows() {
    _tag=$1 _list=$2
    shift 2
    for _s in $_list; do
        echo "| $_s | $(median "$_tag" "$_s" | awk -v f="$*" '{
            n = split(f, k, " ")
            for (i = 1; i <= n; i++) printf "%s | ", $k[i]
        }')$(all "$_tag" "$_s") |"
    done
}

echo "Each server ran $rounds times in each table, the servers taking turns (a busy moment"
echo "hits all alike); each row is that server's median run by round trips/s."
echo
echo "### 100 connections x 64 B, 1 in flight each (loadgen on CPU $ccpu, server on CPU $scpu)"
echo
servers=$ours
command -v node >/dev/null && servers="$servers node"
command -v socat >/dev/null && servers="$servers socat"
turns c100 "$scpu" "$ccpu" "$servers" -c 100 -s 64 -d 1
echo "| server | round trips/s | echoserver is | p50 us | p99 us | max us | errors | loadgen CPU | server CPU | server CPU us per round trip | all runs, round trips/s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
ref=""
for s in $servers; do
    set -- $(median c100 "$s")
    [ -n "$ref" ] || ref=$1
    echo "| $s | $1 | $(echo "$ref $1" | awk '{printf "%.2fx", $1 / $2}') | $2 | $3 | $4 | $5 | $6% | $7% | $8 | $(all c100 "$s") |"
done
echo
echo "### 1 connection x 64 B, client and server on the same core (CPU $ccpu)"
echo
turns c1 "$ccpu" "$ccpu" "echo_bare $ours" -c 1 -s 64 -d 1
echo "| server | round trips/s | CPU us per round trip (both processes) | server CPU us per round trip | all runs, round trips/s |"
echo "| --- | ---: | ---: | ---: | --- |"
rows c1 "echo_bare $ours" 1 9 8

echo
echo "### 1 connection x 16 KiB: whole messages without Nagle stalls (TCP_NODELAY)"
echo
echo "Without TCP_NODELAY, an echo written in two pieces waits ~40 ms for a delayed ACK."
echo
turns k16 "$scpu" "$ccpu" "$ours" -c 1 -s 16384 -d 1
echo "| server | round trips/s | p50 us | p99 us | max us | errors | server CPU us per round trip | all runs, round trips/s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
rows k16 "$ours" 1 2 3 4 5 8

echo
echo "### 10,000 connections held at once by echoserver (64 B, 1 in flight each, --max-conns 10000)"
echo
server_args="--max-conns 10000"
turns c10k "$scpu" "$ccpu" "$ours" -c 10000 -s 64 -d 1
server_args=""
echo "| server | connections | round trips/s | p50 us | p99 us | max us | errors | verified bytes | all runs, round trips/s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
rows c10k "$ours" 10 1 2 3 4 5 11

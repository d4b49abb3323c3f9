#!/bin/sh
# stress_echo.sh: echoserver under stress, on loopback (tests/stress_echo.c drives it).
#
#   stress_echo.sh ECHOSERVER STRESS_ECHO [MODEL]
#
# Cases, each against a server on a free port (-p 0 --port-file), every process under
# timeout, everything killed on exit:
#   many       10,000 connections held at once, each echoed byte-exact (fewer only if
#              the descriptor limit cannot be raised: the count is printed)
#   idle       200 clients that connect and never send; 100 others are served meanwhile
#   noread     a client that sends and never reads: the server's memory stays capped
#              (RSS growth < 32 MiB) and 100 others are served meanwhile
#   reset      500 clients reset mid-echo; then 200 others are served, server alive
#   halfclose  1,000 clients shut their sending side right after their last byte, before
#              reading: every byte still comes back, then the server's EOF
#   emfile     a server limited to 64 descriptors meets 150 idle clients: while it is out
#              of descriptors it uses < 0.5 s of CPU in 3 s (not spinning), and once they
#              leave it serves 50 new clients
# Ends with "N passed, N failed". Needs Linux /proc; no root (the descriptor limit is
# raised as far as the hard limit allows).
set -u

server=${1:?usage: stress_echo.sh ECHOSERVER STRESS_ECHO [MODEL]}
driver=${2:?usage: stress_echo.sh ECHOSERVER STRESS_ECHO [MODEL]}
model=${3:-events}

tmp=$(mktemp -d)
spid=
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null
    # the drivers started in the background, by their own pids
    for p in $(cat "$tmp/bg" 2>/dev/null); do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# As many descriptors as allowed: 10,000 connections need 10,000 in the server and as
# many in the driver (each its own process, each with this limit).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -H -n)" 2>/dev/null || true
nofile=$(ulimit -n)
conns=10000
if [ "$nofile" != unlimited ] && [ "$nofile" -lt 10100 ]; then
    conns=$((nofile - 100))
    echo "note: descriptor limit $nofile: $conns connections instead of 10000"
fi

pass=0
fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
no() { echo "FAIL: $*"; fail=$((fail + 1)); }

hz=$(getconf CLK_TCK)
# CPU ticks (user + system) a process has used.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# start_server [LIMIT]: a fresh server (with at most LIMIT descriptors); sets port, spid
# (the timeout wrapper) and pid (the server itself).
start_server() {
    stop_server
    rm -f "$tmp/port"
    (
        [ -n "${1:-}" ] && ulimit -n "$1"
        exec timeout -k 5 600 "$server" -b 127.0.0.1 -p 0 -q -m "$model" --grace 2 \
            --port-file "$tmp/port"
    ) 2>"$tmp/server.err" &
    spid=$!
    i=0
    while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    port=$(cat "$tmp/port" 2>/dev/null)
    pid=$(pgrep -P "$spid" | head -n 1)
    [ -n "$port" ] && [ -n "$pid" ] || { no "server did not start: $(cat "$tmp/server.err")"; exit 1; }
}

stop_server() {
    [ -n "$spid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    wait "$spid" 2>/dev/null
    spid=
}

alive() { kill -0 "$pid" 2>/dev/null; }

# drive ARGS...: the driver in the foreground, bounded; its line goes to the log.
drive() {
    timeout -k 5 120 "$driver" "$port" "$@" >"$tmp/drive.out" 2>"$tmp/drive.err"
    r=$?
    [ $r = 0 ] || { cat "$tmp/drive.out"; head -n 5 "$tmp/drive.err"; }
    return $r
}

# bg ARGS...: the driver in the background (its pid remembered for cleanup).
bg() {
    timeout -k 5 120 "$driver" "$port" "$@" >"$tmp/bg.out" 2>"$tmp/bg.err" &
    echo $! >>"$tmp/bg"
    bgpid=$!
}

# ---- many ----
start_server
if drive many "$conns" 1024; then
    ok "many: $(cat "$tmp/drive.out")"
else
    no "many"
fi
alive || no "server died in many"

# ---- idle ----
start_server
bg idle 200 6
sleep 1
if drive many 100 4096; then ok "idle: 200 silent clients held; $(cat "$tmp/drive.out")"; else no "idle"; fi
wait "$bgpid" 2>/dev/null
alive || no "server died in idle"

# ---- noread ----
start_server
rss0=$(rss_kib "$pid")
bg noread 268435456 8
sleep 2
if drive many 100 65536; then served=1; else served=0; fi
rss1=$(rss_kib "$pid")
wait "$bgpid" 2>/dev/null
grow=$(((rss1 - rss0) / 1024))
if [ $served = 1 ] && [ $grow -lt 32 ]; then
    ok "noread: $(head -n 1 "$tmp/bg.out"); server RSS grew ${grow} MiB; $(cat "$tmp/drive.out")"
else
    no "noread: served=$served, RSS grew ${grow} MiB ($(cat "$tmp/bg.out"))"
fi
alive || no "server died in noread"

# ---- reset ----
start_server
drive reset 500 >/dev/null
if alive && drive many 200 8192; then ok "reset: after 500 resets mid-echo, $(cat "$tmp/drive.out")"; else no "reset"; fi

# ---- halfclose ----
start_server
if drive many 1000 65536 early; then ok "halfclose: $(cat "$tmp/drive.out")"; else no "halfclose"; fi
alive || no "server died in halfclose"

# ---- emfile ----
start_server 64
bg idle 150 7
sleep 2
t0=$(cpu_ticks "$pid")
sleep 3
t1=$(cpu_ticks "$pid")
fds=$(ls "/proc/$pid/fd" | wc -l)
cpu_ms=$(((t1 - t0) * 1000 / hz))
held=$(cat "$tmp/bg.out")
wait "$bgpid" 2>/dev/null
sleep 1
# The server really was out of descriptors: all 64 in use (listener, epoll, clients).
if [ "$fds" -lt 60 ]; then
    no "emfile: the server had only $fds descriptors open: it never ran out"
elif [ $cpu_ms -lt 500 ] && alive && drive many 50 4096; then
    ok "emfile: $held; server holding $fds descriptors (limit 64) used ${cpu_ms} ms CPU in 3 s; then $(cat "$tmp/drive.out")"
else
    no "emfile: ${cpu_ms} ms CPU in 3 s (limit 500); alive=$(alive && echo yes || echo no)"
fi

# A clean stop: SIGTERM, exit status 0.
kill -TERM "$pid" 2>/dev/null
wait "$spid"
st=$?
spid=
if [ $st = 0 ]; then ok "SIGTERM: clean exit"; else no "SIGTERM: exit status $st"; fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]

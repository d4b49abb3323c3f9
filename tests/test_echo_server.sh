#!/bin/sh
# test_echo_server.sh MODEL ECHOSERVER ECHOCLIENT ECHO_PEER: the echo suite, run once per
# concurrency model (events, iterative, fork, threads). Real processes on free loopback
# ports; real peers (our client, nc, socat); every wait bounded by timeout.
set -eu
model=$1 server=$2 client=$3 peer=$4
. "$(dirname "$0")/echo_lib.sh"

start_server main -m "$model"
main=$spid
grep -q "listening on port $port" "$tmp/main.log" || fail "no listening line"

# The lecture's exchange, line by line, over IPv4 and IPv6.
printf 'here is a message\nsecond line\n' >"$tmp/lines"
timeout 10 "$client" --lines --verify 127.0.0.1 "$port" <"$tmp/lines" >"$tmp/out" ||
    fail "echoclient --lines"
cmp -s "$tmp/lines" "$tmp/out" || fail "echoclient --lines: echo differs"
timeout 10 "$client" --lines ::1 "$port" <"$tmp/lines" >"$tmp/out" || fail "echoclient over ::1"
cmp -s "$tmp/lines" "$tmp/out" || fail "echoclient over ::1: echo differs"
ok "echoclient lines, IPv4 and IPv6"

# Binary, no line structure, NUL bytes, no final newline; nc and socat as real peers.
# nc -N and socat shut their write side at EOF: the server flushes, then closes.
head -c 300000 /dev/urandom >"$tmp/bin"
printf 'no newline\0at end' >>"$tmp/bin"
timeout 20 nc -N 127.0.0.1 "$port" <"$tmp/bin" >"$tmp/out" || fail "nc"
cmp -s "$tmp/bin" "$tmp/out" || fail "nc: echo differs"
timeout 20 nc -N ::1 "$port" <"$tmp/bin" >"$tmp/out" || fail "nc over ::1"
cmp -s "$tmp/bin" "$tmp/out" || fail "nc over ::1: echo differs"
timeout 20 socat -t 10 - "TCP:127.0.0.1:$port" <"$tmp/bin" >"$tmp/out" || fail "socat"
cmp -s "$tmp/bin" "$tmp/out" || fail "socat: echo differs"
ok "nc and socat, binary with NUL bytes, half-close"

# 10 MiB of binary through the streaming client, checked twice (--verify and cmp).
head -c 10485760 /dev/urandom >"$tmp/big"
timeout 60 "$client" --verify 127.0.0.1 "$port" <"$tmp/big" >"$tmp/out" || fail "10 MiB stream"
cmp -s "$tmp/big" "$tmp/out" || fail "10 MiB: echo differs"
timeout 60 "$client" 127.0.0.1 "$port" <"$tmp/big" | cmp -s - "$tmp/big" || fail "10 MiB pipe"
ok "10 MiB binary round trip"

# 1,000 clients connected at once, each checked byte for byte.
timeout 60 "$peer" concurrent 127.0.0.1 "$port" 1000 2000 >"$tmp/peer.out" ||
    fail "1000 concurrent clients"
ok "$(cat "$tmp/peer.out")"

# A client that resets its connection affects no other.
timeout 10 "$peer" reset 127.0.0.1 "$port" >/dev/null || fail "reset peer"
timeout 10 "$client" --lines --verify 127.0.0.1 "$port" <"$tmp/lines" >/dev/null ||
    fail "served after a reset"
kill -0 "$main" || fail "server died after a reset"
ok "a reset client harms no other"

# Iterative serves one client at a time; the others serve B while A stays connected.
if [ "$model" = iterative ]; then expect=serial; else expect=concurrent; fi
timeout 30 "$peer" serial 127.0.0.1 "$port" $expect >"$tmp/peer.out" || fail "serial ($expect)"
ok "$(cat "$tmp/peer.out")"

# A client that sends and never reads: the server stops reading it (the client's sends
# stall long before 256 MiB) and its memory stays near its cap. Beside it, other clients
# are served as usual (except by the iterative server, which serves one at a time).
base=$(rss_kb "$main")
timeout --foreground 60 "$peer" stall 127.0.0.1 "$port" 268435456 >"$tmp/stall.out" &
stall=$!
pids="$pids $stall"
wait_file "$tmp/stall.out" || fail "stalling client did not report"
grep -q '^stalled after' "$tmp/stall.out" || fail "no backpressure: $(cat "$tmp/stall.out")"
others="(one at a time: none beside it)"
if [ "$model" != iterative ]; then
    timeout 60 "$peer" concurrent 127.0.0.1 "$port" 50 100000 >/dev/null ||
        fail "clients beside a stalled one"
    others="50 others served beside it"
fi
now=$(rss_kb "$main")
# ECHO_CAP is 16 KiB per connection; allow 8 MiB for the allocator and sanitizers.
[ "$now" -le $((base + 8192)) ] || fail "server grew from $base KiB to $now KiB"
ok "$(cat "$tmp/stall.out"); server memory $base -> $now KiB; $others"
kill "$stall"
wait "$stall" 2>/dev/null || true

# The socket pair and the byte count appear in the log.
grep -Eq 'open \(127\.0\.0\.1:[0-9]+, 127\.0\.0\.1:'"$port"'\)' "$tmp/main.log" ||
    fail "no open line"
binsize=$(wc -c <"$tmp/bin")
grep -Eq 'close \(\[::1\]:[0-9]+, \[::1\]:'"$port"'\) '"$binsize"' bytes echoed$' "$tmp/main.log" ||
    fail "no close line with the byte count"
ok "per-connection log lines"

# SIGTERM with a client connected: the client sees the close, the server exits 0.
timeout --foreground 20 "$peer" hold 127.0.0.1 "$port" 15 >"$tmp/hold.out" &
hold=$!
pids="$pids $hold"
wait_file "$tmp/hold.out" || fail "held client did not connect"
stop_server "$main" || fail "exit status $? after SIGTERM"
wait "$hold" || fail "held client: $(cat "$tmp/hold.out")"
grep -q 'stopped' "$tmp/main.log" || fail "no stop line"
ok "SIGTERM: connected client closed, exit 0"

# The port is free again at once (SO_REUSEADDR) and SIGINT stops it the same way.
"$server" -q -m "$model" -p "$port" 2>"$tmp/again.log" &
again=$!
pids="$pids $again"
i=0
until timeout 5 "$client" 127.0.0.1 "$port" </dev/null >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -le 100 ] || fail "restart on port $port: $(cat "$tmp/again.log")"
    sleep 0.05
done
kill -INT "$again"
wait "$again" || fail "exit status after SIGINT"
ok "restart on the same port, SIGINT exit 0"

# --idle-timeout closes a silent client, and only a silent one: a client that speaks
# every 0.4 s outlives a 2 s timeout (2.4 s in all).
start_server idle -m "$model" --idle-timeout 2
timeout 20 "$peer" hold 127.0.0.1 "$port" 10 >"$tmp/hold.out" || fail "idle timeout"
grep -Eq 'close \(127\.0\.0\.1:[0-9]+, 127\.0\.0\.1:[0-9]+\) 1 bytes echoed, idle timeout \(nothing received for 2 s\)$' \
    "$tmp/idle.log" || fail "no idle timeout in the log: $(tail -n 3 "$tmp/idle.log")"
for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 0.4; done |
    timeout 20 "$client" --lines --verify 127.0.0.1 "$port" >"$tmp/ticks" ||
    fail "an active client was cut by the idle timeout"
[ "$(wc -l <"$tmp/ticks")" -eq 6 ] || fail "active client: $(cat "$tmp/ticks")"
if [ "$model" = iterative ]; then
    # Iterative: a silent client holds everyone else until the idle timeout ends it;
    # the client waiting behind it is then served (after about 2 s, not 10).
    rm -f "$tmp/hold.out"
    timeout --foreground 20 "$peer" hold 127.0.0.1 "$port" 10 >"$tmp/hold.out" &
    hold=$!
    pids="$pids $hold"
    wait_file "$tmp/hold.out" || fail "silent client did not connect"
    t0=$(date +%s%N)
    echo "behind a silent one" | timeout 20 "$client" --lines --verify 127.0.0.1 "$port" \
        >"$tmp/behind" || fail "the client behind a silent one was not served"
    waited=$((($(date +%s%N) - t0) / 1000000))
    wait "$hold" || fail "silent client: $(cat "$tmp/hold.out")"
    [ "$waited" -ge 1000 ] && [ "$waited" -lt 8000 ] ||
        fail "the client behind a silent one waited $waited ms (about 2000 expected)"
    ok "iterative: the client behind a silent one served after $waited ms (--idle-timeout 2)"
fi
stop_server "$spid" || fail "idle server exit status"
ok "--idle-timeout"

if [ "$model" != iterative ]; then
    # --max-conns 1 makes any model serve one client at a time.
    start_server max -q -m "$model" --max-conns 1
    timeout 30 "$peer" serial 127.0.0.1 "$port" serial >/dev/null || fail "--max-conns 1"
    stop_server "$spid" || fail "max-conns server exit status"
    ok "--max-conns 1"

    # Shutdown with clients that never read: the grace period ends them, exit 0.
    start_server grace -q -m "$model" --grace 1
    for i in 1 2 3; do
        timeout --foreground 60 "$peer" stall 127.0.0.1 "$port" 268435456 >"$tmp/stall$i.out" &
        pids="$pids $!"
    done
    for i in 1 2 3; do wait_file "$tmp/stall$i.out" || fail "stalling client did not report"; done
    stop_server "$spid" || fail "exit status after SIGTERM with an unflushable client"
    ok "SIGTERM with 3 unflushable clients: exit 0 after the grace period"
fi

# start_limited NAME NOFILE ARGS...: a server allowed NOFILE descriptors; sets spid, port.
start_limited() {
    lname=$1 lfiles=$2
    shift 2
    rm -f "$tmp/$lname.port"
    prlimit --nofile="$lfiles:$lfiles" "$server" -m "$model" -p 0 --port-file "$tmp/$lname.port" \
        "$@" 2>"$tmp/$lname.log" &
    spid=$!
    pids="$pids $spid"
    wait_file "$tmp/$lname.port" || fail "$lname server did not start"
    port=$(cat "$tmp/$lname.port")
}

# hold_many N: N clients that send one message and wait for the close (pids in $holders).
hold_many() {
    holders=""
    for i in $(seq "$1"); do
        timeout --foreground 30 "$peer" hold 127.0.0.1 "$port" 25 >/dev/null 2>&1 &
        holders="$holders $!"
    done
    pids="$pids $holders"
}

if [ "$model" = events ] || [ "$model" = threads ]; then
    # By default the connection cap follows the descriptor limit: with 24 descriptors
    # the server takes 8 clients at once (16 kept for itself), never runs out, and the
    # others wait in the backlog until a slot frees.
    start_limited cap 24
    grep -q 'at most 8 connections at once (the descriptor limit)' "$tmp/cap.log" ||
        fail "no cap from the descriptor limit: $(head -n 1 "$tmp/cap.log")"
    hold_many 12
    i=0
    until [ "$(grep -c '^echoserver: open' "$tmp/cap.log")" -ge 8 ]; do
        i=$((i + 1))
        [ $i -le 200 ] || fail "the capped server did not take 8 clients"
        sleep 0.05
    done
    sleep 0.5
    n=$(grep -c '^echoserver: open' "$tmp/cap.log")
    [ "$n" -eq 8 ] || fail "capped at 8, the server took $n clients"
    if grep -q 'Too many open files' "$tmp/cap.log"; then fail "capped server ran out of descriptors"; fi
    for p in $holders; do kill "$p" 2>/dev/null || true; done
    timeout 60 "$peer" concurrent 127.0.0.1 "$port" 40 10000 >/dev/null ||
        fail "not serving after the cap"
    stop_server "$spid" || fail "capped server exit status"
    ok "default cap from the descriptor limit: 8 of 12 clients taken, the rest waited, then served"

    # Out of descriptors all the same (a cap set above the limit): keep serving, do not
    # spin. 24 descriptors leave room for about 15 clients; 30 idle ones hold them all
    # while others wait in the backlog.
    start_limited emfile 24 --max-conns 1000
    hold_many 30
    i=0
    until grep -q 'Too many open files' "$tmp/emfile.log"; do
        i=$((i + 1))
        [ $i -le 200 ] || fail "never ran out of descriptors"
        sleep 0.05
    done
    t0=$(cpu_ticks "$spid")
    sleep 2
    t1=$(cpu_ticks "$spid")
    # A spinning accept loop would burn about 200 ticks in 2 s; a paused one, none.
    [ $((t1 - t0)) -lt 50 ] || fail "server spun at EMFILE: $((t1 - t0)) ticks in 2 s"
    n=$(grep -c 'Too many open files' "$tmp/emfile.log")
    [ "$n" -eq 1 ] || fail "EMFILE logged $n times in one shortage (once is enough)"
    for p in $holders; do kill "$p" 2>/dev/null || true; done
    timeout 60 "$peer" concurrent 127.0.0.1 "$port" 40 10000 >/dev/null ||
        fail "not serving after EMFILE"
    stop_server "$spid" || fail "emfile server exit status"
    ok "EMFILE: no spin ($((t1 - t0)) ticks in 2 s), serving again"
fi
# A sanitizer build reports in the server's log (forked children too): none allowed.
if grep -l 'Sanitizer' "$tmp"/*.log >/dev/null 2>&1; then fail "sanitizer report in a server log"; fi
echo "all echo tests passed for model $model"

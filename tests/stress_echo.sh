#!/bin/sh
# stress_echo.sh: echoserver under stress and against hostile clients, on loopback
# (tests/stress_echo.c plays the clients).
#
#   stress_echo.sh ECHOSERVER STRESS_ECHO [MODEL]
#
# Cases, each against a server on a free port (-p 0 --port-file), every process under
# timeout, everything killed on exit. Every model:
#   noread     200 clients that send and never read: the kernel's TCP memory
#              (/proc/net/sockstat "mem", pages) grows by what their socket buffers
#              allow and no more (each server socket within SO_RCVBUF + SO_SNDBUF + one
#              segment, by ss -m), where autotuned buffers let 200 pin over a GiB; the
#              server's RSS stays flat
#   sendtime   the same clients meet --send-timeout 2: the server closes every one of
#              them, saying "send timeout" in each close line
#   slowloris  clients sending a byte a second, each echo checked: all are served, the
#              ones beyond the connection cap after waiting in the backlog (not reset)
# events:
#   many       10,000 connections held at once (--max-conns 10000: the default cap
#              assumes every client hostile), each echoed byte-exact
#   idle       200 clients that connect and never send; 100 others are served meanwhile
#   reset      500 clients reset mid-echo; then 200 others are served, server alive
#   halfclose  1,000 clients shut their sending side right after their last byte, before
#              reading: every byte still comes back, then the server's EOF
#   emfile     a server limited to 64 descriptors (and a cap above that) meets 150 idle
#              clients: while out of descriptors it uses < 0.5 s of CPU in 3 s (not
#              spinning), and once they leave it serves 50 new clients
# fork and threads:
#   idleflood  1,000 idle clients and --idle-timeout 1: never more than 256 workers (the
#              default cap), every idle client closed by the server with a FIN (none
#              reset), and 50 clients queued behind them are served
#   nproc      the server as an unprivileged user under RLIMIT_NPROC 40 (prlimit,
#              setpriv): fork or pthread_create fails, the client just accepted waits
#              and accepting pauses; 150 slow clients at once (2 s each) are all
#              served, none reset, never more than 40 workers
# Ends with "N passed, N failed". Needs Linux /proc and ss; the nproc case needs root
# (to become another user) and is skipped otherwise.
set -u

server=${1:?usage: stress_echo.sh ECHOSERVER STRESS_ECHO [MODEL]}
driver=${2:?usage: stress_echo.sh ECHOSERVER STRESS_ECHO [MODEL]}
model=${3:-events}

# shellcheck source=tests/script_lib.sh
. "$(dirname "$0")/script_lib.sh"
tmp=$(mktemp -d)
spid=
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null
    # the drivers and samplers started in the background, by their own pids
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
# The kernel's TCP memory, all sockets of the host, in pages (/proc/net/sockstat).
tcp_pages() { awk '/^TCP:/ { for (i = 1; i < NF; i++) if ($i == "mem") print $(i + 1) }' /proc/net/sockstat; }
# workers PID: the threads (threads model) or child processes (fork) serving clients.
workers() {
    if [ "$model" = fork ]; then
        cat /proc/"$1"/task/*/children 2>/dev/null | wc -w
    else
        # The threads named as serving (echo/server_blocking.c): a thread that has
        # finished its client still exists for a moment while it exits, and is not one.
        cat /proc/"$1"/task/*/comm 2>/dev/null | grep -cx echo-serving || true
    fi
}
# server_skmem PORT: "sockets bytes max": the server's established sockets on PORT and
# the kernel memory they hold (receive queue + send queue + forward allocation, ss -m).
server_skmem() {
    ss -tmnH state established "( sport = :$1 )" | awk '
        /skmem:/ { gsub(/.*skmem:\(|\).*/, ""); n = split($0, f, ",");
                   b = 0; for (i = 1; i <= n; i++) if (f[i] ~ /^(r|w|f)[0-9]/) b += substr(f[i], 2);
                   s++; t += b; if (b > m) m = b }
        END { printf "%d %d %d\n", s, t, m }'
}

# start_server [NOFILE [OPTIONS...]]: a fresh server (with at most NOFILE descriptors,
# "" for the default), its log in $tmp/server.err; sets port, spid (the timeout
# wrapper) and pid (the server itself).
start_server() {
    stop_server
    rm -f "$tmp/port"
    limit=${1:-}
    [ $# -gt 0 ] && shift
    (
        [ -n "$limit" ] && ulimit -n "$limit"
        exec timeout -k 5 600 "$server" -b 127.0.0.1 -p 0 -m "$model" --grace 2 \
            --port-file "$tmp/port" "$@"
    ) 2>"$tmp/server.err" &
    spid=$!
    server_up "$tmp/port"
    [ -n "$port" ] && [ -n "$pid" ] || { no "server did not start: $(cat "$tmp/server.err")"; exit 1; }
}

# server_up PORTFILE: waits (up to 10 s) for the server under $spid to write its port;
# sets port and pid (the server itself, under the timeout wrapper), empty if not.
server_up() {
    wait_file "$1" || true
    port=$(cat "$1" 2>/dev/null)
    pid=$(pgrep -P "$spid" | head -n 1)
}

stop_server() {
    [ -n "$spid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    wait "$spid" 2>/dev/null
    spid=
    sanitizer_check
}

# A sanitizer build reports in the server's log (forked children's too): none allowed.
sanitizer_check() {
    if grep -q 'Sanitizer' "$tmp/server.err" 2>/dev/null; then
        no "sanitizer report: $(grep -m 3 'Sanitizer\|#[0-9]' "$tmp/server.err")"
        rm -f "$tmp/server.err"
    fi
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
    bgpid=$!
    echo $bgpid >>"$tmp/bg"
}

# sampler: the most workers and the most TCP memory pages seen, every 0.1 s, written
# to $tmp/max.workers and $tmp/max.pages until sampler_stop.
sampler() {
    rm -f "$tmp/sampling.stop"
    (
        mw=0 mp=0
        while [ ! -e "$tmp/sampling.stop" ] && kill -0 "$pid" 2>/dev/null; do
            w=$(workers "$pid") p=$(tcp_pages)
            [ "$w" -gt $mw ] && mw=$w && echo $mw >"$tmp/max.workers"
            [ "$p" -gt $mp ] && mp=$p && echo $mp >"$tmp/max.pages"
            sleep 0.1
        done
    ) &
    sampler_pid=$!
    echo $sampler_pid >>"$tmp/bg"
    echo 0 >"$tmp/max.workers"
    echo 0 >"$tmp/max.pages"
}
sampler_stop() {
    touch "$tmp/sampling.stop"
    wait "$sampler_pid" 2>/dev/null
}

# ---- noread: 200 clients that send and never read ----
start_server
rss0=$(rss_kib "$pid")
pages0=$(tcp_pages)
bg noread 200 268435456 20
wait_grep "$tmp/bg.out" holding 30 || no "noread: the clients never stalled"
sleep 1
pages1=$(tcp_pages)
set -- $(server_skmem "$port")
socks=$1 held=$2 most=$3
rss1=$(rss_kib "$pid")
kill "$bgpid" 2>/dev/null
wait "$bgpid" 2>/dev/null
grow_mib=$(((pages1 - pages0) * 4 / 1024))
# Each server socket: SO_RCVBUF and SO_SNDBUF of 64 KiB (doubled by the kernel) and one
# 64 KiB segment past the send limit. Each client socket keeps NOREAD_BUF (16 KiB,
# doubled) each way and a segment: 128 KiB. 64 MiB for the rest of the host.
per_server=$((4 * 65536 + 65536))
# The server's own memory: at most 16 KiB held per connection, and in the threads model
# each thread's stack (256 KiB at most; a sanitizer build touches more of it).
rss_mib=32
[ "$model" = threads ] && rss_mib=$((32 + 200 * 256 / 1024))
limit_mib=$((200 * (per_server + 131072) / 1048576 + 64))
if [ "$socks" -ne 200 ]; then
    no "noread: the server holds $socks of the 200 clients"
elif [ "$most" -gt $per_server ]; then
    no "noread: a server socket holds $most bytes (limit $per_server)"
elif [ $grow_mib -gt $limit_mib ]; then
    no "noread: TCP memory grew by $grow_mib MiB (limit $limit_mib MiB); $(head -n 1 "$tmp/bg.out")"
elif [ $(((rss1 - rss0) / 1024)) -ge $rss_mib ]; then
    no "noread: server RSS grew from $rss0 to $rss1 KiB (limit +$rss_mib MiB)"
else
    ok "noread: $(head -n 1 "$tmp/bg.out"); TCP memory +$grow_mib MiB (limit $limit_mib), the server's 200 sockets $((held / 1048576)) MiB, at most $most bytes each; RSS $rss0 -> $rss1 KiB"
fi
alive || no "server died in noread"

# ---- sendtime: the same clients against --send-timeout 2 ----
start_server "" --send-timeout 2
bg noread 200 268435456 30
wait "$bgpid" 2>/dev/null
n=$(grep -c 'send timeout (the client read nothing for 2 s; [0-9]* bytes owed, dropped)' "$tmp/server.err")
if grep -q '^noread: 200 closed by the server' "$tmp/bg.out" && [ "$n" -eq 200 ]; then
    ok "sendtime: $(tail -n 1 "$tmp/bg.out"); $n close lines say why, e.g. $(grep -m 1 -o 'send timeout (.*' "$tmp/server.err")"
else
    no "sendtime: $(tail -n 1 "$tmp/bg.out"); $n send-timeout lines"
fi

# ---- slowloris: a byte a second per client; beyond the cap they wait their turn ----
if [ "$model" = events ]; then slow=1000 cap=""; else slow=300 cap=256; fi
start_server "" -q
sampler
pages0=$(tcp_pages)
if drive slow $slow 4 1000; then
    sampler_stop
    grow_mib=$((($(cat "$tmp/max.pages") - pages0) * 4 / 1024))
    mw=$(cat "$tmp/max.workers")
    if [ -n "$cap" ] && [ "$mw" -gt "$cap" ]; then
        no "slowloris: $mw workers at once (cap $cap)"
    else
        ok "slowloris: $(cat "$tmp/drive.out"); at most $mw workers${cap:+ (cap $cap)}; TCP memory +$grow_mib MiB at most"
    fi
else
    sampler_stop
    no "slowloris"
fi
alive || no "server died in slowloris"

if [ "$model" = events ]; then
    # ---- many ----
    start_server "" -q --max-conns 10000
    if drive many "$conns" 1024; then
        ok "many: $(cat "$tmp/drive.out")"
    else
        no "many"
    fi
    alive || no "server died in many"

    # ---- idle ----
    start_server "" -q
    bg idle 200 6
    sleep 1
    if drive many 100 4096; then ok "idle: 200 silent clients held; $(cat "$tmp/drive.out")"; else no "idle"; fi
    wait "$bgpid" 2>/dev/null
    alive || no "server died in idle"

    # ---- reset ----
    start_server "" -q
    drive reset 500 >/dev/null
    if alive && drive many 200 8192; then ok "reset: after 500 resets mid-echo, $(cat "$tmp/drive.out")"; else no "reset"; fi

    # ---- halfclose ----
    start_server "" -q
    if drive many 1000 65536 early; then ok "halfclose: $(cat "$tmp/drive.out")"; else no "halfclose"; fi
    alive || no "server died in halfclose"

    # ---- emfile ----
    start_server 64 -q --max-conns 1000
    bg idle 150 7
    sleep 2
    t0=$(cpu_ticks "$pid")
    sleep 3
    t1=$(cpu_ticks "$pid")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    cpu_ms=$(((t1 - t0) * 1000 / hz))
    held=$(head -n 1 "$tmp/bg.out")
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
else
    # ---- idleflood: 1,000 idle clients, 50 good ones queued behind them ----
    start_server "" -q --idle-timeout 1
    sampler
    bg idle 1000 60
    sleep 1
    if drive many 50 4096; then served=1; else served=0; fi
    wait "$bgpid" 2>/dev/null
    sampler_stop
    mw=$(cat "$tmp/max.workers")
    if [ $served = 1 ] && grep -q '^idle: 1000 closed by the server (0 of them reset)' "$tmp/bg.out" &&
        [ "$mw" -le 256 ]; then
        ok "idleflood: $(tail -n 1 "$tmp/bg.out"); at most $mw workers; queued behind them, $(cat "$tmp/drive.out")"
    else
        no "idleflood: served=$served, at most $mw workers (cap 256); $(tail -n 1 "$tmp/bg.out")"
    fi
    alive || no "server died in idleflood"

    # ---- nproc: fork and pthread_create fail past RLIMIT_NPROC ----
    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && command -v prlimit >/dev/null; then
        stop_server
        # A user id of this run's own, so that no other process counts against its limit.
        uid=$((40000 + $$ % 20000))
        # That user writes the port file: the way to a directory of its own.
        chmod 0711 "$tmp"
        mkdir "$tmp/nproc" && chmod 0777 "$tmp/nproc"
        timeout -k 5 120 prlimit --nproc=40:40 setpriv --reuid=$uid --regid=$uid --clear-groups \
            "$server" -b 127.0.0.1 -p 0 -m "$model" --grace 2 --port-file "$tmp/nproc/port" \
            2>"$tmp/server.err" &
        spid=$!
        server_up "$tmp/nproc/port"
        sampler
        if [ -z "$port" ]; then
            no "nproc: server did not start: $(cat "$tmp/server.err")"
        elif drive slow 150 2 500; then
            sampler_stop
            said=$(grep -c 'this client waits for one to end' "$tmp/server.err")
            if [ "$(cat "$tmp/max.workers")" -gt 40 ]; then
                no "nproc: $(cat "$tmp/max.workers") workers under RLIMIT_NPROC 40"
            elif [ "$said" -ge 1 ] && ! grep -q 'not served' "$tmp/server.err"; then
                ok "nproc: $(cat "$tmp/drive.out"); at most $(cat "$tmp/max.workers") workers; the server said: $(grep -m 1 -o 'cannot .*' "$tmp/server.err")"
            else
                no "nproc: all served, but the log does not say how: $(grep -m 2 'cannot\|not served' "$tmp/server.err")"
            fi
        else
            sampler_stop
            no "nproc: $(grep -c 'close.*not served' "$tmp/server.err") clients not served; $(grep -m 1 'cannot' "$tmp/server.err")"
        fi
    else
        echo "skip: nproc (needs root, setpriv and prlimit to run the server as another user)"
    fi
fi

# A clean stop: SIGTERM, exit status 0.
kill -TERM "$pid" 2>/dev/null
wait "$spid"
st=$?
spid=
if [ $st = 0 ]; then ok "SIGTERM: clean exit"; else no "SIGTERM: exit status $st"; fi
sanitizer_check

echo "$pass passed, $fail failed"
[ $fail = 0 ]

# echo_lib.sh: helpers shared by the echo integration scripts (sourced, not run).
# Every process a test starts is recorded in $pids and killed by cleanup on exit, so
# nothing is left running whatever happens; every wait is bounded.
# shellcheck source=tests/script_lib.sh
. "$(dirname "$0")/script_lib.sh"

tmp=$(mktemp -d)
pids=""
cleanup() {
    kill_pids
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "FAIL: $*" >&2
    for f in "$tmp"/*.log; do
        [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }
    done
    exit 1
}
ok() { echo "ok: $*"; }

# start_server NAME ARGS...: starts echoserver on a free port; sets $spid and $port.
start_server() {
    name=$1
    shift
    rm -f "$tmp/$name.port"
    "$server" -p 0 --port-file "$tmp/$name.port" "$@" 2>"$tmp/$name.log" &
    spid=$!
    pids="$pids $spid"
    wait_file "$tmp/$name.port" || fail "$name: server did not start"
    port=$(cat "$tmp/$name.port")
}

# stop_server PID: SIGTERM, then the exit status must be 0 (bounded wait).
stop_server() {
    kill -TERM "$1"
    i=0
    while kill -0 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ $i -le 300 ] || fail "server $1 did not stop within 15 s of SIGTERM"
        sleep 0.05
    done
    wait "$1"
}

# rss_kb PID: resident set of PID and its children, in KiB.
rss_kb() {
    total=0
    for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        r=$(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
        total=$((total + ${r:-0}))
    done
    echo "$total"
}

# cpu_ticks PID: user+system CPU time of PID in clock ticks.
cpu_ticks() {
    awk '{print $14 + $15}' /proc/"$1"/stat
}

#!/bin/sh
# test_echo_valgrind.sh MODEL ECHOSERVER ECHOCLIENT ECHO_PEER: echoserver under valgrind
# (memcheck, full leak check): concurrent clients, a megabyte stream, a reset, a client
# that never reads, then SIGTERM. Any memory error or leak fails it (exit 9). Skipped
# (77) without valgrind.
set -eu
model=$1 server=$2 client=$3 peer=$4
command -v valgrind >/dev/null || { echo "skip: valgrind not installed"; exit 77; }
. "$(dirname "$0")/echo_lib.sh"

rm -f "$tmp/vg.port"
valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=9 "$server" -q -m "$model" -p 0 --port-file "$tmp/vg.port" --grace 1 \
    2>"$tmp/valgrind.log" &
spid=$!
pids="$pids $spid"
i=0
while [ ! -s "$tmp/vg.port" ]; do
    i=$((i + 1))
    [ $i -le 600 ] || fail "server under valgrind did not start"
    sleep 0.05
done
port=$(cat "$tmp/vg.port")
timeout 60 "$peer" concurrent 127.0.0.1 "$port" 20 20000 >/dev/null || fail "concurrent clients"
head -c 1000000 /dev/urandom >"$tmp/mb"
timeout 60 "$client" --verify 127.0.0.1 "$port" <"$tmp/mb" >/dev/null || fail "1 MB stream"
timeout 10 "$peer" reset 127.0.0.1 "$port" >/dev/null || fail "reset"
if [ "$model" != iterative ]; then
    timeout --foreground 60 "$peer" stall 127.0.0.1 "$port" 268435456 >"$tmp/stall.out" &
    pids="$pids $!"
    wait_file "$tmp/stall.out" || fail "stalling client did not report"
fi
kill -TERM "$spid"
set +e
wait "$spid"
rc=$?
set -e
[ "$rc" -eq 0 ] || fail "exit status $rc under valgrind: $(cat "$tmp/valgrind.log")"
[ ! -s "$tmp/valgrind.log" ] || fail "valgrind: $(cat "$tmp/valgrind.log")"
echo "ok: valgrind clean for model $model"

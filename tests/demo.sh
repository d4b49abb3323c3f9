#!/bin/sh
# demo.sh BUILD_DIR: the main job run by './lab demo' (interim): start echoserver on a
# free loopback port, send it a few lines with echoclient, show both sides, stop it.
# Nothing is left running: the server is stopped by a trap whatever happens.
set -eu
build=${1:?usage: demo.sh BUILD_DIR}
server=$build/echo/echoserver
client=$build/echo/echoclient
tmp=$(mktemp -d)
spid=""
cleanup() {
    if [ -n "$spid" ]; then
        kill "$spid" 2>/dev/null || true
        wait "$spid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

"$server" -b 127.0.0.1 -p 0 --port-file "$tmp/port" 2>"$tmp/server.log" &
spid=$!
i=0
while [ ! -s "$tmp/port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$spid" 2>/dev/null; then
        echo "demo: echoserver did not start:" >&2
        cat "$tmp/server.log" >&2
        exit 1
    fi
    sleep 0.05
done
port=$(cat "$tmp/port")

printf 'here is a message\nhello, echo\n15213 is the port\n' >"$tmp/in"
echo "demo: echoclient --lines 127.0.0.1 $port, sending:"
sed 's/^/  > /' "$tmp/in"
echo "demo: the echo:"
timeout 10 "$client" --lines --verify 127.0.0.1 "$port" <"$tmp/in" >"$tmp/out"
sed 's/^/  < /' "$tmp/out"

kill -TERM "$spid"
status=0
wait "$spid" || status=$?
spid=""
echo "demo: the server's log (exit status $status after SIGTERM):"
sed 's/^/  /' "$tmp/server.log"
exit "$status"

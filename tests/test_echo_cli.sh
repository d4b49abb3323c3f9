#!/bin/sh
# test_echo_cli.sh ECHOSERVER ECHOCLIENT ECHO_PEER: command lines and error paths of
# both programs: every bad input gets its message and exit status; the client reports a
# server that closes early, a wrong echo, a timeout; --help, --version.
set -eu
server=$1 client=$2 peer=$3
. "$(dirname "$0")/echo_lib.sh"

# expect STATUS PATTERN CMD...: CMD exits with STATUS and stderr matches PATTERN.
expect() {
    want=$1 pat=$2
    shift 2
    set +e
    timeout 20 "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    got=$?
    set -e
    [ "$got" -eq "$want" ] || fail "$*: exit $got, want $want ($(cat "$tmp/err"))"
    grep -Eq "$pat" "$tmp/err" || fail "$*: stderr '$(cat "$tmp/err")' lacks '$pat'"
    ok "$* -> $want: $(head -n 1 "$tmp/err")"
}

expect 2 "^echoserver: invalid port 'abc'$" "$server" -p abc
expect 2 "^echoserver: invalid port '65536'$" "$server" -p 65536
expect 2 "^echoserver: unknown option '--bogus'$" "$server" --bogus
expect 2 "^echoserver: unknown option '-z'$" "$server" -z
expect 2 "^echoserver: option .-p. needs a value; none was given \(write it as .-p VALUE.\)$" "$server" -p
expect 2 "invalid model 'select'" "$server" --model select
expect 2 "invalid --max-conns '0'" "$server" --max-conns 0
expect 2 "invalid --idle-timeout 'x'" "$server" --idle-timeout x
expect 2 "unexpected argument 'extra'" "$server" extra
expect 2 "^echoclient: unknown option '--bogus'" "$client" --bogus
expect 2 "^echoclient: invalid port 'http'" "$client" localhost http
expect 2 "^echoclient: invalid --timeout" "$client" --timeout 86401
expect 2 "^echoclient: invalid --timeout" "$client" --timeout -1
expect 2 "unexpected argument" "$client" a 1 b

# Port in use: another server holds it.
start_server busy -q
expect 1 "^echoserver: cannot bind (0\.0\.0\.0|::) port $port: Address already in use$" "$server" -p "$port"
expect 1 "^echoserver: cannot bind 127\.0\.0\.1 port $port: Address already in use$" \
    "$server" -b 127.0.0.1 -p "$port"
# An address this host does not have (TEST-NET-1, RFC 5737): the message names it.
expect 1 "^echoserver: cannot bind 192\.0\.2\.77 port 0: Cannot assign requested address \(no interface of this host has that address\)$" \
    "$server" -b 192.0.2.77 -p 0

# No permission: a port below the unprivileged range, as an unprivileged user.
start=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 0)
if [ "$start" -le 80 ]; then
    echo "skip: permission check (port 80 is open to every user here)"
elif [ "$(id -u)" != 0 ]; then
    expect 2 "^echoserver: cannot bind (0\.0\.0\.0|::) port 80: Permission denied" "$server" -p 80
elif ! command -v setpriv >/dev/null; then
    echo "skip: permission check (root without setpriv)"
elif ! setpriv --reuid=65534 --regid=65534 --clear-groups "$server" --version >/dev/null 2>&1; then
    echo "skip: permission check (user nobody cannot run $server here: a parent directory is closed to other users)"
else
    expect 2 "^echoserver: cannot bind (0\.0\.0\.0|::) port 80: Permission denied" \
        setpriv --reuid=65534 --regid=65534 --clear-groups "$server" -p 80
fi

# Unknown host: the resolver's own message.
expect 1 "^echoclient: cannot resolve 'no-such-host.invalid' port $port: " \
    "$client" no-such-host.invalid "$port"

# Connection refused: a port nobody listens on any more.
stop_server "$spid"
expect 1 "^echoclient: cannot connect to 127.0.0.1 port $port .*Connection refused$" \
    "$client" 127.0.0.1 "$port"

# A server whose accept queue is full: the connect itself times out.
rm -f "$tmp/full.port"
timeout --foreground 20 "$peer" badserver "$tmp/full.port" full &
pids="$pids $!"
wait_file "$tmp/full.port" || fail "full server did not start"
expect 1 "^echoclient: cannot connect to 127.0.0.1 port [0-9]+ .*timed out after 1000 ms$" \
    "$client" --timeout 1 127.0.0.1 "$(cat "$tmp/full.port")"

# bad_server HOW MODE PATTERN CLIENT-OPTIONS...: echoclient against a misbehaving server
# (echo_peer badserver HOW) must exit 1, say PATTERN, and never print its own line.
bad_server() {
    how=$1 mode=$2 pat=$3
    shift 3
    rm -f "$tmp/bad.port"
    timeout --foreground 20 "$peer" badserver "$tmp/bad.port" "$how" &
    pids="$pids $!"
    wait_file "$tmp/bad.port" || fail "bad server did not start"
    set +e
    printf 'here is a message\n' | timeout 20 "$client" "$@" "$mode" 127.0.0.1 \
        "$(cat "$tmp/bad.port")" >"$tmp/out" 2>"$tmp/err"
    got=$?
    set -e
    [ "$got" -eq 1 ] || fail "$how server ($mode): exit $got"
    grep -Eq "$pat" "$tmp/err" || fail "$how server ($mode): $(cat "$tmp/err")"
    if grep -q 'message' "$tmp/out"; then fail "$how server ($mode): printed its own line"; fi
    ok "$how server ($mode): $(cat "$tmp/err")"
}

for mode in --lines --stream; do
    # Closes after 3 bytes: UNP's "server terminated prematurely", and never CS:APP's
    # fault of printing the line it sent as if it were the echo.
    bad_server close $mode '^echoclient: server terminated prematurely'
    bad_server fin $mode '^echoclient: server terminated prematurely: 18 bytes sent, 0 echoed: bytes 0-17 were lost$'
    # Flips byte 5 of the echo: --verify names the offset.
    bad_server corrupt $mode 'differs from what was sent at byte offset 5 ' --verify
    # Never answers: --timeout.
    bad_server silent $mode '^echoclient: no echo from 127.0.0.1 port [0-9]+ for 1.000 s: 18 bytes sent, 0 echoed \(--timeout S waits longer, 0 for ever\)$' \
        --timeout 1
done

# The server goes away while the line client waits for the user: reported at once (UNP's
# str_cli with select), not after the next line. Here the server's idle timeout (1 s)
# closes the connection while the next line is 3 s away.
start_server idle -q --idle-timeout 1
set +e
(echo one; sleep 3; echo two) | timeout 20 "$client" --lines 127.0.0.1 "$port" \
    >"$tmp/out" 2>"$tmp/err"
got=$?
set -e
[ "$got" -eq 1 ] || fail "server gone while waiting for input: exit $got"
grep -q '^echoclient: server terminated prematurely while echoclient waited for input: all 4 bytes sent were echoed$' \
    "$tmp/err" || fail "server gone while waiting for input: $(cat "$tmp/err")"
[ "$(cat "$tmp/out")" = one ] || fail "server gone while waiting for input: printed '$(cat "$tmp/out")'"
stop_server "$spid"
ok "server gone while waiting for input: $(cat "$tmp/err")"

# --help and --version on both.
for prog in "$server" "$client"; do
    timeout 5 "$prog" --help | grep -q '^Usage: ' || fail "$prog --help"
    timeout 5 "$prog" --version | grep -Eq '^echo(server|client) \(echosniff\) [0-9]+\.[0-9]+' ||
        fail "$prog --version"
done
ok "--help, --version"
echo "all echo command-line tests passed"

#!/bin/sh
# test_echo_client.sh ECHOSERVER ECHOCLIENT: echoclient never deadlocks and says what
# was lost.
#
#   long line   one 40 MiB line through --lines (from a file and from a pipe): the
#               client must read the echo while it sends, or both sides stop (the
#               server stops reading once it owes 16 KiB), and nothing ever times out
#   terminal    on a terminal (a pseudo-terminal made by script(1)) the client works
#               line by line by default: 2,000 lines typed ahead of the echoes, each
#               echoed whole before the next goes out. A canonical terminal carries at
#               most 4095 bytes a line, so the long line is not tried there.
#   kill -9     the server killed while bytes are in flight: "server terminated
#               prematurely", how many bytes went, how many came back, which were
#               lost, exit 1; and killed while the client waits for input: all echoed,
#               and nothing more read, never "8388608 of 8388608 bytes echoed"
set -eu
server=$1 client=$2
. "$(dirname "$0")/echo_lib.sh"

# start_real_server: a server under timeout; sets port and srv, the server's own pid
# (kill -9 must reach it, not the timeout wrapper).
start_real_server() {
    rm -f "$tmp/real.port"
    timeout -k 5 120 "$server" -q -b 127.0.0.1 -p 0 --port-file "$tmp/real.port" &
    pids="$pids $!"
    wait_file "$tmp/real.port" || fail "server did not start"
    port=$(cat "$tmp/real.port")
    srv=$(pgrep -P "$!" | head -n 1)
    [ -n "$srv" ] || fail "no server process under $!"
}

# wait_size FILE BYTES: until FILE holds BYTES bytes (up to 30 s).
wait_size() {
    i=0
    while [ "$(wc -c <"$1")" -lt "$2" ]; do
        i=$((i + 1))
        [ $i -le 600 ] || fail "$1 stopped at $(wc -c <"$1") of $2 bytes"
        sleep 0.05
    done
}

start_server main -q
# One line of 40 MiB: base64 has no newline in it, then one at the end.
head -c 31457280 /dev/urandom | base64 -w 0 >"$tmp/line"
echo >>"$tmp/line"
[ "$(wc -l <"$tmp/line")" -eq 1 ] || fail "the long line is not one line"
timeout 60 "$client" --lines --verify 127.0.0.1 "$port" <"$tmp/line" >"$tmp/out" ||
    fail "a 40 MiB line through --lines: exit $?"
cmp -s "$tmp/line" "$tmp/out" || fail "a 40 MiB line through --lines: echo differs"
ok "a 40 MiB line through --lines from a file, echoed and verified"
cat "$tmp/line" | timeout 60 "$client" --lines --verify 127.0.0.1 "$port" >"$tmp/out" ||
    fail "a 40 MiB line through --lines from a pipe"
cmp -s "$tmp/line" "$tmp/out" || fail "a 40 MiB line from a pipe: echo differs"
ok "a 40 MiB line through --lines from a pipe, echoed and verified"

# A terminal: script(1) gives the client a pseudo-terminal as standard input, types
# the file into it and ends it with Ctrl-D; the client's output goes to a file.
if command -v script >/dev/null; then
    awk 'BEGIN { for (i = 1; i <= 2000; i++) { s = sprintf("line %05d ", i);
                 while (length(s) < 1999) s = s "x"; print s } }' >"$tmp/typed"
    timeout 120 script -q -e -c "\"$client\" --verify 127.0.0.1 $port >\"$tmp/out\" 2>\"$tmp/tty.err\"" \
        /dev/null <"$tmp/typed" >/dev/null || fail "on a terminal: exit $? ($(cat "$tmp/tty.err"))"
    cmp -s "$tmp/typed" "$tmp/out" || fail "on a terminal: echo differs"
    ok "on a terminal, line by line by default: 2000 lines of 2000 bytes typed ahead, all echoed"
else
    echo "skip: terminal (no script(1))"
fi
stop_server "$spid"

# fed_client: starts the client on a FIFO the test writes to through descriptor 3
# (open until the test closes it: no end of input meanwhile); sets cpid.
fed_client() {
    rm -f "$tmp/in"
    mkfifo "$tmp/in"
    timeout -k 5 60 "$client" --verify 127.0.0.1 "$port" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
    cpid=$!
    pids="$pids $cpid"
    exec 3>"$tmp/in"
}

# fed_client_failed WHAT: waits for the client, which must exit 1.
fed_client_failed() {
    set +e
    wait "$cpid"
    rc=$?
    set -e
    exec 3>&-
    [ "$rc" -eq 1 ] || fail "$1: exit $rc ($(cat "$tmp/err"))"
}

# kill -9 while bytes are in flight. 8 MiB go out and come back; the server is stopped
# (SIGSTOP) and 1 MiB more is written, of which the client sends what the sockets take;
# then the server is killed with that data unread, so its kernel resets the connection.
head -c 8388608 /dev/urandom >"$tmp/8m"
head -c 1048576 /dev/urandom >"$tmp/1m"
start_real_server
fed_client
timeout 20 cat "$tmp/8m" >&3 || fail "kill -9: could not write the first 8 MiB"
wait_size "$tmp/out" 8388608
kill -STOP "$srv"
timeout 20 cat "$tmp/1m" >&3 || fail "kill -9: could not write the last 1 MiB"
sleep 1
kill -KILL "$srv"
fed_client_failed "kill -9 mid-stream"
grep -Eq '^echoclient: server terminated prematurely \((Connection reset by peer|Broken pipe)\): [0-9]+ bytes sent, 8388608 echoed: bytes 8388608-[0-9]+ were lost(, and (the rest of the input was not sent|nothing more of the input was read))?$' \
    "$tmp/err" || fail "kill -9 mid-stream: $(cat "$tmp/err")"
cmp -s "$tmp/8m" "$tmp/out" || fail "kill -9 mid-stream: the output is not the 8 MiB echoed"
ok "kill -9 mid-stream: $(cat "$tmp/err")"

# kill -9 while the client waits for more input: everything sent came back, and the
# message says the input stopped there.
start_real_server
fed_client
timeout 20 cat "$tmp/8m" >&3 || fail "kill -9 idle: could not write 8 MiB"
wait_size "$tmp/out" 8388608
kill -KILL "$srv"
fed_client_failed "kill -9 while waiting for input"
grep -q '^echoclient: server terminated prematurely: 8388608 bytes sent, all echoed; nothing more of the input was read$' \
    "$tmp/err" || fail "kill -9 while waiting for input: $(cat "$tmp/err")"
ok "kill -9 while waiting for input: $(cat "$tmp/err")"

# The default timeout is said in --help.
"$client" --help | grep -q 'default 120; 0: wait for ever' || fail "--help lacks the default timeout"
ok "--help names the default timeout"
echo "all echoclient tests passed"

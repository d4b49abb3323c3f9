#!/bin/sh
# test_echocheck_cli.sh ECHOCHECK: echocheck's command line: --help, --version, --list,
# every usage error (exit 2, a message naming the thing, the pointer to --help), a server
# that cannot be started (exit 2, said as such, with the end of its output), --connect to
# nothing; and the man page names every option --help names.
set -u
echocheck=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect STATUS PATTERN ARGS...: exit status STATUS, PATTERN in stdout+stderr.
expect() {
    want=$1 pattern=$2
    shift 2
    timeout --foreground -k 5 60 "$echocheck" "$@" >"$tmp/out" 2>&1
    rc=$?
    [ "$rc" = "$want" ] || fail "echocheck $*: exit $rc, expected $want: $(head -c 400 "$tmp/out")"
    grep -q -- "$pattern" "$tmp/out" || fail "echocheck $*: no '$pattern' in: $(head -c 400 "$tmp/out")"
}

expect 0 "Usage: echocheck" --help
expect 0 "^echocheck (echosniff) [0-9]" --version
expect 0 "^health " --list
[ "$("$echocheck" --list | wc -l)" = 16 ] || fail "--list: not 16 tests"
expect 2 "no server to test" 
expect 2 "Try 'echocheck --help'"
expect 2 "unknown option '--bogus'" --bogus -- true
expect 2 "option .--timeout. needs a value" --timeout
expect 2 "no test named 'nope'" -t one_line,nope -- true
expect 2 "invalid -T 'xml'" -T xml -- true
expect 2 "invalid --color 'sometimes'" --color=sometimes -- true
expect 2 "invalid --timeout '0'" --timeout 0 -- true
expect 2 "invalid --wait 'soon'" --wait soon -- true
expect 2 "invalid --jobs '0'" -j 0 -- true
expect 2 "invalid port '70000'" -p 70000 -- true
expect 2 "invalid --memory" --memory=-1 -- true
expect 2 "not a loopback address" --connect 192.0.2.1:7
expect 2 "wants HOST:PORT" --connect localhost
expect 2 "no command after it" --connect 127.0.0.1:7 -- true
expect 2 "is not an executable program" --sniff /nonexistent/sniff -- true
printf '# points\none_line 2\nbogus 1\n' >"$tmp/w1"
expect 2 "w1 line 3: no test named 'bogus'" --weights "$tmp/w1" -- true
printf 'one_line two\n' >"$tmp/w2"
expect 2 "w2 line 1: expected 'NAME POINTS'" --weights "$tmp/w2" -- true
expect 2 "cannot read the weights file" --weights "$tmp/none" -- true
if [ "$(id -u)" = 0 ]; then
    expect 2 "must not run as root" --user root -- true
    expect 2 "no user 'no-such-user-$$'" --user "no-such-user-$$" -- true
fi

# Servers that cannot be started: exit 2, said as such, with what they said.
expect 2 "the server cannot be started: the server exited (status 3) before it listened" \
    --no-capture -- sh -c 'echo "cannot bind: it is my bad day" >&2; exit 3'
expect 2 "cannot bind: it is my bad day" \
    --no-capture -- sh -c 'echo "cannot bind: it is my bad day" >&2; exit 3'
expect 2 "cannot execute '/nonexistent/server'" --no-capture -- /nonexistent/server
expect 2 "did not listen on port 15213 within 300 ms" --no-capture --start-timeout 0.3 -- sleep 30
# Nothing listens there (a port from this script's pid, below the ephemeral range).
port=$(($(cut -f1 /proc/sys/net/ipv4/ip_local_port_range) - 12000 + $$ % 10000))
expect 2 "cannot connect to 127.0.0.1:$port" --connect "127.0.0.1:$port"

# The man page documents every long option --help shows.
man=$here/../man/echocheck.1
for opt in $("$echocheck" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" || fail "man page lacks $opt"
done

[ "$fails" = 0 ] && echo "ok: echocheck's command line" || exit 1

#!/bin/bash
# record_captures.sh [BUILD_DIR] [OUT_DIR]: records every capture in captures/ again with
# this project's own tools: our echoserver and echoclient talk on loopback while our
# sniffer (sniff -i lo -w) writes the file; two-hosts.pcap is the namespace demo's
# (tests/demo_netns.sh), recorded on a veth pair between two hosts of its own. Run it
# only on purpose (the files are committed, and tests/golden/ is made from them): it
# needs root to capture, and port 15213 free, because the captures are for students
# and must match the course's filters (tcp.port == 15213). Each file is checked after
# it is written (packet count, flags) and the script fails rather than leave a capture
# that does not show what captures/README.md says it shows.
#
#   sudo tests/record_captures.sh build          # rewrites captures/*.pcap
#   sudo tests/record_captures.sh build /tmp/c   # writes elsewhere, to look first
#   sudo tests/record_captures.sh build captures ethics   # only ethics-*.pcap (step 8)
# After recording, run tests/update_golden.sh and check captures/README.md (it names
# frames) against the new files.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
build_dir "${1:-}"
dest=${2:-$top/captures}
port=15213
host=127.0.0.1

say() { printf 'record_captures: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

use_built record_captures "$build" server=echo/echoserver client=echo/echoclient sniff=sniff/sniff
[ "$(id -u)" = 0 ] || die "capturing on lo needs root: run with sudo"
command -v python3 >/dev/null || die "python3 is needed for the misbehaving server of mismatch.pcap"
command -v tcpdump >/dev/null || die "tcpdump is needed to check the captures"
command -v ss >/dev/null || die "ss (iproute2) is needed to check that port $port is free"

only=${3:-}
case $only in '' | ethics) ;; *) die "the third argument can only be 'ethics'" ;; esac

# The captures must show only our traffic on 15213: nothing may listen there, and no
# connection to or from it may be open, or its packets would land in the files.
port_busy() {
    [ -n "$(ss -Htan "( sport = :$port or dport = :$port )" | grep -v TIME-WAIT || true)" ]
}
if [ -z "$only" ] && port_busy; then
    ss -Htanp "( sport = :$port or dport = :$port )" >&2 || true
    die "port $port is in use (above): stop what uses it and run again; the captures must use $port"
fi

mkdir -p "$dest"
work=$(mktemp -d)
pids=""
cleanup() {
    kill_pids
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 8. ethics-*: the five steps of ./lab ethics (tests/ethics_lab.sh: alice, bob and eve in
# network namespaces on one bridge, as a switch and as a hub), each eve's capture, and
# tcpdump -p's of step (c). Checked: none of alice's and bob's unicast frames where eve is
# not promiscuous, only alice's flooded SYN under the switch, the whole session on the
# hub (tcpdump -p too), and not a byte of "secret message" under --redact.
ethics_count() { # FILE FILTER
    tcpdump -nn -r "$work/ethics/$1.pcap" "$2" 2>/dev/null | wc -l
}
ethics_want() { # FILE FILTER MIN MAX
    n=$(ethics_count "$1" "$2")
    [ "$n" -ge "$3" ] && [ "$n" -le "$4" ] || die "$1: $n frames match '$2' (want $3..$4)"
}
record_ethics() {
    timeout 120 "$top/tests/ethics_lab.sh" "$build" --no-pause --save "$work/ethics" >"$work/ethics.out" 2>&1 ||
        { cat "$work/ethics.out" >&2; die "ethics: the lab failed"; }
    grep -q "replaying" "$work/ethics.out" && die "ethics: the lab replayed instead of recording (no network namespaces?)"
    ab="not ether multicast and not ether host 02:00:5e:10:00:0e"
    ethics_want ethics-a-switch "$ab" 0 0
    ethics_want ethics-a-switch "arp and ether src 02:00:5e:10:00:0a" 1 1
    ethics_want ethics-a-switch "tcp and ether host 02:00:5e:10:00:0e" 10 12
    ethics_want ethics-b-switch-promisc "$ab" 1 1
    ethics_want ethics-b-switch-promisc "tcp[tcpflags] == tcp-syn" 1 1
    ethics_want ethics-c-hub "$ab" 0 0
    ethics_want ethics-c-hub-tcpdump-p "$ab" 11 11
    ethics_want ethics-d-hub-promisc "$ab" 11 11
    ethics_want ethics-e-hub-promisc-redacted "tcp" 10 10
    grep -q "secret message" "$work/ethics/ethics-d-hub-promisc.pcap" || die "ethics: no secret in (d)"
    grep -q "secret" "$work/ethics/ethics-e-hub-promisc-redacted.pcap" && die "ethics: the secret in (e)"
    for f in "$work"/ethics/ethics-*.pcap; do
        name=${f##*/}
        cat "$f" >"$dest/$name"
        say "$name: $(ethics_count "${name%.pcap}" "") packets, $(stat -c %s "$f") bytes"
    done
}
if [ "$only" = ethics ]; then
    record_ethics
    say "done: $dest"
    exit 0
fi

# start_capture NAME: sniff -i lo -w, on port 15213 only, until stop_capture.
start_capture() {
    name=$1
    rm -f "$work/$name.pcap"
    # -B: a 64 MiB kernel buffer, so no 64 KiB loopback frame is dropped in a burst.
    # --foreground: signals reach sniff alone, never the group (see echo_session in
    # script_lib.sh).
    timeout --foreground -k 10 120 "$sniff" -i lo --port "$port" -B 65536 -w "$work/$name.pcap" \
        2>"$work/$name.sniff.err" &
    sniff_pid=$!
    pids="$pids $sniff_pid"
    # The capture is open once the file has its header; then give it a moment more.
    for _ in $(seq 50); do
        [ -s "$work/$name.pcap" ] && break
        sleep 0.1
    done
    [ -s "$work/$name.pcap" ] || { cat "$work/$name.sniff.err" >&2; die "sniff did not start"; }
    sleep 0.3
}

# stop_capture NAME: lets the last packets arrive, stops sniff (SIGINT, as a person
# would with Ctrl-C) and moves the file into place.
stop_capture() {
    name=$1
    sleep 0.3
    kill -INT "$sniff_pid"
    wait "$sniff_pid" || { cat "$work/$name.sniff.err" >&2; die "sniff -w failed for $name"; }
    pids=${pids/ $sniff_pid/}
    # sniff's closing line: "N packets captured, R received by filter, D dropped by kernel".
    if grep -q 'dropped by kernel' "$work/$name.sniff.err" &&
        ! grep -q ' 0 dropped by kernel' "$work/$name.sniff.err"; then
        cat "$work/$name.sniff.err" >&2
        die "$name: the kernel dropped packets: run again on a quieter machine"
    fi
}

start_server() { # ARGS...
    timeout --foreground -k 10 120 "$server" -q -p "$port" "$@" >/dev/null 2>>"$work/server.err" &
    server_pid=$!
    pids="$pids $server_pid"
    for _ in $(seq 50); do
        ss -Hltn "sport = :$port" | grep -q . && return 0
        sleep 0.1
    done
    cat "$work/server.err" >&2
    die "the server did not start listening on $port"
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    pids=${pids/ $server_pid/}
}

# echo_client [OPTIONS]: our client on stdin/stdout, bounded. --lines makes it the
# lecture's client (send a line, wait for its echo), as it is on a terminal.
echo_client() {
    timeout 60 "$client" "$@" "$host" "$port"
}

# lines LINE... with a pause before each, as a person types: each line is one segment.
typed() {
    for l in "$@"; do
        sleep 0.5
        printf '%s\n' "$l"
    done
    sleep 0.5
}

# check NAME MIN MAX TCPDUMP-FILTER WANT: the file has MIN..MAX packets and at least
# WANT packets match the filter.
check() {
    name=$1 min=$2 max=$3 filter=$4 want=$5
    f=$work/$name.pcap
    n=$(tcpdump -nn -r "$f" 2>/dev/null | wc -l)
    m=$(tcpdump -nn -r "$f" "$filter" 2>/dev/null | wc -l)
    lost=0
    if command -v tshark >/dev/null; then
        lost=$(tshark -n -r "$f" -Y 'tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment' \
            2>/dev/null | wc -l)
    fi
    [ "$lost" = 0 ] || die "$name: tshark finds $lost packets around segments not captured"
    if [ "$n" -lt "$min" ] || [ "$n" -gt "$max" ] || [ "$m" -lt "$want" ]; then
        tcpdump -nn -r "$f" 2>/dev/null | head -40 >&2
        die "$name: $n packets (want $min..$max), $m matching '$filter' (want >= $want)"
    fi
    # Copied rather than moved: sniff wrote it as the unprivileged user it drops to.
    cat "$f" >"$dest/$name.pcap"
    rm -f "$f"
    say "$name.pcap: $n packets, $(stat -c %s "$dest/$name.pcap") bytes"
}

# 1. echo-lo: the lecture's session, two lines typed, then end of input closes it.
start_server
start_capture echo-lo
typed "here is a message" "here is another message, a little longer" | echo_client --lines >"$work/out"
stop_capture echo-lo
stop_server
grep -qx "here is a message" "$work/out" || die "echo-lo: the client did not print the echo"
check echo-lo 10 14 'tcp[tcpflags] & tcp-push != 0' 4

# 2. refused: nothing listens, so the kernel answers the SYN with RST, ACK.
start_capture refused
if echo_client </dev/null >/dev/null 2>"$work/refused.err"; then
    die "refused: the client connected, but nothing should listen on $port"
fi
stop_capture refused
check refused 2 2 'tcp[tcpflags] & tcp-rst != 0' 1

# 3. iterative-two-clients: an iterative server serves one client at a time. The second
# client's handshake completes in the kernel (the listen backlog) and its line is ACKed
# at once, but its echo only comes after the first client has gone.
start_server --model iterative
start_capture iterative-two-clients
typed "first client, first line" "first client, second line" "first client, last line" |
    echo_client --lines >"$work/a.out" &
a=$!
sleep 0.3
{
    sleep 0.2
    printf '%s\n' "second client: am I served?"
    sleep 2.5
} | echo_client --lines >"$work/b.out" &
b=$!
wait $a || die "iterative-two-clients: first client failed"
wait $b || die "iterative-two-clients: second client failed"
stop_capture iterative-two-clients
stop_server
grep -q "am I served" "$work/b.out" || die "iterative-two-clients: the second client got no echo"
check iterative-two-clients 20 30 'tcp[tcpflags] & tcp-push != 0' 8

# 4. concurrent: 20 clients at once on the default (event-driven) server.
start_server
start_capture concurrent
cpids=""
for i in $(seq 20); do
    typed "client $i says hello" "client $i says goodbye" | echo_client --lines >"$work/c$i.out" &
    cpids="$cpids $!"
done
for p in $cpids; do wait "$p" || die "concurrent: a client failed"; done
stop_capture concurrent
stop_server
check concurrent 200 260 'tcp[tcpflags] & tcp-syn != 0' 40

# 5. large-transfer: about 1.2 MiB each way, streamed (the client writes while it reads
# the echo). On lo the MSS is 65483 and both ends scale their windows, so segments are
# large and few; full frames are kept, and the file stays under 3 MiB.
start_server
start_capture large-transfer
python3 -c '
import sys
words = b"the quick brown fox jumps over the lazy dog echo server client socket bytes".split()
out, i = [], 0
while sum(map(len, out)) < 1200000:
    out.append(b" ".join(words[(i + k) % len(words)] for k in range(12)) + b" %07d\n" % i)
    i += 1
sys.stdout.buffer.write(b"".join(out))' >"$work/large.in"
echo_client --stream --verify <"$work/large.in" >"$work/large.out"
stop_capture large-transfer
stop_server
cmp -s "$work/large.in" "$work/large.out" || die "large-transfer: the echo differs from the input"
check large-transfer 20 4000 'tcp[tcpflags] & tcp-push != 0' 2

# 6. mismatch: a misbehaving echo server (the classic bug: it sends strlen(buf) + 1
# bytes, so every echo carries the C string's NUL terminator). Our client is unchanged;
# what it does about the extra byte (read on and reset at close, or report it and close
# at once) decides how the capture ends, so README's frame numbers need a look after
# recording again.
timeout 60 python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
c, _ = s.accept()
f = c.makefile("rb")
for line in f:
    c.sendall(line + b"\0")
c.close()
' "$port" 2>"$work/mismatch-server.err" &
server_pid=$!
pids="$pids $server_pid"
for _ in $(seq 50); do
    ss -Hltn "sport = :$port" | grep -q . && break
    sleep 0.1
done
start_capture mismatch
typed "here is a message" "and the echo is one byte too long" |
    echo_client --lines >"$work/m.out" 2>&1 || true
stop_capture mismatch
wait "$server_pid" || true
pids=${pids/ $server_pid/}
check mismatch 7 16 'tcp[tcpflags] & tcp-push != 0' 2

# 7. two-hosts: the echo lab on two hosts of its own (tests/demo_netns.sh: client and
# server in separate network namespaces joined by a veth pair, TEST-NET-1 addresses,
# MACs 02:00:5e:10:00:01 and :02), captured by sniff on the client host's interface with
# the filter 'tcp port 15213 or arp': ARP first, then the session. The demo keeps its
# capture as BUILD_DIR/demo-netns.pcap; it must be this run's, not a replay's.
rm -f "$build/demo-netns.pcap"
timeout 60 "$top/tests/demo_netns.sh" "$build" >"$work/demo.out" 2>&1 ||
    { cat "$work/demo.out" >&2; die "two-hosts: the namespace demo failed"; }
[ -s "$build/demo-netns.pcap" ] ||
    { head -3 "$work/demo.out" >&2; die "two-hosts: the demo recorded nothing (no network namespaces here?)"; }
cp "$build/demo-netns.pcap" "$work/two-hosts.pcap"
check two-hosts 14 20 'arp or tcp[tcpflags] & tcp-push != 0' 8

record_ethics
say "done: $dest"

#!/bin/sh
# test_demo_netns.sh BUILD_DIR: runs tests/demo_netns.sh (root only; 77 = skipped) and
# checks that it showed the lecture's conversation on two hosts of its own (ARP, the
# handshake, the echoed lines, the FIN), finished within a bound, and left no network
# namespace, interface, process or temporary directory behind.
set -u
build=${1:?usage: test_demo_netns.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
    echo "test_demo_netns: not root: skipped (network namespaces need root)"
    exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "test_demo_netns: FAIL: $*"; echo "--- demo output:"; cat "$out"; exit 1; }

# A bound, not a timing assertion: the demo takes about a second.
timeout 60 "$here/demo_netns.sh" "$build" >"$out" 2>&1
rc=$?
[ $rc -eq 124 ] && fail "did not finish within 60 s"
if grep -q "cannot create network namespaces and a veth pair" "$out"; then
    echo "test_demo_netns: no network namespaces here: skipped"
    exit 77
fi
[ $rc -eq 0 ] || fail "exit status $rc"

expect() { # PATTERN WHAT
    grep -q -- "$1" "$out" || fail "no $2 (pattern: $1)"
}
expect 'Who has 192\.0\.2\.2? Tell 192\.0\.2\.1' "ARP request"
expect '192\.0\.2\.2 is at 02:00:5e:10:00:02' "ARP reply"
expect '192\.0\.2\.1 .* > 15213 \[SYN\] Seq=0' "SYN"
expect '192\.0\.2\.2 .* 15213 > .* \[SYN, ACK\] Seq=0 Ack=1' "SYN, ACK"
expect '> 15213 \[PSH, ACK\] Seq=1 Ack=1 .*Len=18' "the first line (18 bytes)"
expect '15213 > .* \[PSH, ACK\] Seq=1 Ack=19 .*Len=18' "its echo"
expect '^here is a message$' "echoed line printed by echoclient"
expect '^here is another message, a little longer$' "second echoed line"
expect 'here is a mess' "the payload in the hex dump"
expect '> 15213 \[FIN, ACK\]' "client FIN"
expect '15213 > .* \[FIN, ACK\]' "server FIN"
# The annotated trace (-A): the handshake in socket-API terms and the echo verified.
expect "conn #0, handshake 1/3: the client's connect() sends SYN" "annotation of the SYN"
expect "handshake 3/3: .*accept() can now return a new socket (connfd) for (192\\.0\\.2\\.1:[0-9]*, 192\\.0\\.2\\.2:15213)" "annotation of the handshake's end"
expect 'client data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 bytes "here is a message\\n": request #1' "annotation of the first line"
expect 'the echo of request #1 (18/18 bytes), identical; echo latency' "the first echo verified"
[ "$(grep -c 'echo of request #1 (18/18 bytes), identical' "$out")" -ge 2 ] ||
    fail "the annotations are not in the hex trace too"
[ -s "$build/demo-netns.pcap" ] || fail "no $build/demo-netns.pcap"

# Nothing left behind: the run's namespaces, interfaces and processes.
ns_c=$(sed -n 's/^client host: namespace \([^,]*\),.*/\1/p' "$out")
ns_s=$(sed -n 's/^server host: namespace \([^,]*\),.*/\1/p' "$out")
if_c=$(sed -n 's/^client host: .*interface \([^,]*\),.*/\1/p' "$out")
if_s=$(sed -n 's/^server host: .*interface \([^,]*\),.*/\1/p' "$out")
[ -n "$ns_c" ] && [ -n "$ns_s" ] && [ -n "$if_c" ] && [ -n "$if_s" ] || fail "names not reported"
ip netns list | grep -q -e "$ns_c" -e "$ns_s" && fail "namespace left: $(ip netns list)"
ip -o link | grep -q -e "$if_c" -e "$if_s" && fail "interface left"
ps -eo pid,args | grep -v grep | grep -q -e "-i $if_c" -e "-b 192\.0\.2\.2 --port-file" &&
    fail "process left: $(ps -eo pid,args | grep -e "$if_c" -e '192\.0\.2\.2')"

# Not root: the demo replays captures/two-hosts.pcap, annotated, with the bytes.
if command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$build/sniff/sniff" 2>/dev/null; then
    timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$here/demo_netns.sh" "$build" >"$out" 2>&1 ||
        fail "the replay as a user failed"
    expect 'replaying captures/two-hosts.pcap' "replay as a user"
    expect 'the echo of request #1 (18/18 bytes), identical; echo latency 0\.035 ms' "annotated replay"
    expect 'the echo of request #3 (4/4 bytes), identical' "the last echo in the replay"
    expect '68 65 72 65 20 69 73 20' "the replay's hex dump"
    echo "test_demo_netns: the replay as a user is annotated"
else
    echo "test_demo_netns: cannot run as an unprivileged user here: replay not checked"
fi
echo "test_demo_netns: ok (ARP, handshake, echoes, FIN; nothing left behind)"
exit 0

#!/bin/sh
# demo_netns.sh BUILD_DIR [--interactive]: the echo lab on two hosts of its own.
#
# As root, builds a tiny network that exists only for this run: two network namespaces,
# a "client" host and a "server" host, joined by a virtual Ethernet cable (a veth pair)
# with addresses from TEST-NET-1 (192.0.2.0/24, RFC 5737, reserved for documentation)
# and locally administered MAC addresses of this project's own (02:00:5e:10:00:01 and
# :02), so frames carry two real, distinct Ethernet addresses and ARP has work to do.
# Then: echoserver on the server host; sniff on the client host's interface, writing a
# pcap; echoclient sending a few lines, the lecture's "here is a message" among them;
# and the annotated trace, with hex, read back from the file by sniff. The pcap is kept
# in BUILD_DIR/demo-netns.pcap. Everything is torn down at the end, on failure and on
# Ctrl-C alike: no namespace, interface or process is left behind.
#
#   --interactive   the same two hosts, but leaves you in a shell on the client host
#                   (try: echoclient 192.0.2.2; sniff -i IFACE; ip neigh); the network
#                   disappears when that shell exits.
#
# Not root, or no network namespaces here: says so in one line and replays the session
# shipped in captures/two-hosts.pcap (or echo-lo.pcap) instead, annotated (-A).
set -eu

usage() { echo "usage: $0 BUILD_DIR [--interactive]" >&2; exit 2; }
[ $# -ge 1 ] || usage
build=$(cd "$1" && pwd) || usage
shift
interactive=false
case "${1:-}" in
'') ;;
--interactive) interactive=true ;;
*) usage ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
use_built demo_netns "$build" server_bin=echo/echoserver client_bin=echo/echoclient \
    sniff_bin=sniff/sniff

say() { printf '\n== %s\n' "$*"; }

# sniff's annotations (-A: what each packet means in socket-API terms).
annotate=-A

replay() { # WHY
    cap=$top/captures/two-hosts.pcap
    what="recorded by this demo on two hosts"
    if [ ! -f "$cap" ]; then
        cap=$top/captures/echo-lo.pcap
        what="recorded on loopback"
    fi
    if [ -f "$cap" ]; then
        echo "demo_netns: $1: replaying captures/${cap##*/} ($what) instead"
        "$sniff_bin" -r "$cap" --all $annotate
        say "the same trace with every byte (sniff -r captures/${cap##*/} --all $annotate -x)"
        "$sniff_bin" -r "$cap" --all $annotate -x
    else
        echo "demo_netns: $1, and there is no captures/ session to replay"
    fi
    exit 0
}

[ "$(id -u)" = 0 ] || replay "not root (network namespaces need root; try: sudo $0 $build)"
command -v ip >/dev/null 2>&1 || replay "no 'ip' command (Debian package iproute2)"

# Unique per run, so parallel runs do not clash. Interface names have at most 15 bytes.
id=$$
ns_c=echosniff-client-$id
ns_s=echosniff-server-$id
if_c=es-c$id
if_s=es-s$id
mac_c=02:00:5e:10:00:01
mac_s=02:00:5e:10:00:02
ip_c=192.0.2.1
ip_s=192.0.2.2
port=15213
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demo_netns.XXXXXX")
server_pid=
sniff_pid=

cleanup() {
    trap - EXIT INT TERM
    for pid in $sniff_pid $server_pid; do
        kill "$pid" 2>/dev/null || true
    done
    # Anything else still running inside our two namespaces was started by this script.
    for ns in "$ns_c" "$ns_s"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -9 "$pid" 2>/dev/null || true
        done
    done
    for pid in $sniff_pid $server_pid; do
        wait "$pid" 2>/dev/null || true
    done
    # Deleting a namespace destroys the veth end inside it, and with it the pair.
    ip netns del "$ns_c" 2>/dev/null || true
    ip netns del "$ns_s" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

in_c() { ip netns exec "$ns_c" "$@"; }
in_s() { ip netns exec "$ns_s" "$@"; }

# 'ip netns exec' is tried too: in a chroot whose / is not a mount point, 'ip netns add'
# works but exec cannot set up its mounts.
if ! { ip netns add "$ns_c" && ip netns add "$ns_s" && ip netns exec "$ns_c" true &&
    ip link add "$if_c" netns "$ns_c" type veth peer name "$if_s" netns "$ns_s"; } 2>"$tmp/err"; then
    # replay() exits, and the EXIT trap removes whatever was created.
    replay "cannot create network namespaces and a veth pair here ($(head -n 1 "$tmp/err"))"
fi
in_c ip link set "$if_c" address $mac_c
in_s ip link set "$if_s" address $mac_s
in_c ip addr add $ip_c/24 dev "$if_c"
in_s ip addr add $ip_s/24 dev "$if_s"
for ns in "$ns_c" "$ns_s"; do
    # No IPv6 on these links: its router and neighbour solicitations are not the lesson.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip -n "$ns" link set lo up
done
in_c ip link set "$if_c" up
in_s ip link set "$if_s" up

say "two hosts of our own, joined by one virtual Ethernet cable"
echo "client host: namespace $ns_c, interface $if_c, $mac_c, $ip_c/24"
echo "server host: namespace $ns_s, interface $if_s, $mac_s, $ip_s/24"

# Background jobs run ip netns exec directly (not through a shell function), so $! is
# the program itself and a signal reaches it.
ip netns exec "$ns_s" "$server_bin" -p $port -b $ip_s --port-file "$tmp/port" >"$tmp/server.log" 2>&1 &
server_pid=$!
wait_grep "$tmp/port" . 5 || { echo "demo_netns: echoserver did not start:" >&2; cat "$tmp/server.log" >&2; exit 1; }
echo "server host: echoserver listening on $ip_s port $port"

if $interactive; then
    say "you are now on the client host; 'exit' ends the demo and removes the network"
    cat <<EOF
  echoclient $ip_s                          talk to the echo server on the other host
  sniff -i $if_c                        watch it (-V: detail tree, -x: bytes)
  sniff -i $if_c 'tcp port $port or arp'  ...and the ARP exchange before it
  ip addr; ip neigh                            this host's address, and what ARP learnt
EOF
    PATH=$build/echo:$build/sniff:$PATH in_c env PS1="client($ip_c)# " bash --norc -i || true
    exit 0
fi

filter="tcp port $port or arp"
ip netns exec "$ns_c" "$sniff_bin" -i "$if_c" -w "$tmp/demo.pcap" "$filter" >"$tmp/sniff.out" 2>"$tmp/sniff.err" &
sniff_pid=$!
wait_grep "$tmp/sniff.err" "listening on" 5 || { echo "demo_netns: sniff did not start:" >&2; grep 'packets captured' "$tmp/sniff.err" || true; exit 1; }
say "client host: sniff -i $if_c -w demo.pcap '$filter'"
grep -v '^sniff: dropped' "$tmp/sniff.err" || true

say "client host: echoclient $ip_s $port, sending three lines, each after the last one's echo"
printf 'here is a message\nhere is another message, a little longer\nbye\n' |
    in_c timeout 20 "$client_bin" --lines -t 5 $ip_s $port
# The client returns once the server's FIN has arrived; its last ACK follows at once.
sleep 0.3
kill -TERM "$sniff_pid"
wait "$sniff_pid" || true
sniff_pid=
grep 'packets captured' "$tmp/sniff.err" || true

cp "$tmp/demo.pcap" "$build/demo-netns.pcap"
say "the trace, read back from the file (sniff -r demo-netns.pcap --all $annotate)"
cat <<EOF
Look for: the client asking who has $ip_s (ARP, to the Broadcast address) and the
server's reply with its MAC address; the three-way handshake [SYN], [SYN, ACK], [ACK];
each line as a [PSH, ACK] with Len= its length, echoed back with the same Len; and the
close, [FIN, ACK] from each side and a last [ACK].
EOF
cat <<EOF
Under each TCP packet, sniff says what it means in socket-API terms (connect(),
accept(), send(), close()) and checks each echo against its request: "identical", with
its round-trip time.
EOF
"$sniff_bin" -r "$build/demo-netns.pcap" --all $annotate
first="tcp.dstport == $port && tcp.seq == 1 && tcp.len > 0"
say "the first line in detail, like the lecture's frame 1799 (sniff -r demo-netns.pcap -V -Y '$first')"
"$sniff_bin" -r "$build/demo-netns.pcap" -V -Y "$first"
say "every byte of the trace (sniff -r demo-netns.pcap --all $annotate -x): the payload is plain text"
"$sniff_bin" -r "$build/demo-netns.pcap" --all $annotate -x
say "saved as $build/demo-netns.pcap; the two hosts are removed now"

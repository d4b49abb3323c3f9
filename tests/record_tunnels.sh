#!/bin/bash
# record_tunnels.sh [BUILD_DIR] [OUT_DIR] [KIND...]: records an echo session through each
# kind of tunnel iproute2 builds, as parity captures for bench/parity.sh (default OUT_DIR
# tests/data/parity, files lab-KIND.pcap).
#
# Two network namespaces of its own, joined by a veth pair (the underlay: 198.51.100.1
# and .2, 2001:db8:ffff::1 and ::2), get a tunnel of the kind on top; echoserver runs in
# the second, echoclient in the first sends two lines to it through the tunnel, and
# tcpdump records the underlay on the first's veth: outer headers, tunnel header, inner
# packet. Kinds: vxlan (UDP 4789), geneve (UDP 6081), gre, gretap (GRE carrying
# Ethernet), ipip (protocol 4), sit (IPv6 in IPv4, protocol 41), ip6ip6 and ip4ip6
# (ip6tnl), ip6gre. A kind the kernel does not have (no module, a container) is skipped
# with a sentence saying so; tests/gen_parity.py writes frames for every kind anyway.
# Run it only on purpose, as root; the files are committed. Everything it creates is
# named with its process ID and removed on exit.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
build_dir "${1:-}"
dest=${2:-$top/tests/data/parity}
shift $(($# > 2 ? 2 : $#))
kinds=${*:-vxlan geneve gre gretap ipip sit ip6ip6 ip4ip6 ip6gre}

say() { printf 'record_tunnels: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}
[ "$(id -u)" = 0 ] || die "network namespaces need root: run with sudo"
server=$build/echo/echoserver
client=$build/echo/echoclient
for b in "$server" "$client"; do [ -x "$b" ] || die "no $b: build first"; done
command -v tcpdump >/dev/null || die "tcpdump is needed"

a=ptA$$
b=ptB$$
work=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do wait "$p" 2>/dev/null || true; done
    ip netns del "$a" 2>/dev/null || true
    ip netns del "$b" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

underlay() {
    ip netns add "$a"
    ip netns add "$b"
    ip link add va$$ netns "$a" type veth peer name vb$$ netns "$b"
    for n in "$a" "$b"; do ip -n "$n" link set lo up; done
    ip -n "$a" addr add 198.51.100.1/24 dev va$$
    ip -n "$b" addr add 198.51.100.2/24 dev vb$$
    ip -n "$a" addr add 2001:db8:ffff::1/64 dev va$$ nodad
    ip -n "$b" addr add 2001:db8:ffff::2/64 dev vb$$ nodad
    ip -n "$a" link set va$$ up
    ip -n "$b" link set vb$$ up
}

# tunnel KIND: the tunnel device t$$ in both namespaces; prints the inner server address.
tunnel() {
    local kind=$1 ns local remote l6 r6 args
    for ns in "$a" "$b"; do
        if [ "$ns" = "$a" ]; then
            local=198.51.100.1 remote=198.51.100.2 l6=2001:db8:ffff::1 r6=2001:db8:ffff::2
        else
            local=198.51.100.2 remote=198.51.100.1 l6=2001:db8:ffff::2 r6=2001:db8:ffff::1
        fi
        case $kind in
        vxlan) args="vxlan id 42 local $local remote $remote dstport 4789" ;;
        geneve) args="geneve id 42 remote $remote" ;;
        gre | gretap | ipip | sit) args="$kind local $local remote $remote ttl 64" ;;
        ip6ip6) args="ip6tnl mode ip6ip6 local $l6 remote $r6" ;;
        ip4ip6) args="ip6tnl mode ipip6 local $l6 remote $r6" ;;
        ip6gre) args="ip6gre local $l6 remote $r6" ;;
        *) die "unknown kind $kind" ;;
        esac
        # shellcheck disable=SC2086 # args: words for ip(8)
        ip -n "$ns" link add t$$ type $args 2>"$work/err" || return 1
        ip -n "$ns" link set t$$ up
    done
    case $kind in
    sit | ip6ip6)
        ip -n "$a" addr add fd00:77::1/64 dev t$$ nodad
        ip -n "$b" addr add fd00:77::2/64 dev t$$ nodad
        echo fd00:77::2
        ;;
    *)
        ip -n "$a" addr add 10.77.0.1/24 dev t$$
        ip -n "$b" addr add 10.77.0.2/24 dev t$$
        echo 10.77.0.2
        ;;
    esac
}

record() { # KIND
    local kind=$1 addr out=$dest/lab-$1.pcap
    underlay
    if ! addr=$(tunnel "$kind"); then
        say "$kind: skipped: this kernel has no $kind tunnels ($(head -c 200 "$work/err"))"
        ip netns del "$a"
        ip netns del "$b"
        return 0
    fi
    timeout --foreground -k 5 30 ip netns exec "$b" "$server" -q &
    pids="$pids $!"
    timeout --foreground -k 5 30 ip netns exec "$a" tcpdump -i va$$ -U -w "$work/cap.pcap" \
        "not arp and not icmp6" 2>/dev/null &
    local dump=$!
    pids="$pids $dump"
    sleep 1
    printf 'through the %s tunnel\nand back\n' "$kind" |
        timeout --foreground -k 5 10 ip netns exec "$a" "$client" --stream "$addr" >/dev/null ||
        die "$kind: the echo session failed"
    sleep 1
    kill "$dump"
    wait "$dump" 2>/dev/null || true
    mkdir -p "$dest"
    cp "$work/cap.pcap" "$out"
    say "$kind: $(tcpdump -nn -r "$out" 2>/dev/null | wc -l) frames in $out"
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do wait "$p" 2>/dev/null || true; done
    pids=""
    ip netns del "$a"
    ip netns del "$b"
}

for k in $kinds; do record "$k"; done

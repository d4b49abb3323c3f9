#!/bin/sh
# test_sniff_hostonly.sh BUILD_DIR: sniff without --promisc keeps to this host's frames on
# every live link type it supports, where tcpdump -p does not. Root only
# (77 = skipped).
#
# The ethics lab's network (tests/ethics_net.sh) with the bridge as a hub: every frame
# between alice and bob reaches eve's interface, a veth end with no hardware address
# filter. In eve's namespace, all at once while alice talks to bob, eve to bob, and
# eve's loopback and a tun device carry traffic of eve's own:
#   Ethernet (eve's veth)  sniff: none of alice's and bob's frames, all of eve's, the
#                          broadcasts; with a capture filter of the user's too; tcpdump -p
#                          and sniff --promisc: all of alice's and bob's
#   any, as LINUX_SLL and (-y) LINUX_SLL2: the same, by the packet type: no "otherhost"
#                          packet, none between alice and bob; tcpdump -p -i any: theirs
#   lo                     nothing left out: the same frames as tcpdump -p -i lo
#   tun (DLT_RAW)          nothing left out: the same packets as tcpdump -p -i tun
# Each start-up line says what was added to the capture filter. The -w files are what is
# counted: the file holds only what passed.
set -u
build=${1:?usage: test_sniff_hostonly.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
sniff=$build/sniff/sniff
server=$build/echo/echoserver
client=$build/echo/echoclient
if [ "$(id -u)" != 0 ]; then
    echo "test_sniff_hostonly: not root: skipped (network namespaces need root)"
    exit 77
fi
for t in ip tcpdump python3; do
    command -v $t >/dev/null 2>&1 || { echo "test_sniff_hostonly: no $t: skipped"; exit 77; }
done

id=$$
tmp=$(mktemp -d)
net_tmp=$tmp
# shellcheck source=tests/script_lib.sh
. "$here/script_lib.sh"
# shellcheck source=tests/ethics_net.sh
. "$here/ethics_net.sh"
pids=
trap net_teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fails=0

if ! net_build >/dev/null; then
    echo "test_sniff_hostonly: cannot build namespaces here ($(head -n 1 "$tmp/err")): skipped"
    exit 77
fi
net_mode hub
in_e() { ip netns exec "$ns_e" "$@"; }

# A tun device in eve's namespace, held by a reflector: each UDP packet eve sends into it
# comes back with source and destination swapped, as if from a host at the other end
# (both checksums stay valid: their sums do not depend on the order of the addresses).
cat >"$tmp/tun.py" <<'EOF'
import fcntl, os, select, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", sys.argv[1].encode(), 0x0001 | 0x1000))  # TUNSETIFF: IFF_TUN | IFF_NO_PI
print("ready", flush=True)
end = time.time() + 60
while time.time() < end:
    if not select.select([fd], [], [], 0.5)[0]:
        continue
    p = bytearray(os.read(fd, 65536))
    if len(p) >= 28 and p[0] >> 4 == 4 and p[9] == 17:
        p[12:16], p[16:20] = p[16:20], p[12:16]
        os.write(fd, bytes(p))
EOF
tun=tun$id
timeout --foreground -k 5 60 ip netns exec "$ns_e" python3 "$tmp/tun.py" "$tun" >"$tmp/tun.out" 2>&1 &
pids="$pids $!"
have_tun=false
if wait_grep "$tmp/tun.out" ready; then
    in_e ip addr add 10.9.0.1/24 dev "$tun" && in_e ip link set "$tun" up && have_tun=true
fi
$have_tun || echo "test_sniff_hostonly: no tun device here ($(head -n 2 "$tmp/tun.out")): DLT_RAW not checked"

timeout --foreground -k 5 60 ip netns exec "$ns_b" "$server" -q -p 15213 -b $ip_b --port-file "$tmp/port" \
    >"$tmp/server.log" 2>&1 &
pids="$pids $!"
timeout --foreground -k 5 60 ip netns exec "$ns_e" "$server" -q -p 15213 -b 127.0.0.1 --port-file "$tmp/lport" \
    >"$tmp/lserver.log" 2>&1 &
pids="$pids $!"
wait_grep "$tmp/port" . && wait_grep "$tmp/lport" . || { fail "echoserver did not start"; exit 1; }

# cap NAME COMMAND...: a capture in eve's namespace, writing NAME.pcap. sniff prints
# (--print: immediate mode, each frame written as it arrives) without vendor names (-n:
# loading the registry at the first ARP frame can take long enough on a busy machine for
# the stop to come first).
cap() {
    name=$1
    shift
    timeout --foreground -k 5 60 ip netns exec "$ns_e" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pids="$pids $!"
    caps="$caps $!"
    names="$names $name"
}
caps=
names=
cap eth "$sniff" -i "$if_e" --all -w "$tmp/eth.pcap" --print -n
cap ethport "$sniff" -i "$if_e" -w "$tmp/ethport.pcap" --print -n 'tcp port 15213 or arp'
cap ethpromisc "$sniff" -i "$if_e" --all --promisc -w "$tmp/ethpromisc.pcap" --print -n
cap sll "$sniff" -i any --all -w "$tmp/sll.pcap" --print -n
cap sll2 "$sniff" -i any -y LINUX_SLL2 --all -w "$tmp/sll2.pcap" --print -n
cap lo "$sniff" -i lo --all -w "$tmp/lo.pcap" --print -n
cap td-eth tcpdump -p --immediate-mode -B 32768 -U -Z root -i "$if_e" -w "$tmp/td-eth.pcap"
cap td-any tcpdump -p --immediate-mode -B 32768 -U -Z root -i any -w "$tmp/td-any.pcap"
cap td-lo tcpdump -p --immediate-mode -B 32768 -U -Z root -i lo -w "$tmp/td-lo.pcap"
if $have_tun; then
    cap tun "$sniff" -i "$tun" --all -w "$tmp/tun.pcap" --print -n
    cap td-tun tcpdump -p --immediate-mode -B 32768 -U -Z root -i "$tun" -w "$tmp/td-tun.pcap"
fi
for n in $names; do
    wait_grep "$tmp/$n.err" "listening on" || { fail "$n did not start: $(cat "$tmp/$n.err")"; exit 1; }
done

session() { # NAMESPACE HOST LINE
    printf '%s\n' "$3" | timeout --foreground -k 5 20 ip netns exec "$1" "$client" --lines -t 5 "$2" 15213 >/dev/null ||
        fail "echoclient in $1 to $2 failed"
}
session "$ns_a" $ip_b "alice to bob"
session "$ns_e" $ip_b "eve to bob"
session "$ns_e" 127.0.0.1 "eve to herself"
if $have_tun; then
    in_e python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b"x" * 20, ("10.9.0.2", 9)) for _ in range(3)]'
fi
sleep 0.5
for p in $caps; do kill -INT "$p" 2>/dev/null || true; done
for p in $caps; do wait "$p" 2>/dev/null || true; done

count() { # FILE FILTER
    "$sniff" -r "$tmp/$1.pcap" -T json --no-annotate "$2" 2>/dev/null | grep -c '"type":"packet"'
}
want() { # NAME FILTER -eq|-ge N WHAT
    n=$(count "$1" "$2")
    case $3 in
    -eq) [ "$n" -eq "$4" ] ;;
    *) [ "$n" -ge "$4" ] ;;
    esac || fail "$1: $n $5 ('$2'), want $3 $4"
}
says() { # NAME TEXT
    grep -qF -- "$2" "$tmp/$1.err" || fail "$1: the start-up line does not say '$2': $(grep listening "$tmp/$1.err")"
}
theirs="ether host $mac_a and ether host $mac_b"
ab="tcp and host $ip_a and host $ip_b"

# Ethernet: the difference the issue found.
says eth "not promiscuous: only frames to or from $mac_e, broadcast or multicast (the capture filter adds 'ether host $mac_e or ether multicast')"
want eth "$theirs" -eq 0 "frames between alice and bob"
want eth "not ether host $mac_e and not ether multicast" -eq 0 "unicast frames of others"
want eth "ether host $mac_e and tcp" -ge 10 "TCP frames of eve's own session"
want eth "arp and ether src $mac_a" -ge 1 "ARP broadcasts of alice's"
want ethport "$theirs" -eq 0 "frames between alice and bob (with a filter of the user's)"
want ethport "ether host $mac_e and tcp" -ge 10 "TCP frames of eve's own (with a filter of the user's)"
want ethport "not tcp and not arp" -eq 0 "frames the user's filter excludes"
n_td=$(count td-eth "$theirs")
[ "$n_td" -ge 11 ] || fail "tcpdump -p -i $if_e got $n_td frames between alice and bob, want the whole session (11)"
want ethpromisc "$theirs" -eq "$n_td" "frames between alice and bob with --promisc (tcpdump -p: $n_td)"
says ethpromisc "promiscuous (--promisc): every frame that reaches the interface"
[ "$(count eth "ether host $mac_e")" = "$(count td-eth "ether host $mac_e")" ] ||
    fail "sniff and tcpdump -p differ on eve's own frames"
echo "test_sniff_hostonly: Ethernet: alice's and bob's frames: sniff 0, tcpdump -p $n_td, sniff --promisc $(count ethpromisc "$theirs")"

# any: Linux cooked v1 and v2, by the packet type.
says sll "link-type LINUX_SLL (Linux cooked v1)"
says sll "(the capture filter adds 'link[0:2] != 3': not \"otherhost\")"
says sll2 "link-type LINUX_SLL2 (Linux cooked v2)"
says sll2 "(the capture filter adds 'link[10] != 3': not \"otherhost\")"
for v in sll sll2; do
    want $v "$ab" -eq 0 "packets between alice and bob"
    want $v "host $ip_e and tcp" -ge 10 "TCP packets of eve's own session"
    want $v "host 127.0.0.1 and tcp" -ge 10 "TCP packets on eve's lo"
done
want sll "link[0:2] == 3" -eq 0 "otherhost packets"
want sll2 "link[10] == 3" -eq 0 "otherhost packets"
n_any=$(count td-any "$ab")
[ "$n_any" -ge 10 ] || fail "tcpdump -p -i any got $n_any TCP packets between alice and bob, want the session (10)"
echo "test_sniff_hostonly: any: alice's and bob's packets: sniff 0 (SLL and SLL2), tcpdump -p $n_any"

# lo: nothing left out.
says lo "not promiscuous (nothing left out on lo: every frame on a loopback interface is this host's own)"
n_lo=$(count lo "tcp")
[ "$n_lo" -ge 10 ] || fail "lo: $n_lo TCP frames of eve's loopback session, want 10 or more"
[ "$n_lo" = "$(count td-lo tcp)" ] || fail "lo: sniff got $n_lo TCP frames, tcpdump -p $(count td-lo tcp)"
echo "test_sniff_hostonly: lo: sniff $n_lo, tcpdump -p $(count td-lo tcp)"

# tun: a link without link-layer addresses, nothing left out.
if $have_tun; then
    says tun "link-type RAW"
    says tun "not promiscuous (nothing left out on $tun: a link without link-layer addresses carries only packets this host sent or received)"
    want tun "udp and src host 10.9.0.1" -eq 3 "UDP packets eve sent into the tun device"
    want tun "udp and src host 10.9.0.2" -eq 3 "UDP packets that came back"
    [ "$(count tun "")" = "$(count td-tun "")" ] || fail "tun: sniff got $(count tun ""), tcpdump -p $(count td-tun "")"
    echo "test_sniff_hostonly: tun: sniff $(count tun ""), tcpdump -p $(count td-tun "")"
fi

# -y with a link type the interface does not offer: refused, naming those it offers.
rc=0
in_e "$sniff" -i any -y EN10MB -c 1 >"$tmp/y.out" 2>"$tmp/y.err" || rc=$?
[ $rc -eq 2 ] || fail "-i any -y EN10MB exited $rc, want 2"
grep -q "sniff: any: no link-type EN10MB here; it offers LINUX_SLL, LINUX_SLL2" "$tmp/y.err" ||
    fail "-i any -y EN10MB: $(cat "$tmp/y.err")"

[ $fails -eq 0 ] || exit 1
echo "test_sniff_hostonly: ok"

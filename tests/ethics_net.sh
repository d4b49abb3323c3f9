# ethics_net.sh: the ethics lab's network, sourced by tests/ethics_lab.sh and
# tests/test_sniff_hostonly.sh (POSIX sh; root).
#
# Three hosts, alice, bob and eve, each a network namespace with one virtual Ethernet
# cable (a veth pair) to a Linux bridge in a fourth namespace, the "switch": the host's
# own network stack is not touched (its firewall rules, br_netfilter, bridges). TEST-NET-1
# addresses (RFC 5737) and locally administered MACs of the project's own, the address's
# last number the MAC's last byte (10 = 0x0a, 11 = 0x0b, 14 = 0x0e); none is the two-host
# demo's (tests/demo_netns.sh: 192.0.2.1 and .2), so each can tell its own processes. Every name
# ends in the caller's $id (its $$), so parallel runs do not collide; interface names
# stay within 15 bytes. No IPv6 anywhere (its router and neighbour solicitations are not
# the lesson), and the bridge does not snoop multicast (no IGMP reports of its own).
#
#   net_build          the switch and the three hosts; false (with the reason in
#                      $net_tmp/err) where namespaces, veth pairs or bridges cannot be made
#   net_mode hub|switch   ageing_time 0 (it forgets every address at once, so it floods
#                      every frame: a hub), or 300 s (it learns: a switch); either way
#                      its table (FDB) emptied
#   net_arp cold|warm  the hosts' ARP caches emptied; warm: then alice and bob know each
#                      other's MAC (state stale, as kept since an earlier conversation)
#   net_cleanup        kills what still runs in the namespaces, deletes them (and with
#                      them the veth pairs and the bridge)
#   net_teardown       the caller's exit trap: stops the processes in $pids, net_cleanup,
#                      removes $net_tmp
# The caller sources tests/script_lib.sh (wait_grep, to wait for what runs in the
# namespaces) and sets id and net_tmp (a directory of its own) before sourcing this.
# shellcheck shell=sh disable=SC2154 # id, net_tmp, pids: the caller's

mac_a=02:00:5e:10:00:0a
mac_b=02:00:5e:10:00:0b
mac_e=02:00:5e:10:00:0e
ip_a=192.0.2.10
ip_b=192.0.2.11
ip_e=192.0.2.14
ns_a=echosniff-alice-$id
ns_b=echosniff-bob-$id
ns_e=echosniff-eve-$id
ns_s=echosniff-switch-$id
if_a=alice$id
if_b=bob$id
if_e=eve$id
br=br$id

net_noipv6() { # NAMESPACE
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
}

# net_host NAME NAMESPACE IFACE MAC IP: a host in its own namespace, cabled to the switch.
net_host() {
    ip netns add "$2" &&
        net_noipv6 "$2" &&
        ip link add "$3" netns "$2" type veth peer name "sw-$3" netns "$ns_s" &&
        ip -n "$2" link set "$3" address "$4" &&
        ip -n "$2" addr add "$5/24" dev "$3" &&
        ip -n "$2" link set lo up &&
        ip -n "$2" link set "$3" up &&
        ip -n "$ns_s" link set "sw-$3" master "$br" up &&
        echo "$1: namespace $2, interface $3, $4, $5/24"
}

net_build() {
    # 'ip netns exec' is tried too: in a chroot whose / is not a mount point, 'ip netns
    # add' works but exec cannot set up its mounts.
    { ip netns add "$ns_s" && ip netns exec "$ns_s" true &&
        net_noipv6 "$ns_s" &&
        ip -n "$ns_s" link add "$br" type bridge mcast_snooping 0 &&
        ip -n "$ns_s" link set "$br" up &&
        net_host alice "$ns_a" "$if_a" $mac_a $ip_a &&
        net_host bob "$ns_b" "$if_b" $mac_b $ip_b &&
        net_host eve "$ns_e" "$if_e" $mac_e $ip_e; } 2>"$net_tmp/err"
}

net_mode() { # hub|switch
    if [ "$1" = hub ]; then
        ip -n "$ns_s" link set "$br" type bridge ageing_time 0
    else
        ip -n "$ns_s" link set "$br" type bridge ageing_time 30000 # centiseconds: 300 s
    fi
    ip -n "$ns_s" link set "$br" type bridge fdb_flush
}

net_arp() { # cold|warm
    for ns in "$ns_a" "$ns_b" "$ns_e"; do ip -n "$ns" neigh flush all; done
    if [ "$1" = warm ]; then
        ip -n "$ns_a" neigh replace $ip_b lladdr $mac_b dev "$if_a" nud stale
        ip -n "$ns_b" neigh replace $ip_a lladdr $mac_a dev "$if_b" nud stale
    fi
}

net_cleanup() {
    # Anything still running inside our namespaces was started by the caller.
    for ns in "$ns_a" "$ns_b" "$ns_e" "$ns_s"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    done
    # Deleting a namespace destroys the veth ends in it, and with them the pairs.
    for ns in "$ns_a" "$ns_b" "$ns_e" "$ns_s"; do ip netns del "$ns" 2>/dev/null || true; done
}

net_teardown() {
    trap - EXIT INT TERM
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    net_cleanup
    for p in $pids; do wait "$p" 2>/dev/null || true; done
    rm -rf "$net_tmp"
}

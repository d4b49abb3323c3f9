#!/bin/sh
# ethics_lab.sh BUILD_DIR [--no-pause] [--replay] [--save DIR]: the ethics hour, live
# (./lab ethics; ETHICS.md, part 9).
#
# What a third host sees on a hub and on a switch. As root, builds a network that exists
# only for this run (tests/ethics_net.sh): three hosts, alice, bob and eve (network
# namespaces), each with one virtual Ethernet cable (a veth pair) to a Linux bridge in a
# fourth namespace, the "switch". TEST-NET-1 addresses (192.0.2.10, .11, .14) and locally
# administered MACs of the project's own (02:00:5e:10:00:0a, :0b, :0e). bob runs
# echoserver; alice sends "secret message" with echoclient; eve captures on her own
# interface with sniff, and alice on hers (the reference for the counts). Five
# steps, each printing what eve captured (sniff's packet list with annotations), how
# much of alice's and bob's session that was, and why, with ETHICS.md's sections:
#   (a) switch, eve not promiscuous    only broadcasts (ARP) and her own traffic
#   (b) switch, eve promiscuous        the frame flooded before the switch had learned
#   (c) hub, eve not promiscuous       nothing of the session; tcpdump -p on the same
#                                      interface: all of it (no hardware filter on veth)
#   (d) hub, eve promiscuous           the whole session, "secret message" included
#   (e) hub, promiscuous, --redact --anonymize   what can still be learned
# The bridge is a switch when it learns (ageing 300 s; its table is emptied before each
# step) and a hub when it forgets at once (ageing_time 0: every frame is flooded).
# Everything is removed at the end, on failure and on Ctrl-C alike.
#
#   --no-pause   no pause between the steps (CI)
#   --replay     replay the recorded captures even as root
#   --save DIR   keep each step's captures in DIR, named as in captures/
# Not root, or no network namespaces here: says so and replays the captures of the same
# steps shipped in captures/ (ethics-*.pcap, listed in captures/README.md).
set -eu

usage() { echo "usage: $0 BUILD_DIR [--no-pause] [--replay] [--save DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
build=$(cd "$1" && pwd) || usage
shift
pause=true
replay_only=false
save=
while [ $# -gt 0 ]; do
    case $1 in
    --no-pause) pause=false ;;
    --replay) replay_only=true ;;
    --save)
        [ $# -ge 2 ] || usage
        mkdir -p "$2"
        save=$(cd "$2" && pwd)
        shift
        ;;
    *) usage ;;
    esac
    shift
done

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
use_built ethics "$build" sniff=sniff/sniff server_bin=echo/echoserver client_bin=echo/echoclient

# The network's names and addresses (ethics_net.sh), unique to this run.
id=$$
# shellcheck source=tests/ethics_net.sh
. "$top/tests/ethics_net.sh"
port=15213
secret="secret message"
# Alice's and bob's frames, which eve is not meant to receive: unicast, not eve's (their
# ARP reply and their TCP session); and what they broadcast (ARP requests).
theirs="not ether multicast and not ether host $mac_e"
their_bc="ether multicast and not ether src $mac_e"

say() { printf '\n== %s\n' "$*"; }
sub() { printf -- '-- %s\n' "$*"; }

# of N [TOTAL]: "0 of the 11 frames alice and bob sent each other (...)", or without TOTAL
# (a replay) "0 frames alice and bob sent each other (unicast)".
of() {
    if [ -n "${2:-}" ]; then
        echo "$1 of the $2 frames alice and bob sent each other (unicast, counted on alice's own interface)"
    elif [ "$1" = 1 ]; then
        echo "1 frame alice and bob sent each other (unicast)"
    else
        echo "$1 frames alice and bob sent each other (unicast)"
    fi
}

# count FILE FILTER: frames of FILE that match the capture filter (read by sniff).
count() {
    "$sniff" -r "$1" -T json --no-annotate "$2" 2>/dev/null | grep -c '"type":"packet"' || true
}

# The steps: letter, capture file (as in captures/), title.
step_file() {
    case $1 in
    a) echo ethics-a-switch.pcap ;;
    b) echo ethics-b-switch-promisc.pcap ;;
    c) echo ethics-c-hub.pcap ;;
    d) echo ethics-d-hub-promisc.pcap ;;
    e) echo ethics-e-hub-promisc-redacted.pcap ;;
    esac
}
tcpdump_file=ethics-c-hub-tcpdump-p.pcap
# The bridge (hub or switch), the ARP caches before alice starts (cold: empty; warm: alice
# and bob know each other's MAC), and eve's options, per step.
step_mode() { case $1 in a | b) echo switch ;; *) echo hub ;; esac; }
step_arp() { case $1 in b) echo warm ;; *) echo cold ;; esac; }
step_opts() { # LETTER KEYFILE
    case $1 in
    b | d) echo --promisc ;;
    e) echo "--promisc --redact --anonymize-key-file=$2" ;;
    esac
}

# describe LETTER: how the step is set up, and what runs.
describe() {
    if [ "$(step_mode "$1")" = hub ]; then
        echo "the bridge as a hub: ageing_time 0, so it forgets every address at once and floods each frame"
    else
        echo "the bridge as a switch: it learns which MAC is behind which port; its table was just emptied"
    fi
    if [ "$(step_arp "$1")" = warm ]; then
        echo "alice and bob still have each other's MAC in their ARP caches (ip neigh: STALE)"
    else
        echo "every ARP cache is empty"
    fi
    opts=$(step_opts "$1" KEYFILE)
    echo "eve: sniff -i IFACE --all${opts:+ $opts} -w $(step_file "$1")"
    [ "$1" = c ] && echo "eve: tcpdump -p -i IFACE -w $tcpdump_file, at the same time"
    echo "alice: echoclient $ip_b $port, sending \"$secret\""
    [ "$1" = a ] && echo "eve: echoclient $ip_b $port, sending \"eve's own line\" (her own traffic)"
    return 0
}

# Two lines per step, tied to ETHICS.md's parts and to the lecture's slide ("Packet Sniffer:
# program that records network traffic visible at node. Promiscuous mode: record traffic
# that does not have this host as source or destination").
explain() {
    case $1 in
    a) cat <<'EOF2'
Why: a switch sends a unicast frame only to its destination's port (ETHICS.md 2, switched networks):
of alice's session eve got the ARP broadcast; the rest is her own, the lecture's "traffic visible at node".
EOF2
        ;;
    b) cat <<'EOF2'
Why: the switch had forgotten bob, alice had not, so it flooded her first frame to every port (ETHICS.md 2);
promiscuous mode kept it, traffic "that does not have this host as source or destination" (the lecture).
EOF2
        ;;
    c) cat <<'EOF2'
Why: a hub repeats every frame, a virtual cable has no hardware filter: tcpdump -p kept them (ETHICS.md 2);
sniff adds the card's rule to its capture filter: eve's own address, broadcast, multicast (ETHICS.md 6).
EOF2
        ;;
    d) cat <<'EOF2'
Why: promiscuous on a shared medium, the lecture's definition at work: a conversation eve is no part of,
"secret message" in plain text (ETHICS.md 1); on a network not your own, that is interception (ETHICS.md 3).
EOF2
        ;;
    e) cat <<'EOF2'
Why: no payload, pseudonyms, yet who talked to whom, when, how long and how much remain (ETHICS.md 4, 5:
"Pseudonymous is not anonymous"): metadata, which the law regulates too (ETHICS.md 3, "Headers are not a loophole").
EOF2
        ;;
    esac
    echo "Discuss: ETHICS.md 9, the questions after step ($1)."
}

title() {
    case $1 in
    a) echo "(a) a switch; eve not promiscuous" ;;
    b) echo "(b) a switch; eve promiscuous (--promisc)" ;;
    c) echo "(c) a hub; eve not promiscuous, and tcpdump -p on the same interface" ;;
    d) echo "(d) a hub; eve promiscuous (--promisc)" ;;
    e) echo "(e) a hub; eve promiscuous, with --redact and --anonymize" ;;
    esac
}

# show LETTER DIR [ALICE_FRAMES]: what eve captured in step LETTER (files in DIR), the
# counts, and why. ALICE_FRAMES: the session's frames on alice's own interface (live).
show() {
    l=$1 dir=$2 total=${3:-}
    f=$dir/$(step_file "$l")
    view="--all -A"
    [ "$l" = e ] && view="--all -A --redact"
    sub "what eve captured (sniff -r $(step_file "$l") $view)"
    # shellcheck disable=SC2086
    "$sniff" -r "$f" $view 2>/dev/null
    got=$(count "$f" "$theirs")
    bc=$(count "$f" "$their_bc")
    own=$(count "$f" "ether host $mac_e")
    sub "eve got $(of "$got" "$total"), $bc they broadcast, $own of her own"
    case $l in
    c)
        t=$dir/$tcpdump_file
        sub "what tcpdump -p captured on the same interface at the same time (sniff -r $tcpdump_file --all -A)"
        "$sniff" -r "$t" --all -A 2>/dev/null
        sub "tcpdump -p got $(of "$(count "$t" "$theirs")" "$total")"
        ;;
    d)
        sub "the conversation eve can read (sniff -r $(step_file d) --follow=0)"
        "$sniff" -r "$f" --follow=0 2>/dev/null
        ;;
    e)
        sub "what the file holds where the payload was (sniff -r $(step_file e) -x -Y 'tcp.len > 0')"
        "$sniff" -r "$f" -x -Y 'tcp.len > 0' 2>/dev/null
        sub "what is left to learn (sniff -r $(step_file e) --summary --redact)"
        "$sniff" -r "$f" --summary --redact --no-annotate 2>/dev/null | sed -n '/^TCP connections/,$p'
        ;;
    esac
    explain "$l"
}

pause_after() { # LETTER
    $pause || return 0
    [ "$1" = e ] && return 0
    printf '\n[Enter: the next step; Ctrl-C: stop here] '
    read -r _ || true
}

replay() { # WHY
    echo "ethics: $1: replaying the steps recorded by this lab as root (captures/ethics-*.pcap)"
    for l in a b c d e; do
        f=$top/captures/$(step_file "$l")
        [ -f "$f" ] || { echo "ethics: captures/$(step_file "$l") is missing" >&2; exit 1; }
    done
    for l in a b c d e; do
        say "$(title "$l")"
        echo "(recorded:)"
        describe "$l" | sed 's/^/  /'
        show "$l" "$top/captures"
        pause_after "$l"
    done
    exit 0
}

$replay_only && replay "--replay"
[ "$(id -u)" = 0 ] || replay "not root (network namespaces need root; try: sudo ./lab ethics)"
command -v ip >/dev/null 2>&1 || replay "no 'ip' command (Debian package iproute2)"
command -v tcpdump >/dev/null 2>&1 || replay "no tcpdump for step (c) (Debian package tcpdump)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ethics_lab.XXXXXX")
net_tmp=$tmp
pids=
trap net_teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "three hosts of our own on one Linux bridge (in namespace $ns_s)"
net_build || replay "cannot create network namespaces, veth pairs and a bridge here ($(head -n 1 "$tmp/err"))"

timeout --foreground -k 5 600 ip netns exec "$ns_b" "$server_bin" -q -p $port -b $ip_b \
    --port-file "$tmp/port" >"$tmp/server.log" 2>&1 &
pids="$pids $!"
wait_grep "$tmp/port" . || { echo "ethics: echoserver did not start:" >&2; cat "$tmp/server.log" >&2; exit 1; }
echo "bob: echoserver on $ip_b port $port"

# capture NAME NAMESPACE COMMAND...: a capture in the background, its stderr in
# NAME.err, until stop_captures.
caps=
capture() {
    name=$1 ns=$2
    shift 2
    timeout --foreground -k 5 120 ip netns exec "$ns" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pids="$pids $!"
    caps="$caps $!"
    wait_grep "$tmp/$name.err" "listening on" ||
        { echo "ethics: $name did not start:" >&2; cat "$tmp/$name.err" >&2; exit 1; }
}
stop_captures() {
    # Let the last frames arrive, then stop each capture as Ctrl-C would.
    sleep 0.5
    for p in $caps; do kill -INT "$p" 2>/dev/null || true; done
    for p in $caps; do wait "$p" 2>/dev/null || true; done
    caps=
}

# echo_session NAMESPACE LINE: one echo client session to bob.
echo_session() {
    printf '%s\n' "$2" | timeout --foreground -k 5 30 ip netns exec "$1" "$client_bin" --lines -t 5 $ip_b $port
}

# run LETTER: one step, live.
run() {
    l=$1
    f=$(step_file "$l")
    say "$(title "$l")"
    net_mode "$(step_mode "$l")"
    net_arp "$(step_arp "$l")"
    describe "$l" | sed "s/IFACE/$if_e/"
    # shellcheck disable=SC2046
    # --print: immediate mode, each frame written as it arrives (the output is not shown);
    # -n: no MAC vendor registry to load at the first ARP frame, which takes long enough on
    # a busy machine for the stop to come first and cut the capture short.
    capture "eve-$l" "$ns_e" "$sniff" -i "$if_e" --all $(step_opts "$l" "$tmp/key") -w "$tmp/$f" --print -n
    # Alice's own view, the reference: every frame she sent or received.
    capture "alice-$l" "$ns_a" "$sniff" -i "$if_a" --all -w "$tmp/alice-$l.pcap" --print -n
    # --immediate-mode: each frame handed over at once, none left in the ring at the end;
    # -B: immediate mode hands over a block per frame, and libpcap's 2 MiB ring has few.
    [ "$l" != c ] ||
        capture tcpdump-p "$ns_e" tcpdump -p --immediate-mode -B 32768 -i "$if_e" -U -Z root -w "$tmp/$tcpdump_file"
    echo_session "$ns_a" "$secret" >"$tmp/alice-$l.echo"
    grep -qx "$secret" "$tmp/alice-$l.echo" || { echo "ethics: alice got no echo" >&2; exit 1; }
    [ "$l" != a ] || echo_session "$ns_e" "eve's own line" >/dev/null
    stop_captures
    grep -h "^sniff: listening on $if_e" "$tmp/eve-$l.err" | sed 's/^/   /'
    # A busy machine can make a capture lose frames: then the counts below are not the
    # network's, and the step says so.
    if grep -h "dropped by kernel" "$tmp"/*-"$l".err "$tmp"/tcpdump-p.err 2>/dev/null | grep -qv " 0 dropped by kernel\|^0 packets dropped"; then
        echo "ethics: warning: the kernel dropped frames in this step (a busy machine): run it again for true counts"
    fi
    if [ -n "$save" ]; then
        cp "$tmp/$f" "$save/$f"
        [ "$l" != c ] || cp "$tmp/$tcpdump_file" "$save/$tcpdump_file"
    fi
    show "$l" "$tmp" "$(count "$tmp/alice-$l.pcap" "$theirs")"
    pause_after "$l"
}

# A key of this run's own for (e), removed with it: the pseudonyms cannot be undone.
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/key"
for l in a b c d e; do run "$l"; done
say "done: the four namespaces, the bridge and every process are removed now"

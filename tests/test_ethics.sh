#!/bin/sh
# test_ethics.sh BUILD_DIR: ./lab ethics (tests/ethics_lab.sh), as CI runs it.
#
# As root: the five steps with --no-pause, each step's capture checked (the counts the
# lab prints, and the saved files read again by sniff and python3):
#   (a) switch, not promiscuous: none of alice's and bob's unicast frames, their ARP
#       broadcast, eve's own session
#   (b) switch, promiscuous: exactly one of their frames, alice's SYN to bob, flooded
#       before the switch had learned bob's port
#   (c) hub, not promiscuous: none of their unicast frames; tcpdump -p on the same
#       interface at the same time: all of them (the issue's finding)
#   (d) hub, promiscuous: all of them, "secret message" in the file and on screen
#   (e) hub, promiscuous, --redact --anonymize: all of them, no payload byte (every TCP
#       payload byte of the file is zero, the secret nowhere in the output), no real
#       address or MAC
# Then nothing is left behind (namespaces, interfaces, processes), also after a Ctrl-C
# (SIGINT) at the first pause; and the replay of captures/ as an unprivileged user.
# Not root: only the replay (exit 0), or skipped (77) when it cannot run as a user.
set -u
build=${1:?usage: test_ethics.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/script_lib.sh
. "$here/script_lib.sh"
lab=$here/ethics_lab.sh
sniff=$build/sniff/sniff
tmp=$(mktemp -d)
lab_pid=
cleanup() {
    [ -z "$lab_pid" ] || kill "$lab_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
mac_a=02:00:5e:10:00:0a
mac_b=02:00:5e:10:00:0b
mac_e=02:00:5e:10:00:0e

# section LETTER FILE: the output of step LETTER (from its "== (x)" line to the next).
section() {
    sed -n "/^== ($1)/,/^== [(d]/p" "$2"
}
# got LETTER FILE [WHO]: the counts line of a step as "K N B O": K of alice's and bob's
# unicast frames, N on alice's interface (empty in a replay), B broadcasts, O of eve's own
# (B and O empty for tcpdump -p).
got() {
    section "$1" "$2" | sed -n "s/^-- ${3:-eve} got \([0-9]*\)\( of the \([0-9]*\)\)\{0,1\} frames\{0,1\} alice and bob sent each other ([^)]*)\(, \([0-9]*\) they broadcast, \([0-9]*\) of her own\)\{0,1\}$/\1 \3 \5 \6/p"
}
want_val() { # STEP WHAT HAVE WANT ("-": any; ">=X": at least X)
    case $4 in
    -) ;;
    ">="*) [ -n "$3" ] && [ "$3" -ge "${4#>=}" ] || fail "($1): $2: '$3', want $4" ;;
    *) [ "$3" = "$4" ] || fail "($1): $2: '$3', want '$4'" ;;
    esac
}
expect_counts() { # LETTER FILE WHO K N B O
    line=$(got "$1" "$2" "$3")
    [ -n "$line" ] || { fail "($1): no counts line for $3"; return; }
    want_val "$1" "$3's frames of alice and bob" "$(echo "$line" | cut -d' ' -f1)" "$4"
    want_val "$1" "their frames on alice's interface" "$(echo "$line" | cut -d' ' -f2)" "$5"
    want_val "$1" "$3's broadcasts" "$(echo "$line" | cut -d' ' -f3)" "$6"
    want_val "$1" "$3's own frames" "$(echo "$line" | cut -d' ' -f4)" "$7"
}
has() { # LETTER FILE PATTERN WHAT
    section "$1" "$2" | grep -q -- "$3" || fail "($1): no $4 (pattern: $3)"
}

# count FILE FILTER: frames of a saved capture matching a capture filter.
count() {
    "$sniff" -r "$1" -T json --no-annotate "$2" 2>/dev/null | grep -c '"type":"packet"'
}

# The replay: as a user (setpriv) when possible.
check_replay() { # OUT
    grep -q "replaying the steps recorded by this lab" "$1" || fail "replay: not announced"
    for l in a b c d e; do has "$l" "$1" "what eve captured" "step ($l) in the replay"; done
    expect_counts a "$1" eve 0 "" ">=1" ">=10"
    expect_counts b "$1" eve 1 "" 0 0
    expect_counts c "$1" eve 0 "" ">=1" 0
    expect_counts c "$1" "tcpdump -p" ">=10" "" - -
    expect_counts d "$1" eve ">=10" "" ">=1" 0
    has d "$1" "^> secret message" "the secret in (d)'s replay"
    has e "$1" "15 bytes \[redacted\]" "redaction in (e)'s replay"
    section e "$1" | grep -v "echoclient" | grep -q "secret message" && fail "(e): the secret in the replay"
}
as_user() {
    command -v setpriv >/dev/null 2>&1 &&
        setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$sniff" 2>/dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if [ "$(id -u)" != 0 ]; then
    timeout 60 "$lab" "$build" --no-pause >"$tmp/replay.out" 2>&1 || fail "the replay exited $?"
    check_replay "$tmp/replay.out"
    [ $fails -eq 0 ] || exit 1
    echo "test_ethics: not root: the replay only; ok"
    exit 0
fi

# 1. The lab, live, every step.
save=$tmp/save
timeout 120 "$lab" "$build" --no-pause --save "$save" >"$tmp/out" 2>&1
rc=$?
if grep -q "cannot create network namespaces" "$tmp/out"; then
    echo "test_ethics: no network namespaces here: skipped"
    exit 77
fi
[ $rc -eq 0 ] || { fail "the lab exited $rc"; cat "$tmp/out"; exit 1; }
out=$tmp/out
id=$(sed -n 's/^== three hosts of our own on one Linux bridge (in namespace echosniff-switch-\([0-9]*\))$/\1/p' "$out")
[ -n "$id" ] || fail "the network's names are not reported"

# (a) a switch, not promiscuous.
has a "$out" "not promiscuous: only frames to or from $mac_e, broadcast or multicast" "start-up line"
expect_counts a "$out" eve 0 ">=10" ">=1" ">=10"
has a "$out" "Who has 192\.0\.2\.11? Tell 192\.0\.2\.10" "alice's ARP broadcast"
has a "$out" "client data: bytes 0-14 of its stream (byte 0 is Seq=1), 15 bytes \"eve's own line" "eve's own session"
f=$save/ethics-a-switch.pcap
[ "$(count "$f" "ether host $mac_a and ether host $mac_b")" = 0 ] || fail "(a): a frame between alice and bob in the file"
# (b) a switch, promiscuous: the SYN flooded before the switch learned bob's port.
has b "$out" "promiscuous (--promisc): every frame that reaches the interface" "start-up line"
expect_counts b "$out" eve 1 ">=10" 0 0
f=$save/ethics-b-switch-promisc.pcap
[ "$(count "$f" "ether src $mac_a and ether dst $mac_b and tcp[tcpflags] == tcp-syn")" = 1 ] ||
    fail "(b): the frame eve got is not alice's SYN to bob"
# (c) a hub: sniff leaves out their frames, tcpdump -p on the same interface does not.
n=$(got c "$out" | cut -d' ' -f2)
expect_counts c "$out" eve 0 ">=10" ">=1" 0
expect_counts c "$out" "tcpdump -p" "${n:-x}" "${n:-x}" - -
[ "$(count "$save/ethics-c-hub.pcap" "not ether multicast")" = 0 ] || fail "(c): sniff's file has unicast frames"
[ "$(count "$save/ethics-c-hub-tcpdump-p.pcap" "ether src $mac_a and ether dst $mac_b and tcp")" -ge 5 ] ||
    fail "(c): tcpdump -p's file lacks alice's TCP frames to bob"
# (d) a hub, promiscuous: the whole session, the secret readable.
n=$(got d "$out" | cut -d' ' -f2)
expect_counts d "$out" eve "${n:-x}" ">=10" ">=1" 0
has d "$out" "^> secret message" "the secret in --follow"
has d "$out" 'client data: bytes 0-14 of its stream (byte 0 is Seq=1), 15 bytes "secret message' "the secret in the annotations"
grep -q "secret message" "$save/ethics-d-hub-promisc.pcap" || fail "(d): the secret is not in the file"
# (e) redacted and pseudonymised: every frame, no payload byte, no real address.
n=$(got e "$out" | cut -d' ' -f2)
expect_counts e "$out" eve "${n:-x}" ">=10" ">=1" 0
has e "$out" "payloads redacted, addresses pseudonymised" "start-up line"
has e "$out" "15 bytes \[redacted\]" "redacted annotation"
f=$save/ethics-e-hub-promisc-redacted.pcap
grep -q "secret" "$f" && fail "(e): the secret is in the file"
section e "$out" | grep -v "echoclient" | grep -q "secret message" &&
    fail "(e): the secret in the output"
section e "$out" | grep -q -e "192\.0\.2\.1[014]  " -e "$mac_a" -e "$mac_b" && fail "(e): a real address in the packet list"
python3 - "$f" <<'EOF' || fail "(e): the file's TCP payloads are not all zero bytes"
import struct, sys
data = open(sys.argv[1], "rb").read()
off, segs = 24, 0
while off + 16 <= len(data):
    incl = struct.unpack_from("<I", data, off + 8)[0]
    frame = data[off + 16 : off + 16 + incl]
    off += 16 + incl
    if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        continue
    ihl = (frame[14] & 15) * 4
    total = struct.unpack_from(">H", frame, 16)[0]
    tcp = 14 + ihl
    payload = frame[tcp + (frame[tcp + 12] >> 4) * 4 : 14 + total]
    if payload:
        segs += 1
        if any(payload):
            sys.exit("non-zero payload byte")
sys.exit(0 if segs == 2 else "want 2 data segments, found %d" % segs)
EOF

# Nothing left behind.
left() { # ID: what is left of run ID
    ip netns list | grep -e "-$1\b" && return 0
    ip -o link | grep -e "alice$1" -e "bob$1" -e "eve$1" && return 0
    # The lab starts each program as "timeout ... ip netns exec echosniff-NAME-ID PROGRAM".
    ps -eo pid,args | grep -v grep | grep -e "echosniff-[a-z]*-$1 " -e "eve$1" -e "alice$1" && return 0
    return 1
}
[ -z "$id" ] || ! left "$id" || fail "left behind by the run"

# 2. Ctrl-C at the first pause: exit 130, nothing left.
mkfifo "$tmp/in"
sleep 60 >"$tmp/in" &
holder=$!
# A background job of a script starts with SIGINT ignored, and a shell cannot trap a
# signal ignored on entry: env gives the lab the default disposition a terminal's
# foreground job has.
env --default-signal=INT "$lab" "$build" <"$tmp/in" >"$tmp/int.out" 2>&1 &
lab_pid=$!
wait_grep "$tmp/int.out" "Enter: the next step" 30 || fail "no pause after step (a)"
kill -INT "$lab_pid"
rc=0
wait "$lab_pid" || rc=$?
lab_pid=
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
[ $rc -eq 130 ] || fail "Ctrl-C: exit status $rc, want 130"
grep -q "^== (b)" "$tmp/int.out" && fail "Ctrl-C: the lab went on to step (b)"
id2=$(sed -n 's/^== three hosts .*echosniff-switch-\([0-9]*\))$/\1/p' "$tmp/int.out")
[ -n "$id2" ] || fail "Ctrl-C: the network was not built"
[ -z "$id2" ] || ! left "$id2" || fail "Ctrl-C: left behind"

# 3. The replay, as a user, and with --replay as root.
if as_user timeout 60 "$lab" "$build" --no-pause >"$tmp/replay.out" 2>&1; then
    grep -q "not root" "$tmp/replay.out" || fail "replay as a user: no reason given"
    check_replay "$tmp/replay.out"
else
    echo "test_ethics: cannot run as an unprivileged user here: --replay as root instead"
    timeout 60 "$lab" "$build" --no-pause --replay >"$tmp/replay.out" 2>&1 || fail "--replay failed"
    check_replay "$tmp/replay.out"
fi

if [ $fails -ne 0 ]; then
    echo "--- the lab's output:"
    cat "$out"
    exit 1
fi
echo "test_ethics: ok (the five steps counted, nothing left behind, Ctrl-C, the replay)"
exit 0

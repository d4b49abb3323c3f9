#!/bin/sh
# test_pcapng.sh SNIFF GEN_CAPTURE: sniff's capture files, read back by Wireshark's own
# tools (capinfos, tshark):
#   -w FILE.pcapng and --format: every block readable, the packets all there, the writer
#   and the interface recorded (live: the interface's name), mode 0600;
#   -A into pcapng: each packet's annotation lines are its comments, in Wireshark;
#   comments already in a pcapng file: -V's "Packet comments" as tshark prints it,
#   frame.comment as tshark reads it, kept when the file is written again;
#   ring buffers (-b, -C/-W, -G): every file complete and valid, only the newest kept;
#   a write error midway (a full tmpfs, as root): exit 1 at once, the cause named, and
#   the file a valid capture of exactly the packets it says it holds.
set -eu

sniff=${1:?usage: test_pcapng.sh SNIFF GEN_CAPTURE}
gen_capture=${2:?}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_tools tshark capinfos editcap
scratch_dir
chmod 755 "$tmp"
fresh_home
export NO_COLOR=1
fails=0
packets() { # FILE: the packet count capinfos reads, or "unreadable"
    capinfos -c -M "$1" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/ /, "", $2); print $2 }' |
        grep . || echo unreadable
}

# ---- pcapng with annotations, from every shipped capture ----
for cap in "$top"/captures/*.pcap; do
    name=${cap##*/}
    out=$tmp/${name%.pcap}.pcapng
    rm -f "$out"
    "$sniff" -r "$cap" --all -A -w "$out" 2>/dev/null || fail "$name: sniff -w $out failed"
    want=$(packets "$cap")
    got=$(packets "$out")
    [ "$got" = "$want" ] || fail "$name: capinfos reads $got packets from the pcapng copy, wanted $want"
    capinfos "$out" 2>/dev/null | grep -q "File type:.*pcapng" || fail "$name: not a pcapng file"
    capinfos "$out" 2>/dev/null | grep -q "Capture application: sniff (echosniff)" ||
        fail "$name: the writer is not recorded"
    [ "$(stat -c %a "$out")" = 600 ] || fail "$name: mode $(stat -c %a "$out"), wanted 600"
    # The annotations sniff prints (-A) are the comments Wireshark reads, frame by frame.
    "$sniff" -r "$cap" --all -A -n >"$tmp/list" 2>/dev/null
    awk '$1 ~ /^[0-9]+$/ { n = $1; next } /^    [^ ]/ && n { sub(/^    /, ""); print n "\t" $0 }' \
        "$tmp/list" >"$tmp/ours"
    # One line a comment: tshark joins a frame's with the aggregator, "~" (no annotation has
    # one: checked).
    grep -q '~' "$tmp/ours" && fail "$name: an annotation has '~': choose another aggregator"
    tshark -r "$out" -T fields -E occurrence=a -E 'aggregator=~' -e frame.number -e frame.comment \
        2>/dev/null | awk -F'\t' '{ n = split($2, c, "~"); for (i = 1; i <= n; i++) print $1 "\t" c[i] }' \
        >"$tmp/theirs"
    cmp -s "$tmp/ours" "$tmp/theirs" || {
        fail "$name: the comments tshark reads are not sniff's annotations"
        diff "$tmp/ours" "$tmp/theirs" | head -5
    }
done

# ---- --format and the name ----
"$sniff" -r "$top/captures/echo-lo.pcap" -w "$tmp/plain.pcapng" --format pcap 2>/dev/null
capinfos "$tmp/plain.pcapng" 2>/dev/null | grep -q "File type:.* - pcap$" || fail "--format pcap wrote pcapng"
"$sniff" -r "$top/captures/echo-lo.pcap" -w "$tmp/ng.cap" -F pcapng 2>/dev/null
capinfos "$tmp/ng.cap" 2>/dev/null | grep -q "File type:.*pcapng" || fail "-F pcapng wrote pcap"
"$sniff" -r "$top/captures/echo-lo.pcap" -w "$tmp/plain.pcap" 2>/dev/null
capinfos "$tmp/plain.pcap" 2>/dev/null | grep -q "File type:.* - pcap$" || fail "a .pcap name wrote pcapng"

# ---- comments already in a file: shown as tshark shows them, kept when rewritten ----
editcap -a '1:first: a comment' -a '4:with "quotes", commas; and more' \
    "$top/captures/echo-lo.pcap" "$tmp/commented.pcapng" 2>/dev/null
for n in 1 4; do
    "$sniff" -r "$tmp/commented.pcapng" -V -Y "frame.number == $n" 2>/dev/null |
        sed -n '/^Packet comments/,/^Frame/p' | grep -v '^Frame' >"$tmp/ours"
    tshark -r "$tmp/commented.pcapng" -V -Y "frame.number == $n" 2>/dev/null |
        sed -n '/^Packet comments/,/^Frame/p' | grep -v '^Frame' >"$tmp/theirs"
    [ -s "$tmp/ours" ] && cmp -s "$tmp/ours" "$tmp/theirs" || {
        fail "frame $n: -V's Packet comments differ from tshark's"
        diff "$tmp/ours" "$tmp/theirs"
    }
done
"$sniff" -r "$tmp/commented.pcapng" -T fields -e frame.number -e frame.comment 2>/dev/null >"$tmp/ours"
tshark -r "$tmp/commented.pcapng" -T fields -e frame.number -e frame.comment 2>/dev/null >"$tmp/theirs"
cmp -s "$tmp/ours" "$tmp/theirs" || { fail "frame.comment differs from tshark's"; diff "$tmp/ours" "$tmp/theirs"; }
"$sniff" -r "$tmp/commented.pcapng" -Y 'frame.comment contains "quotes"' -T fields -e frame.number \
    >"$tmp/ours" 2>/dev/null
[ "$(cat "$tmp/ours")" = 4 ] || fail "-Y frame.comment contains: got $(cat "$tmp/ours")"
"$sniff" -r "$tmp/commented.pcapng" 2>/dev/null | grep -qF '    [Packet comment: first: a comment]' ||
    fail "the packet list does not mark the comment"
"$sniff" -r "$tmp/commented.pcapng" -w "$tmp/again.pcapng" 2>/dev/null
tshark -r "$tmp/again.pcapng" -T fields -e frame.number -e frame.comment 2>/dev/null >"$tmp/again"
cmp -s "$tmp/theirs" "$tmp/again" || fail "comments lost when the pcapng file was written again"

# ---- ring buffers: every file complete, only the newest kept ----
timeout 60 "$gen_capture" -n 16000 -k 8 -S 7 -w "$tmp/load.pcap" 2>/dev/null # 2.2 MB
total=$(packets "$tmp/load.pcap")
mkdir "$tmp/ring" "$tmp/tcpd" "$tmp/g"
chmod 777 "$tmp/ring" "$tmp/tcpd" "$tmp/g"
"$sniff" -r "$tmp/load.pcap" --all -w "$tmp/ring/r.pcapng" -b filesize:500 2>/dev/null ||
    fail "-b filesize:500 failed"
n=0
sum=0
for f in "$tmp"/ring/r_*.pcapng; do
    n=$((n + 1))
    k=$(packets "$f")
    [ "$k" != unreadable ] || { fail "ring file $f is not readable"; continue; }
    sum=$((sum + k))
    case ${f##*/} in r_0000[0-9]_[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9].pcapng) ;;
    *) fail "ring file name ${f##*/} is not dumpcap's" ;; esac
done
[ "$n" -ge 3 ] || fail "-b filesize:500 made $n files"
[ "$sum" = "$total" ] || fail "the ring's files hold $sum packets, the input $total"
rm -f "$tmp"/ring/*
"$sniff" -r "$tmp/load.pcap" --all -w "$tmp/ring/k.pcap" -b filesize:500 -b files:2 2>/dev/null
[ "$(ls "$tmp/ring" | wc -l)" -eq 2 ] || fail "-b files:2 kept $(ls "$tmp/ring" | wc -l) files"
last=$(ls "$tmp"/ring/k_* | tail -1)
[ "$(tshark -r "$last" -T fields -e frame.len 2>/dev/null | tail -1)" = \
  "$(tshark -r "$tmp/load.pcap" -T fields -e frame.len 2>/dev/null | tail -1)" ] ||
    fail "the newest ring file does not end with the input's last packet"
"$sniff" -r "$tmp/load.pcap" --all -w "$tmp/tcpd/t" -C 1 -W 2 2>/dev/null
[ "$(ls "$tmp/tcpd")" = "$(printf 't0\nt1')" ] || fail "-C 1 -W 2 made: $(ls "$tmp/tcpd" | tr '\n' ' ')"
for f in "$tmp"/tcpd/*; do [ "$(packets "$f")" != unreadable ] || fail "$f is not readable"; done
"$sniff" -r "$top/captures/echo-lo.pcap" -w "$tmp/g/g.pcap" -G 1 2>/dev/null
[ "$(ls "$tmp/g")" = "$(printf 'g.pcap\ng.pcap1')" ] || fail "-G 1 made: $(ls "$tmp/g" | tr '\n' ' ')"
[ $(($(packets "$tmp/g/g.pcap") + $(packets "$tmp/g/g.pcap1"))) -eq 13 ] || fail "-G 1 lost packets"
"$sniff" -r "$tmp/load.pcap" --all -w "$tmp/stop.pcap" -a filesize:50 2>/dev/null
size=$(stat -c %s "$tmp/stop.pcap")
[ "$size" -ge 50000 ] && [ "$size" -lt 60000 ] || fail "-a filesize:50 stopped at $size bytes"

# ---- a write error midway: the disk fills (a small tmpfs of our own, as root) ----
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1; then
    mkdir "$tmp/full"
    rc=0
    unshare -m sh -c "mount -t tmpfs -o size=600k tmpfs '$tmp/full' &&
        '$sniff' -r '$tmp/load.pcap' --all -w '$tmp/full/x.pcap' 2>'$tmp/full.err';
        echo \$? >'$tmp/full.rc'; cp '$tmp/full/x.pcap' '$tmp/x.pcap'" || rc=$?
    if [ "$rc" = 0 ] && [ -f "$tmp/full.rc" ]; then
        [ "$(cat "$tmp/full.rc")" = 1 ] || fail "a full disk: exit $(cat "$tmp/full.rc"), wanted 1"
        grep -q "x.pcap: cannot write: No space left on device; the capture stopped at once" \
            "$tmp/full.err" || { fail "a full disk: the message"; cat "$tmp/full.err"; }
        said=$(sed -n 's/.*the file holds the first \([0-9]*\) packet.*/\1/p' "$tmp/full.err")
        [ "$(packets "$tmp/x.pcap")" = "$said" ] ||
            fail "a full disk: the file holds $(packets "$tmp/x.pcap") packets, sniff said '$said'"
    else
        echo "note: no private tmpfs here (unshare -m failed): the full-disk case is skipped"
    fi
fi

# ---- live: the interface's name in the file (root, lo) ----
if [ "$(id -u)" = 0 ]; then
    timeout --foreground -k 5 10 "$sniff" -i lo --all -w "$tmp/live.pcapng" -a duration:2 \
        2>"$tmp/live.err" &
    pid=$!
    sleep 1
    python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b"x", ("127.0.0.1", 9)) for _ in range(3)]' 2>/dev/null || true
    rc=0
    wait $pid || rc=$?
    [ "$rc" = 0 ] || { fail "live -a duration:2 exited $rc"; cat "$tmp/live.err"; }
    capinfos "$tmp/live.pcapng" 2>/dev/null | grep -q "Name = lo" || fail "the live file does not name lo"
fi

fails_exit
echo "ok"

#!/bin/sh
# test_stream_index.sh SNIFF GEN_CAPTURE: sniff names connections as Wireshark does, by
# tcp.stream (0 for the first), in every view: -Y 'tcp.stream == N', --follow N,
# --summary's #, the annotations' "conn #N" and -T json's "stream". Then, with tshark as
# the referee, every TCP frame's stream index in the files of captures/ and in a
# generated capture of many interleaved connections (bench/gen_capture: 256 open at
# once, closed ones followed by late ACKs) equals tshark -T fields -e tcp.stream.
set -eu
sniff=${1:?usage: test_stream_index.sh SNIFF GEN_CAPTURE}
gen=${2:?usage: test_stream_index.sh SNIFF GEN_CAPTURE}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp" # sniff drops root to nobody after opening; keep the files readable
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
sn() { timeout -k 5 60 "$sniff" "$@" 2>/dev/null; }
cap=$top/captures/echo-lo.pcap

# The one connection of the lecture's session is stream 0 everywhere.
n=$(sn -r "$cap" -Y 'tcp.stream == 0' | tail -n +2 | wc -l)
[ "$n" -eq 13 ] || fail "-Y 'tcp.stream == 0' shows $n of echo-lo's 13 packets"
n=$(sn -r "$cap" -Y 'tcp.stream == 1' | tail -n +2 | wc -l)
[ "$n" -eq 0 ] || fail "-Y 'tcp.stream == 1' shows $n packets of a one-connection file"
sn -r "$cap" --follow 0 >"$tmp/follow"
grep -qx "Follow: conn #0" "$tmp/follow" && grep -qx "> here is a message" "$tmp/follow" ||
    fail "--follow 0 does not show the session: $(head -3 "$tmp/follow")"
rc=0
timeout -k 5 60 "$sniff" -r "$cap" --follow 1 >"$tmp/follow1" 2>"$tmp/follow1.err" || rc=$?
[ "$rc" -eq 1 ] && [ ! -s "$tmp/follow1" ] &&
    grep -q "there is no tcp.stream 1 in this capture (it has 1 TCP connection" "$tmp/follow1.err" ||
    fail "--follow 1 on a one-connection file: exit $rc, $(cat "$tmp/follow1.err")"
sn -r "$cap" --summary --no-annotate | tail -n 1 | grep -q '^0  127\.0\.0\.1:36704 ' ||
    fail "--summary's row is not numbered 0"
sn -r "$cap" -A --color=never | grep -q "^    conn #0, handshake 1/3: the client's connect() sends SYN" ||
    fail "the SYN's annotation does not say conn #0"
sn -r "$cap" -T json | grep '"type":"packet"' | grep -vc '"stream":0,' | grep -qx 0 ||
    fail "-T json: a packet of echo-lo not in stream 0"

if ! command -v tshark >/dev/null 2>&1; then
    echo "$fails failed; tshark not installed: the per-frame comparison is skipped"
    [ "$fails" -eq 0 ] && exit 77
    exit 1
fi
# The TCP state of each end after each frame of the lecture's session, as a filter field:
# the handshake, the echo, the client's active close and the server's passive one.
printf '%s\n' 1,SYN-SENT,UNKNOWN 2,ESTABLISHED,SYN-RECEIVED 3,ESTABLISHED,ESTABLISHED \
    4,ESTABLISHED,ESTABLISHED 5,ESTABLISHED,ESTABLISHED 6,ESTABLISHED,ESTABLISHED \
    7,ESTABLISHED,ESTABLISHED 8,ESTABLISHED,ESTABLISHED 9,ESTABLISHED,ESTABLISHED \
    10,ESTABLISHED,ESTABLISHED 11,FIN-WAIT-1,CLOSE-WAIT 12,TIME-WAIT,LAST-ACK \
    13,TIME-WAIT,CLOSED >"$tmp/states.want"
sn -r "$cap" -T fields -E separator=, -e frame.number -e tcp.state.client \
    -e tcp.state.server >"$tmp/states.got"
if cmp -s "$tmp/states.want" "$tmp/states.got"; then
    echo "ok: tcp.state.client and tcp.state.server follow echo-lo's session"
else
    fail "tcp.state.client/server on echo-lo (- expected, + sniff):"
    diff "$tmp/states.want" "$tmp/states.got" | head -n 15
fi
n=$(sn -r "$cap" -Y 'tcp.state.server == "CLOSE-WAIT"' | tail -n +2 | wc -l)
[ "$n" -eq 1 ] || fail "-Y 'tcp.state.server == \"CLOSE-WAIT\"' shows $n packets, not 1"

"$gen" -n 30000 -k 256 -S 9 -w "$tmp/gen.pcap" >/dev/null
for f in "$top"/captures/*.pcap "$tmp/gen.pcap"; do
    tshark -r "$f" -T fields -e frame.number -e tcp.stream 2>/dev/null |
        awk -F'\t' '$2 != ""' >"$tmp/want"
    sn -r "$f" --all -T json | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    if o["type"] == "packet" and "stream" in o:
        print("%d\t%d" % (o["frame"]["number"], o["stream"]))' >"$tmp/got"
    if cmp -s "$tmp/want" "$tmp/got"; then
        echo "ok: $(basename "$f"): $(wc -l <"$tmp/want") frames in the streams tshark names"
    else
        fail "$(basename "$f"): stream indices differ from tshark's (- tshark, + sniff):"
        diff "$tmp/want" "$tmp/got" | head -n 10
    fi
done
echo "$fails failed"
[ "$fails" -eq 0 ]

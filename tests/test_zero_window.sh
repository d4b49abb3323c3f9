#!/bin/sh
# test_zero_window.sh SNIFF: a real zero window on lo. A server that never reads (4 KiB
# receive buffer) and a client writing 2 MB (tests/zero_window_peer.py); tcpdump captures
# it. Linux probes a closed window with an empty segment one byte behind
# (tcp_xmit_probe_skb), which Wireshark's definitions flag [TCP Keep-Alive]: sniff must
# call each such frame a zero-window probe, not an SO_KEEPALIVE probe, and say the window
# is zero on the server's answers. Needs root (to capture), tcpdump, tshark, python3.
set -u
sniff=$1
here=$(dirname "$0")
for t in tcpdump tshark python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "SKIP: no $t"; exit 77; }
done
dir=$(mktemp -d)
cap_pid=
trap '[ -n "$cap_pid" ] && kill "$cap_pid" 2>/dev/null; rm -rf "$dir"' EXIT
chmod 755 "$dir"
P=$((20000 + $$ % 20000))
timeout --foreground -k 5 30 tcpdump -i lo -U -s 200 -w "$dir/zw.pcap" "tcp port $P" \
    >"$dir/tcpdump.err" 2>&1 &
cap_pid=$!
i=0
while [ ! -s "$dir/zw.pcap" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$cap_pid" 2>/dev/null || { echo "SKIP: cannot capture on lo: $(cat "$dir/tcpdump.err")"; exit 77; }
sleep 0.3
timeout -k 5 20 python3 "$here/zero_window_peer.py" "$P" 4
sleep 0.3
kill "$cap_pid" 2>/dev/null
wait "$cap_pid" 2>/dev/null
cap_pid=
chmod 644 "$dir/zw.pcap"
probes=$(tshark -r "$dir/zw.pcap" -Y tcp.analysis.keep_alive -T fields -e frame.number 2>/dev/null)
zero=$(tshark -r "$dir/zw.pcap" -Y tcp.analysis.zero_window -T fields -e frame.number 2>/dev/null)
[ -n "$probes" ] || { echo "FAIL: no probe captured (tshark finds no [TCP Keep-Alive])"; exit 1; }
[ -n "$zero" ] || { echo "FAIL: no zero window captured"; exit 1; }
# each frame's annotation lines, as "N<TAB>line"
"$sniff" -r "$dir/zw.pcap" -A "tcp port $P" 2>/dev/null |
    awk '/^ *[0-9]+ [0-9]/ { n = $1; next } /^    / { sub(/^    /, ""); print n "\t" $0 }' >"$dir/ann"
fail=0
for n in $probes; do
    grep -q "^$n	zero-window probe, Linux's kind: the server's window is closed" "$dir/ann" ||
        { echo "FAIL frame $n: not called Linux's zero-window probe"; fail=1; }
    grep "^$n	" "$dir/ann" | grep -q "keep-alive probe" &&
        { echo "FAIL frame $n: called a keep-alive probe"; fail=1; }
done
for n in $zero; do
    grep -q "^$n	zero window: the server's receive buffer is full" "$dir/ann" ||
        { echo "FAIL frame $n: the zero window not said"; fail=1; }
done
[ $fail = 0 ] && echo "ok: $(echo $probes | wc -w) probes and $(echo $zero | wc -w) zero windows named as such"
exit $fail

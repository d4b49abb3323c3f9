#!/bin/sh
# test_midstream.sh SNIFF: a capture that begins after the connection opened (or misses a
# SYN) cannot line the client's bytes up with their echo, so sniff must not check the
# echo there, and must say why -- never a mismatch on a good echo, never "the client's
# first data" about data that was not the first. Each shipped echo capture is cut with
# editcap at every frame of its first 12 (and with the SYN-ACK alone removed); the cut
# files are read with -A and --summary. The whole files are read too: mismatch.pcap's
# real mismatch must still be reported, so the test fails on a sniff that checks nothing.
set -eu
sniff=$1
command -v editcap >/dev/null || { echo "SKIP: editcap (wireshark-common) missing"; exit 77; }
caps=$(cd "$(dirname "$0")/../captures" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
fail=0
bad() { echo "FAIL $*"; fail=1; }
run() { # FILE -> $dir/out (-A), $dir/sum (--summary)
    "$sniff" -r "$1" -A 2>/dev/null >"$dir/out"
    "$sniff" -r "$1" --summary 2>/dev/null >"$dir/sum"
}
# the mismatched counts of -T json --summary's connection records
mismatched() {
    "$sniff" -r "$1" -T json --summary 2>/dev/null | grep -o '"mismatched":[0-9]*' | cut -d: -f2
}

# The whole files: good echoes are checked, mismatch.pcap's is found.
for f in echo-lo large-transfer concurrent iterative-two-clients; do
    run "$caps/$f.pcap"
    grep -q 'identical' "$dir/out" || bad "$f: no echo checked on the whole file"
    grep -q 'MISMATCH\|DIFFERENT' "$dir/out" && bad "$f: a mismatch on the whole file"
done
run "$caps/mismatch.pcap"
grep -q 'ECHO MISMATCH' "$dir/out" || bad "mismatch.pcap: its mismatch is not reported"
mismatched "$caps/mismatch.pcap" | grep -q '^[1-9]' || bad "mismatch.pcap: no mismatch in JSON"

for f in echo-lo mismatch large-transfer concurrent iterative-two-clients; do
    for k in 2 3 4 5 6 7 8 9 10 11 12; do
        cut=$dir/$f-from-$k.pcap
        editcap -r "$caps/$f.pcap" "$cut" "$k-1000000" 2>/dev/null
        chmod 644 "$cut"
        run "$cut"
        if tshark -r "$cut" -Y 'tcp.flags.syn == 1' 2>/dev/null | grep -q .; then
            continue # a SYN or SYN-ACK left: that connection's streams can be lined up
        fi
        grep -q 'MISMATCH\|DIFFERENT' "$dir/out" && bad "$f from frame $k: a mismatch claimed"
        grep -q "first data" "$dir/out" && bad "$f from frame $k: 'first data' claimed"
        grep -q 'echo of request\|for the echo check' "$dir/out" && bad "$f from frame $k: echo checked"
        if grep -q 'data: bytes' "$dir/out"; then
            grep -q 'echo not checked: the capture did not see both SYNs' "$dir/out" ||
                bad "$f from frame $k: not said why the echo is not checked"
            grep -q 'all (SYN not captured)' "$dir/sum" || bad "$f from frame $k: --summary silent"
        fi
        for m in $(mismatched "$cut"); do [ "$m" = 0 ] || bad "$f from frame $k: $m mismatched in JSON"; done
    done
done
# only the SYN-ACK lost: the server's stream start is unknown, the echo not checked
cut=$dir/echo-lo-no-synack.pcap
editcap "$caps/echo-lo.pcap" "$cut" 2 2>/dev/null
chmod 644 "$cut"
run "$cut"
grep -q 'echo not checked: the capture did not see both SYNs' "$dir/out" ||
    bad "echo-lo without its SYN-ACK: not said why the echo is not checked"
grep -q 'DIFFERENT\|MISMATCH' "$dir/out" && bad "echo-lo without its SYN-ACK: a mismatch claimed"
[ $fail = 0 ] && echo "ok: cut captures are not checked, and say why"
exit $fail
